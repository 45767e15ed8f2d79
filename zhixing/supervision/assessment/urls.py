"""Annual assessment URLs, under /assessment/: staff pages, and the public voting page `vote/<id>/`
that needs no staff login."""

from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.round_list, name="list"),
    path("new/", views.round_create, name="create"),
    path("<int:pk>/", views.round_detail, name="detail"),
    path("<int:pk>/values/", views.values_set, name="values"),
    path("<int:pk>/values/fill/", views.values_fill, name="fill"),
    path("<int:pk>/quorum/", views.quorum, name="quorum"),
    path("<int:pk>/codes/", views.codes_issue, name="codes"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/result.pdf", views.result_pdf, name="pdf"),
    path("vote/<int:pk>/", views.vote, name="vote"),
]

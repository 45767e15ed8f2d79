"""Weekly bulletin staff pages, under /supervision/."""

from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("bulletins/", views.bulletin_list, name="list"),
    path("bulletins/new/", views.bulletin_make, name="make"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="detail"),
    path("bulletins/<int:pk>/bulletin.json", views.bulletin_json, name="json"),
    path("bulletins/<int:pk>/bulletin.xlsx", views.bulletin_xlsx, name="xlsx"),
    path("bulletins/<int:pk>/bulletin.pdf", views.bulletin_pdf, name="pdf"),
    path("bulletins/<int:pk>/drill/", views.bulletin_drill, name="drill"),
    path("bulletins/<int:pk>/review/", views.bulletin_review, name="review"),
]

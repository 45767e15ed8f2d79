"""Staff URLs of the documents app, under /documents/."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("case/<int:case_id>/issue/<str:kind>/", views.issue, name="issue"),
    path("<int:pk>/pdf", views.pdf, name="pdf"),
]

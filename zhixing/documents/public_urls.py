"""Public verification URLs, under /verify/: no login, no staff session (ARCHITECTURE §9)."""

from django.urls import path

from . import public_views

app_name = "verify"

urlpatterns = [
    path("", public_views.verify_form, name="form"),
    path("<str:code>/", public_views.verify_detail, name="detail"),
    path("<str:code>/json", public_views.verify_json, name="json"),
]

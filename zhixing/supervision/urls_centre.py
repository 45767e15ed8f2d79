"""Command centre URLs, under /centre/: the live page and the per-officer indicators."""

from django.urls import path

from . import views_centre

app_name = "centre"

urlpatterns = [
    path("", views_centre.live, name="live"),
    path("handlers/", views_centre.handler_list, name="handlers"),
]

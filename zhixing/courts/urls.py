"""Staff login and logout (Django's auth views, pages in Chinese)."""

from django.urls import path

from . import views

app_name = "courts"

urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("logout/", views.StaffLogoutView.as_view(), name="logout"),
]

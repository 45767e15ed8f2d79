"""Login and logout for staff. The redirects are named here so they hold whatever the settings say."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse_lazy

from .throttle import ThrottledLoginFormMixin


class StaffAuthenticationForm(ThrottledLoginFormMixin, AuthenticationForm):
    """Django's login form, refusing a locked account or address in Chinese (courts.throttle)."""


class StaffLoginView(auth_views.LoginView):
    template_name = "courts/login.html"
    authentication_form = StaffAuthenticationForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("cases:inbox")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for name, field in form.fields.items():
            field.widget.attrs.update({"class": "form-control", "id": f"id_{name}"})
        return form


class StaffLogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("courts:login")

"""courts' answers to what core leaves to it (zhixing.core.permissions), filled in from
CourtsConfig.ready(): core may not import courts (ARCHITECTURE "Layout", issue 8 item 3), so courts
says who holds the administrator role where, and installs the administrator's login form with the
sign-in throttle it keeps. Imported from ready() only, once the models are loaded.
"""

from __future__ import annotations

from django.contrib import admin

from zhixing.core import permissions
from zhixing.core.admin import AdminLoginForm

from . import permissions as court_permissions
from . import queries
from .models import Court
from .throttle import ThrottledLoginFormMixin


class ThrottledAdminLoginForm(ThrottledLoginFormMixin, AdminLoginForm):
    """The administrator's login page: core's form (a 管理员 needs no staff flag), with failed sign-ins
    refused in Chinese as on the staff login page (courts.throttle)."""


def connect() -> None:
    permissions.provide("is_admin_of", court_permissions.may_administer)
    permissions.provide("is_admin_anywhere", court_permissions.may_administer_anywhere)
    permissions.provide("admin_courts", lambda user: queries.courts_for(user, court_permissions.ADMIN_ROLES))
    permissions.provide("top_courts", lambda: Court.objects.filter(parent__isnull=True))
    permissions.provide("court_by_code", queries.court_by_code)
    admin.site.login_form = ThrottledAdminLoginForm

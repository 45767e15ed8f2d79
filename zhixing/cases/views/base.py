"""What every staff page shares: the login requirement, the navigation bar, running an action and
turning its refusal into messages, pagination."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhixing.core.calendar import CalendarNotCovered
from zhixing.core.rulesettings import MissingRuleSetting
from zhixing.courts import permissions as court_permissions
from zhixing.courts import rules as court_rules
from zhixing.courts.models import RoleGrant

from .. import permissions, queries

# The login page lives in the `courts` namespace; naming it here keeps the redirect right whatever
# settings.LOGIN_URL says.
LOGIN_URL = reverse_lazy("courts:login")
PAGE_SIZE = 50


def staff_view(view: Callable) -> Callable:
    return login_required(view, login_url=LOGIN_URL)


def staff_post(view: Callable) -> Callable:
    """A POST-only action endpoint for a logged-in user."""
    return staff_view(require_POST(view))


def navigation(user) -> dict[str, Any]:
    """The navbar: the user's name, roles with their courts, and the links their roles open.
    One query (the grants with their courts)."""
    grants = list(RoleGrant.objects.filter(user=user).select_related("court").order_by("court__path", "role"))
    roles = {g.role for g in grants}
    return {
        "name": str(user),
        "grants": [f"{court_rules.ROLE_LABELS.get(g.role, g.role)}（{g.court.name}）" for g in grants],
        "can_file": permissions.may_file_anywhere(user, roles),
        "can_approve": permissions.may_approve_anywhere(user, grants),
        "can_command": permissions.may_command(user, roles),
        "can_admin": court_permissions.may_administer_anywhere(user, roles),
        # The auction desk's roles (zhixing.disposal.permissions.READING_ROLES, which cases may not
        # import); the desk itself asks may_use_desk for the court shown.
        "can_dispose": bool(
            roles & {court_rules.OFFICER, court_rules.JUDGE, court_rules.LEADER, court_rules.COMMAND}
        )
        or user.is_superuser,
        # The measures board's roles (zhixing.measures.permissions.check_use_board: the reading roles
        # and finance, who takes the field cash over); the board asks may_use_board for its court.
        "can_use_measures_board": bool(
            roles
            & {
                court_rules.OFFICER,
                court_rules.JUDGE,
                court_rules.LEADER,
                court_rules.COMMAND,
                court_rules.FINANCE,
            }
        )
        or user.is_superuser,
        # Campaigns and the wage cases' list (zhixing.relief.permissions.READING_ROLES); the relief desk
        # adds finance (pays) and the filing division (registers): relief.permissions.DESK_ROLES.
        "can_use_campaigns": bool(
            roles & {court_rules.OFFICER, court_rules.JUDGE, court_rules.LEADER, court_rules.COMMAND}
        )
        or user.is_superuser,
        # The wage cases' list (relief.permissions.WAGE_LIST_ROLES): the readers and finance.
        "can_use_wage_cases": bool(
            roles
            & {
                court_rules.OFFICER,
                court_rules.JUDGE,
                court_rules.LEADER,
                court_rules.COMMAND,
                court_rules.FINANCE,
            }
        )
        or user.is_superuser,
        "can_use_relief_desk": bool(
            roles
            & {
                court_rules.OFFICER,
                court_rules.JUDGE,
                court_rules.LEADER,
                court_rules.COMMAND,
                court_rules.FINANCE,
                court_rules.CLERK,
            }
        )
        or user.is_superuser,
    }


def render_page(request, template: str, context: dict[str, Any], active: str = "", status: int = 200):
    return render(
        request,
        template,
        {"nav": navigation(request.user), "active": active, **context},
        status=status,
    )


def paginate(request, qs):
    """Django's Paginator at 50 a page; an out-of-range page shows the last one."""
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def visible_case(user, pk: int):
    """The case if the user may see it, else 404: staff of other courts learn nothing of it."""
    return get_object_or_404(
        queries.visible_cases(user).select_related("court", "handler", "basis", "resumed_from"), pk=pk
    )


def refusal_messages(exc: Exception) -> list[str]:
    """What to tell the user when an action refuses: each rule's sentence, in Chinese."""
    if isinstance(exc, ValidationError):
        return [str(m) for m in exc.messages]
    if isinstance(exc, PermissionDenied):
        return [str(exc) or _("您没有进行此操作的权限")]
    return [str(exc)]


REFUSALS = (ValidationError, PermissionDenied, CalendarNotCovered, MissingRuleSetting)


def run_action(http_request, action: Callable, /, *args, success: str | Callable[[Any], str] = "", **kwargs):
    """Call an action; on success add the success message and return its result, on refusal add
    one error message per reason and return None. (Positional-only: actions take `request=`.)"""
    try:
        result = action(*args, **kwargs)
    except REFUSALS as exc:
        for text in refusal_messages(exc):
            messages.error(http_request, text)
        return None
    text = success(result) if callable(success) else success
    if text:
        messages.success(http_request, text)
    return result


def form_errors_to_messages(request, form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)


def days_text(due: dt.date | None, on: dt.date) -> str:
    """ "剩 N 天" / "今日到期" / "超期 N 天" for a deadline."""
    if due is None:
        return ""
    left = (due - on).days
    if left > 0:
        return _("剩 %(n)s 天") % {"n": left}
    if left == 0:
        return _("今日到期")
    return _("超期 %(n)s 天") % {"n": -left}


def yuan(amount) -> str:
    """Decimal yuan with thousands separators and two places (the zh-hans locale groups none)."""
    return f"{amount:,.2f}" if amount is not None else ""


def with_case(view: Callable) -> Callable:
    """An action endpoint on one case: logged in, POST only, the case looked up among those the user
    may see (404 otherwise) and passed to the view."""

    @staff_post
    @wraps(view)
    def wrapper(request, pk: int, *args, **kwargs):
        return view(request, visible_case(request.user, pk), *args, **kwargs)

    return wrapper


def case_form(form_class, **form_args: Callable[[Any], Any]) -> Callable:
    """A form posted on one case (looked up as with_case). An invalid form becomes error messages; a
    valid one calls the view with its cleaned data. The view may return another case to show (a
    resumption); every outcome lands back on a case page. `form_args` build extra form arguments
    from the case (e.g. the officers to choose from)."""

    def decorate(view: Callable) -> Callable:
        @with_case
        @wraps(view)
        def wrapper(request, case, *args, **kwargs):
            form = form_class(request.POST, **{name: make(case) for name, make in form_args.items()})
            target = case
            if form.is_valid():
                target = view(request, case, form.cleaned_data, *args, **kwargs) or case
            else:
                form_errors_to_messages(request, form)
            return redirect("cases:detail", pk=target.pk)

        return wrapper

    return decorate

"""What the measures pages share: the actions looked up by name, running one with the user as actor,
going back where the form came from, and the court a board-like page shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from zhixing.cases.views.base import days_text, run_action
from zhixing.courts.models import Court
from zhixing.courts.queries import courts_for

from .. import actions, permissions


def action(name: str) -> Callable | None:
    """The action `name` of zhixing.measures.actions, by the name a page's form posts to."""
    found = getattr(actions, name, None)
    return found if callable(found) else None


def available(name: str) -> bool:
    return action(name) is not None


def call(request, name: str, /, *args: Any, success: str = "", **kwargs: Any) -> Any:
    """Run the action `name` as the user; a refusal becomes its Chinese messages and None."""
    fn = action(name)
    if fn is None:
        messages.error(request, _("该功能尚未启用"))
        return None
    return run_action(request, fn, *args, actor=request.user, success=success, **kwargs)


def back(request, default: str):
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return redirect(nxt)
    return redirect(default)


def due(day, on) -> dict:
    """A clock as the pages show it: the day, "剩 N 天 / 今日到期 / 超期 N 天", overdue or not."""
    return {"on": day, "text": days_text(day, on), "overdue": day is not None and day < on}


def board_courts(user: Any):
    """The courts whose board this user may read: the reading roles and finance, courts below included."""
    if getattr(user, "is_superuser", False):
        return Court.objects.order_by("path")
    return courts_for(user, permissions.BOARD_ROLES).order_by("path")


def planning_courts(user: Any):
    if getattr(user, "is_superuser", False):
        return Court.objects.order_by("path")
    return courts_for(user, permissions.COMMAND_ROLES).order_by("path")


def chosen(courts, code: str):
    """The court `?court=CODE` names among `courts`, else the first of them (None: no court)."""
    courts = list(courts)
    return next((c for c in courts if c.code == code), courts[0] if courts else None), courts

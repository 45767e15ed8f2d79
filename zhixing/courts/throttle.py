"""Failed sign-ins are throttled per account and per address (security: guessing passwords).

After `ACCOUNT_LIMIT` failures for one username within `WINDOW`, or `ADDRESS_LIMIT` failures from one
address, every further attempt for that username (or from that address) is refused for `LOCK`, even
with the right password. The failures are rows in the database (courts.LoginFailure), so the lock
holds across the web server's worker processes and their restarts.

The check sits in the authentication backend, so every password sign-in (the staff login page, the
administrator's login page, `client.login`) goes through it; the login forms ask `wait_minutes` first
only to say in Chinese why they refuse. A refused attempt is not recorded, so a lock ends on time
however often someone keeps trying; an attempt is recorded before the password is checked and
removed when it succeeds, so parallel guesses count against each other.
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import LoginFailure

ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = dt.timedelta(minutes=15)
LOCK = dt.timedelta(minutes=15)
KEEP = dt.timedelta(days=1)  # older failures are deleted as new ones are recorded


def client_address(request) -> str:
    """The client's address. Behind the TLS proxy that ZHIXING_HTTPS=1 assumes, the connection comes
    from the proxy, so the address is the last hop the proxy appended to X-Forwarded-For."""
    if request is None:
        return ""
    meta = request.META
    if getattr(settings, "HTTPS", False) and meta.get("HTTP_X_FORWARDED_FOR"):
        return meta["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()[:45]
    return (meta.get("REMOTE_ADDR") or "")[:45]


def _account(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def _lock_end(failures, limit: int, now: dt.datetime) -> dt.datetime | None:
    """When the lock of these failures ends, or None when there is none. Since refused attempts are
    not recorded, only the latest failure can have started a lock that still holds."""
    times = list(
        failures.filter(at__gt=now - WINDOW - LOCK).order_by("-at").values_list("at", flat=True)[:limit]
    )
    if len(times) < limit or times[0] - times[-1] > WINDOW:
        return None
    end = times[0] + LOCK
    return end if end > now else None


def locked_until(username: str | None, address: str, now: dt.datetime | None = None) -> dt.datetime | None:
    now = now or timezone.now()
    ends = [_lock_end(LoginFailure.objects.filter(username=_account(username)), ACCOUNT_LIMIT, now)]
    if address:
        ends.append(_lock_end(LoginFailure.objects.filter(address=address), ADDRESS_LIMIT, now))
    found = [e for e in ends if e is not None]
    return max(found) if found else None


def wait_minutes(username: str | None, address: str) -> int:
    """Whole minutes (at least 1) until this username may try again from this address; 0 when free."""
    now = timezone.now()
    end = locked_until(username, address, now)
    return 0 if end is None else max(1, math.ceil((end - now).total_seconds() / 60))


def refusal(minutes: int) -> ValidationError:
    return ValidationError(
        _("登录失败次数过多，已暂时锁定。请在 %(minutes)d 分钟后再试。") % {"minutes": minutes},
        code="throttled",
    )


class ThrottledModelBackend(ModelBackend):
    """Django's user-and-password backend behind the throttle."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if username is None or password is None:
            return None
        address = client_address(request)
        now = timezone.now()
        if locked_until(username, address, now) is not None:
            raise PermissionDenied  # authenticate() then stops here: no other backend is asked
        LoginFailure.objects.filter(at__lt=now - KEEP).delete()
        LoginFailure.objects.create(username=_account(username), address=address, at=now)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:  # this attempt, and this account's earlier failures from this address
            LoginFailure.objects.filter(username=_account(username), address=address).delete()
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


class ThrottledLoginFormMixin:
    """For an AuthenticationForm: refuse a locked account or address with a Chinese reason before the
    password is checked (the backend would refuse it too, but only with the generic message)."""

    def clean(self):
        minutes = wait_minutes(self.data.get("username"), client_address(self.request))  # type: ignore[attr-defined]
        if minutes:
            raise refusal(minutes)
        return super().clean()  # type: ignore[misc]

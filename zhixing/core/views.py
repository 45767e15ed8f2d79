"""Pages of the platform as a whole (the error pages live in zhixing/templates/{403,404,500}.html)."""

from __future__ import annotations

from django.shortcuts import render


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: a form that could not be verified (expired page, cookies off, another site).
    The page says in Chinese what to do; Django's English reason goes only to the log
    (django.security.csrf), where the middleware has already written it."""
    return render(request, "403_csrf.html", status=403)

"""The public verification page (文书核验): anyone holding a document checks that the court issued it
and compares the file's SHA-256 fingerprint. No login and no staff data; the page never shows names
or ID numbers (ARCHITECTURE §9), only what identifies the document itself."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import queries, rules


def _rate_limited(view):
    """A fixed window per client address (setting ZHIXING_VERIFY_RATE_PER_MINUTE, default 60): codes
    cannot be guessed, but a public page should not let one client hammer the database."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        limit = int(getattr(settings, "ZHIXING_VERIFY_RATE_PER_MINUTE", 60))
        if limit > 0:
            key = f"verify-rate:{request.META.get('REMOTE_ADDR', '')}"
            cache.add(key, 0, timeout=60)
            try:
                count = cache.incr(key)
            except ValueError:  # the window expired between add and incr
                cache.set(key, 1, timeout=60)
                count = 1
            if count > limit:
                response = HttpResponse(
                    _("查询过于频繁，请一分钟后再试。"), status=429, content_type="text/plain; charset=utf-8"
                )
                response["Retry-After"] = "60"
                return response
        response = view(request, *args, **kwargs)
        # The code in the address is a key to the record: keep it out of referrers and search engines.
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


@require_GET
@_rate_limited
def verify_form(request):
    """A box to type a code in; with `?code=` it goes to that document's page."""
    typed = (request.GET.get("code") or "").strip()
    error = ""
    status = 200
    if typed:
        code = rules.normalize_code(typed)
        doc = queries.by_code(code) if code else None
        if doc is not None:
            return redirect("verify:detail", doc.verification_code)
        if code is None:
            error = _("核验码格式不正确：应为 16 位字母和数字（不含 0、O、1、I），可按 4 位一组输入。")
            status = 400
        else:
            error = _("未找到该核验码对应的文书，请核对后重新输入。")
            status = 404
    return render(
        request,
        "documents/public/verify_form.html",
        {"typed": typed, "error": error, "example": rules.format_code("ABCD2345EFGH6789")},
        status=status,
    )


@require_GET
@_rate_limited
def verify_detail(request, code: str):
    doc = queries.by_code(code)
    if doc is None:
        return render(request, "documents/public/not_found.html", {"typed": code}, status=404)
    return render(request, "documents/public/verify_detail.html", {"record": queries.public_record(doc)})


@require_GET
@_rate_limited
def verify_json(request, code: str):
    doc = queries.by_code(code)
    if doc is None:
        return JsonResponse(
            {"error": _("未找到该核验码对应的文书")}, status=404, json_dumps_params={"ensure_ascii": False}
        )
    return JsonResponse(queries.public_record(doc).as_json(), json_dumps_params={"ensure_ascii": False})

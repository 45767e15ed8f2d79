"""The public verification page (文书核验): anyone holding a document checks that the court issued it
and compares the file's SHA-256 fingerprint. No login and no staff data; the page never shows names
or ID numbers (ARCHITECTURE §9), only what identifies the document itself."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhixing.core.public import public_page

from . import queries, rules

# Codes cannot be guessed, but a public page should not let one client hammer the database (setting ZHIXING_VERIFY_RATE_PER_MINUTE, default 60 a minute).
_rate_limited = public_page("verify", "ZHIXING_VERIFY_RATE_PER_MINUTE", 60)


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

"""Staff views: issue a document from the case page, and read its PDF (login required)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zhixing.cases.actions import ActionError
from zhixing.cases.queries import visible_cases

from . import actions, queries, rules
from .rendering import FontNotFound


def case_url(case_id: int) -> str:
    """The case page, once the cases app serves it; the home page until then."""
    try:
        return reverse("cases:detail", args=[case_id])
    except NoReverseMatch:
        return "/"


@login_required
@require_POST
def issue(request, case_id: int, kind: str):
    """Issue a document from the case page. An optional `issued_on` (YYYY-MM-DD) back-dates it."""
    case = visible_cases(request.user).filter(pk=case_id).select_related("court").first()
    if case is None or kind not in rules.KINDS:
        raise Http404(_("案件或文书种类不存在"))
    raw = (request.POST.get("issued_on") or "").strip()
    try:
        on = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        messages.error(request, _("签发日期“%(value)s”格式不正确，应为 YYYY-MM-DD") % {"value": raw})
        return redirect(case_url(case.pk))
    try:
        doc = actions.issue_document(case, kind, actor=request.user, on=on)
    except ActionError as exc:
        messages.error(request, "；".join(exc.messages))
    except (PermissionDenied, FontNotFound) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("已签发%(title)s，文书编号 %(number)s，核验码 %(code)s")
            % {"title": doc.title, "number": doc.number, "code": doc.verification_code},
        )
    return redirect(case_url(case.pk))


@login_required
@require_GET
def pdf(request, pk: int):
    """The PDF as issued, to staff who can see the case. Every read is audited (personal data), and a
    file that no longer matches its recorded fingerprint is refused rather than served."""
    doc = queries.visible_document(request.user, pk)
    if doc is None:
        raise Http404(_("文书不存在"))
    if queries.file_sha256(doc) != doc.sha256:
        return HttpResponse(
            _("文书 %(number)s 的 PDF 文件缺失或与签发时的指纹不符，已停止提供，请联系管理员核查。")
            % {"number": doc.number},
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    actions.record_read(doc, request.user)
    response = FileResponse(doc.pdf.open("rb"), content_type="application/pdf", filename=f"{doc.number}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response

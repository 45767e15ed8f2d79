"""The party portal (当事人服务, issue 11 item 5; rules §11.2): a party signs in with the case number, an
identity code and a one-time code sent by SMS, and sees the disclosed progress of the case.

No staff session (ARCHITECTURE §9): the portal's own cookie (`zx_portal`, signed, HttpOnly, path
/portal/, no expiry date so it ends with the browser) names the signed-in challenge, and the server
ends the session 30 minutes after sign-in or at sign-out. Every view wears core.public's rate limit
(settings ZHIXING_PORTAL_RATE_PER_MINUTE, default 30 a minute per client address)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import Party
from zhixing.core.identity import mask_phone
from zhixing.core.public import public_page
from zhixing.documents import queries as document_queries
from zhixing.documents.models import Document

from . import actions, queries
from .models import PortalChallenge

COOKIE = "zx_portal"
SESSION_SALT = "zhixing.portal.session"
CHALLENGE_SALT = "zhixing.portal.challenge"
CHALLENGE_MAX_AGE = 2 * 3600  # a code form left open longer than two hours is stale (start again)

_limited = public_page("portal", "ZHIXING_PORTAL_RATE_PER_MINUTE", 30)


def _client(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""


def _error_text(error: ActionError) -> str:
    return " ".join(error.messages)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _session(request) -> PortalChallenge | None:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return None
    try:
        pk = signing.loads(raw, salt=SESSION_SALT)
    except signing.BadSignature:
        return None
    return actions.session(pk)


def _code_form(
    request, challenge: PortalChallenge, *, sent: bool, wait: int = 0, error: str = "", status: int = 200
):
    context = {
        "token": signing.dumps(challenge.pk, salt=CHALLENGE_SALT),
        "masked_phone": mask_phone(challenge.phone),
        "sent": sent,
        "wait": wait,
        "error": error,
        "digits": actions.otp_policy(challenge.case.court)["digits"],
    }
    return _private(render(request, "portal/code.html", context, status=status))


def _challenge_from(request) -> PortalChallenge | None:
    try:
        pk = signing.loads(request.POST.get("token", ""), salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
    except signing.BadSignature:
        return None
    return PortalChallenge.objects.select_related("case", "case__court", "party").filter(pk=pk).first()


@require_http_methods(["GET", "POST"])
@_limited
def sign_in(request):
    """Case number and identity code; on a match a code goes to that party's phone."""
    if request.method == "GET":
        if _session(request) is not None:
            return redirect("portal:case")
        return _private(render(request, "portal/sign_in.html", {"form": {}, "error": ""}))
    form = {
        "case_number": request.POST.get("case_number", "")[:80],
        "identity": request.POST.get("identity", "")[:40],
    }
    try:
        started = actions.start_challenge(form["case_number"], form["identity"], client=_client(request))
    except ActionError as error:
        # The identity code is not echoed back into the page.
        return _private(
            render(
                request,
                "portal/sign_in.html",
                {"form": {"case_number": form["case_number"]}, "error": _error_text(error)},
                status=400,
            )
        )
    return _code_form(request, started.challenge, sent=started.sent, wait=started.wait)


@require_POST
@_limited
def resend(request):
    challenge = _challenge_from(request)
    if challenge is None:
        return redirect("portal:sign_in")
    started = actions.send_code(
        Party.objects.select_related("case", "case__court").get(pk=challenge.party_id),
        client=_client(request),
    )
    return _code_form(request, started.challenge, sent=started.sent, wait=started.wait)


@require_POST
@_limited
def verify(request):
    challenge = _challenge_from(request)
    if challenge is None:
        return redirect("portal:sign_in")
    try:
        actions.verify_code(challenge.pk, request.POST.get("code", "")[:20], client=_client(request))
    except ActionError as error:
        return _code_form(request, challenge, sent=False, error=_error_text(error), status=400)
    response = redirect("portal:case")
    response.set_cookie(
        COOKIE,
        signing.dumps(challenge.pk, salt=SESSION_SALT),
        path="/portal/",
        httponly=True,
        samesite="Lax",
        secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
    )
    return response


@require_GET
@_limited
def case_page(request):
    session = _session(request)
    if session is None:
        response = redirect("portal:sign_in")
        response.delete_cookie(COOKIE, path="/portal/")
        return response
    case, party = session.case, session.party
    context = {
        "case": case,
        "party": party,
        "masked_phone": mask_phone(party.phone),
        "parties": queries.parties(case, party),
        "progress": queries.progress(case),
        "handler": queries.handler(case),
        "documents": queries.documents(case),
        "is_debtor": party.role == Party.DEBTOR,
        "code": queries.payment(case) if party.role == Party.DEBTOR else None,
    }
    return _private(render(request, "portal/case.html", context))


@require_GET
@_limited
def document(request, pk: int):
    """A document of the signed-in party's case, as issued (refused if the file no longer matches)."""
    session = _session(request)
    if session is None:
        return redirect("portal:sign_in")
    doc = Document.objects.filter(pk=pk, case_id=session.case_id).first()
    if doc is None:
        raise Http404(_("文书不存在"))
    if document_queries.file_sha256(doc) != doc.sha256:
        return HttpResponse(
            _("文书 %(number)s 的文件暂不可用，请联系承办人。") % {"number": doc.number},
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    response = FileResponse(doc.pdf.open("rb"), content_type="application/pdf", filename=f"{doc.number}.pdf")
    return _private(response)


@require_POST
@_limited
def sign_out(request):
    raw = request.COOKIES.get(COOKIE)
    if raw:
        try:
            actions.end_session(signing.loads(raw, salt=SESSION_SALT))
        except signing.BadSignature:
            pass
    response = redirect("portal:sign_in")
    response.delete_cookie(COOKIE, path="/portal/")
    return response

"""The voluntary-performance certificate checked on the public verification page in Debian's Chromium
(issue 11 "Must show"): the address its QR code carries opens the court's record of it, the code typed
by hand finds it too, the page names the certificate and its SHA-256 equals the PDF's, shows no
identity code, and axe-core finds no serious or critical violation."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from tests.browser.axe import check
from tests.credit.conftest import DEBTOR_ID
from zhixing.cases import actions as case_actions
from zhixing.cases.models import Case, Party
from zhixing.credit.actions import certificates
from zhixing.documents.rendering import verification_url

from .pages import no_sideways_scroll, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def accessible(page, name: str) -> None:
    no_sideways_scroll(page)
    shot(page, f"certificate-{name}")
    serious = [v for v in check(page) if v.get("impact") in ("serious", "critical")]
    assert serious == [], (
        f"{name}: {[(v.get('id'), [n.get('html') for n in v.get('nodes', [])], v.get('nodes', [{}])[0].get('failureSummary')) for v in serious]}"
    )


def test_a_certificate_verifies_by_its_qr_address_and_by_its_code(page, file_case, cast, clock, live_server):
    from playwright.sync_api import expect

    from tests.conftest import APPLICANT_ID

    case = file_case(
        parties=[
            case_actions.PartyInput(Party.APPLICANT, "王申请", APPLICANT_ID),
            case_actions.PartyInput(Party.DEBTOR, "赵某某", DEBTOR_ID),
        ]
    )
    Case.objects.filter(pk=case.pk).update(realized_amount=Decimal("50000.00"))
    case.refresh_from_db()
    debtor = case.parties.get(role=Party.DEBTOR)
    cert = certificates.issue_certificate(
        case,
        debtor,
        actor=cast.officer,
        confirmed_on=clock.today,
        confirmation="申请执行人当面确认已收到全部款项",
    )
    doc = cert.document
    with doc.pdf.open("rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()

    # What the QR code on the certificate carries: the verification page's address.
    url = verification_url(doc.verification_code)
    path = url[url.index("/verify/") :]
    page.goto(path)
    expect(page.locator(".alert-success")).to_contain_text("自动履行证明书")
    expect(page.locator("#sha256")).to_have_text(sha)
    assert DEBTOR_ID not in page.content() and APPLICANT_ID not in page.content()
    accessible(page, "detail")

    page.goto("/verify/")
    accessible(page, "form")
    page.get_by_label("核验码").fill(doc.verification_code.replace("-", " ").lower())
    page.get_by_role("button", name="核验").click()
    expect(page.locator("#sha256")).to_have_text(sha)

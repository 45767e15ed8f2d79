"""Render a legal document to an A4 PDF with WeasyPrint from a Django template.

The CJK fonts and WeasyPrint itself are core's (zhixing.core.pdf), shared with supervision's reports.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from zhixing.cases.models import Party
from zhixing.core import pdf
from zhixing.core.money import format_yuan
from zhixing.core.pdf import FontNotFound as FontNotFound  # what render_pdf raises; views catch it here

from . import rules


def public_base_url() -> str:
    """Where the public verification page is reached from outside (printed in the QR code)."""
    default = os.environ.get("ZHIXING_PUBLIC_URL", "http://127.0.0.1:8000")
    return str(getattr(settings, "ZHIXING_PUBLIC_URL", default) or default).rstrip("/")


def verification_url(code: str) -> str:
    return public_base_url() + reverse("verify:detail", args=[code])


def qr_data_uri(url: str) -> str:
    import segno

    # Error level M survives a stamp or a fold across the code; SVG keeps it sharp at any print size.
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2)


# What apps built on documents add to a document's context (funds: the case's account and payment
# code on the execution notice), registered from their AppConfig.ready(): documents cannot import them.
ContextExtra = Callable[[Any, str], dict]
_extras: list[ContextExtra] = []


def register_context(extra: ContextExtra) -> None:
    """`extra(case, kind_code)` returns more values for the templates of that document kind."""
    if extra not in _extras:
        _extras.append(extra)


@dataclass(frozen=True)
class Draft:
    """What a document says, fixed before it is rendered."""

    kind: rules.DocumentKind
    number: str
    verification_code: str
    issued_on: dt.date
    version: int


def document_context(case, draft: Draft, issuer, *, perform_days: int, report_days: int) -> dict:
    """Everything the document templates print, as plain values (the templates hold no logic)."""
    parties = list(case.parties.all())
    debtors = [p for p in parties if p.role == Party.DEBTOR]
    applicants = [p for p in parties if p.role == Party.APPLICANT]
    has_unit = any(p.kind == Party.UNIT for p in debtors)
    return {
        **pdf.font_context(),
        "court_name": case.court.name,
        "title": str(draft.kind.title),
        "number": draft.number,
        "case_number": case.case_number,
        "version": draft.version,
        "debtors": "、".join(p.name for p in debtors),
        "applicants": "、".join(p.name for p in applicants),
        "you": rules.address_form([p.kind for p in debtors]),
        "has_unit_debtor": has_unit,
        "cause": case.cause or _("执行"),
        "basis": case.basis.number if case.basis_id else "",
        "filed_on": _("%(y)d年%(m)d月%(d)d日")
        % {"y": case.filed_on.year, "m": case.filed_on.month, "d": case.filed_on.day},
        "amount": format_yuan(case.applied_amount),
        "perform_period": rules.performance_period_text(perform_days),
        "report_days": report_days,
        "handler_name": case.handler_name or "",
        "issuer_name": getattr(issuer, "full_name", "") or "",
        "issued_on_cn": rules.chinese_date(draft.issued_on),
        "verification_code": draft.verification_code,
        "verify_url": verification_url(draft.verification_code),
        "verify_entry": public_base_url() + reverse("verify:form"),
        "qr": qr_data_uri(verification_url(draft.verification_code)),
        **{k: v for extra in _extras for k, v in extra(case, draft.kind.code).items()},
    }


def render_pdf(kind: rules.DocumentKind, context: dict) -> bytes:
    """The PDF bytes of a document of `kind`, from template `documents/pdf/<kind>.html`."""
    return pdf.write_pdf(render_to_string(f"documents/pdf/{kind.code}.html", context))

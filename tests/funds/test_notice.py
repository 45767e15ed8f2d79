"""The execution notice prints the case's own account and its payment code (rules §5.8, §5.12:
一案一账号、一案一码; addendum §1.4.5: the debtor may refuse any other account)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from zhixing.documents import rendering, rules
from zhixing.funds import queries
from zhixing.funds.payment import payment_text

pytestmark = pytest.mark.django_db


def _notice_html(case, kind="execution_notice") -> tuple[dict, str]:
    draft = rendering.Draft(rules.KINDS[kind], "（2026）冀96执1号之一", "ABCD2345", dt.date(2026, 3, 3), 1)
    ctx = rendering.document_context(case, draft, None, perform_days=3, report_days=5)
    return ctx, render_to_string(f"documents/pdf/{kind}.html", ctx)


def test_the_notice_states_the_account_the_amount_and_the_code(pooled, file_case):
    case = file_case(applied_amount=Decimal("50000.00"))
    ctx, html = _notice_html(case)
    account = queries.account_number(case)
    assert account in html and pooled.account_name in html and pooled.bank_name in html
    assert "应付金额人民币50,000.00元" in html or "应付金额人民币50000.00元" in html
    assert "有权拒绝向其他账户付款" in html
    assert ctx["payment"]["qr"].startswith("data:image/svg+xml")
    assert payment_text(account, pooled.account_name, pooled.bank_name, case.case_number, Decimal("50000.00"))


def test_other_documents_carry_no_payment_block(pooled, file_case):
    ctx, html = _notice_html(file_case(), "property_report_order")
    assert "payment" not in ctx and "一案一账号" not in html

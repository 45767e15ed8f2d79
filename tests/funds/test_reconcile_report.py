"""The monthly reconciliation report (issue 9 item 7) and the reconciliation pages: figures that add
up on a small ledger built with the actions, an Excel workbook with no formula cell, a PDF carrying a
CJK font, the pages' permissions, and a query count that does not grow with the ledger."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.documents.pdfinspect import embedded_fonts
from zhixing.funds import actions
from zhixing.funds.actors import BANK
from zhixing.funds.models import PooledAccount, Receipt
from zhixing.funds.reports import monthly, render
from zhixing.funds.statement import StatementEntry, write_camt053

URL = "funds:monthly_report"


def unidentified(pooled, txn, amount, on):
    receipt, _new = actions.receive(
        actions.Incoming(
            pooled_account=pooled.account_number, transaction_id=txn, channel=Receipt.TRANSFER,
            amount=Decimal(amount), booked_on=on, sub_account="", payer_name="某付款人",
        ),
        actor=BANK,
    )  # fmt: skip
    return receipt


@pytest.fixture
def ledger(file_case, pay, approved_payout, pooled, cast, clock):
    """Opening 2,000 (before the month); in the month 1,000 transfer + 500 e-CNY to the case, 300
    unidentified, 200 unidentified then claimed; a 400 payout confirmed and a 100 one bounced."""
    on = clock.today
    start = on.replace(day=1)
    case = file_case(applied_amount=Decimal("900000.00"))
    pay(case, "2000.00", "OPEN1", on=start - dt.timedelta(days=5))
    pay(case, "1000.00", "M1")
    pay(case, "500.00", "M2", channel=Receipt.ECNY)
    unidentified(pooled, "U1", "300.00", on)
    claimed = unidentified(pooled, "U2", "200.00", on)
    actions.request_claim(claimed, case, "付款人来电说明", actor=cast.officer)
    actions.approve_claim(claimed, actor=cast.finance)
    p1 = approved_payout(case, "400.00")
    actions.record_payout_result(p1.idempotency_key, True, "BD1", actor=BANK)
    p2 = approved_payout(case, "100.00")
    actions.record_payout_result(p2.idempotency_key, False, reason="账户已销户", actor=BANK)
    return case, start


def test_the_month_adds_up(ledger, pooled):
    case, start = ledger
    report = monthly.monthly_report(pooled, start)
    assert report.opening == Decimal("2000.00")
    assert report.inflow == Decimal("2000.00")
    assert report.outflow == Decimal("400.00")
    assert report.closing == Decimal("3600.00")
    assert report.opening + report.inflow - report.outflow == report.closing
    assert (report.case_total, report.suspense, report.fees_balance) == (
        Decimal("3300.00"), Decimal("300.00"), Decimal("0.00"),
    )  # fmt: skip
    assert report.adds_up
    channels = {f.label: (f.count, f.amount) for f in report.channels}
    assert channels["银行转账"] == (3, Decimal("1500.00"))
    assert channels["数字人民币"] == (1, Decimal("500.00"))
    assert channels["现场收取现金"] == (0, Decimal("0.00"))
    assert sum(f.amount for f in report.channels) == report.inflow
    assert (report.claims.count, report.claims.amount) == (1, Decimal("200.00"))
    assert (report.payouts.count, report.payouts.amount) == (1, Decimal("400.00"))
    assert report.paid_out == Decimal("400.00")
    assert (report.bounced.count, report.bounced.amount) == (1, Decimal("100.00"))
    assert (report.unidentified.count, report.unidentified.amount) == (1, Decimal("300.00"))
    assert [f.count for f in report.ageing].count(1) == 1
    assert [(c.case_number, c.opening, c.inflow, c.outflow, c.closing) for c in report.cases] == [
        (case.case_number, Decimal("2000.00"), Decimal("1700.00"), Decimal("400.00"), Decimal("3300.00"))
    ]
    before = monthly.monthly_report(pooled, (start - dt.timedelta(days=1)).replace(day=1))
    assert before.closing == report.opening == Decimal("2000.00")
    assert before.adds_up


def test_parse_month():
    assert monthly.parse_month("2026-11") == dt.date(2026, 11, 1)
    assert monthly.parse_month("2026-13") is None
    assert monthly.parse_month("十一月") is None


def test_excel_opens_with_text_not_formulas(ledger, pooled):
    _case, start = ledger
    PooledAccount.objects.filter(pk=pooled.pk).update(account_name='=HYPERLINK("http://x","点")')
    pooled.refresh_from_db()
    data = render.to_xlsx(monthly.monthly_report(pooled, start))
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["汇总", "案件明细", "不明款账龄"]
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert any(t.startswith('=HYPERLINK("http://x"') for t in texts)
    assert "期末专户余额" in texts
    summary = {r[0]: r[2] for r in wb["汇总"].iter_rows(values_only=True) if r and len(r) > 2}
    assert Decimal(str(summary["期末专户余额"])) == Decimal("3600.00")
    amount_cells = [c for c in wb["案件明细"]["B"][1:]]
    assert amount_cells and all(c.number_format == "#,##0.00" for c in amount_cells)


def test_pdf_embeds_a_cjk_font(ledger, pooled):
    _case, start = ledger
    data = render.to_pdf(monthly.monthly_report(pooled, start))
    assert data.startswith(b"%PDF")
    fonts = embedded_fonts(data)
    assert any("NotoSansCJK" in f or "NotoSerifCJK" in f for f in fonts), fonts


def get(client, user, **params):
    client.force_login(user)
    return client.get(reverse(URL), params)


def test_report_page_for_finance_leader_and_command(client, ledger, cast, courts, clock):
    _case, start = ledger
    month = f"{start:%Y-%m}"
    for user in (cast.finance, cast.president, cast.command):
        response = get(client, user, court=courts.xiongan.code, month=month)
        assert response.status_code == 200, user
        body = response.content.decode()
        assert "期末专户余额" in body and "3,600.00" in body
    xlsx = get(client, cast.finance, court=courts.xiongan.code, month=month, format="xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    pdf = get(client, cast.finance, court=courts.xiongan.code, month=month, format="pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_report_page_refuses_others(client, ledger, cast, courts):
    assert get(client, cast.outsider, court=courts.xiongan.code).status_code == 403
    assert get(client, cast.officer, court=courts.xiongan.code).status_code == 403
    assert get(client, cast.finance, court=courts.shijiazhuang.code).status_code == 403
    assert get(client, cast.finance, court="无此院").status_code == 404
    assert get(client, cast.finance, court=courts.xiongan.code, month="2026-99").status_code == 404


def test_report_page_queries_do_not_grow_with_the_ledger(client, ledger, file_case, pay, cast, courts, clock):
    _case, start = ledger
    client.force_login(cast.finance)
    params = {"court": courts.xiongan.code, "month": f"{start:%Y-%m}"}
    client.get(reverse(URL), params)  # the first request reads the session's user once more
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(URL), params).status_code == 200
    for i in range(3):
        pay(file_case(), "10.00", f"MORE{i}")
    with CaptureQueriesContext(connection) as more:
        response = client.get(reverse(URL), params)
    assert response.content.decode().count('class="case-row"') == 4
    assert len(more) == len(few) <= 25


def test_reconcile_page_shows_the_day_and_writes_nothing(client, file_case, pay, pooled, cast, clock):
    case = file_case()
    pay(case, "800.00", "A1")
    pay(case, "50.00", "A2")
    on = clock.today

    def line(n, txn, amount):
        return StatementEntry(
            line=n, where=f"第{n}笔", account=pooled.account_number, transaction_id=txn,
            direction="credit", amount=Decimal(amount), currency="CNY", booked_on=on, sub_account="",
            payer_name="", payer_account="", remittance="", end_to_end_id="",
        )  # fmt: skip

    data = write_camt053(
        pooled.account_number, "S1", [line(1, "A1", "800.00"), line(2, "B9", "70.00")],
        dt.datetime(on.year, on.month, on.day, 18, 0),
    )  # fmt: skip
    client.force_login(cast.finance)
    assert client.get(reverse("funds:reconcile")).status_code == 200
    receipts = Receipt.objects.count()
    upload = io.BytesIO(data)
    upload.name = "statement.xml"
    response = client.post(reverse("funds:reconcile"), {"statement": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-kind="matched" data-txn="A1"' in body
    assert "银行已入账、平台未记账：可导入对账单补记" in body
    assert "平台已记账、银行流水中没有" in body
    assert 'class="difference text-danger"' in body
    assert Receipt.objects.count() == receipts


def test_reconcile_page_refuses_others(client, pooled, cast):
    for user in (cast.outsider, cast.officer):
        client.force_login(user)
        assert client.get(reverse("funds:reconcile")).status_code == 403


def test_workbench_links_the_reconciliation(client, cast):
    client.force_login(cast.finance)
    body = client.get(reverse("funds:workbench")).content.decode()
    assert reverse("funds:reconcile") in body and reverse(URL) in body

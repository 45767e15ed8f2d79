"""The monthly report of measures in Excel and PDF (reports.py), the download view (views_reports.py)
and the operation report PDF: the workbook's figures are the report's, amounts are numbers with two
places, text is never a formula; the PDF is a PDF set in the CJK font."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import moment
from tests.documents.pdfinspect import embedded_fonts
from tests.measures.test_api import make_measure, make_operation
from zhixing.measures import reports, rules
from zhixing.measures.models import CoerciveMeasure, OperationCase, Referral, Witness
from zhixing.measures.queries import monthly_measures, operation_report
from zhixing.measures.views_reports import monthly_report

pytestmark = pytest.mark.django_db
NOV = dt.date(2026, 11, 1)


@pytest.fixture
def november(person_case, debtor, unit_case, unit_debtor, cast):
    on = dt.date(2026, 11, 12)
    make_measure(person_case, debtor, cast.officer, amount=Decimal("30000.00"), paid_amount=Decimal("10000.00"),
                 decided_on=on)  # fmt: skip
    make_measure(
        unit_case, unit_debtor, cast.officer, amount=Decimal("50000.00"), decided_on=on, is_unit=True
    )
    make_measure(person_case, debtor, cast.officer, kind=rules.DETENTION, days=15, decided_on=on)
    make_measure(
        person_case, debtor, cast.officer, kind=rules.SUMMONS, decided_on=on, status=CoerciveMeasure.ENDED
    )
    # Not this month's, and a refused one: neither counts.
    make_measure(person_case, debtor, cast.officer, kind=rules.SEARCH, decided_on=dt.date(2026, 10, 30))
    make_measure(
        person_case, debtor, cast.officer, kind=rules.EXIT_BAN, decided_on=on, status=CoerciveMeasure.REFUSED
    )
    Referral.objects.create(
        case=person_case, party=debtor, suspects="赵某某", crime=rules.REFUSAL, facts="拒不执行",
        status=Referral.FILED, drafted_by=cast.officer, drafted_on=on, police_unit="雄安新区公安局",
        sent_on=dt.date(2026, 11, 14),
    )  # fmt: skip
    return monthly_measures(person_case.court, NOV)


def test_tables_hold_the_report_figures(november):
    summary, courts, outcomes = reports.tables(november)
    rows = {r[0]: r[1:] for r in summary.rows}
    assert rows["罚款"] == [2, Decimal("80000.00")]
    assert rows["其中：已缴纳罚款"] == ["", Decimal("10000.00")]
    assert rows["司法拘留"] == [1, 15]
    assert rows["拘传"][0] == 1 and rows["搜查"][0] == 0 and rows["限制出境"][0] == 0
    assert rows["移送拒执罪线索"][0] == 1
    assert courts.rows[-1][0] == "合计" and courts.rows[-1][1:4] == [
        2,
        Decimal("80000.00"),
        Decimal("10000.00"),
    ]
    filed = next(r for r in outcomes.rows if r[0] == "公安已立案")
    assert filed[-1] == 1


def test_the_workbook_has_numbers_and_text_never_a_formula(november):
    wb = load_workbook(io.BytesIO(reports.to_xlsx(november)))
    assert wb.sheetnames == ["汇总", "分法院", "移送案件处理情况"]
    ws = wb["汇总"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0] == "河北雄安新区中级人民法院2026年11月强制措施统计"
    fine = next(r for r in values if r[0] == "罚款")
    assert fine[1] == 2 and Decimal(str(fine[2])) == Decimal("80000.00")
    cell = next(row[2] for row in ws.iter_rows() if row[0].value == "罚款")
    assert cell.number_format == "#,##0.00"
    for row in wb["分法院"].iter_rows():
        for c in row:
            assert c.data_type != "f"


def test_a_formula_like_court_name_stays_text(november):
    november.rows[0].court_name = '=HYPERLINK("http://x")'
    wb = load_workbook(io.BytesIO(reports.to_xlsx(november)))
    cell = wb["分法院"]["A2"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def test_the_pdf_is_a_pdf(november):
    data = reports.to_pdf(november)
    assert data.startswith(b"%PDF")
    assert any("CJK" in name for name in embedded_fonts(data))


def test_the_json_line(november):
    out = reports.as_json(november)
    assert out["court"] == "冀96" and out["month"] == "2026-11"
    assert out["tables"][0]["rows"][0] == ["罚款", 2, "80000.00"]


def _get(user, **params):
    request = RequestFactory().get("/measures/reports/monthly/", params)
    request.user = user
    return monthly_report(request)


def test_the_download_view(november, cast):
    res = _get(cast.command, court="冀96", month="2026-11", format="xlsx")
    assert res.status_code == 200 and res["Content-Type"] == reports.XLSX
    assert res["Content-Disposition"] == "attachment; filename*=utf-8''measures-%E5%86%8096-2026-11.xlsx"
    res = _get(cast.president, court="冀96", month="2026-11", format="pdf")
    assert res.status_code == 200 and res.content.startswith(b"%PDF")
    page = _get(cast.officer, court="冀96", month="2026-11")
    assert page.status_code == 200 and "80,000.00" in page.content.decode()


def test_the_download_view_refuses(november, cast):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises(PermissionDenied):
        _get(cast.clerk, court="冀96", month="2026-11")
    with pytest.raises(Http404):
        _get(cast.outsider, court="冀96", month="2026-11")
    with pytest.raises(Http404):
        _get(cast.command, court="冀96", month="2026-13")


def test_the_operation_report_pdf(courts, cast, person_case, clock):
    op = make_operation(courts.xiongan, cast, clock.today, summary="共执行到位 8000 元")
    OperationCase.objects.create(operation=op, case=person_case, place="雄县某小区", outcome="=1+1")
    Witness.objects.create(operation=op, name="张代表", kind="deputy", attended=True)
    report = operation_report(op)
    tables = reports.operation_tables(report)
    assert tables[0].rows[0] == ["行动案件", 1] and tables[2].rows[0][3] == "是"
    assert reports.operation_pdf(report).startswith(b"%PDF")
    assert timezone.localdate(moment(clock.today)) == report.first_day

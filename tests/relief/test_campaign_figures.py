"""THE must-show of campaigns: a campaign over the demo province's courts, its board, its Excel report
and its API show the same figures as the cases behind them, counted here straight from those cases;
the board reads a fixed number of queries; the PDF is set in a CJK font and carries its charts.

The world (`world`): the high court 冀 runs 百日攻坚 over 冀96 and 冀9601 for a window around today, on
wage, livelihood and small-amount cases, targets 4 closed and 100,000.00 yuan. Enrolled by the rules:
three wage cases (two in 冀96, one in 冀9601); by hand: a loan case of 冀96. Not taken: a wage case
closed before the window, a wage case of 冀01 (not taking part). Then, in and out of the window:
closings, receipts (one reversed), a settlement, a listing, summons and detentions carried out or not,
and a field operation tagged with the campaign's code with two witnesses."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import APPLICANT_ID, moment
from tests.documents.pdfinspect import embedded_font_programs, embedded_fonts, pdf_objects
from tests.funds.conftest import receive
from tests.measures.conftest import DEBTOR_ID
from zhixing.cases import actions as case_actions
from zhixing.cases.models import Case, Party
from zhixing.core.actors import CLI
from zhixing.credit.models import Listing
from zhixing.funds import actions as funds_actions
from zhixing.funds.models import Receipt
from zhixing.measures import rules as measure_rules
from zhixing.measures.models import CoerciveMeasure, Operation, OperationCase, Witness
from zhixing.relief import reports
from zhixing.relief.actions import campaigns as actions
from zhixing.relief.models import CampaignCase, Settlement
from zhixing.relief.queries import campaigns as queries

pytestmark = pytest.mark.django_db


def _close(case: Case, on: dt.date, method: str = "completed") -> None:
    """The case as closed on `on` (its closing's own flow is the cases app's; here only the fact)."""
    Case.objects.filter(pk=case.pk).update(status=Case.CLOSED, closed_on=on, closure_method=method)


def _measure(case: Case, kind: str, status: str, at: dt.datetime, actor) -> CoerciveMeasure:
    party = case.parties.get(role=Party.DEBTOR)
    return CoerciveMeasure.objects.create(
        case=case,
        kind=kind,
        party=party,
        subject_name="李某",
        subject_role=measure_rules.LEGAL_REP,
        reason="拒不报告财产",
        status=status,
        proposed_by=actor,
        proposed_on=timezone.localdate(at),
        decided_on=timezone.localdate(at),
        days=5 if kind == measure_rules.DETENTION else None,
        started_at=at if status in (CoerciveMeasure.IN_FORCE, CoerciveMeasure.ENDED) else None,
    )


@pytest.fixture
def world(courts, cast, file_case, pooled, clock):
    today = clock.today
    starts, ends = today - dt.timedelta(days=30), today + dt.timedelta(days=60)
    filed = today - dt.timedelta(days=200)
    xx_pooled = funds_actions.open_pooled_account(courts.xiongxian, actor=cast.finance)
    wage_a = file_case(filed_on=filed)  # 冀96, 50,000.00
    wage_b = file_case(filed_on=filed, applied_amount=Decimal("30000.00"))  # 冀96
    wage_x = file_case(court=courts.xiongxian, filed_on=filed, applied_amount=Decimal("80000.00"))  # 冀9601
    loan = file_case(
        filed_on=filed,
        applied_amount=Decimal("200000.00"),
        parties=[
            case_actions.PartyInput(Party.APPLICANT, "王申请", APPLICANT_ID),
            case_actions.PartyInput(Party.DEBTOR, "赵某某", DEBTOR_ID),
        ],
        cause="民间借贷纠纷",
    )
    old = file_case(filed_on=filed)
    _close(old, starts - dt.timedelta(days=5))
    other = file_case(court=courts.shijiazhuang, filed_on=filed, handler=cast.outsider, actor=CLI)

    campaign = actions.create_campaign(
        courts.high,
        "JZ-BR-TEST",
        "冀执利剑·百日攻坚",
        starts,
        ends,
        [courts.xiongan.pk, courts.xiongxian.pk],
        ["migrant_wage", "livelihood", "small_amount"],
        4,
        Decimal("100000.00"),
        "测试",
        actor=cast.command,
    )
    enrolled = actions.enrol_by_rules(campaign, actor=cast.command)
    actions.enrol_case(campaign, loan, actor=cast.president)

    # Money: in the window counts, before it or reversed does not.
    n = iter(range(1, 100))

    def pay(pool, case, amount, on):
        return receive(pool, f"CMP{next(n):04d}", Decimal(amount), on, case, payer_name="雄安某建设有限公司")

    pay(pooled, wage_a, "50000.00", today - dt.timedelta(days=10))
    pay(pooled, wage_b, "12000.50", today - dt.timedelta(days=3))
    pay(pooled, wage_b, "7000.00", starts - dt.timedelta(days=1))  # before the window
    gone = pay(pooled, loan, "9999.99", today - dt.timedelta(days=2))
    Receipt.objects.filter(pk=gone.pk).update(reversed_on=today)  # booked in error
    pay(pooled, loan, "20000.00", today - dt.timedelta(days=1))
    pay(xx_pooled, wage_x, "8000.25", today - dt.timedelta(days=5))
    pay(pooled, other, "5000.00", today - dt.timedelta(days=5))  # not in the campaign

    _close(wage_a, today - dt.timedelta(days=9), "completed")
    _close(wage_x, today - dt.timedelta(days=4), "terminated_this_round")

    Settlement.objects.create(
        case=wage_b,
        agreed_on=today - dt.timedelta(days=8),
        outstanding=Decimal("30000.00"),
        agreed_amount=Decimal("25000.00"),
        last_day=today + dt.timedelta(days=90),
        mode=Settlement.NONE,
        recorded_by=cast.officer,
    )
    Settlement.objects.create(  # before the window: not reached in the campaign
        case=loan,
        agreed_on=starts - dt.timedelta(days=3),
        outstanding=Decimal("200000.00"),
        agreed_amount=Decimal("150000.00"),
        last_day=today + dt.timedelta(days=90),
        mode=Settlement.NONE,
        recorded_by=cast.officer,
    )
    Listing.objects.create(
        case=loan,
        party=loan.parties.get(role=Party.DEBTOR),
        ground=1,
        status=Listing.PUBLISHED,
        proposed_by=cast.officer,
        proposed_on=today - dt.timedelta(days=12),
        decided_on=today - dt.timedelta(days=11),
    )
    Listing.objects.create(  # proposed, not decided: does not count
        case=wage_b,
        party=wage_b.parties.get(role=Party.DEBTOR),
        ground=1,
        status=Listing.PROPOSED,
        proposed_by=cast.officer,
        proposed_on=today - dt.timedelta(days=1),
    )
    in_window = moment(today - dt.timedelta(days=6), 9)
    _measure(loan, measure_rules.DETENTION, CoerciveMeasure.IN_FORCE, in_window, cast.officer)
    _measure(loan, measure_rules.SUMMONS, CoerciveMeasure.ENDED, in_window, cast.officer)
    _measure(wage_x, measure_rules.SUMMONS, CoerciveMeasure.ENDED, in_window, cast.officer)
    _measure(
        wage_b, measure_rules.SUMMONS, CoerciveMeasure.PROPOSED, in_window, cast.officer
    )  # not carried out
    _measure(
        wage_b,
        measure_rules.DETENTION,
        CoerciveMeasure.ENDED,
        moment(starts - dt.timedelta(days=2)),
        cast.officer,
    )  # before the window
    _measure(wage_a, measure_rules.FINE, CoerciveMeasure.IN_FORCE, in_window, cast.officer)

    op = Operation.objects.create(
        court=courts.xiongan,
        name="百日攻坚凌晨集中执行",
        kind="night",
        campaign=campaign.code,
        starts_at=moment(today - dt.timedelta(days=6), 5),
        ends_at=moment(today - dt.timedelta(days=6), 11),
        status=Operation.CLOSED,
        leader=cast.officer,
        planned_by=cast.command,
    )
    OperationCase.objects.create(operation=op, case=loan, place="雄县某小区")
    OperationCase.objects.create(operation=op, case=wage_b, place="容城某工地")
    Witness.objects.create(operation=op, name="张代表", kind="deputy", unit="雄县人大", attended=True)
    Witness.objects.create(operation=op, name="刘记者", kind="media", unit="河北日报", attended=False)
    Operation.objects.create(  # another campaign's: not shown
        court=courts.xiongan,
        name="其他行动",
        kind="ordinary",
        campaign="OTHER",
        starts_at=moment(today, 9),
        ends_at=moment(today, 12),
        leader=cast.officer,
        planned_by=cast.command,
    )
    return SimpleNamespace(
        campaign=campaign,
        enrolled=enrolled,
        cases=SimpleNamespace(wage_a=wage_a, wage_b=wage_b, wage_x=wage_x, loan=loan, old=old, other=other),
        operation=op,
    )


def counted_from_cases(campaign) -> dict:
    """The campaign's figures per court code counted straight from its cases, case by case, without the
    query module."""
    first, last = campaign.starts_on, campaign.ends_on
    out: dict = {}
    for entry in CampaignCase.objects.filter(campaign=campaign).select_related("case__court"):
        case = entry.case
        row = out.setdefault(
            case.court.code,
            dict(
                cases=0,
                closed=0,
                recovered=Decimal("0.00"),
                settlements=0,
                listings=0,
                summons=0,
                detentions=0,
            ),
        )
        row["cases"] += 1
        if case.status == Case.CLOSED and first <= case.closed_on <= last:
            row["closed"] += 1
        for r in Receipt.objects.filter(case=case):
            if r.reversed_on is None and first <= r.booked_on <= last:
                row["recovered"] += r.amount
        row["settlements"] += sum(
            1 for s in Settlement.objects.filter(case=case) if first <= s.agreed_on <= last
        )
        row["listings"] += sum(
            1
            for lst in Listing.objects.filter(case=case)
            if lst.decided_on and first <= lst.decided_on <= last and lst.status != Listing.PROPOSED
        )
        for m in CoerciveMeasure.objects.filter(case=case):
            if m.started_at and first <= timezone.localdate(m.started_at) <= last:
                if m.status in (CoerciveMeasure.IN_FORCE, CoerciveMeasure.ENDED):
                    if m.kind == measure_rules.SUMMONS:
                        row["summons"] += 1
                    elif m.kind == measure_rules.DETENTION:
                        row["detentions"] += 1
    return out


def test_the_rules_take_the_wage_cases_pending_in_the_window_of_the_courts_taking_part(world):
    c = world.cases
    assert world.enrolled == 3
    ids = set(CampaignCase.objects.filter(campaign=world.campaign).values_list("case_id", flat=True))
    assert ids == {c.wage_a.pk, c.wage_b.pk, c.wage_x.pk, c.loan.pk}


def test_the_figures_are_what_the_cases_say(world):
    f = queries.figures(world.campaign)
    direct = counted_from_cases(world.campaign)
    for r in f.rows:
        d = direct[r.court_code]
        got = dict(
            cases=r.cases,
            closed=r.closed,
            recovered=r.recovered,
            settlements=r.settlements,
            listings=r.listings,
            summons=r.summons,
            detentions=r.detentions,
        )
        assert got == d, r.court_code
    # And the numbers themselves, by hand from the world above.
    xa, xx = f.rows
    assert (xa.court_code, xa.cases, xa.closed, xa.recovered) == ("冀96", 3, 1, Decimal("82000.50"))
    assert (xx.court_code, xx.cases, xx.closed, xx.recovered) == ("冀9601", 1, 1, Decimal("8000.25"))
    assert (xa.settlements, xa.listings, xa.summons, xa.detentions, xa.fines) == (1, 1, 1, 1, 1)
    assert (xx.summons, xx.detentions) == (1, 0)
    t = f.total
    assert (t.cases, t.closed, t.recovered) == (4, 2, Decimal("90000.75"))
    assert t.closed_by == {"completed": 1, "terminated_this_round": 1}
    assert t.closed_progress == Decimal("50.0") and t.amount_progress == Decimal("90.0")
    # The targets split by cases (3 : 1): 3 and 1 closed, 75,000.00 and 25,000.00 yuan.
    assert (xa.target_closed, xx.target_closed) == (3, 1)
    assert (xa.target_amount, xx.target_amount) == (Decimal("75000.00"), Decimal("25000.00"))
    assert xx.closed_progress == Decimal("100.0") and xa.amount_progress == Decimal("109.3")
    assert [(o.operation.name, o.targets, len(o.witnesses)) for o in f.operations] == [
        ("百日攻坚凌晨集中执行", 2, 2)
    ]


def _cells(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_the_excel_shows_the_same_figures(world, cast, client):
    client.force_login(cast.command)
    res = client.get(reverse("relief:campaign_report", args=[world.campaign.code]), {"format": "xlsx"})
    assert res.status_code == 200 and res["Content-Type"] == reports.XLSX
    wb = load_workbook(io.BytesIO(res.content))
    f = queries.figures(world.campaign)
    rows = _cells(wb["分法院"])
    head = rows[0]
    by_court = {r[0]: dict(zip(head, r, strict=True)) for r in rows[1:]}
    for r in f.rows:
        line = by_court[r.court_name]
        assert line["纳入案件"] == r.cases and line["结案"] == r.closed
        assert Decimal(str(line["执行到位金额（元）"])) == r.recovered
        assert (line["和解"], line["失信"], line["拘传"], line["拘留"], line["罚款"]) == (
            r.settlements,
            r.listings,
            r.summons,
            r.detentions,
            r.fines,
        )
    total = by_court["合计"]
    assert total["纳入案件"] == 4 and total["结案"] == 2
    assert Decimal(str(total["执行到位金额（元）"])) == Decimal("90000.75")
    assert total["结案完成率"] == pytest.approx(0.5)
    summary = {r[0]: r[1] for r in _cells(wb["汇总"]) if r and r[0]}
    assert summary["纳入案件（件）"] == 4 and summary["行动期间结案（件）"] == 2
    assert summary["外勤行动（次）"] == 1 and summary["见证人（人次）"] == 2
    assert summary["行动代号"] == "JZ-BR-TEST"
    ops = _cells(wb["外勤行动"])
    assert ops[1][0] == "百日攻坚凌晨集中执行" and "张代表（人大代表）" in ops[1][5]
    # 05:00 in Shanghai is the day before in UTC: the sheet shows the court's day.
    assert ops[1][2] == timezone.localdate(world.operation.starts_at).isoformat()


def test_excel_text_that_looks_like_a_formula_stays_text(world, cast):
    world.campaign.name = '=HYPERLINK("http://x")'
    world.campaign.save()
    wb = load_workbook(io.BytesIO(reports.to_xlsx(queries.figures(world.campaign))))
    first = wb["汇总"]["A1"]
    assert first.data_type == "s" and first.value.startswith("=HYPERLINK")


def test_the_api_shows_the_same_figures(world, cast, client):
    client.force_login(cast.command)
    res = client.get(f"/api/v1/relief/campaigns/{world.campaign.code}/")
    assert res.status_code == 200
    data = res.json()
    direct = counted_from_cases(world.campaign)
    for row in data["courts"]:
        d = direct[row["court"]]
        assert (row["cases"], row["closed"], Decimal(row["recovered"])) == (
            d["cases"],
            d["closed"],
            d["recovered"],
        )
        assert (row["settlements"], row["listings"], row["summons"], row["detentions"]) == (
            d["settlements"],
            d["listings"],
            d["summons"],
            d["detentions"],
        )
    assert data["totals"]["recovered"] == "90000.75" and data["totals"]["closed_progress"] == "50.0"
    assert data["operations"][0]["witnesses"][0]["name"] == "张代表"
    listing = client.get("/api/v1/relief/campaigns/").json()["campaigns"]
    assert [(c["code"], c["cases"], c["closed"], c["recovered"]) for c in listing] == [
        ("JZ-BR-TEST", 4, 2, "90000.75")
    ]


def test_the_board_shows_the_same_figures(world, cast, client):
    client.force_login(cast.command)
    res = client.get(reverse("relief:campaign", args=[world.campaign.code]))
    assert res.status_code == 200
    html = res.content.decode()
    assert re.search(r'id="total-cases">4<', html) and re.search(r'id="total-closed">2<', html)
    assert 'id="total-recovered">90,000.75<' in html
    row = re.search(r'<tr data-court="冀96">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r'<td class="text-end">([^<]*)</td>', row)
    # cases, closed, 执行完毕, 终本, money, settlements, listings, summons, detentions, fines
    assert cells == ["3", "1", "1", "", "82,000.50", "1", "1", "1", "1", "1"]
    assert "张代表" in html and "百日攻坚凌晨集中执行" in html and "其他行动" not in html
    assert "109.3%" in html  # 冀96's money against its 75,000.00


def test_the_board_reads_a_fixed_number_of_queries(world, cast, client, file_case, steady_caches):
    client.force_login(cast.command)
    url = reverse("relief:campaign", args=[world.campaign.code])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _i in range(4):
        actions.enrol_case(world.campaign, file_case(filed_on=world.campaign.starts_on), actor=cast.command)
    op = Operation.objects.create(
        court=world.operation.court,
        name="第二次行动",
        kind="ordinary",
        campaign=world.campaign.code,
        starts_at=world.operation.starts_at,
        ends_at=world.operation.ends_at,
        leader=cast.officer,
        planned_by=cast.command,
    )
    Witness.objects.create(operation=op, name="王委员", kind="cppcc", attended=True)
    client.get(url)
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few), [q["sql"] for q in more.captured_queries]


def test_the_list_reads_a_fixed_number_of_queries(world, cast, client, courts, steady_caches):
    client.force_login(cast.command)
    url = reverse("relief:campaigns")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(3):
        actions.create_campaign(
            courts.high,
            f"JZ-{i}",
            f"第{i}次集中执行",
            world.campaign.starts_on,
            world.campaign.ends_on,
            [courts.xiongan.pk],
            ["livelihood"],
            10,
            None,
            "",
            actor=cast.command,
        )
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)


def _is_cjk_embedded(pdf: bytes) -> bool:
    return any("CJK" in n for n in embedded_fonts(pdf) + embedded_font_programs(pdf))


def test_the_pdf_is_set_in_a_cjk_font_with_its_charts(world, cast, client, monkeypatch):
    pages: list[str] = []
    real = reports.render_to_string
    monkeypatch.setattr(reports, "render_to_string", lambda *a, **k: pages.append(real(*a, **k)) or pages[-1])
    client.force_login(cast.command)
    res = client.get(reverse("relief:campaign_report", args=[world.campaign.code]), {"format": "pdf"})
    assert res.status_code == 200 and res["Content-Type"] == "application/pdf"
    assert res.content.startswith(b"%PDF") and _is_cjk_embedded(res.content)
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf_objects(res.content))
    assert box and float(box.group(1)) > float(box.group(2))  # A4 landscape
    page = pages[-1]
    assert page.count("<svg") == 2
    assert "各法院目标完成情况（%）" in page and "各法院执行到位金额（万元）" in page
    assert (
        "河北雄安新区中级人民法院" in page and "109.3%" in page and ">8.20<" in page
    )  # 82,000.50 yuan in 万元


def _refs(chart) -> list[str]:
    return [s.val.numRef.f for s in chart.series]


def test_the_excel_carries_native_bar_charts_of_the_court_rows(world, cast, client):
    client.force_login(cast.command)
    res = client.get(reverse("relief:campaign_report", args=[world.campaign.code]), {"format": "xlsx"})
    f = queries.figures(world.campaign)
    last = len(f.rows) + 1  # the header, then one row per court; the total row is not charted
    ws = load_workbook(io.BytesIO(res.content))["分法院"]
    head = [c.value for c in ws[1]]

    def col(header: str) -> str:
        return chr(ord("A") + head.index(header))

    progress, money = ws._charts
    assert _refs(progress) == [f"'分法院'!${col(h)}$2:${col(h)}${last}" for h in ("结案完成率", "金额完成率")]
    assert _refs(money) == [
        f"'分法院'!${col(h)}$2:${col(h)}${last}" for h in ("执行到位金额（元）", "目标金额（元）")
    ]
    for chart in (progress, money):
        assert chart.tagname == "barChart" and chart.type == "bar"
        assert chart.series[0].cat.strRef.f == f"'分法院'!$A$2:$A${last}"  # the court names, as text
        first = "结案完成率" if chart is progress else "执行到位金额（元）"
        assert chart.series[0].tx.strRef.f == f"'分法院'!{col(first)}1"  # titled by its header cell
    with zipfile.ZipFile(io.BytesIO(res.content)) as z:
        xml = z.read("xl/charts/chart1.xml").decode() + z.read("xl/charts/chart2.xml").decode()
    assert "各法院目标完成情况" in xml and "各法院执行到位金额（元）" in xml


def test_the_excel_charts_leave_out_the_progress_of_a_campaign_without_targets(world):
    world.campaign.target_closed = world.campaign.target_amount = None
    world.campaign.save()
    wb = load_workbook(io.BytesIO(reports.to_xlsx(queries.figures(world.campaign))))
    (money,) = wb["分法院"]._charts
    assert len(money.series) == 1 and money.series[0].val.numRef.f.startswith("'分法院'!$")


def test_the_excel_and_the_pdf_say_as_of_when_and_when_made(world, cast, client, clock, monkeypatch):
    on = clock.today.isoformat()
    wb = load_workbook(io.BytesIO(reports.to_xlsx(queries.figures(world.campaign))))
    summary = {r[0]: r[1] for r in _cells(wb["汇总"]) if r and r[0]}
    assert summary["统计截至"] == on and summary["制表日期"] == on
    pages: list[str] = []
    real = reports.render_to_string
    monkeypatch.setattr(reports, "render_to_string", lambda *a, **k: pages.append(real(*a, **k)) or pages[-1])
    client.force_login(cast.command)
    res = client.get(reverse("relief:campaign_report", args=[world.campaign.code]), {"format": "pdf"})
    assert res.status_code == 200
    assert f"统计截至：{on}" in pages[-1] and f"制表日期：{on}" in pages[-1]

"""The relief desk /relief/desk/ and the relief API: each court's applications with status, cap and
amount; buttons offered only where the permission allows (the registrar cannot decide, finance pays and
recovers); an outsider sees nothing; the yearly figures with an Excel export; a fixed number of queries
whatever the rows."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.relief.test_relief_actions import register
from zhixing.funds.actions import relief as relief_money
from zhixing.relief.actions import relief as actions
from zhixing.relief.models import ReliefApplication

DESK = "/relief/desk/"


@pytest.fixture
def funded(pooled, cast, clock):
    relief_money.fund_relief(pooled.court, Decimal("500000.00"), clock.today, "CZ-1", actor=cast.finance)
    return pooled


def _page(client, user, url=DESK):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_desk_url_keeps_its_name():
    assert reverse("relief:desk") == DESK


def test_the_desk_shows_an_application_with_its_cap(client, wage_case, applicant, cast, wage):
    app = register(wage_case, applicant, cast)
    html = _page(client, cast.clerk)
    assert app.case_number in html and wage_case.case_number in html and "待审批" in html
    assert "50,000.00" in html  # the cap: 36 × 8,000 is above the unexecuted 50,000
    assert "decide-form" not in html  # the registrar is not offered the decision


def test_the_president_is_offered_the_decision_and_decides(client, wage_case, applicant, cast, wage):
    app = register(wage_case, applicant, cast)
    html = _page(client, cast.president)
    assert "decide-form" in html and "pay-form" not in html
    response = client.post(
        reverse("relief:relief_decide", args=[app.pk]),
        {"decision": "approve", "amount": "20000.00", "note": ""},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == ReliefApplication.APPROVED and app.amount == Decimal("20000.00")


def test_a_registrar_posting_a_decision_is_refused(client, wage_case, applicant, cast, wage):
    app = register(wage_case, applicant, cast)
    client.force_login(cast.clerk)
    client.post(reverse("relief:relief_decide", args=[app.pk]), {"decision": "approve", "amount": "1.00"})
    app.refresh_from_db()
    assert app.status == ReliefApplication.APPLIED


def test_finance_pays_and_recovers_from_the_desk(
    client, wage_case, applicant, cast, wage, funded, pay_in, clock
):
    app = actions.decide(
        register(wage_case, applicant, cast), True, Decimal("20000.00"), actor=cast.president
    )
    html = _page(client, cast.finance)
    assert "pay-form" in html and "decide-form" not in html
    client.post(reverse("relief:relief_pay", args=[app.pk]))
    app.refresh_from_db()
    assert app.status == ReliefApplication.PAID
    assert "recover-form" not in _page(client, cast.finance)
    pay_in(wage_case, Decimal("6000.00"), clock.today)
    html = _page(client, cast.finance)
    assert "recover-form" in html and "6000.00" in html
    client.post(reverse("relief:relief_recover", args=[app.pk]), {"amount": "6000.00"})
    app.refresh_from_db()
    assert app.recovered == Decimal("6000.00")


def test_registering_through_the_desk(client, wage_case, applicant, cast, wage):
    html = _page(client, cast.clerk, f"{DESK}?case={wage_case.case_number}")
    assert "register-form" in html and applicant.name in html
    client.post(
        reverse("relief:relief_register"),
        {
            "case": wage_case.pk,
            "applicant": applicant.pk,
            "grounds": "wage",
            "hardship": "无收入",
            "evidence": "低保证明\n病历",
            "requested": "30000.00",
        },
    )
    app = ReliefApplication.objects.get()
    assert app.evidence == ["低保证明", "病历"] and app.requested == Decimal("30000.00")


def test_the_lookup_of_an_unknown_case_says_so(client, courts, cast):
    html = _page(client, cast.clerk, f"{DESK}?case=（2026）冀96执999号")
    assert "没有找到" in html and "register-form" not in html


def test_finance_books_the_treasury_allotment(client, cast, pooled):
    html = _page(client, cast.finance)
    assert "fund-form" in html
    client.post(
        reverse("relief:relief_fund"), {"court": pooled.court_id, "amount": "1000.00", "reference": "CZ-9"}
    )
    assert relief_money.relief_balance(pooled.court) == Decimal("1000.00")


def test_an_outsider_sees_nothing(client, wage_case, applicant, cast, wage):
    app = register(wage_case, applicant, cast)
    client.force_login(cast.outsider)
    html = client.get(DESK).content.decode()
    assert app.case_number not in html
    client.post(reverse("relief:relief_decide", args=[app.pk]), {"decision": "refuse", "note": "x"})
    app.refresh_from_db()
    assert app.status == ReliefApplication.APPLIED
    api = APIClient()
    api.force_login(cast.outsider)
    assert api.get("/api/v1/relief/applications/").json()["applications"] == []
    assert api.get("/api/v1/relief/applications/?court=冀96").status_code == 404


def test_the_yearly_figures_and_their_excel(client, wage_case, applicant, cast, wage, funded, clock):
    app = actions.decide(
        register(wage_case, applicant, cast), True, Decimal("20000.00"), actor=cast.president
    )
    actions.pay(app, actor=cast.finance)
    html = _page(client, cast.president)
    assert 'data-court="冀96"' in html and "20,000.00" in html
    response = client.get(f"{DESK}?format=xlsx&year={clock.today.year}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1][:4] == ["冀96", "河北雄安新区中级人民法院", 1, 1]
    assert rows[-1][1] == "合计"


def test_the_api_lists_applications_and_the_report(wage_case, applicant, cast, wage, funded, clock):
    app = actions.decide(
        register(wage_case, applicant, cast), True, Decimal("20000.00"), actor=cast.president
    )
    actions.pay(app, actor=cast.finance)
    api = APIClient()
    api.force_login(cast.finance)
    data = api.get(f"/api/v1/relief/applications/?court=冀96&year={clock.today.year}").json()
    (row,) = data["applications"]
    assert row["case_number"] == app.case_number and row["status"] == "paid"
    assert row["cap"] == "50000.00" and row["amount"] == "20000.00" and row["wage_year"] == 2025
    report = api.get(f"/api/v1/relief/applications/report/?year={clock.today.year}").json()
    assert report["courts"][0]["court"] == "冀96" and report["total"]["amount"] == "20000.00"


def counted(captured) -> int:
    return sum(1 for q in captured.captured_queries if "core_cachestamp" not in q["sql"])


def test_the_desk_reads_in_a_fixed_number_of_queries(
    client, steady_caches, file_case, wage_case, applicant, cast, wage, funded, pay_in, clock
):
    def world(case):
        party = case.parties.get(role="applicant")
        app = actions.decide(register(case, party, cast), True, Decimal("1000.00"), actor=cast.president)
        actions.pay(app, actor=cast.finance)
        pay_in(case, Decimal("500.00"), clock.today)

    world(wage_case)
    first = file_case()
    register(first, first.parties.get(role="applicant"), cast)  # every status shown on the first page too
    client.force_login(cast.finance)
    client.get(DESK)
    with CaptureQueriesContext(connection) as one:
        assert client.get(DESK).status_code == 200
    for _ in range(3):
        world(file_case())
    others = [file_case() for _ in range(1)]
    for case in others:
        register(case, case.parties.get(role="applicant"), cast)
    with CaptureQueriesContext(connection) as six:
        response = client.get(DESK)
    # The permission predicates are asked once per court and status, not per row.
    assert counted(six) <= counted(one)
    assert response.content.decode().count('class="relief-row"') == 6
    assert response.content.decode().count("recover-form") == 4

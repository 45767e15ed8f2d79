"""The settlement tab (/relief/cases/<id>/settlement/), its POST endpoints, the case page's panel, the
settlement-rate page (/relief/settlements/) and the read API: what each person sees and may do, in
Chinese, with identity codes masked, in a fixed number of queries however many rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import APPLICANT_ID, DEBTOR_UNIT_ID
from tests.relief.settlement_world import plus, record, three
from zhixing.cases.actions import closing
from zhixing.core.actors import CLI
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as roles
from zhixing.relief.actions import settlements as actions
from zhixing.relief.models import Settlement

pytestmark = pytest.mark.django_db


def tab(case) -> str:
    return reverse("relief:settlement", args=[case.pk])


def html(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def counted(captured) -> int:
    return sum(1 for q in captured.captured_queries if "core_cachestamp" not in q["sql"])


def form_data(case, on, amounts=("10000.00", "10000.00", "10000.00"), mode="suspend") -> dict:
    data = {
        "agreed_on": on.isoformat(),
        "agreed_amount": str(sum(Decimal(a) for a in amounts)),
        "mode": mode,
        "parties": [str(p.pk) for p in case.parties.all()],
        "guarantee": "",
        "terms": "",
    }
    for n, (due, amount) in enumerate(three(on, amounts), start=1):
        data[f"due_{n}"], data[f"amount_{n}"] = due.isoformat(), str(amount)
    return data


def breach(case, cast, clock, pay_in, mode="suspend") -> Settlement:
    s = record(case, cast.officer, clock.today, mode=mode)
    if mode == "withdraw":
        closing.approve_closure(case, actor=cast.judge)
    first, second, third = (i.due_on for i in s.instalments.order_by("seq"))
    clock.move_to(first)
    pay_in(case, "10000.00")
    clock.move_to(second)
    pay_in(case, "10000.00")
    clock.move_to(plus(third, 1))
    return actions.refresh_settlement(s, actor=cast.officer)


# --- the tab ---------------------------------------------------------------------------------------------


def test_the_handler_sees_the_agreement_form_with_instalment_rows_and_the_parties(client, cast, wage_case):
    page = html(client, cast.officer, tab(wage_case))
    assert "记录执行和解协议" in page
    assert page.count('name="due_') >= 3 and page.count('name="amount_') >= 3
    assert "第1期" in page and "第3期" in page
    assert page.count('name="parties"') == 2
    assert "申请执行人：王申请" in page
    assert APPLICANT_ID not in page and DEBTOR_UNIT_ID not in page


def test_the_handler_records_an_agreement_through_the_form(client, cast, wage_case, clock):
    client.force_login(cast.officer)
    response = client.post(
        reverse("relief:settlement_record", args=[wage_case.pk]), form_data(wage_case, clock.today)
    )
    assert response.status_code == 302
    s = Settlement.objects.get(case=wage_case)
    assert s.instalments.count() == 3 and s.agreed_amount == Decimal("30000.00")
    assert s.parties.count() == 2
    page = html(client, cast.officer, tab(wage_case))
    assert page.count('class="instalment-row"') == 3
    assert "未到期" in page
    assert 'id="record-settlement"' not in page  # one open agreement at a time


def test_a_refused_agreement_comes_back_as_chinese_messages(client, cast, wage_case, clock):
    client.force_login(cast.officer)
    data = form_data(wage_case, clock.today)
    data["agreed_amount"] = "99999.00"
    response = client.post(reverse("relief:settlement_record", args=[wage_case.pk]), data, follow=True)
    assert "与和解金额" in response.content.decode()
    assert not Settlement.objects.exists()


def test_the_schedule_shows_each_instalments_state_paid_part_and_due_day(
    client, cast, wage_case, clock, pay_in
):
    s = breach(wage_case, cast, clock, pay_in)
    page = html(client, cast.officer, tab(wage_case))
    assert page.count('data-state="paid"') == 2 and page.count('data-state="missed"') == 1
    assert "逾期未履行" in page and "已履行" in page
    assert s.instalments.get(seq=3).due_on.isoformat() in page
    assert "20,000.00" in page  # paid, refreshed on view
    assert "未按约履行" in page


def test_a_broken_agreement_offers_resume_and_suit_to_the_handler_only(
    client, cast, wage_case, clock, pay_in
):
    breach(wage_case, cast, clock, pay_in)
    page = html(client, cast.officer, tab(wage_case))
    assert "resume-form" in page and "suit-form" in page
    assert "close-form" not in page
    other = html(client, cast.officer2, tab(wage_case))  # an officer of the court reads, does not handle
    assert "逾期未履行" in other
    assert "resume-form" not in other and "suit-form" not in other and "record-settlement" not in other


def test_an_agreement_being_performed_offers_no_resumption(client, cast, wage_case, clock):
    record(wage_case, cast.officer, clock.today)
    page = html(client, cast.officer, tab(wage_case))
    assert " resume-form" not in page
    assert "suit-form" not in page and "close-form" not in page
    assert "anticipatory-form" in page  # only on the debtor's refusal to perform


def test_the_handler_resumes_a_withdrawn_case_from_the_tab_and_sees_the_resumed_case(
    client, cast, wage_case, clock, pay_in
):
    s = breach(wage_case, cast, clock, pay_in, mode="withdraw")
    client.force_login(cast.officer)
    response = client.post(reverse("relief:settlement_resume", args=[s.pk]), {"on": clock.today.isoformat()})
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.status == Settlement.RESUMED and s.resumed_case.applied_amount == Decimal("30000.00")
    page = html(client, cast.officer, tab(wage_case))
    assert s.resumed_case.case_number in page and "30,000.00" in page


def test_the_handler_records_a_suit_from_the_tab(client, cast, wage_case, clock, pay_in):
    s = breach(wage_case, cast, clock, pay_in)
    client.force_login(cast.officer)
    client.post(
        reverse("relief:settlement_suit", args=[s.pk]), {"sued_on": clock.today.isoformat(), "note": "已起诉"}
    )
    s.refresh_from_db()
    assert s.status == Settlement.SUED
    assert "resume-form" not in html(client, cast.officer, tab(wage_case))


def test_a_performed_agreement_offers_closing_and_it_files_the_request(
    client, cast, wage_case, clock, pay_in
):
    s = record(wage_case, cast.officer, clock.today)
    clock.move_to(plus(clock.today, 2))
    pay_in(wage_case, "30000.00")
    page = html(client, cast.officer, tab(wage_case))
    assert "履行完毕，提请结案" in page and "已履行完毕" in page
    client.post(reverse("relief:settlement_close", args=[s.pk]))
    req = wage_case.closure_requests.get()
    assert (req.method, req.shortfall) == ("completed", "settlement")


def test_posting_as_someone_who_may_not_handle_is_refused(client, cast, wage_case, clock, pay_in):
    s = breach(wage_case, cast, clock, pay_in)
    client.force_login(cast.officer2)
    client.post(reverse("relief:settlement_resume", args=[s.pk]), {})
    s.refresh_from_db()
    assert s.status == Settlement.BREACHED
    client.force_login(cast.outsider)
    assert client.post(reverse("relief:settlement_resume", args=[s.pk]), {}).status_code == 404
    assert (
        client.post(
            reverse("relief:settlement_record", args=[wage_case.pk]), form_data(wage_case, clock.today)
        ).status_code
        == 404
    )


def test_the_outsider_sees_nothing_and_finance_is_refused(client, cast, wage_case, clock):
    record(wage_case, cast.officer, clock.today)
    client.force_login(cast.outsider)
    assert client.get(tab(wage_case)).status_code == 404
    client.force_login(cast.finance)
    assert client.get(tab(wage_case)).status_code == 403


# --- the case page's panel ------------------------------------------------------------------------------


def test_the_case_page_panel_links_to_the_tab(client, cast, wage_case, clock):
    record(wage_case, cast.officer, clock.today)
    page = html(client, cast.officer, reverse("cases:detail", args=[wage_case.pk]))
    assert 'id="settlement-page-link"' in page and tab(wage_case) in page
    assert "履行中" in page
    hidden = html(client, cast.finance, reverse("cases:detail", args=[wage_case.pk]))
    assert 'id="settlement-hidden"' in hidden and tab(wage_case) not in hidden


def test_the_panel_names_the_campaigns_the_case_is_in(client, cast, courts, wage_case, clock):
    from zhixing.relief.actions import campaigns

    campaign = campaigns.create_campaign(
        courts.high, "BR-9", "百日攻坚", clock.today, plus(clock.today, 30), [courts.xiongan.pk],
        ["migrant_wage"], actor=cast.command,
    )  # fmt: skip
    assert campaigns.enrol_by_rules(campaign, actor=cast.command) == 1
    page = html(client, cast.officer, reverse("cases:detail", args=[wage_case.pk]))
    assert 'id="case-campaigns"' in page and "百日攻坚" in page and "按规则纳入" in page
    assert reverse("relief:campaign", args=["BR-9"]) in page


# --- the settlement-rate page ---------------------------------------------------------------------------


def test_the_rate_page_counts_per_court_and_officer(client, cast, courts, file_case, clock, pay_in):
    a, b = file_case(), file_case()
    record(a, cast.officer, clock.today)
    record(b, cast.officer, clock.today, mode="none")
    clock.move_to(plus(clock.today, 2))
    pay_in(b, "30000.00")
    actions.close_on_performance(Settlement.objects.get(case=b), actor=cast.officer)
    closing.approve_closure(b, actor=cast.judge)
    client.force_login(cast.judge)
    response = client.get(reverse("relief:settlement_rates"))
    assert response.status_code == 200
    page = response.content.decode()
    row = response.context["courts"]
    xiongan = next(r for r in row if r.extra["code"] == "冀96")
    assert (xiongan.recorded, xiongan.performed, xiongan.closed) == (2, 1, 1)
    assert xiongan.rate == Decimal("200.0") and xiongan.performance_rate == Decimal("50.0")
    officer = next(r for r in response.context["officers"] if r.key == cast.officer.pk)
    assert officer.recorded == 2
    assert "和解率" in page and "张执行" in page and "200.0%" in page


def test_the_officer_rows_name_the_court_in_court_order_then_by_name(client, cast, courts, file_case, clock):
    xiongxian = court_actions.create_user(
        "ai", "艾雄县", "pw-ai", courts.xiongxian, [roles.OFFICER], actor=CLI
    )
    for court, handler in (
        (courts.xiongxian, xiongxian),  # the name sorts first, the court comes second
        (courts.xiongan, cast.officer2),
        (courts.xiongan, cast.officer),
    ):
        record(file_case(court=court, handler=handler), cast.judge, clock.today)
    client.force_login(cast.judge)
    response = client.get(reverse("relief:settlement_rates"))
    rows = [(r.extra["court_name"], r.label) for r in response.context["officers"]]
    names = sorted([str(cast.officer), str(cast.officer2)])
    assert rows == [*(("河北雄安新区中级人民法院", n) for n in names), ("雄县人民法院", "艾雄县")]
    page = response.content.decode()
    table = page[page.index('id="by-officer"') :]
    assert "<th>法院</th><th>承办人</th>" in table
    assert '<td class="court">雄县人民法院</td><td class="officer">艾雄县</td>' in table
    data = api(cast.judge).get("/api/v1/relief/settlements/rates/").json()
    assert [(r["court"], r["label"]) for r in data["officers"]] == rows


def test_the_outsider_sees_only_their_own_courts_figures(client, cast, wage_case, clock):
    record(wage_case, cast.officer, clock.today)
    client.force_login(cast.outsider)
    response = client.get(reverse("relief:settlement_rates"))
    assert response.status_code == 200
    codes = {r.extra["code"] for r in response.context["courts"]}
    assert codes == {"冀01"}
    assert "张执行" not in response.content.decode()


def test_finance_may_not_open_the_rate_page(client, cast):
    client.force_login(cast.finance)
    assert client.get(reverse("relief:settlement_rates")).status_code == 403


# --- the read API -----------------------------------------------------------------------------------------


def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_the_api_gives_the_schedule_with_states_and_the_resumed_claim(cast, wage_case, clock, pay_in):
    s = breach(wage_case, cast, clock, pay_in, mode="withdraw")
    actions.resume_after_breach(s, actor=cast.officer)
    response = api(cast.judge).get(f"/api/v1/relief/cases/{wage_case.pk}/settlements/")
    assert response.status_code == 200
    data = response.json()
    one = data["settlements"][0]
    assert one["status"] == "resumed" and one["paid"] == "20000.00"
    assert [i["state"] for i in one["instalments"]] == ["paid", "paid", "missed"]
    assert one["resumed_claim"] == "30000.00"
    assert one["resumption_limit"] == plus(s.last_day, 0).replace(year=s.last_day.year + 2).isoformat()
    assert APPLICANT_ID not in response.content.decode()


def test_the_api_refuses_the_outsider_and_finance(cast, wage_case):
    assert api(cast.outsider).get(f"/api/v1/relief/cases/{wage_case.pk}/settlements/").status_code == 404
    assert api(cast.finance).get(f"/api/v1/relief/cases/{wage_case.pk}/settlements/").status_code == 403


def test_the_api_rates_match_the_page(client, cast, wage_case, clock):
    record(wage_case, cast.officer, clock.today)
    data = api(cast.judge).get("/api/v1/relief/settlements/rates/").json()
    xiongan = next(r for r in data["courts"] if r["label"] == "河北雄安新区中级人民法院")
    assert xiongan["recorded"] == 1 and xiongan["rate"] is None
    assert data["total"]["recorded"] == 1


# --- query counts -----------------------------------------------------------------------------------------


def test_the_tab_reads_in_a_fixed_number_of_queries(client, cast, wage_case, clock, steady_caches):
    record(wage_case, cast.officer, clock.today, mode="none")
    client.force_login(cast.officer)
    with CaptureQueriesContext(connection) as one:
        assert client.get(tab(wage_case)).status_code == 200
    for _ in range(3):
        s = Settlement.objects.filter(case=wage_case, status=Settlement.PERFORMING).get()
        actions.resume_after_breach(s, actor=cast.officer, anticipatory=True)
        record(wage_case, cast.officer, clock.today, mode="none")
    with CaptureQueriesContext(connection) as four:
        page = client.get(tab(wage_case)).content.decode()
    assert page.count('class="card mb-3 settlement"') == 4
    assert counted(four) <= counted(one)


def test_the_rate_page_reads_in_a_fixed_number_of_queries(
    client, cast, courts, file_case, clock, steady_caches
):
    record(file_case(), cast.officer, clock.today)
    client.force_login(cast.judge)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("relief:settlement_rates")).status_code == 200
    for court, handler in (
        (courts.xiongan, cast.officer2),
        (courts.xiongxian, cast.officer),
        (courts.xiongan, cast.officer),
    ):
        case = file_case(court=court, handler=handler)
        record(case, cast.judge, clock.today)
    with CaptureQueriesContext(connection) as more:
        response = client.get(reverse("relief:settlement_rates"))
    assert sum(r.recorded for r in response.context["courts"]) == 4
    assert counted(more) <= counted(one)

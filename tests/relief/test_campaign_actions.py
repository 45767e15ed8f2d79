"""Campaign actions and who may use them: set one up (command centre or leader of the organising court),
enrol by the rules (in bulk, once), enrol and remove by hand (a reason to remove), and the pages and
API: an outsider sees nothing of a campaign."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import Case, CaseEvent
from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as roles
from zhixing.relief import events
from zhixing.relief.actions import campaigns as actions
from zhixing.relief.models import Campaign, CampaignCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def window(clock):
    return clock.today - dt.timedelta(days=30), clock.today + dt.timedelta(days=60)


@pytest.fixture
def make(courts, cast, window):
    def _make(code="BR-1", actor=None, court=None, court_ids=None, kinds=("migrant_wage",), **kw):
        args = dict(
            court=court or courts.high,
            code=code,
            name="百日攻坚",
            starts_on=window[0],
            ends_on=window[1],
            court_ids=court_ids or [courts.xiongan.pk, courts.xiongxian.pk],
            kinds=list(kinds),
            target_closed=10,
            target_amount=Decimal("500000.00"),
            note="",
        )
        args.update(kw)
        return actions.create_campaign(**args, actor=actor or cast.command)

    return _make


@pytest.fixture
def campaign(make):
    return make()


def test_the_command_centre_sets_up_a_campaign_over_the_courts_below(campaign, courts):
    assert set(campaign.courts.all()) == {courts.xiongan, courts.xiongxian}
    assert campaign.kinds == ["migrant_wage"] and campaign.target_amount == Decimal("500000.00")


@pytest.mark.parametrize("who", ["officer", "judge", "outsider", "finance"])
def test_only_the_command_centre_or_a_leader_sets_one_up(make, cast, who):
    with pytest.raises(PermissionDenied):
        make(actor=getattr(cast, who))


def test_a_leader_sets_one_up_at_their_court(make, cast, courts):
    c = make(actor=cast.president, court=courts.xiongan, court_ids=[courts.xiongxian.pk])
    assert c.court == courts.xiongan


def test_bad_input_is_refused_in_chinese(make, courts, window, campaign):
    with pytest.raises(ActionError) as e:
        make(
            code="BR-1",
            name="",
            starts_on=window[1],
            ends_on=window[0],
            kinds=["nonsense"],
        )
    text = " ".join(e.value.messages)
    for words in (
        "已被使用",
        "请填写行动名称",
        "结束日期不能早于开始日期",
        "未知的案件类型",
    ):
        assert words in text
    assert Campaign.objects.count() == 1


def test_a_court_cannot_enlist_a_court_above_it_or_beside_it(make, cast, courts):
    for other in (courts.high, courts.shijiazhuang):
        with pytest.raises(ActionError, match="组织法院及其下级法院"):
            make(actor=cast.president, court=courts.xiongan, court_ids=[other.pk])


def test_enrolling_by_the_rules_adds_the_matching_cases_once(campaign, cast, file_case, loan_case):
    wage = file_case()
    assert actions.enrol_by_rules(campaign, actor=cast.command) == 1
    assert actions.enrol_by_rules(campaign, actor=cast.command) == 0
    entry = CampaignCase.objects.get(campaign=campaign)
    assert entry.case == wage and entry.source == CampaignCase.RULE and entry.kinds == ["migrant_wage"]
    assert CaseEvent.objects.filter(case=wage, kind=events.CAMPAIGN_ENTERED).count() == 1
    assert not CaseEvent.objects.filter(case=loan_case, kind=events.CAMPAIGN_ENTERED).exists()


def test_each_step_leaves_its_audit_entry(campaign, cast, file_case, loan_case):
    file_case()
    actions.enrol_by_rules(campaign, actor=cast.command)
    actions.enrol_case(campaign, loan_case, actor=cast.command)
    actions.remove_case(campaign, loan_case, "误纳入", actor=cast.command)
    rows = list(
        AuditEntry.objects.filter(action__startswith="relief.campaign")
        .order_by("id")
        .values_list("action", "detail")
    )
    assert rows == [
        ("relief.campaign", {"campaign": "BR-1", "courts": 2}),
        ("relief.campaign_enrol", {"campaign": "BR-1", "cases": 1}),
        ("relief.campaign_enrol", {"campaign": "BR-1", "cases": 1}),
        ("relief.campaign_remove", {"campaign": "BR-1", "case": loan_case.case_number}),
    ]


def test_enrolling_by_the_rules_pages_through_the_cases(campaign, cast, file_case, monkeypatch):
    monkeypatch.setattr(actions, "PAGE", 2)
    for _ in range(5):
        file_case()
    assert actions.enrol_by_rules(campaign, actor=cast.command) == 5


def test_a_case_closed_before_the_window_is_not_taken(campaign, cast, file_case, window):
    before = file_case()
    Case.objects.filter(pk=before.pk).update(status=Case.CLOSED, closed_on=window[0] - dt.timedelta(days=1))
    during = file_case()
    Case.objects.filter(pk=during.pk).update(status=Case.CLOSED, closed_on=window[0])
    assert actions.enrol_by_rules(campaign, actor=cast.command) == 1
    assert list(CampaignCase.objects.values_list("case_id", flat=True)) == [during.pk]
    with pytest.raises(ActionError, match="未处于执行中"):
        actions.enrol_case(campaign, before, actor=cast.command)


def test_only_the_organisers_enrol_by_the_rules(campaign, cast):
    with pytest.raises(PermissionDenied):
        actions.enrol_by_rules(campaign, actor=cast.officer)


def test_a_leader_of_the_case_court_enrols_a_case_by_hand_once(campaign, cast, loan_case):
    entry = actions.enrol_case(campaign, loan_case, actor=cast.president)
    assert entry.source == CampaignCase.HAND and entry.kinds == []
    with pytest.raises(ActionError, match="已在该专项行动中"):
        actions.enrol_case(campaign, loan_case, actor=cast.president)


def test_a_case_of_a_court_not_taking_part_is_refused(make, cast, courts, file_case):
    campaign = make(court_ids=[courts.xiongxian.pk])
    with pytest.raises(ActionError, match="未参加"):
        actions.enrol_case(campaign, file_case(), actor=cast.command)


def test_an_officer_cannot_enrol_by_hand(campaign, cast, loan_case):
    with pytest.raises(PermissionDenied):
        actions.enrol_case(campaign, loan_case, actor=cast.officer)


def test_removing_needs_a_reason_and_leaves_it_in_the_case_events(campaign, cast, loan_case):
    actions.enrol_case(campaign, loan_case, actor=cast.command)
    with pytest.raises(ActionError, match="理由"):
        actions.remove_case(campaign, loan_case, "  ", actor=cast.command)
    actions.remove_case(campaign, loan_case, "系重复纳入", actor=cast.command)
    assert not CampaignCase.objects.filter(campaign=campaign).exists()
    event = CaseEvent.objects.get(case=loan_case, kind=events.CAMPAIGN_LEFT)
    assert event.data["reason"] == "系重复纳入"


# --- pages and API ------------------------------------------------------------------------------------


def test_an_outsider_sees_nothing_of_a_campaign(campaign, cast, client):
    client.force_login(cast.outsider)
    assert campaign.name not in client.get(reverse("relief:campaigns")).content.decode()
    assert client.get(reverse("relief:campaign", args=[campaign.code])).status_code == 404
    for fmt in ("xlsx", "pdf"):
        url = reverse("relief:campaign_report", args=[campaign.code])
        assert client.get(url, {"format": fmt}).status_code == 404
    assert client.post(reverse("relief:campaign_enrol_rules", args=[campaign.code])).status_code == 404
    assert client.get("/api/v1/relief/campaigns/").json() == {"campaigns": []}
    assert client.get(f"/api/v1/relief/campaigns/{campaign.code}/").status_code == 404


def test_the_new_campaign_form_is_for_the_command_centre_and_leaders(cast, client):
    client.force_login(cast.officer)
    assert client.get(reverse("relief:campaign_new")).status_code == 404
    assert 'id="campaign-new"' not in client.get(reverse("relief:campaigns")).content.decode()
    client.force_login(cast.command)
    assert 'id="campaign-new"' in client.get(reverse("relief:campaigns")).content.decode()
    assert client.get(reverse("relief:campaign_new")).status_code == 200


def _select(page: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)


def test_the_form_offers_no_empty_court_and_preselects_the_only_one(cast, client, courts):
    client.force_login(cast.command)  # the high court and every court below it
    select = _select(client.get(reverse("relief:campaign_new")).content.decode(), "court")
    assert "---------" not in select and select.count("<option") == 4
    leader = court_actions.create_user("wu", "吴院长", "pw-wu", courts.xiongxian, [roles.LEADER], actor=CLI)
    client.force_login(leader)  # 雄县 has no court below: the one court there is
    page = client.get(reverse("relief:campaign_new")).content.decode()
    select = _select(page, "court")
    assert "---------" not in select
    assert re.findall(r"<option[^>]*>", select) == [f'<option value="{courts.xiongxian.pk}" selected>']
    assert re.search(rf'value="{courts.xiongxian.pk}"[^>]*checked', page)  # and it takes part


def test_the_form_sets_up_a_campaign(cast, client, courts, window):
    client.force_login(cast.command)
    res = client.post(
        reverse("relief:campaign_new"),
        {
            "court": courts.high.pk,
            "name": "涉民生案件集中执行",
            "code": "MS-2026",
            "starts_on": window[0].isoformat(),
            "ends_on": window[1].isoformat(),
            "courts": [courts.xiongan.pk],
            "kinds": ["livelihood", "small_amount"],
            "target_closed": "20",
            "target_amount": "300000",
        },
    )
    assert res.status_code == 302 and res["Location"] == reverse("relief:campaign", args=["MS-2026"])
    c = Campaign.objects.get(code="MS-2026")
    assert c.kinds == ["livelihood", "small_amount"] and c.target_closed == 20


def test_the_board_enrols_by_rules_and_by_number_and_removes_with_a_reason(
    campaign, cast, client, file_case, loan_case
):
    wage = file_case()
    client.force_login(cast.command)
    board = reverse("relief:campaign", args=[campaign.code])
    page = client.get(board).content.decode()
    assert 'id="enrol-rules"' in page and 'id="enrol-case"' in page
    client.post(reverse("relief:campaign_enrol_rules", args=[campaign.code]))
    client.post(
        reverse("relief:campaign_enrol", args=[campaign.code]), {"case_number": loan_case.case_number}
    )
    assert set(CampaignCase.objects.values_list("case_id", flat=True)) == {wage.pk, loan_case.pk}
    res = client.post(
        reverse("relief:campaign_remove", args=[campaign.code]), {"case_id": wage.pk}, follow=True
    )
    assert "移出专项行动须说明理由" in res.content.decode()
    client.post(
        reverse("relief:campaign_remove", args=[campaign.code]), {"case_id": wage.pk, "reason": "已另案处理"}
    )
    assert list(CampaignCase.objects.values_list("case_id", flat=True)) == [loan_case.pk]


def test_a_reader_below_the_organisers_sees_the_board_without_its_buttons(make, cast, client, courts):
    campaign = make(actor=cast.president, court=courts.xiongan, court_ids=[courts.xiongan.pk])
    client.force_login(cast.officer)
    page = client.get(reverse("relief:campaign", args=[campaign.code])).content.decode()
    assert campaign.name in page
    assert 'id="enrol-rules"' not in page and 'id="enrol-case"' not in page
    assert client.post(reverse("relief:campaign_enrol_rules", args=[campaign.code])).status_code == 302
    assert not CampaignCase.objects.exists()


def test_the_report_comes_as_xlsx_or_pdf_only(campaign, cast, client):
    client.force_login(cast.command)
    url = reverse("relief:campaign_report", args=[campaign.code])
    assert client.get(url, {"format": "csv"}).status_code == 404
    res = client.get(url, {"format": "xlsx"})
    assert res.status_code == 200 and res["Content-Disposition"].endswith(".xlsx")


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_the_report_downloads_under_a_chinese_name(campaign, cast, client, clock, fmt):
    client.force_login(cast.command)
    res = client.get(reverse("relief:campaign_report", args=[campaign.code]), {"format": fmt})
    name = f"专项行动-{campaign.code}-{clock.today:%Y%m%d}.{fmt}"
    assert res["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"


def _enrol_queries(campaign, cast) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as q:
        actions.enrol_by_rules(campaign, actor=cast.command)
    return len(q)


def test_enrolling_by_the_rules_reads_in_bulk_not_per_case(make, cast, file_case, steady_caches):
    first, second = make(code="BR-A"), make(code="BR-B")
    for _i in range(2):
        file_case()
    _enrol_queries(first, cast)  # warms the rule settings' cache
    few = _enrol_queries(make(code="BR-C"), cast)
    for _i in range(6):
        file_case()
    assert _enrol_queries(second, cast) == few


def test_staff_of_a_court_taking_part_read_the_board_of_the_court_above(campaign, cast, client, courts):
    # The campaign is the high court's; 冀96 takes part: its leader follows the campaign it works in.
    assert campaign.court == courts.high and cast.president.pk
    client.force_login(cast.president)
    assert client.get(reverse("relief:campaign", args=[campaign.code])).status_code == 200
    client.force_login(cast.outsider)  # 石家庄 does not take part
    assert client.get(reverse("relief:campaign", args=[campaign.code])).status_code == 404

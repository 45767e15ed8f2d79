"""The inquiry pages (issue 10 item 9): the case page's 网络查控 panel, the batch pages and the command
centre's measure-expiry calendar and inquiry panel, for every role. Results only for the staff on the
case, each read logged with its purpose; actions offered exactly when the permission predicates allow;
the lists read without a query per row.

The register is made directly through the models (no institution answers here); the writes go
through the actions, which only fill the outbox."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.inquiry.conftest import resident_id
from zhixing.cases import actions as case_actions
from zhixing.cases.models import Party
from zhixing.core.models import AuditEntry
from zhixing.inquiry import actions, permissions, rules
from zhixing.inquiry.models import Asset, InquiryBatch, InquiryRequest, Institution, Measure
from zhixing.inquiry.views.panel import PURPOSE

pytestmark = pytest.mark.django_db

ACCOUNT = "6222020200112233445"
DEBTOR = "王某某"


@pytest.fixture
def institutions(db):
    def make(code, name, kind, **kw):
        return Institution.objects.create(
            code=code, name=name, kind=kind, url="http://127.0.0.1:9/", public_key="A" * 43 + "=", **kw
        )

    return {
        "bank": make("ICBC", "中国工商银行", rules.BANK, supports_deduct=True),
        "estate": make("XAREG", "雄安新区不动产登记中心", rules.REAL_ESTATE, link=Institution.PROVINCIAL),
    }


def file_with_debtor(courts, cast, n: int = 1):
    return case_actions.file_case(
        court=courts.xiongan,
        type_code="执",
        filed_on=dt.date(2026, 11, 2),
        applied_amount=Decimal("80000.00"),
        parties=[
            case_actions.PartyInput(Party.APPLICANT, "王申请", "11010519491231002X"),
            case_actions.PartyInput(Party.DEBTOR, DEBTOR, resident_id(n)),
        ],
        cause="民间借贷纠纷",
        handler=cast.officer,
        actor=cast.clerk,
    )


def add_asset(case, institution, type_code, asset_id, value=None, account="", queue=()):
    now = timezone.now()
    return Asset.objects.create(
        case=case,
        party=case.parties.get(role=Party.DEBTOR),
        institution=institution,
        type=type_code,
        asset_id=asset_id,
        description="",
        account=account,
        value=value,
        other_measures=list(queue),
        found_at=now,
        last_seen=now,
    )


def add_measure(asset, status=Measure.ACTIVE, start=None, days=365, amount=None, **kw):
    start = start or timezone.localdate()
    return Measure.objects.create(
        case=asset.case,
        asset=asset,
        kind=rules.measure_kind(asset.type),
        amount=amount,
        days=days,
        start=start,
        expiry=start + dt.timedelta(days=days - 1),
        position=kw.pop("position", 1),
        status=status,
        document_number=f"{asset.case.case_number}之一",
        document_sha256="0" * 64,
        created_at=timezone.now(),
        **kw,
    )


@pytest.fixture
def registered(courts, cast, institutions, clock):
    """A case with one debtor: a deposit frozen (2nd in the queue), a house not yet sealed."""
    case = file_with_debtor(courts, cast)
    deposit = add_asset(
        case,
        institutions["bank"],
        rules.DEPOSIT,
        "D1",
        Decimal("123456.78"),
        ACCOUNT,
        queue=[{"court": "冀01"}],
    )
    house = add_asset(
        case,
        institutions["estate"],
        rules.REAL_ESTATE,
        "R1",
        Decimal("900000.00"),
        "冀(2024)雄安不动产权第0001号",
    )
    frozen = add_measure(
        deposit, amount=Decimal("50000.00"), position=2, start=clock.today - dt.timedelta(days=30)
    )
    return case, deposit, house, frozen


def panel(client, user, case) -> str:
    client.force_login(user)
    r = client.get(reverse("cases:detail", args=[case.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    start = html.find('id="inquiry"')
    assert start >= 0
    return html[start : html.find("</section>", start)]


def reads():
    return AuditEntry.objects.filter(action="inquiry.read_results")


# --- The case page's panel ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "judge", "president", "command"])
def test_staff_on_the_case_see_the_register_and_the_read_is_logged(client, cast, registered, who):
    case, _deposit, _house, frozen = registered
    user = getattr(cast, who)
    html = panel(client, user, case)
    assert "网络查控" in html and "财产登记" in html and DEBTOR in html
    assert "中国工商银行" in html and "雄安新区不动产登记中心" in html
    assert ACCOUNT not in html and "****3445" in html  # the account masked
    assert resident_id(1) not in html and resident_id(1)[:6] + "********" in html  # the ID masked
    assert "123,456.78" in html and "50,000.00" in html
    assert "冻结" in html and "轮候第 2 位" in html and "轮候 1 项" in html
    assert frozen.expiry.isoformat() in html
    entry = reads().get()
    assert entry.actor_id == user.pk
    assert entry.detail["case"] == case.case_number and entry.detail["purpose"] == PURPOSE


@pytest.mark.parametrize("who", ["officer2", "clerk", "finance"])
def test_others_of_the_court_see_a_notice_and_nothing_is_read(client, cast, registered, who):
    case, *_ = registered
    html = panel(client, getattr(cast, who), case)
    assert "查控结果仅限本案承办人" in html
    assert "中国工商银行" not in html and "3445" not in html and "123,456.78" not in html
    assert not reads().exists()


def test_staff_of_another_court_do_not_get_the_case(client, cast, registered):
    case, deposit, _house, frozen = registered
    client.force_login(cast.outsider)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert client.post(reverse("inquiry:start_case", args=[case.pk])).status_code == 404
    assert client.post(reverse("inquiry:freeze", args=[deposit.pk]), {"days": 30}).status_code == 404
    assert client.post(reverse("inquiry:release", args=[frozen.pk]), {"reason": "ruling"}).status_code == 404
    assert not reads().exists()
    assert not InquiryBatch.objects.exists()


def test_actions_are_offered_only_as_the_predicates_allow(client, cast, registered):
    case, deposit, house, frozen = registered
    for who in ("officer", "judge", "officer2", "command", "clerk"):
        user = getattr(cast, who)
        html = panel(client, user, case)
        assert ('id="start-inquiry"' in html) == permissions.may_start_inquiry(user, case), who
        assert ("renew-form" in html) == permissions.may_renew(user, frozen), who
        assert ("release-form" in html) == permissions.may_release(user, frozen), who
        assert ("deduct-form" in html) == permissions.may_deduct(user, frozen), who
        assert ("freeze-form" in html) == permissions.may_freeze(user, house), who
    assert permissions.may_renew(cast.officer, frozen) and not permissions.may_renew(cast.command, frozen)
    assert not permissions.may_freeze(cast.officer, deposit)  # already frozen


def test_the_officer_starts_an_inquiry_and_freezes_from_the_panel(client, cast, registered):
    case, _deposit, house, frozen = registered
    client.force_login(cast.officer)
    r = client.post(reverse("inquiry:start_case", args=[case.pk]), follow=True)
    batch = InquiryBatch.objects.get()
    assert batch.scope == InquiryBatch.CASE and batch.debtors == 1 and batch.requests == 2
    html = r.content.decode()
    assert f"已发起网络查控（批次 #{batch.pk}）" in html and f'data-batch="{batch.pk}"' in html
    assert "进行中" in html and "0 / 2" in html

    client.post(reverse("inquiry:freeze", args=[house.pk]), {"days": "1000"}, follow=True)
    sealed = Measure.objects.get(asset=house)
    assert sealed.kind == rules.SEAL and sealed.status == Measure.REQUESTED and sealed.amount is None
    assert sealed.days == 1000
    r = client.post(reverse("inquiry:release", args=[frozen.pk]), {"reason": rules.RULING}, follow=True)
    assert "已发出解除指令" in r.content.decode()
    frozen.refresh_from_db()
    assert frozen.pending == "release"
    assert InquiryRequest.objects.filter(measure=frozen, action=InquiryRequest.RELEASE).count() == 1


def test_a_refused_action_comes_back_as_a_chinese_message(client, cast, registered):
    case, _deposit, _house, frozen = registered
    client.force_login(cast.officer2)  # of the court, not on the case
    r = client.post(reverse("inquiry:deduct", args=[frozen.pk]), {"amount": "10.00"}, follow=True)
    assert r.status_code == 200
    frozen.refresh_from_db()
    assert frozen.pending == "" and not InquiryRequest.objects.exists()
    assert "扣划需要在河北雄安新区中级人民法院具有以下角色之一" in r.content.decode()


# --- Batches --------------------------------------------------------------------------------------


def test_the_command_centre_lists_and_starts_batches(client, cast, courts, registered):
    client.force_login(cast.command)  # of the high court: 冀96 is below it
    url = reverse("inquiry:batches") + "?court=冀96"
    html = client.get(url).content.decode()
    assert "网络查控批次" in html and "发起批量查控" in html and "暂无查控批次" in html
    r = client.post(
        reverse("inquiry:start_batch"), {"court": "冀96", "scope": InquiryBatch.OPEN}, follow=True
    )
    batch = InquiryBatch.objects.get()
    assert batch.scope == InquiryBatch.OPEN and batch.started_by == cast.command and batch.cases == 1
    html = r.content.decode()
    assert f"查控批次 #{batch.pk}" in html and "中国工商银行" in html and "点对点" in html
    assert 'hx-trigger="every 3s"' in html  # running: the progress refreshes itself
    html = client.get(url).content.decode()
    assert f'data-batch="{batch.pk}"' in html and "全部未结案件" in html


def test_a_finished_batch_stops_polling(client, cast, registered):
    batch = actions.start_batch(registered[0].court, InquiryBatch.OPEN, actor=cast.command)
    client.force_login(cast.command)
    assert (
        'hx-trigger="every' in client.get(reverse("inquiry:batch_progress", args=[batch.pk])).content.decode()
    )
    InquiryBatch.objects.filter(pk=batch.pk).update(status=InquiryBatch.DONE, finished_at=timezone.now())
    html = client.get(reverse("inquiry:batch_progress", args=[batch.pk])).content.decode()
    assert 'hx-trigger="every' not in html and "已完成" in html


def test_an_officer_may_not_start_or_list_batches_but_follows_their_own(client, cast, courts, registered):
    case = registered[0]
    client.force_login(cast.officer)
    assert client.get(reverse("inquiry:batches")).status_code == 403
    r = client.post(reverse("inquiry:start_batch"), {"court": "冀96", "scope": InquiryBatch.OPEN})
    assert r.status_code == 302 and not InquiryBatch.objects.exists()
    own = actions.start_case_inquiry(case, actor=cast.officer)
    assert client.get(reverse("inquiry:batch", args=[own.pk])).status_code == 200
    court_wide = actions.start_batch(courts.xiongan, InquiryBatch.OPEN, actor=cast.command)
    assert client.get(reverse("inquiry:batch", args=[court_wide.pk])).status_code == 403
    client.force_login(cast.outsider)
    assert client.get(reverse("inquiry:batch", args=[own.pk])).status_code == 403


def test_batch_list_does_not_query_per_row(client, cast, courts, institutions, django_assert_max_num_queries):
    file_with_debtor(courts, cast)
    client.force_login(cast.command)
    url = reverse("inquiry:batches") + "?court=冀96"
    for _ in range(2):
        actions.start_batch(courts.xiongan, InquiryBatch.OPEN, actor=cast.command)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for _ in range(6):
        actions.start_batch(courts.xiongan, InquiryBatch.OPEN, actor=cast.president)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('class="list-row batch-row') == 8


# --- The command centre -----------------------------------------------------------------------------


@pytest.fixture
def calendar_world(courts, cast, institutions, clock):
    """Measures of 冀96: one lapsed, one with its renewal reminder raised, one expiring in 60 days."""
    case = file_with_debtor(courts, cast)
    bank = institutions["bank"]
    on = clock.today
    lapsed = add_measure(
        add_asset(case, bank, rules.DEPOSIT, "L1", Decimal("10.00"), "6222000000000001"),
        status=Measure.LAPSED, start=on - dt.timedelta(days=400), amount=Decimal("10.00"),
        lapsed_on=on - dt.timedelta(days=35),
    )  # fmt: skip
    due = add_measure(
        add_asset(case, bank, rules.DEPOSIT, "D2", Decimal("20.00"), "6222000000000002"),
        start=on - dt.timedelta(days=345), amount=Decimal("20.00"), renewal_due_since=on - dt.timedelta(days=1),
    )  # fmt: skip
    later = add_measure(
        add_asset(case, institutions["estate"], rules.REAL_ESTATE, "R2", Decimal("500000.00")),
        start=on - dt.timedelta(days=3 * 365 - 61), days=3 * 365,
    )  # fmt: skip
    return case, lapsed, due, later


def test_the_calendar_shows_lapsed_due_and_upcoming_measures(client, cast, calendar_world):
    case, lapsed, due, later = calendar_world
    for user in (cast.command, cast.president):
        client.force_login(user)
        r = client.get(reverse("inquiry:calendar") + "?court=冀96")
        assert r.status_code == 200
        html = r.content.decode()
        assert "查控措施到期日历" in html and "已失效（到期未续行）" in html
        assert f'class="table-danger list-row lapsed-row" data-measure="{lapsed.pk}"' in html
        assert f'data-measure="{due.pk}"' in html and "需续行" in html
        assert f'class="list-row upcoming-row" data-measure="{later.pk}"' in html and "查封" in html
        assert later.expiry.isoformat() in html and "剩 60 天" in html
        assert case.case_number in html and "6222000000000001" not in html
    assert not reads().exists()  # the calendar shows measures, not a debtor's register


@pytest.mark.parametrize("who", ["officer", "judge", "clerk", "finance", "outsider"])
def test_the_calendar_and_panel_are_for_the_command_centre_and_leaders(client, cast, calendar_world, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("inquiry:calendar")).status_code == 403
    assert client.get(reverse("inquiry:panel")).status_code == 403
    home = client.get(reverse("cases:inbox")).content.decode()
    assert reverse("inquiry:calendar") not in home


def test_the_navbar_and_the_centre_link_the_inquiry_pages(client, cast, calendar_world):
    client.force_login(cast.command)
    html = client.get(reverse("centre:live")).content.decode()
    assert reverse("inquiry:calendar") in html and reverse("inquiry:panel") in html


def test_the_inquiry_panel_sums_todays_batches_by_institution(client, cast, courts, registered):
    batch = actions.start_batch(courts.xiongan, InquiryBatch.OPEN, actor=cast.command)
    from zhixing.inquiry.models import BatchInstitutionSummary

    BatchInstitutionSummary.objects.filter(batch=batch, institution__code="ICBC").update(
        answered=1, queried=1, hits=1, assets=2
    )
    BatchInstitutionSummary.objects.filter(batch=batch, institution__code="XAREG").update(failures=1)
    client.force_login(cast.command)
    html = client.get(reverse("inquiry:panel") + "?court=冀96").content.decode()
    assert "网络查控面板" in html and "按查控机构" in html
    assert 'data-code="ICBC"' in html and 'data-code="XAREG"' in html and "不动产登记机构" in html
    assert '<div class="h3" id="batches-today">1</div>' in html
    assert '<div class="h3" id="hits-today">1</div>' in html
    assert 'id="failures-today">1</div>' in html


def test_calendar_and_panel_do_not_query_per_row(
    client, cast, courts, institutions, clock, django_assert_max_num_queries
):
    on = clock.today

    def fill(n: int) -> None:
        for i in range(n):
            case = file_with_debtor(courts, cast, n=100 + Measure.objects.count())
            for status, start in (
                (Measure.ACTIVE, on - dt.timedelta(days=340)),
                (Measure.LAPSED, on - dt.timedelta(days=400)),
            ):
                a = add_asset(
                    case,
                    institutions["bank"],
                    rules.DEPOSIT,
                    f"A{status}{i}",
                    Decimal("1.00"),
                    "6222000011112222",
                )
                add_measure(a, status=status, start=start, amount=Decimal("1.00"), renewal_due_since=on)
            actions.start_batch(courts.xiongan, InquiryBatch.OPEN, actor=cast.command)

    client.force_login(cast.command)
    fill(2)
    for name in ("inquiry:calendar", "inquiry:panel"):
        url = reverse(name) + "?court=冀96"
        with django_assert_max_num_queries(40) as few:
            assert client.get(url).status_code == 200
        fill(3)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert client.get(url).status_code == 200
    html = client.get(reverse("inquiry:calendar") + "?court=冀96").content.decode()
    assert html.count("lapsed-row") == 8 and html.count("due-row") == 8

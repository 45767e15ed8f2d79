"""The case's disposal page (/disposal/cases/<id>/) and its panel on the case page: who sees them, which
forms each viewer is offered (exactly what the `may_*` predicates allow), the writes posted to the
actions, and a page read in a fixed number of queries whatever the number of disposals.

The disposals are built through the ORM here (the actions are other helpers'); the posts are checked
against a stand-in action so that the wiring is tested apart from the rules the actions enforce."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zhixing.disposal import rules
from zhixing.disposal.models import Auction, Disposal, PanelVote, PriceProcedure
from zhixing.disposal.views import actions as action_views
from zhixing.disposal.views import case as case_views
from zhixing.inquiry import rules as inquiry_rules
from zhixing.inquiry.models import Asset, Measure

pytestmark = pytest.mark.django_db


# --- builders (also used by the desk, notice and API tests) ------------------------------------------


def make_disposal(measure, **kw) -> Disposal:
    asset = measure.asset
    args = dict(
        case=measure.case,
        asset=asset,
        measure=measure,
        kind=rules.disposal_kind(asset.type),
        description=asset.description,
        seized_on=measure.start,
        reference_due_on=measure.start + dt.timedelta(days=30),
        created_at=timezone.now(),
    )
    args.update(kw)
    return Disposal.objects.create(**args)


def make_auction(disposal, platform, proposer, **kw) -> Auction:
    on = timezone.localdate()
    starts = timezone.now() + dt.timedelta(days=31)
    args = dict(
        disposal=disposal,
        round_no=1,
        platform=platform,
        reference_price=Decimal("1200000.00"),
        start_price=Decimal("840000.00"),
        increment=Decimal("5000.00"),
        deposit=Decimal("84000.00"),
        notice_on=on,
        bidding_starts_at=starts,
        bidding_ends_at=starts + dt.timedelta(days=1),
        parties_notified_on=on - dt.timedelta(days=3),
        proposed_by=proposer,
        proposed_at=timezone.now(),
    )
    args.update(kw)
    return Auction.objects.create(**args)


def another_seal(case, n: int) -> Measure:
    """One more sealed flat of the case's debtor."""
    first = case.assets.first()
    now = timezone.now()
    asset = Asset.objects.create(
        case=case,
        party=first.party,
        institution=first.institution,
        type=inquiry_rules.REAL_ESTATE,
        asset_id=f"XA-RE-{n:04d}",
        description=f"雄安新区容城县某小区{n}号楼101室",
        value=Decimal("500000.00"),
        found_at=now,
        last_seen=now,
    )
    return Measure.objects.create(
        case=case,
        asset=asset,
        kind=inquiry_rules.SEAL,
        days=1095,
        start=timezone.localdate(),
        expiry=timezone.localdate() + dt.timedelta(days=1094),
        position=1,
        status=Measure.ACTIVE,
        document_number=f"{case.case_number}之{n}",
        document_sha256="0" * 64,
        created_at=now,
    )


@pytest.fixture
def all_actions(monkeypatch):
    """Every action offered as if it had landed: the page's offers depend on the predicates only."""
    monkeypatch.setattr(case_views, "available", lambda name: True)


@pytest.fixture
def recorded(monkeypatch):
    """A stand-in for every action: records (name, args, kwargs) and returns a marker."""
    calls: list[tuple[str, tuple, dict]] = []

    def lookup(name):
        def fake(*args, **kwargs):
            calls.append((name, args, kwargs))
            return object()

        return fake

    monkeypatch.setattr(action_views, "action", lookup)
    return calls


def page(client, user, case):
    client.force_login(user)
    return client.get(reverse("disposal:case", args=[case.pk]))


# --- who sees the page ------------------------------------------------------------------------------


def test_handler_sees_the_page_and_the_start_form(client, cast, seal, all_actions):
    response = page(client, cast.officer, seal.case)
    assert response.status_code == 200
    html = response.content.decode()
    assert "财产处置" in html
    assert "start-disposal-form" in html
    assert seal.asset.description in html  # the sealed flat offered


def test_other_court_sees_nothing_and_a_clerk_is_refused(client, cast, seal):
    assert page(client, cast.outsider, seal.case).status_code == 404
    assert page(client, cast.clerk, seal.case).status_code == 403


def test_a_judge_reads_but_is_not_offered_the_handlers_forms(client, cast, seal, platforms, all_actions):
    d = make_disposal(seal, reference_price=Decimal("1200000.00"), reference_method="agreement")
    html = page(client, cast.judge, seal.case).content.decode()
    # A judge of the court may handle (HANDLING_ROLES); a command-centre reader may not.
    assert f"disposal-{d.pk}" in html
    html = page(client, cast.command, seal.case).content.decode()
    assert f"disposal-{d.pk}" in html
    assert "propose-form" not in html
    assert "start-disposal-form" not in html


def test_an_open_sealed_disposal_is_not_offered_again(client, cast, seal, all_actions):
    make_disposal(seal)
    html = page(client, cast.officer, seal.case).content.decode()
    assert "start-disposal-form" not in html  # the only seal already has an open disposal
    assert "start-price-form" in html


def test_a_closed_disposal_frees_its_seal_for_a_new_one(client, cast, seal, all_actions):
    make_disposal(seal, status=Disposal.RELEASED)
    html = page(client, cast.officer, seal.case).content.decode()
    assert "start-disposal-form" in html


# --- forms per state and per viewer -----------------------------------------------------------------


def test_procedure_forms_follow_the_method(client, cast, seal, all_actions):
    d = make_disposal(seal)
    agreement = PriceProcedure.objects.create(disposal=d, method=rules.AGREEMENT, started_on=seal.start)
    html = page(client, cast.officer, seal.case).content.decode()
    assert "agreement-form" in html and "report-form" not in html
    assert "start-price-form" not in html  # one procedure at a time
    agreement.status = PriceProcedure.FAILED
    agreement.save()
    PriceProcedure.objects.create(disposal=d, method=rules.NETWORK, started_on=seal.start)
    html = page(client, cast.officer, seal.case).content.decode()
    assert "collect-form" in html and "agreement-form" not in html


def test_an_objection_is_ruled_by_a_judge_not_the_handler(client, cast, seal, all_actions):
    d = make_disposal(seal)
    PriceProcedure.objects.create(
        disposal=d,
        method=rules.NETWORK,
        started_on=seal.start,
        status=PriceProcedure.DONE,
        price=Decimal("1200000.00"),
        objection_by="赵某某",
        objection="价格过低",
        objection_on=seal.start,
    )
    assert "rule-price-form" not in page(client, cast.officer, seal.case).content.decode()
    assert "rule-price-form" in page(client, cast.judge, seal.case).content.decode()


def test_the_panel_vote_is_offered_once_to_each_member(client, cast, seal, platforms, all_actions):
    d = make_disposal(seal, status=Disposal.AUCTION, reference_price=Decimal("1200000.00"))
    a = make_auction(d, platforms[0], cast.officer)
    assert "vote-form" not in page(client, cast.officer, seal.case).content.decode()  # an officer
    assert "vote-form" in page(client, cast.judge, seal.case).content.decode()
    PanelVote.objects.create(auction=a, member=cast.judge, at=timezone.now())
    html = page(client, cast.judge, seal.case).content.decode()
    assert "vote-form" not in html
    assert "李法官" in html  # the vote shown
    assert "vote-form" in page(client, cast.president, seal.case).content.decode()
    assert "propose-form" not in html  # a round is open


def test_a_decided_round_is_listed_by_the_handler(client, cast, seal, platforms, all_actions):
    d = make_disposal(seal, status=Disposal.AUCTION, reference_price=Decimal("1200000.00"))
    make_auction(d, platforms[0], cast.officer, status=Auction.DECIDED, decided_at=timezone.now())
    assert "list-form" in page(client, cast.officer, seal.case).content.decode()
    assert "list-form" not in page(client, cast.command, seal.case).content.decode()


def test_a_sale_is_confirmed_by_a_judge_then_served_and_transferred(
    client, cast, seal, platforms, all_actions
):
    d = make_disposal(
        seal, status=Disposal.SOLD, reference_price=Decimal("1200000.00"), price=Decimal("900000.00")
    )
    make_auction(
        d, platforms[0], cast.officer, status=Auction.SOLD, price=Decimal("900000.00"), buyer_name="孙买受"
    )
    assert "confirm-form" not in page(client, cast.officer, seal.case).content.decode()
    assert "confirm-form" in page(client, cast.judge, seal.case).content.decode()
    d.ruling_number = "（2026）冀96执1号之二"
    d.ruling_on = seal.start
    d.save()
    html = page(client, cast.officer, seal.case).content.decode()
    assert "serve-form" in html and "transfer-form" not in html
    d.served_on = seal.start
    d.save()
    html = page(client, cast.officer, seal.case).content.decode()
    assert "transfer-form" in html and "draw-form" in html


def test_after_a_failed_sale_the_applicant_may_take_or_refuse(client, cast, seal, platforms, all_actions):
    d = make_disposal(seal, status=Disposal.SALE, reference_price=Decimal("1200000.00"))
    for n in (1, 2):
        make_auction(d, platforms[0], cast.officer, round_no=n, status=Auction.FAILED)
    make_auction(d, platforms[0], cast.officer, round_no=3, stage=Auction.SALE, status=Auction.FAILED)
    html = page(client, cast.officer, seal.case).content.decode()
    assert "take-form" in html and "refuse-form" in html and "release-form" in html
    assert "propose-form" not in html


def test_only_landed_actions_are_offered(client, cast, seal, monkeypatch):
    monkeypatch.setattr(case_views, "available", lambda name: name != "start_price")
    make_disposal(seal)
    assert "start-price-form" not in page(client, cast.officer, seal.case).content.decode()


# --- writes ---------------------------------------------------------------------------------------


def test_start_posts_the_measure_to_the_action(client, cast, seal, recorded):
    client.force_login(cast.officer)
    response = client.post(reverse("disposal:start", args=[seal.case.pk]), {"measure": seal.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("disposal:case", args=[seal.case.pk])
    ((name, args, kwargs),) = recorded
    assert name == "start_disposal" and args == (seal,) and kwargs["actor"] == cast.officer


def test_propose_parses_the_terms(client, cast, seal, platforms, recorded):
    d = make_disposal(seal, status=Disposal.AUCTION, reference_price=Decimal("1200000.00"))
    client.force_login(cast.officer)
    client.post(
        reverse("disposal:propose_auction", args=[d.pk]),
        {
            "start": "840000.00",
            "increment": "5000",
            "deposit": "84000",
            "notice_on": "2026-12-01",
            "bidding_starts_at": "2027-01-05T10:00",
            "bidding_ends_at": "2027-01-06T10:00",
            "parties_notified_on": "2026-11-27",
            "preemption": "钱共有,1,共有人\n李承租,2,承租人",
            "platform": platforms[1].pk,
        },
    )
    ((name, args, kwargs),) = recorded
    assert name == "propose_auction" and args == (d,)
    assert kwargs["start"] == Decimal("840000.00") and kwargs["platform"] == platforms[1]
    assert kwargs["preemption"] == [
        {"name": "钱共有", "rank": 1, "basis": "共有人"},
        {"name": "李承租", "rank": 2, "basis": "承租人"},
    ]
    assert timezone.is_aware(kwargs["bidding_starts_at"])


def test_an_invalid_form_calls_nothing(client, cast, seal, recorded):
    d = make_disposal(seal)
    client.force_login(cast.officer)
    response = client.post(reverse("disposal:start_price", args=[d.pk]), {"method": "guess"}, follow=True)
    assert recorded == []
    assert "确定参考价方式" in response.content.decode()


def test_a_post_on_a_case_of_another_court_is_404(client, cast, seal, recorded):
    d = make_disposal(seal)
    client.force_login(cast.outsider)
    assert (
        client.post(reverse("disposal:start_price", args=[d.pk]), {"method": "agreement"}).status_code == 404
    )
    assert recorded == []


def test_an_action_not_yet_landed_answers_with_a_message(client, cast, seal, monkeypatch):
    monkeypatch.setattr(action_views, "action", lambda name: None)
    d = make_disposal(seal)
    client.force_login(cast.officer)
    response = client.post(reverse("disposal:start_price", args=[d.pk]), {"method": "agreement"}, follow=True)
    assert "该功能尚未启用" in response.content.decode()


def test_gets_are_refused_on_action_urls(client, cast, seal):
    client.force_login(cast.officer)
    assert client.get(reverse("disposal:start", args=[seal.case.pk])).status_code == 405


# --- the case page's panel --------------------------------------------------------------------------


def test_the_case_page_panel_summarises_and_links(client, cast, seal):
    make_disposal(seal, reference_price=Decimal("1200000.00"))
    client.force_login(cast.officer)
    html = client.get(reverse("cases:detail", args=[seal.case.pk])).content.decode()
    assert 'id="disposal-summary"' in html
    assert reverse("disposal:case", args=[seal.case.pk]) in html
    assert "1200000.00" in html


def test_the_panel_is_hidden_from_a_clerk(client, cast, seal):
    make_disposal(seal)
    client.force_login(cast.clerk)
    html = client.get(reverse("cases:detail", args=[seal.case.pk])).content.decode()
    assert 'id="disposal-hidden"' in html and 'id="disposal-summary"' not in html


# --- queries ----------------------------------------------------------------------------------------


def _fill(seal, platforms, officer, judge, n: int) -> None:
    for i in range(n):
        m = seal if i == 0 else another_seal(seal.case, 100 + i)
        d = make_disposal(m, status=Disposal.AUCTION, reference_price=Decimal("1200000.00"))
        p = PriceProcedure.objects.create(
            disposal=d, method=rules.NETWORK, started_on=m.start, status=PriceProcedure.DONE
        )
        for pl in platforms:
            p.reports.create(platform=pl, source=pl.name, price=Decimal("1200000.00"), asked_on=m.start)
        make_auction(d, platforms[0], officer, status=Auction.FAILED, ended_at=timezone.now())
        a = make_auction(d, platforms[0], officer, round_no=2, start_price=Decimal("700000.00"))
        PanelVote.objects.create(auction=a, member=judge, at=timezone.now())


def test_the_page_reads_in_a_fixed_number_of_queries(
    client, cast, seal, platforms, all_actions, django_assert_max_num_queries
):
    _fill(seal, platforms, cast.officer, cast.judge, 1)
    client.force_login(cast.president)
    url = reverse("disposal:case", args=[seal.case.pk])
    client.get(url)  # warm caches (settings, node catalogue)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _fill_more = [another_seal(seal.case, 200 + i) for i in range(4)]
    for m in _fill_more:
        d = make_disposal(m, status=Disposal.AUCTION, reference_price=Decimal("1200000.00"))
        a = make_auction(d, platforms[1], cast.officer)
        PanelVote.objects.create(auction=a, member=cast.judge, at=timezone.now())
    with django_assert_max_num_queries(counted(one) + stamps) as five:
        assert client.get(url).status_code == 200
    assert counted(five) <= counted(one)


# The cached rule settings re-read their generation stamp now and then (zhixing.core.rulesettings):
# one query that depends on the clock, not on the rows, left out of the comparison.
stamps = 1


def counted(captured) -> int:
    return sum(1 for q in captured.captured_queries if "core_cachestamp" not in q["sql"])


def test_pay_posts_each_creditors_account(client, cast, seal, recorded):
    from zhixing.disposal.models import Distribution

    d = make_disposal(seal, status=Disposal.SOLD, price=Decimal("900000.00"))
    dist = Distribution.objects.create(
        disposal=d,
        case=seal.case,
        proceeds=Decimal("900000.00"),
        status=Distribution.FINAL,
        drawn_by=cast.officer,
        drawn_on=seal.start,
    )
    costs = dist.lines.create(order=1, category=rules.COSTS, creditor="执行费用", claim=1000, share=1000)
    line = dist.lines.create(
        order=2, category=rules.ORDINARY, case=seal.case, creditor="王申请", claim=899000, share=899000
    )
    client.force_login(cast.officer)
    client.post(
        reverse("disposal:pay_distribution", args=[dist.pk]),
        {
            f"payee_name_{line.pk}": "王申请",
            f"payee_account_{line.pk}": "6222020200112233445",
            f"payee_bank_{line.pk}": "中国工商银行雄安分行",
            f"payee_confirmed_{line.pk}": "on",
        },
    )
    ((name, args, kwargs),) = recorded
    assert name == "pay_distribution" and args == (dist,)
    payee = kwargs["payees"][line.pk]
    assert payee.account == "6222020200112233445" and payee.confirmed
    assert costs.pk not in kwargs["payees"]


def test_through_the_real_actions_to_a_reference_price(client, cast, seal):
    """The officer starts a disposal of the sealed flat, a price by agreement, and records it: the
    page's posts reach the real actions (helper A's)."""
    client.force_login(cast.officer)
    client.post(reverse("disposal:start", args=[seal.case.pk]), {"measure": seal.pk})
    d = Disposal.objects.get(measure=seal)
    client.post(reverse("disposal:start_price", args=[d.pk]), {"method": rules.AGREEMENT})
    p = d.procedures.get()
    response = client.post(
        reverse("disposal:record_agreement", args=[p.pk]), {"price": "1150000.00"}, follow=True
    )
    d.refresh_from_db()
    assert d.reference_price == Decimal("1150000.00")
    html = response.content.decode()
    assert "1150000.00" in html and "propose-form" in html


def test_a_distribution_objection_is_ruled_by_a_judge(client, cast, seal, all_actions, clock):
    from zhixing.disposal.models import Distribution

    d = make_disposal(seal, status=Disposal.SOLD, price=Decimal("900000.00"))
    dist = Distribution.objects.create(
        disposal=d,
        case=seal.case,
        proceeds=Decimal("900000.00"),
        status=Distribution.OBJECTED,
        drawn_by=cast.officer,
        drawn_on=clock.today,
        notified_on=clock.today,
        objection_due_on=clock.today + dt.timedelta(days=15),
    )
    dist.objections.create(creditor="李债权", reason="顺序有误", filed_on=clock.today)
    officer = page(client, cast.officer, seal.case).content.decode()
    assert "object-distribution-form" in officer and "rule-distribution-form" not in officer
    judge = page(client, cast.judge, seal.case).content.decode()
    assert "rule-distribution-form" in judge and "处理李债权的异议" in judge
    assert "finalise-form" not in judge  # an objection is pending, the window still runs

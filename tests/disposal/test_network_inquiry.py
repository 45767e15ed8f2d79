"""Network inquiry (网络询价, rules §8 "Reference price") over HTTP with three real reference platforms
(simulators/auction, started and registered by zhixing.disposal.reference): every listed platform is
asked; the reference price is the average of the valid reports; a platform that has not reported
within its 3 days is ignored; a report that does not verify under the platform's registered key is
refused (audited) and counts as no report."""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.request
from decimal import Decimal

import pytest

from tests.disposal.auction_world import judge2, listed_round, panel  # noqa: F401
from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry
from zhixing.courts.models import Court
from zhixing.disposal import actions, reference, rules
from zhixing.disposal.actions.prices import inquiry_id
from zhixing.disposal.models import Auction, Platform, PriceProcedure
from zhixing.inquiry import signing
from zhixing.inquiry.reference import get_json

from .conftest import FLAT_VALUE, public_b64

pytestmark = pytest.mark.django_db

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
FIVE_DAYS = str(5 * 86400)


def _sync(running) -> None:
    """Each platform's clock to this process's (the suite's travelled clock)."""
    for r in running:
        body = json.dumps({"now": time.time()}).encode()
        request = urllib.request.Request(
            f"{r.url}/control/clock", data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        with _NO_PROXY.open(request, timeout=10) as answer:
            assert answer.status == 200


@pytest.fixture
def live(db, courts, tmp_path):
    """TAOBAO reports at 0.97 × the value at once; JD at once (its key is replaced below); 人民法院诉讼
    资产网 only after 5 days (past the 3 the rule gives)."""
    trust = tmp_path / "trust.json"
    signing.write_trust_file(trust, Court.objects.all())
    running = reference.start_all(
        tmp_path / "auction",
        trust,
        CLI,
        extra=["--now", str(int(time.time()))],
        per_platform={
            "TAOBAO": ["--price-factor", "0.97"],
            "JD": ["--price-factor", "1.05"],
            "RMFYSSZC": ["--report-delay", FIVE_DAYS],
        },
    )
    try:
        yield running
    finally:
        reference.stop_all(running)


def test_network_price_is_the_average_of_the_valid_reports(live, seal, cast, clock):
    assert sorted(Platform.objects.values_list("code", flat=True)) == ["JD", "RMFYSSZC", "TAOBAO"]
    disposal = actions.start_disposal(seal, actor=cast.officer)
    procedure = actions.start_price(disposal, rules.NETWORK, actor=cast.officer)
    reports = {r.platform.code: r for r in procedure.reports.select_related("platform")}
    assert set(reports) == {"JD", "RMFYSSZC", "TAOBAO"}
    assert all(r.reason == "" for r in reports.values())  # every platform took the inquiry
    due = rules.report_due(clock.today).on

    # JD's registered key is replaced by one JD does not hold: its (genuine) report no longer
    # verifies, so it is refused.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    jd = Platform.objects.get(code="JD")
    actions.register_platform("JD", jd.name, jd.url, public_b64(Ed25519PrivateKey.generate()), actor=CLI)

    procedure = actions.collect_reports(procedure, actor=cast.officer)
    assert procedure.status == PriceProcedure.OPEN  # 人民法院诉讼资产网 still has time
    taobao = procedure.reports.get(platform__code="TAOBAO")
    assert taobao.valid and taobao.reported_on == clock.today
    assert taobao.price == (FLAT_VALUE * Decimal("0.97")).quantize(Decimal("0.01"))
    assert taobao.message_id.startswith("P-TAOBAO")
    assert procedure.reports.get(platform__code="JD").reported_on is None
    refused = AuditEntry.objects.filter(action="disposal.refuse_message")
    assert refused.count() == 1 and refused.get().detail["platform"] == "JD"

    # Within the 3 days nothing more: the late platform is waited for.
    clock.move_to(due)
    _sync(live)
    assert actions.collect_reports(procedure, actor=cast.officer).status == PriceProcedure.OPEN

    # A day after: the late platform and the refused one are ignored; the price is TAOBAO's alone.
    clock.move_to(due + dt.timedelta(days=1))
    _sync(live)
    procedure = actions.collect_reports(procedure, actor=cast.officer)
    assert procedure.status == PriceProcedure.DONE
    late = procedure.reports.get(platform__code="RMFYSSZC")
    assert not late.valid and late.reason == "未在期限内出具询价报告"
    assert procedure.price == rules.network_price([taobao.price]) == Decimal("1164000.00")
    disposal.refresh_from_db()
    assert disposal.reference_price == Decimal("1164000.00") and disposal.reference_method == rules.NETWORK


def test_two_valid_reports_are_averaged(live, seal, cast, clock):
    disposal = actions.start_disposal(seal, actor=cast.officer)
    procedure = actions.start_price(disposal, rules.NETWORK, actor=cast.officer)
    clock.move_to(rules.report_due(clock.today).on + dt.timedelta(days=1))
    _sync(live)  # 人民法院诉讼资产网 still has not reported (5 days)
    procedure = actions.collect_reports(procedure, actor=cast.officer)
    assert procedure.status == PriceProcedure.DONE
    valid = sorted(r.price for r in procedure.reports.filter(valid=True))
    assert valid == [Decimal("1164000.00"), Decimal("1260000.00")]
    assert procedure.price == Decimal("1212000.00")  # (1,164,000 + 1,260,000) / 2
    for report in procedure.reports.filter(valid=True):
        assert report.message_id and inquiry_id(report).endswith(f"-PR{report.pk}")


def test_suspend_and_resume_a_listed_lot(live, seal, cast, clock, panel):  # noqa: F811
    """rules §8.15: the listed lot's bidding stops on the platform and resumes there (within 5 days of
    the cause ending: the round records that day)."""
    disposal = actions.start_disposal(seal, actor=cast.officer)
    procedure = actions.start_price(disposal, rules.AGREEMENT, actor=cast.officer)
    actions.record_agreement(procedure, "1000000.00", actor=cast.officer)
    taobao = Platform.objects.get(code="TAOBAO")
    auction = listed_round(disposal, cast, panel, clock, platform=taobao)
    assert auction.status == Auction.LISTED and auction.lot_id
    lot = get_json(f"{taobao.url}/lots/{auction.lot_id}")
    assert lot["status"] == "announced"

    actions.suspend_auction(disposal, "案外人提出执行异议", actor=cast.officer)
    auction.refresh_from_db()
    assert auction.status == Auction.SUSPENDED and auction.suspended_on == clock.today
    assert get_json(f"{taobao.url}/lots/{auction.lot_id}")["status"] == "suspended"

    clock.move_to(clock.today + dt.timedelta(days=6))
    _sync(live)
    ended = clock.today - dt.timedelta(days=1)
    actions.resume_auction(disposal, actor=cast.officer, cause_ended_on=ended)
    auction.refresh_from_db()
    assert auction.status == Auction.LISTED and auction.resume_by == rules.resume_by(ended)
    assert get_json(f"{taobao.url}/lots/{auction.lot_id}")["status"] == "announced"
    # Suspended again: a new request, not the first one repeated.
    actions.suspend_auction(disposal, "再次暂缓", actor=cast.officer)
    assert get_json(f"{taobao.url}/lots/{auction.lot_id}")["status"] == "suspended"

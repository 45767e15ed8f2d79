"""The public auction notice, /public/auctions/<id>/: the notice of a published round (start price,
increment, deposit, notice day, bidding times, platform and lot, the property, the special warnings of
art 14), no party's name, identity code or telephone, the buyer masked; a draft, an undecided or a not
yet listed plan, and an unknown id are 404; no session needed, rate-limited like the public search."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import APPLICANT_ID
from tests.disposal.conftest import DEBTOR_ID
from tests.disposal.test_views import make_auction, make_disposal
from zhixing.disposal.models import Auction, Disposal

pytestmark = pytest.mark.django_db

PHONE = re.compile(r"1[3-9]\d{9}")


@pytest.fixture
def disposal(seal, platforms):
    return make_disposal(
        seal, status=Disposal.AUCTION, reference_price=Decimal("1200000.00"), platform=platforms[0]
    )


def notice(auction_id: int):
    return Client().get(reverse("public:auction", args=[auction_id]))


def listed(disposal, platforms, cast, **kw):
    args = dict(status=Auction.LISTED, lot_id="TB-0001", listed_at=timezone.now())
    args.update(kw)
    return make_auction(disposal, platforms[0], cast.officer, **args)


def test_a_listed_round_shows_its_notice(disposal, platforms, cast):
    a = listed(disposal, platforms, cast, preemption=[{"name": "钱共有", "rank": 1, "basis": "共有人"}])
    response = notice(a.pk)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("840000.00", "5000.00", "84000.00", "淘宝网司法拍卖", "TB-0001", disposal.description):
        assert text in html
    assert timezone.localtime(a.bidding_starts_at).strftime("%H:%M") in html
    assert "瑕疵" in html and "悔拍" in html and "真实身份" in html  # art 14 warnings
    assert "钱共有" not in html  # a pre-emption holder is counted, not named
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "sessionid" not in response.cookies


def test_no_party_identity_leaks(disposal, platforms, cast):
    a = listed(disposal, platforms, cast)
    html = notice(a.pk).content.decode()
    for secret in (DEBTOR_ID, APPLICANT_ID, DEBTOR_ID[6:14], "赵某某", "王申请"):
        assert secret not in html
    assert not PHONE.search(html)


def test_a_sold_round_shows_the_buyer_masked(disposal, platforms, cast):
    a = listed(
        disposal,
        platforms,
        cast,
        status=Auction.SOLD,
        price=Decimal("900000.00"),
        buyer_name="孙买受",
        buyer_id_masked="110105********002X",
        ended_at=timezone.now(),
    )
    html = notice(a.pk).content.decode()
    assert "900000.00" in html
    assert "孙**" in html
    assert "孙买受" not in html and "110105" not in html


@pytest.mark.parametrize("status", [Auction.DRAFT, Auction.DECIDED, Auction.CANCELLED])
def test_unpublished_rounds_are_404(disposal, platforms, cast, status):
    a = make_auction(disposal, platforms[0], cast.officer, status=status)
    assert notice(a.pk).status_code == 404


def test_an_unknown_id_is_404(db):
    assert notice(999999).status_code == 404


def test_a_failed_round_is_still_public_with_its_outcome(disposal, platforms, cast):
    a = listed(
        disposal, platforms, cast, status=Auction.FAILED, ended_at=timezone.now() - dt.timedelta(days=1)
    )
    html = notice(a.pk).content.decode()
    assert "流拍" in html


def test_rate_limited(disposal, platforms, cast, settings):
    settings.ZHIXING_PUBLIC_RATE_PER_MINUTE = 2
    a = listed(disposal, platforms, cast)
    assert notice(a.pk).status_code == 200
    assert notice(a.pk).status_code == 200
    assert notice(a.pk).status_code == 429

"""The platforms' webhook, POST /api/v1/disposal/platforms/<code>/messages/: no session and no CSRF, the
raw body and its X-Zx headers handed to results.accept_message; 404 for an unknown platform, 400 with
a Chinese error for an unsigned, forged or refused message, 200 {"message_id", "applied"} otherwise —
and the same message again changes nothing (applied false)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.disposal.conftest import platform_headers
from tests.disposal.test_views import make_auction, make_disposal
from zhixing.disposal.models import Auction, Disposal, PlatformMessage

pytestmark = pytest.mark.django_db


def url(code: str) -> str:
    return reverse("api:disposal-platform-message", args=[code])


def post(body: bytes, code: str, headers: dict | None = None):
    client = Client(enforce_csrf_checks=True)
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
    return client.post(url(code), body, content_type="application/json", **extra)


@pytest.fixture
def listed(seal, platforms, cast):
    """A first round listed on TAOBAO as lot L-1, its bidding ended yesterday without a bid."""
    d = make_disposal(seal, status=Disposal.AUCTION, reference_price="1200000.00", platform=platforms[0])
    ends = timezone.now() - dt.timedelta(days=1)
    return make_auction(
        d,
        platforms[0],
        cast.officer,
        status=Auction.LISTED,
        lot_id="L-1",
        listed_at=ends - dt.timedelta(days=31),
        bidding_starts_at=ends - dt.timedelta(days=1),
        bidding_ends_at=ends,
    )


def failed_result(auction: Auction) -> bytes:
    end = auction.bidding_ends_at.isoformat()
    body = {
        "message_id": "P-TAOBAO-0001",
        "kind": "result",
        "lot_id": auction.lot_id,
        "sent_at": end,
        "outcome": "failed",
        "listing_id": f"A{auction.pk}",
        "start_price": str(auction.start_price),
        "increment": str(auction.increment),
        "scheduled_end": end,
        "closed_at": end,
        "bids": [],
        "winner": None,
        "deposit": str(auction.deposit),
        "losers_released_at": None,
    }
    return json.dumps(body, ensure_ascii=False).encode()


def test_an_unknown_platform_is_404(platforms):
    response = post(b"{}", "NOSUCH")
    assert response.status_code == 404
    assert "没有该网络司法拍卖平台" in response.json()["error"]


def test_an_unsigned_message_is_400_in_chinese(platforms):
    response = post(b'{"message_id": "x", "kind": "result"}', "TAOBAO")
    assert response.status_code == 400
    assert "未签名" in response.json()["error"]
    assert not PlatformMessage.objects.exists()


def test_only_post(platforms):
    assert Client().get(url("TAOBAO")).status_code == 405


def test_a_message_signed_by_another_key_is_refused(listed, platform_keys):
    raw = failed_result(listed)
    headers = platform_headers(platform_keys["JD"], "TAOBAO", raw)  # the wrong platform's key
    response = post(raw, "TAOBAO", headers)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not PlatformMessage.objects.exists()
    listed.refresh_from_db()
    assert listed.status == Auction.LISTED


def test_a_tampered_body_is_refused(listed, platform_keys):
    raw = failed_result(listed)
    headers = platform_headers(platform_keys["TAOBAO"], "TAOBAO", raw)
    response = post(raw.replace(b'"failed"', b'"sold"'), "TAOBAO", headers)
    assert response.status_code == 400


def test_a_signed_result_is_applied_once(listed, platform_keys):
    raw = failed_result(listed)
    headers = platform_headers(platform_keys["TAOBAO"], "TAOBAO", raw)
    response = post(raw, "TAOBAO", headers)
    assert response.status_code == 200, response.content.decode()
    assert response.json() == {"message_id": "P-TAOBAO-0001", "applied": True}
    listed.refresh_from_db()
    assert listed.status == Auction.FAILED
    again = post(raw, "TAOBAO", headers)
    assert again.status_code == 200
    assert again.json() == {"message_id": "P-TAOBAO-0001", "applied": False}
    assert PlatformMessage.objects.count() == 1


def test_a_signed_message_the_rules_refuse_is_400(listed, platform_keys):
    body = json.loads(failed_result(listed))
    body["start_price"] = "1.00"  # not the panel's start price
    raw = json.dumps(body).encode()
    response = post(raw, "TAOBAO", platform_headers(platform_keys["TAOBAO"], "TAOBAO", raw))
    assert response.status_code == 400
    assert "起拍价" in response.json()["error"]

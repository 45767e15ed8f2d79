# ruff: noqa: F811  (the fixtures of tests/disposal/auction_world.py, imported by name)
"""The hourly disposal scan (zhixing.disposal.scans): it pulls the messages of every platform holding a
round, so a result the webhook missed is still applied, once; a platform that does not answer is
counted and does not stop the others."""

from __future__ import annotations

import pytest

from tests.disposal.auction_world import (  # noqa: F401
    close,
    judge2,
    listed_round,
    panel,
    priced,
    result_body,
    signed,
    stub_platform,
)
from zhixing.disposal import connector, scans
from zhixing.disposal.models import Auction, PlatformMessage

pytestmark = pytest.mark.django_db


def test_the_scan_applies_a_missed_result_once(
    priced, platforms, platform_keys, cast, panel, clock, stub_platform, monkeypatch
):
    auction = listed_round(priced, cast, panel, clock, platform=platforms[0])
    close(auction, clock)
    raw, headers = signed(platform_keys["TAOBAO"], "TAOBAO", result_body(auction, []))
    monkeypatch.setattr(connector, "messages", lambda platform, court, after=0: [(1, raw, headers)])

    assert scans.run()["messages"] == 1
    auction.refresh_from_db()
    assert auction.status == Auction.FAILED
    again = scans.run()  # the failed round holds no platform any more: nothing is pulled
    assert again["messages"] == 0 and PlatformMessage.objects.count() == 1


def test_an_unreachable_platform_is_counted(
    priced, platforms, cast, panel, clock, stub_platform, monkeypatch
):
    listed_round(priced, cast, panel, clock, platform=platforms[0])

    def down(platform, court, after=0):
        raise connector.ConnectorError("平台无响应")

    monkeypatch.setattr(connector, "messages", down)
    assert scans.run() == {"reports_ended": 0, "messages": 0, "refused": 0, "unreachable": 1}

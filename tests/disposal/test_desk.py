"""The auction desk, /disposal/desk/: plans awaiting the panel with this member's vote button, decided
plans, live listings with their bidding times, recent results, failed first rounds with the 30-day
deadline of the second (rules §8.12), sales, and distributions in their objection window — of a court
and the courts below it only; each list read in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.disposal.test_views import another_seal, make_auction, make_disposal
from zhixing.disposal import rules
from zhixing.disposal.models import Auction, Disposal, Distribution, PanelVote
from zhixing.disposal.views import desk as desk_views

pytestmark = pytest.mark.django_db

DESK = reverse("disposal:desk")


@pytest.fixture(autouse=True)
def vote_landed(monkeypatch):
    monkeypatch.setattr(desk_views, "available", lambda name: True)


def world(seal, platforms, cast, n: int = 1, start: int = 0) -> dict:
    """n disposals in each state the desk shows."""
    made: dict[str, list] = {k: [] for k in ("draft", "decided", "live", "sold", "due", "sale", "dist")}
    yesterday = timezone.now() - dt.timedelta(days=1)
    for i in range(n):

        def new(status=Disposal.AUCTION, **kw):
            m = another_seal(seal.case, 1000 + start * 100 + len(sum(made.values(), [])) + 1)
            return make_disposal(
                m, status=status, reference_price=Decimal("1200000.00"), platform=platforms[0], **kw
            )

        a = make_auction(new(), platforms[0], cast.officer)
        PanelVote.objects.create(auction=a, member=cast.president, at=timezone.now())
        made["draft"].append(a)
        made["decided"].append(
            make_auction(new(), platforms[0], cast.officer, status=Auction.DECIDED, decided_at=timezone.now())
        )
        made["live"].append(
            make_auction(new(), platforms[1], cast.officer, status=Auction.LISTED, lot_id=f"JD-{start}-{i}")
        )
        made["sold"].append(
            make_auction(
                new(Disposal.SOLD),
                platforms[0],
                cast.officer,
                status=Auction.SOLD,
                price=Decimal("900000.00"),
                ended_at=yesterday,
            )
        )
        made["due"].append(
            make_auction(new(), platforms[0], cast.officer, status=Auction.FAILED, ended_at=yesterday)
        )
        made["sale"].append(
            make_auction(
                new(Disposal.SALE),
                platforms[0],
                cast.officer,
                round_no=3,
                stage=Auction.SALE,
                status=Auction.LISTED,
                lot_id=f"S-{start}-{i}",
            )
        )
        d = new(Disposal.SOLD)
        made["dist"].append(
            Distribution.objects.create(
                disposal=d,
                case=d.case,
                proceeds=Decimal("900000.00"),
                status=Distribution.NOTIFIED,
                drawn_by=cast.officer,
                drawn_on=timezone.localdate(),
                notified_on=timezone.localdate(),
                objection_due_on=timezone.localdate() + dt.timedelta(days=15),
            )
        )
    return made


def get(client, user, **params):
    client.force_login(user)
    return client.get(DESK, params)


def test_the_desk_shows_every_list(client, cast, seal, platforms):
    made = world(seal, platforms, cast)
    response = get(client, cast.judge)
    assert response.status_code == 200
    html = response.content.decode()
    for key, table in (
        ("draft", "desk-awaiting"),
        ("decided", "desk-decided"),
        ("live", "desk-live"),
        ("sold", "desk-results"),
        ("due", "desk-due"),
        ("sale", "desk-sales"),
    ):
        section = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
        assert f'data-auction="{made[key][0].pk}"' in section, key
    section = html.split('id="desk-distributions"', 1)[1].split("</table>", 1)[0]
    assert f'data-distribution="{made["dist"][0].pk}"' in section


def test_the_second_round_deadline_is_thirty_days_after_the_failure(client, cast, seal, platforms, clock):
    made = world(seal, platforms, cast)
    failed = timezone.localtime(made["due"][0].ended_at).date()
    html = get(client, cast.officer).content.decode()
    section = html.split('id="desk-due"', 1)[1].split("</table>", 1)[0]
    assert rules.reauction_by(failed).isoformat() in section
    assert "剩 29 天" in section


def test_a_failed_round_with_a_second_round_is_not_due(client, cast, seal, platforms):
    made = world(seal, platforms, cast)
    first = made["due"][0]
    make_auction(first.disposal, platforms[0], cast.officer, round_no=2)
    section = get(client, cast.officer).content.decode().split('id="desk-due"', 1)[1].split("</table>", 1)[0]
    assert f'data-auction="{first.pk}"' not in section


def test_the_vote_button_only_for_members_who_have_not_voted(client, cast, seal, platforms):
    world(seal, platforms, cast)
    assert "desk-vote-form" in get(client, cast.judge).content.decode()
    assert "desk-vote-form" not in get(client, cast.president).content.decode()  # voted already
    assert "desk-vote-form" not in get(client, cast.officer).content.decode()  # not a panel member


def test_a_clerk_is_refused_and_another_court_sees_none_of_it(client, cast, seal, platforms):
    made = world(seal, platforms, cast)
    assert get(client, cast.clerk).status_code == 403
    html = get(client, cast.outsider).content.decode()
    assert f'data-auction="{made["draft"][0].pk}"' not in html


def test_each_list_reads_in_a_fixed_number_of_queries(
    client, cast, seal, platforms, django_assert_max_num_queries
):
    world(seal, platforms, cast, n=1)
    client.force_login(cast.judge)
    client.get(DESK)
    with CaptureQueriesContext(connection) as one:
        assert client.get(DESK).status_code == 200
    world(seal, platforms, cast, n=4, start=1)
    with django_assert_max_num_queries(counted(one) + stamps) as five:
        response = client.get(DESK)
    assert counted(five) <= counted(one)
    assert response.content.decode().count("awaiting-row") == 5


# The cached rule settings re-read their generation stamp now and then (zhixing.core.rulesettings):
# one query that depends on the clock, not on the rows, left out of the comparison.
stamps = 1


def counted(captured) -> int:
    return sum(1 for q in captured.captured_queries if "core_cachestamp" not in q["sql"])

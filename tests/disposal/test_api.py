"""The disposal read API: GET /api/v1/disposal/cases/<id>/ (the case's disposals with procedures,
reports, rounds, votes and distribution; 404 for a case the caller cannot see, 403 for one they see
without the role) and GET /api/v1/disposal/desk/ (the desk's lists of a court); no full identity code
anywhere; each read in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import APPLICANT_ID
from tests.disposal.conftest import DEBTOR_ID
from tests.disposal.test_views import another_seal, make_auction, make_disposal
from zhixing.disposal import rules
from zhixing.disposal.models import Auction, Disposal, Distribution, PanelVote, PriceProcedure

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def sold(seal, platforms, cast):
    d = make_disposal(
        seal,
        status=Disposal.SOLD,
        reference_price=Decimal("1200000.00"),
        reference_method=rules.NETWORK,
        platform=platforms[0],
        price=Decimal("900000.00"),
        buyer_name="孙买受",
        buyer_id_masked="110105********002X",
    )
    p = PriceProcedure.objects.create(
        disposal=d,
        method=rules.NETWORK,
        started_on=seal.start,
        status=PriceProcedure.DONE,
        price=d.reference_price,
    )
    for pl in platforms:
        p.reports.create(platform=pl, source=pl.name, price=Decimal("1200000.00"), asked_on=seal.start)
    a = make_auction(
        d, platforms[0], cast.officer, status=Auction.SOLD, price=Decimal("900000.00"), lot_id="TB-1",
        buyer_name="孙买受", buyer_id_masked="110105********002X", ended_at=timezone.now(),
    )  # fmt: skip
    for member in (cast.judge, cast.president):
        PanelVote.objects.create(auction=a, member=member, at=timezone.now())
    Distribution.objects.create(
        disposal=d,
        case=d.case,
        proceeds=Decimal("900000.00"),
        status=Distribution.NOTIFIED,
        drawn_by=cast.officer,
        drawn_on=seal.start,
        notified_on=seal.start,
        objection_due_on=seal.start + dt.timedelta(days=15),
    )
    return d


def test_the_case_read(cast, sold):
    response = api(cast.officer).get(reverse("api:disposal-case", args=[sold.case_id]))
    assert response.status_code == 200
    data = response.json()
    assert data["case_number"] == sold.case.case_number
    (d,) = data["disposals"]
    assert d["status"] == "sold" and d["reference_price"] == "1200000.00"
    assert [r["platform"] for r in d["procedures"][0]["reports"]] == ["TAOBAO", "JD", "RMFYSSZC"]
    (a,) = d["auctions"]
    assert a["start_price"] == "840000.00" and len(a["votes"]) == 2
    assert d["distribution"]["status"] == "notified"
    text = response.content.decode()
    assert DEBTOR_ID not in text and APPLICANT_ID not in text


def test_the_case_read_is_refused(cast, sold):
    url = reverse("api:disposal-case", args=[sold.case_id])
    assert api(cast.outsider).get(url).status_code == 404
    response = api(cast.clerk).get(url)
    assert response.status_code == 403
    assert "财产处置" in response.json()["detail"]
    assert APIClient().get(url).status_code == 401


def test_the_desk(cast, sold, seal, platforms):
    m = another_seal(seal.case, 7)
    d = make_disposal(m, status=Disposal.AUCTION, reference_price=Decimal("500000.00"))
    draft = make_auction(d, platforms[1], cast.officer)
    response = api(cast.judge).get(reverse("api:disposal-desk"))
    assert response.status_code == 200
    data = response.json()
    assert data["court"] == "冀96"
    assert [x["id"] for x in data["awaiting"]] == [draft.pk]
    assert [x["id"] for x in data["results"]] == [sold.auctions.get().pk]
    assert [x["id"] for x in data["distributions"]] == [sold.distribution.pk]
    assert api(cast.clerk).get(reverse("api:disposal-desk")).status_code == 403


def test_the_case_read_in_a_fixed_number_of_queries(
    cast, sold, seal, platforms, django_assert_max_num_queries
):
    client = api(cast.officer)
    url = reverse("api:disposal-case", args=[sold.case_id])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(3):
        d = make_disposal(
            another_seal(seal.case, 50 + n), status=Disposal.AUCTION, reference_price=Decimal("1.00")
        )
        PanelVote.objects.create(
            auction=make_auction(d, platforms[0], cast.officer), member=cast.judge, at=timezone.now()
        )
    base = sum(1 for q in one.captured_queries if "core_cachestamp" not in q["sql"])
    with django_assert_max_num_queries(base + 1) as more:
        assert client.get(url).status_code == 200
    assert sum(1 for q in more.captured_queries if "core_cachestamp" not in q["sql"]) <= base

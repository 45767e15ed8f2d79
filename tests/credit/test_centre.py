"""The command centre's credit board (/credit/centre/): removal deadlines with the overdue ones in red
and counts per court, corrections on their clocks, pushes not yet acknowledged per agency, listings in
their grace period; for the command centre and leaders only, read without a query per row. And the
administrator's pages of the credit models (read-only, agencies configurable)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.credit.test_pages import _many_listings
from zhixing.credit import rules
from zhixing.credit.actions import corrections, listings, removals
from zhixing.credit.models import Agency, Listing, Push

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(db):
    return Agency.objects.create(
        code="CREDIT-HE",
        name="河北省社会信用信息中心",
        kind="credit_office",
        subscribes=["list", "change", "remove"],
    )


def board(client, user, **params):
    client.force_login(user)
    return client.get(reverse("credit:centre"), params)


def _listed(case, party, cast, ground=1, **kw):
    return listings.decide_listing(listings.propose_listing(case, party, ground, actor=cast.officer, **kw),
                                   actor=cast.president)  # fmt: skip


def test_the_board_shows_deadlines_clocks_pushes_and_grace(client, cast, file_case, agency, clock):
    (c1, p1), (c2, p2), (c3, p3) = _many_listings(file_case, cast, 3)
    overdue = _listed(c1, p1, cast)
    listed_on = clock.today
    clock.move_to(listed_on + dt.timedelta(days=10))
    removals.note_trigger(overdue, "applicant_request", actor=cast.officer, on=listed_on)
    fresh = _listed(c2, p2, cast)
    removals.note_trigger(fresh, "performed", actor=cast.officer)
    corrections.record_correction(fresh, "inaccurate", "有误", actor=cast.officer)
    grace = _listed(c3, p3, cast, ground=2, grace_months=1)
    r = board(client, cast.command, court="冀96")
    assert r.status_code == 200
    html = r.content.decode()
    assert "信用惩戒面板" in html and 'class="nav-link active" href="/credit/"' in html
    overdue.refresh_from_db()
    fresh.refresh_from_db()
    row = html[html.index(f'data-listing="{overdue.pk}"') - 80 :]
    assert "table-danger" in row[:200] and "超期" in row[:2000]
    assert fresh.removal_due_on.isoformat() in html
    assert 'id="removal-overdue">1<' in html and 'id="removal-total">2<' in html
    assert "河北雄安新区中级人民法院：待删除 2" in html and "逾期 1" in html
    assert "审查期限" in html and rules.CORRECTION_GROUNDS["inaccurate"] in html
    assert "河北省社会信用信息中心" in html and "待发送" in html
    assert Push.objects.filter(status=Push.PENDING).count() == 2
    grace.refresh_from_db()
    assert f'data-listing="{grace.pk}"' in html and grace.publish_on.isoformat() in html


def test_who_sees_the_board(client, cast):
    assert board(client, cast.command).status_code == 200
    assert board(client, cast.president).status_code == 200
    assert board(client, cast.officer).status_code == 403
    assert board(client, cast.outsider).status_code == 403


def test_another_courts_board_shows_nothing_of_ours(client, cast, file_case, clock):
    ((case, party),) = _many_listings(file_case, cast, 1)
    listing = _listed(case, party, cast)
    removals.note_trigger(listing, "performed", actor=cast.officer)
    html = board(client, cast.command, court="冀01").content.decode()
    assert case.case_number not in html and "没有待删除的失信信息" in html


def test_the_board_does_not_query_per_row(
    client, cast, file_case, agency, clock, django_assert_max_num_queries, steady_caches
):
    made = _many_listings(file_case, cast, 4)
    for case, party in made[:2]:
        x = _listed(case, party, cast)
        removals.note_trigger(x, "performed", actor=cast.officer)
        corrections.record_correction(x, "inaccurate", "有误", actor=cast.officer)
    board(client, cast.command)
    page = reverse("credit:centre")
    with django_assert_max_num_queries(30) as few:
        client.get(page)
    for case, party in made[2:]:
        x = _listed(case, party, cast)
        removals.note_trigger(x, "performed", actor=cast.officer)
        corrections.record_correction(x, "inaccurate", "有误", actor=cast.officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(page)


# --- the administrator's pages ---------------------------------------------------------------------


def test_admin_lists_are_read_only(client, cast, file_case, agency):
    ((case, party),) = _many_listings(file_case, cast, 1)
    listing = _listed(case, party, cast)
    client.force_login(cast.admin)
    for model in ("listing", "restriction", "correction", "certificate", "publicentry", "push", "agency"):
        assert client.get(reverse(f"admin:credit_{model}_changelist")).status_code == 200, model
    page = client.get(reverse("admin:credit_listing_change", args=[listing.pk])).content.decode()
    assert party.id_number not in page
    assert client.get(reverse("admin:credit_listing_add")).status_code == 403
    client.force_login(cast.officer)
    assert client.get(reverse("admin:credit_agency_changelist")).status_code != 200
    assert Listing.objects.count() == 1


AGENCY_FORM = {"code": "RAIL", "name": "中国铁路12306", "kind": "rail", "url": "http://127.0.0.1:9/",
               "public_key": "", "subscribes": '["list", "remove"]', "active": "on"}  # fmt: skip


def test_a_superuser_configures_an_agency_through_register_agency(client, cast):
    from zhixing.core.models import AuditEntry

    cast.admin.is_superuser = True
    cast.admin.save(update_fields=["is_superuser"])
    client.force_login(cast.admin)
    r = client.post(reverse("admin:credit_agency_add"), AGENCY_FORM)
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Agency.objects.get(code="RAIL").subscribes == ["list", "remove"]
    assert AuditEntry.objects.filter(action="credit.register_agency").exists()


def test_an_administrator_configures_an_agency(client, cast):
    client.force_login(cast.admin)
    r = client.post(reverse("admin:credit_agency_add"), AGENCY_FORM)
    assert r.status_code == 302
    assert Agency.objects.get(code="RAIL").subscribes == ["list", "remove"]

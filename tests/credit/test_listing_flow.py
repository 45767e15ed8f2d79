"""The dishonest list from proposal to removal (rules §7.1; addendum §3.4, §3.9): the officer proposes,
the president signs, the decision is a PDF, the listing is published with its public entry and pushes,
the restriction it makes mandatory is issued, and a removal takes everything down within its deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.credit.conftest import REP_ID, minor_id
from zhixing.cases.models import Party
from zhixing.credit import rules
from zhixing.credit.actions import listings, removals
from zhixing.credit.models import Agency, Listing, PublicEntry, Push, Restriction
from zhixing.documents.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(db):
    return Agency.objects.create(
        code="CREDIT-HE",
        name="河北省社会信用信息中心",
        kind="credit_office",
        subscribes=["list", "change", "remove"],
    )


def _listed(person_case, debtor, cast, clock, **kw):
    listing = listings.propose_listing(
        person_case, debtor, 1, actor=cast.officer, facts="有财产而拒不履行", **kw
    )
    return listings.decide_listing(listing, actor=cast.president)


def test_signed_listing_is_published_with_entry_document_restriction_and_pushes(
    person_case, debtor, cast, clock, agency
):
    listing = _listed(person_case, debtor, cast, clock)
    assert listing.status == Listing.PUBLISHED and listing.published_on == clock.today
    assert listing.term_end is None  # ground (1): no fixed term
    doc = Document.objects.get(pk=listing.document_id)
    assert doc.kind == "dishonest_decision" and doc.sha256
    assert person_case.nodes.filter(kind__code="dishonest_listing", done_on=clock.today).exists()
    entry = PublicEntry.objects.get(kind=PublicEntry.DISHONEST)
    assert entry.record["id_code_masked"] == debtor.id_number[:6] + "********" + debtor.id_number[-4:]
    assert debtor.id_number not in str(entry.record)
    assert {k for k, _ in rules.PUBLISHED_FIELDS} == set(entry.record)  # jsonb keeps no key order
    restriction = Restriction.objects.get(party=debtor)
    assert restriction.status == Restriction.ISSUED and restriction.listing_id == listing.pk
    assert PublicEntry.objects.filter(kind=PublicEntry.RESTRICTED).count() == 1
    assert list(Push.objects.values_list("action", flat=True)) == ["list"]


def test_the_proposer_cannot_sign_and_an_officer_is_no_president(person_case, debtor, cast):
    listing = listings.propose_listing(person_case, debtor, 1, actor=cast.officer)
    with pytest.raises(PermissionDenied):
        listings.decide_listing(listing, actor=cast.judge)
    with pytest.raises(PermissionDenied):
        listings.decide_listing(listing, actor=cast.outsider)
    assert Listing.objects.get(pk=listing.pk).status == Listing.PROPOSED


def test_a_minor_is_refused(file_case, cast, clock):
    from tests.conftest import APPLICANT_ID
    from zhixing.cases import actions as case_actions

    case = file_case(
        parties=[
            case_actions.PartyInput(Party.APPLICANT, "王申请", APPLICANT_ID),
            case_actions.PartyInput(Party.DEBTOR, "钱小某", minor_id(clock.today)),
        ]
    )
    with pytest.raises(Exception, match="未满十八周岁"):
        listings.propose_listing(case, case.parties.get(role=Party.DEBTOR), 2, actor=cast.officer)
    assert not Listing.objects.exists()


def test_a_unit_names_its_legal_representative_who_is_restricted_with_it(unit_case, cast):
    unit = unit_case.parties.get(role=Party.DEBTOR)
    with pytest.raises(Exception, match="法定代表人"):
        listings.propose_listing(unit_case, unit, 4, actor=cast.officer)
    listing = listings.propose_listing(
        unit_case, unit, 4, actor=cast.officer, legal_representative=("孙某", REP_ID)
    )
    listing = listings.decide_listing(listing, actor=cast.president)
    assert listing.record["legal_representative"] == "孙某"
    assert listing.term_end == rules.term_end(4, listing.decided_on)
    names = set(PublicEntry.objects.filter(kind=PublicEntry.RESTRICTED).values_list("name", flat=True))
    assert names == {unit.name, "孙某"}


def test_grace_period_delays_publication_until_the_scan(person_case, debtor, cast, clock):
    listing = _listed(person_case, debtor, cast, clock, grace_months=2)
    assert listing.status == Listing.DECIDED and listing.publish_on == rules.publish_on(clock.today, 2)
    assert not PublicEntry.objects.filter(kind=PublicEntry.DISHONEST).exists()
    assert listings.publish_due(listing.publish_on - dt.timedelta(days=1), actor=cast.president) == 0
    assert listings.publish_due(listing.publish_on, actor=cast.president) == 1
    assert PublicEntry.objects.filter(kind=PublicEntry.DISHONEST).count() == 1
    assert listings.publish_due(listing.publish_on, actor=cast.president) == 0  # again: nothing


def test_removal_on_applicant_request_takes_entry_down_pushes_and_locks_relisting(
    person_case, debtor, cast, clock, agency
):
    listing = _listed(person_case, debtor, cast, clock)
    removals.note_trigger(listing, "applicant_request", actor=cast.officer)
    listing.refresh_from_db()
    assert listing.removal_due_on == rules.removal_due_on(clock.today).on
    removals.remove_listing(listing, actor=cast.officer)
    listing.refresh_from_db()
    assert listing.status == Listing.REMOVED
    assert not PublicEntry.objects.filter(kind=PublicEntry.DISHONEST).exists()
    remove = Push.objects.get(action="remove")
    assert remove.due_on == listing.removal_due_on
    assert listing.relisting_locked_until == rules.relisting_locked_until(clock.today, "applicant_request")
    with pytest.raises(Exception, match="六个月内不得再申请纳入"):
        listings.propose_listing(person_case, debtor, 1, actor=cast.officer, applicant_requested=True)
    # the court may still list ex officio (the bar is on the applicant's request)
    assert listings.propose_listing(person_case, debtor, 1, actor=cast.officer).status == Listing.PROPOSED


def test_a_termed_listing_is_removed_by_the_scan_after_its_term(person_case, debtor, cast, clock):
    listing = listings.decide_listing(
        listings.propose_listing(person_case, debtor, 4, actor=cast.officer), actor=cast.president
    )
    assert removals.expire_terms(listing.term_end) == 0
    clock.move_to(listing.term_end + dt.timedelta(days=1))
    assert removals.expire_terms() == 1
    listing.refresh_from_db()
    assert listing.status == Listing.REMOVED and listing.removal_trigger == rules.TERM_EXPIRED
    assert listing.removal_due_on == rules.removal_due_on(listing.term_end).on
    assert not PublicEntry.objects.filter(kind=PublicEntry.DISHONEST).exists()


def test_a_trigger_that_does_not_apply_to_a_termed_listing_is_refused(person_case, debtor, cast):
    listing = listings.decide_listing(
        listings.propose_listing(person_case, debtor, 3, actor=cast.officer), actor=cast.president
    )
    with pytest.raises(Exception, match="不适用"):
        removals.note_trigger(listing, "applicant_request", actor=cast.officer)
    removals.note_trigger(listing, "performed", actor=cast.officer)  # early removal on performance (§7.1.2)


def test_revocation_of_a_wrong_listing(person_case, debtor, cast, clock, agency):
    listing = _listed(person_case, debtor, cast, clock)
    with pytest.raises(PermissionDenied):
        removals.revoke_listing(listing, actor=cast.officer, reason="错误纳入")
    removals.revoke_listing(listing, actor=cast.president, reason="被执行人提供了足额担保，错误纳入")
    listing.refresh_from_db()
    assert listing.status == Listing.REVOKED
    assert not PublicEntry.objects.filter(kind=PublicEntry.DISHONEST).exists()
    assert Push.objects.filter(action="remove").count() == 1

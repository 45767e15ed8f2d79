"""`zhixing demo` shows credit measures at work (issue 11 item 7): debtors listed and restricted through
the real actions (public entries for each), listings removed (paid in full, the applicant's request)
and revoked with their entries gone, a correction under review, a permit granted, voluntary-performance
certificates that verify, and an audit entry and a case event for every step."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.conftest import on_today
from zhixing.cases.models import Case, CaseEvent, Party
from zhixing.core.models import AuditEntry
from zhixing.courts.models import User
from zhixing.credit.actions import public
from zhixing.credit.models import (
    Certificate,
    ConsumptionPermit,
    Correction,
    Listing,
    PublicEntry,
    Restriction,
)
from zhixing.documents.models import Document
from zhixing.documents.rules import PERFORMANCE_CERTIFICATE

MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    data = tmp_path_factory.mktemp("credit-demo-data")
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[MD5], DATA_DIR=data), on_today():
        with transaction.atomic():
            call_command("demo", "--cases", "120", stdout=StringIO())
            yield data
            transaction.set_rollback(True)


def _entries(kind: str, source: str) -> PublicEntry | None:
    return PublicEntry.objects.filter(kind=kind, source=source).first()


def test_listed_debtors_are_public_with_their_restriction(demo):
    published = Listing.objects.filter(status=Listing.PUBLISHED)
    assert published.count() >= 3
    assert {1, 4} <= set(Listing.objects.values_list("ground", flat=True))
    for listing in published:
        entry = _entries(PublicEntry.DISHONEST, public.source_of(PublicEntry.DISHONEST, listing.pk))
        assert entry is not None and entry.name == listing.party.name
        assert listing.document_id and listing.document.kind == "dishonest_decision"
        restriction = Restriction.objects.get(party=listing.party, status=Restriction.ISSUED)
        assert _entries(PublicEntry.RESTRICTED, public.source_of(PublicEntry.RESTRICTED, restriction.pk))
    # A term for grounds (2)–(6), none for ground (1).
    assert not Listing.objects.filter(ground=1, term_end__isnull=False).exists()
    assert (
        not Listing.objects.filter(ground__gt=1, term_end__isnull=True)
        .exclude(status__in=(Listing.REFUSED, Listing.PROPOSED))
        .exists()
    )


def test_grace_periods_still_running_are_not_public_yet(demo):
    waiting = Listing.objects.filter(status=Listing.DECIDED)
    assert waiting.exists()
    for listing in waiting:
        assert listing.grace_months and listing.publish_on > listing.decided_on
        assert not PublicEntry.objects.filter(
            source=public.source_of(PublicEntry.DISHONEST, listing.pk)
        ).exists()


def test_a_unit_is_listed_or_restricted_with_its_bound_persons(demo):
    units = Restriction.objects.filter(party__kind=Party.UNIT, status=Restriction.ISSUED)
    assert units.exists()
    for restriction in units:
        persons = list(restriction.persons.all())
        assert any(p.capacity == "legal_representative" for p in persons)
        for person in persons:
            source = public.source_of(PublicEntry.RESTRICTED, restriction.pk, f"p{person.pk}")
            entry = _entries(PublicEntry.RESTRICTED, source)
            assert entry is not None and entry.name == person.name
    restriction_only = Restriction.objects.filter(listing__isnull=True, status=Restriction.ISSUED)
    assert restriction_only.exists()


def test_removed_and_revoked_listings_vanished(demo):
    performed = Listing.objects.get(status=Listing.REMOVED, removal_trigger="performed")
    asked = Listing.objects.get(status=Listing.REMOVED, removal_trigger="applicant_request")
    revoked = Listing.objects.get(status=Listing.REVOKED)
    assert asked.relisting_locked_until and asked.relisting_locked_until > asked.removed_on
    for listing in (performed, asked, revoked):
        assert not PublicEntry.objects.filter(
            source=public.source_of(PublicEntry.DISHONEST, listing.pk)
        ).exists()
    # Paid in full: the case says so and the restriction was lifted with the listing (addendum §4.6).
    performed.case.refresh_from_db()
    assert performed.case.realized_amount >= performed.case.applied_amount
    lifted = Restriction.objects.get(party=performed.party)
    assert lifted.status == Restriction.LIFTED and lifted.lift_reason == "performed"
    assert not PublicEntry.objects.filter(
        source__startswith=public.source_of(PublicEntry.RESTRICTED, lifted.pk)
    ).exists()


def test_a_correction_under_review_and_a_permit_granted(demo):
    correction = Correction.objects.get()
    assert correction.status == Correction.FILED and correction.review_due_on >= correction.filed_on
    permit = ConsumptionPermit.objects.get()
    assert permit.status == ConsumptionPermit.GRANTED and permit.decided_by_id != permit.recorded_by_id


def test_certificates_verify(demo, client):
    certificates = Certificate.objects.select_related("document", "case")
    assert certificates.exists()
    for certificate in certificates:
        assert certificate.case.closure_method == "completed"
        assert certificate.case.realized_amount >= certificate.case.applied_amount
        assert "确认" in certificate.confirmation
        doc = certificate.document
        assert doc.kind == PERFORMANCE_CERTIFICATE and doc.verification_code
        response = client.get(f"/verify/{doc.verification_code}/")
        assert response.status_code == 200 and doc.sha256 in response.content.decode()
    assert Document.objects.filter(kind=PERFORMANCE_CERTIFICATE).count() == certificates.count()


def test_every_action_left_an_audit_entry_and_a_case_event(demo):
    actions = set(AuditEntry.objects.filter(action__startswith="credit.").values_list("action", flat=True))
    assert {
        "credit.propose_listing",
        "credit.decide_listing",
        "credit.publish_listing",
        "credit.note_trigger",
        "credit.remove_listing",
        "credit.revoke_listing",
        "credit.record_correction",
        "credit.propose_restriction",
        "credit.issue_restriction",
        "credit.lift_restriction",
        "credit.request_permit",
        "credit.decide_permit",
        "credit.issue_certificate",
    } <= actions
    counts = {
        "credit.propose_listing": Listing.objects.count(),
        "credit.decide_listing": Listing.objects.exclude(status=Listing.PROPOSED).count(),
        "credit.issue_restriction": Restriction.objects.exclude(status=Restriction.PROPOSED).count(),
        "credit.issue_certificate": Certificate.objects.count(),
    }
    for action, n in counts.items():
        assert AuditEntry.objects.filter(action=action).count() == n, action
    events = set(CaseEvent.objects.values_list("kind", flat=True))
    assert {
        "listing_proposed",
        "listing_decided",
        "listing_published",
        "listing_removed",
        "listing_revoked",
        "correction_filed",
        "restriction_issued",
        "restriction_lifted",
        "permit_decided",
        "certificate_issued",
    } <= events
    # Every listing's case holds its own events.
    for listing in Listing.objects.all():
        assert CaseEvent.objects.filter(case=listing.case, kind="listing_proposed").exists()


def test_debtors_and_staff_have_phones_for_the_portal(demo):
    phones = Party.objects.filter(role=Party.DEBTOR).exclude(phone="")
    assert phones.filter(pk__in=Listing.objects.values("party")).exists()
    assert AuditEntry.objects.filter(action="portal.set_party_phone").count() >= phones.count()
    handlers = User.objects.filter(pk__in=Case.objects.values("handler"))
    assert handlers.exists() and not handlers.filter(office_phone="").exists()


def test_the_boards_have_work_a_removal_overdue_and_proposals_to_sign(demo):
    """The command centre's board and the leaders' queue show the capability at work."""
    from zhixing.cases.actions.common import today

    due = Listing.objects.filter(status=Listing.PUBLISHED, removal_due_on__isnull=False)
    assert due.filter(removal_due_on__lt=today()).exists()
    assert Listing.objects.filter(status=Listing.PROPOSED).exists()

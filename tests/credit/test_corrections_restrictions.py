"""Corrections of the list with their clocks (addendum §3.8, §3.11), consumption restriction's lifting
and permits (addendum §4.5, §4.6, §4.10), and the voluntary-performance certificate (rules §10.4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.credit.conftest import REP_ID
from zhixing.cases.models import Party
from zhixing.core.actors import CLI
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as court_rules
from zhixing.credit import rules
from zhixing.credit.actions import certificates, corrections, listings, restrictions
from zhixing.credit.models import Correction, PublicEntry, Push, Restriction

pytestmark = pytest.mark.django_db


def _listed(case, debtor, cast):
    return listings.decide_listing(
        listings.propose_listing(case, debtor, 1, actor=cast.officer), actor=cast.president
    )


def test_a_founded_correction_rewrites_the_entry_and_pushes_a_change(person_case, debtor, cast, clock):
    from zhixing.credit.models import Agency

    Agency.objects.create(code="A", name="征信中心", kind="credit_reporting", subscribes=["change"])
    listing = _listed(person_case, debtor, cast)
    filed = clock.today - dt.timedelta(days=2)
    c = corrections.record_correction(
        listing, "inaccurate", "履行情况记载有误", actor=cast.officer, filed_on=filed
    )
    assert c.review_due_on == rules.review_due_on(filed).on
    with pytest.raises(PermissionDenied):
        corrections.decide_correction(c, actor=cast.officer, founded=True)  # the proposer is no reviewer
    with pytest.raises(PermissionDenied):
        corrections.decide_correction(c, actor=cast.president, founded=True)  # review is a judge's
    c = corrections.decide_correction(c, actor=cast.judge, founded=True, note="部分履行未记载")
    assert c.correct_due_on == rules.correct_due_on(clock.today).on
    corrections.correct_listing(listing, {"performance": "部分未履行"}, actor=cast.officer)
    entry = PublicEntry.objects.get(kind=PublicEntry.DISHONEST)
    assert entry.record["performance"] == "部分未履行"
    assert Push.objects.filter(action="change").count() == 1
    c.refresh_from_db()
    assert c.corrected_on == clock.today


def test_a_rejection_opens_reconsideration_within_ten_days_of_service(person_case, debtor, cast, clock):
    listing = _listed(person_case, debtor, cast)
    c = corrections.record_correction(listing, "wrongly_listed", "已提供担保", actor=cast.officer)
    c = corrections.decide_correction(c, actor=cast.judge, founded=False, note="担保不足")
    served = clock.today
    c = corrections.serve_rejection(c, actor=cast.officer, served_on=served)
    assert c.reconsideration_deadline == rules.reconsideration_deadline(served).on
    c = corrections.record_reconsideration(c, actor=cast.officer, filed_on=served)
    assert c.status == Correction.RECONSIDERING
    assert c.higher_due_on == rules.higher_court_due_on(served).on
    c = corrections.record_reconsideration(c, actor=cast.officer, overturned=True, decided_on=served)
    assert c.status == Correction.OVERTURNED and c.correct_due_on is not None


def test_a_listed_debtors_restriction_lifts_only_on_performance(person_case, debtor, cast, clock):
    _listed(person_case, debtor, cast)
    restriction = Restriction.objects.get(party=debtor)
    with pytest.raises(Exception, match="仍在失信名单中"):
        restrictions.lift_restriction(restriction, "applicant_consent", actor=cast.officer)
    restrictions.lift_restriction(restriction, "performed", actor=cast.officer)
    assert not PublicEntry.objects.filter(kind=PublicEntry.RESTRICTED).exists()


def test_a_units_order_binds_its_persons_who_may_ask_to_spend_personal_money(unit_case, cast, clock):
    unit = unit_case.parties.get(role=Party.DEBTOR)
    with pytest.raises(Exception, match="法定代表人或主要负责人"):
        restrictions.propose_restriction(
            unit_case, unit, actor=cast.officer, persons=[("controller", "孙某", REP_ID)]
        )
    r = restrictions.propose_restriction(
        unit_case, unit, actor=cast.president, persons=[("legal_representative", "孙某", REP_ID)]
    )
    with pytest.raises(Exception, match="提请人不能签发"):
        restrictions.issue_restriction(r, actor=cast.president)
    vice = court_actions.create_user(
        "vice", "周副院长", "pw-vice", unit_case.court, [court_rules.LEADER], actor=CLI
    )
    r = restrictions.issue_restriction(r, actor=vice)
    assert r.status == Restriction.ISSUED
    found = PublicEntry.objects.filter(kind=PublicEntry.RESTRICTED, id_code=REP_ID).get()
    assert "法定代表人" in found.record["conduct"] and REP_ID not in str(found.record)
    person = r.persons.get()
    permit = restrictions.request_permit(
        r,
        actor=cast.judge,
        reason="personal_funds",
        item="乘坐高铁二等座",
        person=person,
        valid_from=clock.today,
        valid_to=clock.today + dt.timedelta(days=3),
        detail="探望病重母亲，自费",
    )
    with pytest.raises(Exception, match="登记人不能审批"):
        restrictions.decide_permit(permit, actor=cast.judge, grant=True)
    assert restrictions.decide_permit(permit, actor=cast.president, grant=True).status == "granted"
    restrictions.lift_restriction(r, "guarantee", actor=cast.judge)  # no listing: a guarantee may lift it
    assert not PublicEntry.objects.filter(kind=PublicEntry.RESTRICTED).exists()


def test_certificate_only_for_voluntary_performance(person_case, debtor, cast, clock):
    assert "尚未全部履行" in "".join(certificates.problems(person_case, debtor))
    type(person_case).objects.filter(pk=person_case.pk).update(realized_amount=Decimal("50000.00"))
    person_case.refresh_from_db()
    with pytest.raises(Exception, match="申请执行人"):
        certificates.issue_certificate(
            person_case, debtor, actor=cast.officer, confirmed_on=clock.today, confirmation=" "
        )
    cert = certificates.issue_certificate(
        person_case,
        debtor,
        actor=cast.officer,
        confirmed_on=clock.today,
        confirmation="申请执行人电话确认已收到全部款项",
    )
    assert cert.document.kind == "performance_certificate" and cert.document.verification_code
    with pytest.raises(Exception, match="已为该被执行人出具过"):
        certificates.issue_certificate(
            person_case, debtor, actor=cast.officer, confirmed_on=clock.today, confirmation="再次确认"
        )


def test_no_certificate_after_a_listing(person_case, debtor, cast):
    _listed(person_case, debtor, cast)
    type(person_case).objects.filter(pk=person_case.pk).update(realized_amount=Decimal("50000.00"))
    person_case.refresh_from_db()
    assert any("失信名单或限制消费" in p for p in certificates.problems(person_case, debtor))

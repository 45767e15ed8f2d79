"""Consumption restriction (限制消费令, rules §7.2; addendum §4): proposing, issuing (signed by a court
leader, addendum §4.2), lifting (addendum §4.6), and permission for necessary consumption (§4.5,
§4.10). A unit's order binds its legal representative, principal, person directly responsible and
actual controller (§4.9); each bound person is searchable on the public page as the debtor is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.cases.events import emit
from zhixing.cases.models import Case, Party
from zhixing.core import audit
from zhixing.core.identity import mask_identity
from zhixing.documents.rules import RESTRICTION_ORDER

from .. import documents, permissions, rules
from ..events import (
    PERMIT_DECIDED,
    PERMIT_REQUESTED,
    RESTRICTION_ISSUED,
    RESTRICTION_LIFTED,
    RESTRICTION_PROPOSED,
    RESTRICTION_REFUSED,
)
from ..models import ConsumptionPermit, Listing, PublicEntry, RestrictedPerson, Restriction
from ..record import published_record
from . import public
from .common import ActionError, debtor_of, today, who

Bound = tuple[str, str, str]  # capacity, name, resident ID


def _persons_text(persons: Iterable[Bound]) -> str:
    return "、".join(f"{rules.BOUND_CAPACITIES.get(c, c)}{n}" for c, n, _code in persons)


@transaction.atomic
def propose_restriction(
    case: Case,
    party: Party,
    *,
    actor: Any,
    reason: str = "",
    persons: Iterable[Bound] = (),
    applicant_requested: bool = False,
    listing: Listing | None = None,
    on: dt.date | None = None,
) -> Restriction:
    case = Case.objects.select_for_update().get(pk=case.pk)
    permissions.check_propose_restriction(actor, case)
    party = debtor_of(case, party)
    on = on or today()
    persons = [(c, n.strip(), code.strip().upper()) for c, n, code in persons]
    problem = rules.restriction_problem(party.kind, [(c, code) for c, _n, code in persons], on)
    problems = [problem] if problem else []
    if any(not n for _c, n, _code in persons):
        problems.append(_("约束人员须填写姓名"))
    if Restriction.objects.filter(party=party, status__in=Restriction.LIVE).exists():
        problems.append(_("该被执行人已有待审批或已发出的限制消费令"))
    if problems:
        raise ActionError(problems)
    restriction = Restriction.objects.create(
        case=case,
        party=party,
        listing=listing,
        applicant_requested=applicant_requested,
        reason=reason.strip()[:300],
        proposed_by=actor if getattr(actor, "pk", None) else None,
        proposed_on=on,
    )
    RestrictedPerson.objects.bulk_create(
        RestrictedPerson(restriction=restriction, capacity=c, name=n, id_code=code) for c, n, code in persons
    )
    emit(case, RESTRICTION_PROPOSED, actor, debtor=party.name, persons=_persons_text(persons))
    audit.append(
        "credit.propose_restriction", restriction, {**who(case, party), "persons": len(persons)}, actor
    )
    return restriction


def issue_restriction(
    restriction: Restriction, *, actor: Any, approve: bool = True, reason: str = "", on: dt.date | None = None
) -> Restriction:
    """A leader signs the order (or declines it); the order is a PDF stating the items restricted and
    the consequences (addendum §4.2), which records the 限制消费令 node; the debtor and the bound persons
    appear on the public page."""
    permissions.check_issue_restriction(actor, restriction)
    on = on or today()
    if not approve:
        return _refuse(restriction, actor=actor, reason=reason, on=on)
    document = _order(restriction, actor=actor)
    with transaction.atomic():
        restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
        permissions.check_issue_restriction(actor, restriction)
        _issue(restriction, document=document, actor=actor, on=on)
    return restriction


def _order(restriction: Restriction, *, actor: Any):
    persons = list(restriction.persons.all())
    return documents.issue(
        restriction.case,
        RESTRICTION_ORDER,
        {
            "addressee": restriction.party.name,
            "persons": [
                {
                    "capacity": rules.BOUND_CAPACITIES.get(p.capacity, p.capacity),
                    "name": p.name,
                    "code": mask_identity(p.id_code),
                }
                for p in persons
            ],
            "items": list(rules.RESTRICTED_ITEMS),
            "signer": getattr(actor, "full_name", "") or str(actor),
        },
        actor=actor,
    )


def _issue(restriction: Restriction, *, document: Any, actor: Any, on: dt.date) -> None:
    restriction.status = Restriction.ISSUED
    restriction.decided_by = actor if getattr(actor, "pk", None) else None
    restriction.decided_on = on
    restriction.document = document
    restriction.save()
    _publish(restriction, on)
    persons = [(p.capacity, p.name, p.id_code) for p in restriction.persons.all()]
    emit(
        restriction.case,
        RESTRICTION_ISSUED,
        actor,
        debtor=restriction.party.name,
        document=document.number,
        persons=_persons_text(persons),
    )
    audit.append(
        "credit.issue_restriction",
        restriction,
        {**who(restriction.case, restriction.party), "approved": True, "document": document.number},
        actor,
    )


def _publish(restriction: Restriction, on: dt.date) -> None:
    """The public entries (rules §11.4: consumption-restricted persons): the debtor, and each person
    a unit's order binds, under their own name and code."""
    case, party = restriction.case, restriction.party
    base = published_record(
        case,
        party,
        conduct=_("限制消费"),
        published_on=on,
        legal_representative=next(
            (p.name for p in restriction.persons.all() if p.capacity in rules.HEAD_CAPACITIES), ""
        ),
    )
    public.put(
        PublicEntry.RESTRICTED,
        public.source_of(PublicEntry.RESTRICTED, restriction.pk),
        name=party.name,
        id_code=party.id_number.upper(),
        court_id=case.court_id,
        published_on=on,
        record=base,
    )
    for person in restriction.persons.filter(released_on__isnull=True):
        record = {
            **base,
            "name": person.name,
            "party_type": "自然人",
            "id_code_masked": mask_identity(person.id_code),
            "sex": rules.sex_from_id(person.id_code),
            "age": rules.age_from_id(person.id_code, on) or "",
            "legal_representative": "",
            "conduct": _("作为被执行人%(unit)s的%(capacity)s被限制消费")
            % {"unit": party.name, "capacity": rules.BOUND_CAPACITIES.get(person.capacity, person.capacity)},
        }
        public.put(
            PublicEntry.RESTRICTED,
            public.source_of(PublicEntry.RESTRICTED, restriction.pk, f"p{person.pk}"),
            name=person.name,
            id_code=person.id_code,
            court_id=case.court_id,
            published_on=on,
            record=record,
        )


@transaction.atomic
def _refuse(restriction: Restriction, *, actor: Any, reason: str, on: dt.date) -> Restriction:
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    permissions.check_issue_restriction(actor, restriction)
    if not reason.strip():
        raise ActionError(_("不予批准须说明理由"))
    if restriction.listing_id and restriction.listing.status in (Listing.DECIDED, Listing.PUBLISHED):
        raise ActionError(_("被执行人已纳入失信名单，应当限制消费（rules §7.2.1），不能不予批准"))
    restriction.status = Restriction.REFUSED
    restriction.decided_by = actor if getattr(actor, "pk", None) else None
    restriction.decided_on = on
    restriction.refusal_reason = reason.strip()[:200]
    restriction.save()
    emit(
        restriction.case,
        RESTRICTION_REFUSED,
        actor,
        debtor=restriction.party.name,
        reason=restriction.refusal_reason,
    )
    audit.append(
        "credit.issue_restriction",
        restriction,
        {**who(restriction.case, restriction.party), "approved": False, "reason": restriction.refusal_reason},
        actor,
    )
    return restriction


def restrict_for_listing(
    listing: Listing, *, rep_name: str, rep_code: str, actor: Any, on: dt.date
) -> Restriction | None:
    """A listed debtor's consumption shall be restricted (rules §7.2.1): signing the listing signs the
    order too, unless one is already in force; a unit's order binds the legal representative the
    listing named. Runs inside decide_listing's transaction."""
    live = Restriction.objects.filter(party=listing.party, status__in=Restriction.LIVE).first()
    if live is not None and live.status == Restriction.ISSUED:
        return live
    if not rules.restriction_required(True):
        return None
    if live is None:
        persons = [("legal_representative", rep_name, rep_code)] if listing.party.kind == Party.UNIT else []
        live = Restriction.objects.create(
            case=listing.case,
            party=listing.party,
            listing=listing,
            reason=_("纳入失信被执行人名单"),
            proposed_by=listing.proposed_by,
            proposed_on=listing.proposed_on,
        )
        RestrictedPerson.objects.bulk_create(
            RestrictedPerson(restriction=live, capacity=c, name=n, id_code=code.upper())
            for c, n, code in persons
        )
    document = _order(live, actor=actor)
    _issue(live, document=document, actor=actor, on=on)
    return live


@transaction.atomic
def lift_restriction(
    restriction: Restriction, reason: str, *, actor: Any, on: dt.date | None = None
) -> Restriction:
    """Lift the order (addendum §4.6): mandatory on full performance, allowed on a guarantee or the
    applicant's consent; the public entries go at once."""
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    permissions.check_lift_restriction(actor, restriction)
    if reason not in rules.LIFT_REASONS:
        raise ActionError(_("请选择解除事由"))
    if (
        restriction.listing_id
        and restriction.listing.status in (Listing.DECIDED, Listing.PUBLISHED)
        and not rules.lift_is_mandatory(reason)
    ):
        raise ActionError(_("被执行人仍在失信名单中，应当限制消费；须先删除失信信息"))
    on = on or today()
    restriction.status = Restriction.LIFTED
    restriction.lift_reason = reason
    restriction.lifted_on = on
    restriction.lifted_by = actor if getattr(actor, "pk", None) else None
    restriction.save()
    public.withdraw(
        [public.source_of(PublicEntry.RESTRICTED, restriction.pk)],
        prefix=public.source_of(PublicEntry.RESTRICTED, restriction.pk) + ":",
    )
    emit(
        restriction.case,
        RESTRICTION_LIFTED,
        actor,
        debtor=restriction.party.name,
        reason=rules.LIFT_REASONS[reason],
    )
    audit.append(
        "credit.lift_restriction",
        restriction,
        {**who(restriction.case, restriction.party), "reason": reason},
        actor,
    )
    return restriction


def lift_on_performance(case: Case, party: Party, *, actor: Any, on: dt.date) -> None:
    """Full performance obliges lifting (addendum §4.6): called when a listing is removed as performed."""
    for restriction in Restriction.objects.filter(party=party, status=Restriction.ISSUED):
        lift_restriction(restriction, "performed", actor=actor, on=on)


@transaction.atomic
def request_permit(
    restriction: Restriction,
    *,
    actor: Any,
    reason: str,
    item: str,
    valid_from: dt.date,
    valid_to: dt.date,
    detail: str = "",
    person: RestrictedPerson | None = None,
    on: dt.date | None = None,
) -> ConsumptionPermit:
    """Record an application to consume what the order restricts, for a necessary reason (addendum
    §4.5) or, for a unit's bound person, with personal money for personal purposes (§4.10)."""
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    permissions.check_request_permit(actor, restriction)
    on = on or today()
    problems = []
    if reason not in rules.PERMIT_REASONS:
        problems.append(_("请选择申请事由"))
    if reason == "personal_funds" and person is None:
        problems.append(_("以个人财产消费的申请须由单位的约束人员提出"))
    if person is not None and person.restriction_id != restriction.pk:
        problems.append(_("申请人不是本限制消费令约束的人员"))
    if not item.strip():
        problems.append(_("请填写消费事项"))
    if valid_to < valid_from:
        problems.append(_("有效期结束日不能早于开始日"))
    if problems:
        raise ActionError(problems)
    permit = ConsumptionPermit.objects.create(
        restriction=restriction,
        person=person,
        reason=reason,
        item=item.strip()[:100],
        detail=detail.strip()[:300],
        valid_from=valid_from,
        valid_to=valid_to,
        requested_on=on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    name = person.name if person else restriction.party.name
    emit(
        restriction.case,
        PERMIT_REQUESTED,
        actor,
        person=name,
        item=permit.item,
        reason=rules.PERMIT_REASONS[reason],
    )
    audit.append(
        "credit.request_permit",
        permit,
        {**who(restriction.case, restriction.party), "item": permit.item, "reason": reason},
        actor,
    )
    return permit


@transaction.atomic
def decide_permit(
    permit: ConsumptionPermit, *, actor: Any, grant: bool, on: dt.date | None = None
) -> ConsumptionPermit:
    permit = ConsumptionPermit.objects.select_for_update().get(pk=permit.pk)
    permissions.check_decide_permit(actor, permit)
    permit.status = ConsumptionPermit.GRANTED if grant else ConsumptionPermit.DENIED
    permit.decided_by = actor if getattr(actor, "pk", None) else None
    permit.decided_on = on or today()
    permit.save()
    restriction = permit.restriction
    name = permit.person.name if permit.person_id else restriction.party.name
    emit(restriction.case, PERMIT_DECIDED, actor, person=name, item=permit.item, granted=grant)
    audit.append(
        "credit.decide_permit",
        permit,
        {**who(restriction.case, restriction.party), "item": permit.item, "granted": grant},
        actor,
    )
    return permit

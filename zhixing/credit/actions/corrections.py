"""Requests to correct the dishonest list (addendum §3.10–3.11; rules §7.1.11): the listed person asks
in writing on one of three grounds; the court reviews within 15 days; if the request is founded it
corrects within 3 working days (revokes a wrong listing, rewrites inaccurate data, removes what should
have been removed); if not, the rejection is served and the person may ask the next-higher court to
reconsider within 10 days of service, which decides within 15 days. Nothing is stayed meanwhile."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.cases.events import emit
from zhixing.core import audit

from .. import permissions, rules
from ..events import CORRECTION_DECIDED, CORRECTION_FILED, LISTING_CORRECTED
from ..models import Correction, Listing, PublicEntry
from . import public, pushes
from .common import ActionError, today, who

# The published fields a correction may rewrite; the rest come from the case file itself.
CORRECTABLE = ("name", "legal_representative", "duty", "performance", "conduct", "basis_number", "basis_unit")


@transaction.atomic
def record_correction(
    listing: Listing, ground: str, statement: str, *, actor: Any, filed_on: dt.date | None = None
) -> Correction:
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    permissions.check_record_correction(actor, listing)
    if ground not in rules.CORRECTION_GROUNDS:
        raise ActionError(_("请选择纠正事由"))
    if not statement.strip():
        raise ActionError(_("请填写申请理由"))
    filed_on = filed_on or today()
    if filed_on > today():
        raise ActionError(_("申请日期不能晚于今天"))
    correction = Correction.objects.create(
        listing=listing,
        ground=ground,
        statement=statement.strip(),
        filed_on=filed_on,
        review_due_on=rules.review_due_on(filed_on).on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    emit(
        listing.case,
        CORRECTION_FILED,
        actor,
        debtor=listing.party.name,
        ground=rules.CORRECTION_GROUNDS[ground],
        review_due_on=correction.review_due_on.isoformat(),
    )
    audit.append(
        "credit.record_correction",
        correction,
        {**who(listing, listing.party), "ground": ground, "review_due_on": correction.review_due_on},
        actor,
    )
    return correction


@transaction.atomic
def decide_correction(
    correction: Correction, *, actor: Any, founded: bool, note: str = "", on: dt.date | None = None
) -> Correction:
    """The review's outcome. Founded: the 3-working-day correction clock starts (a wrong listing is
    revoked by a leader, data rewritten with `correct_listing`, a removal done with remove_listing).
    Rejected: the reconsideration clock starts once the decision is served (`serve_rejection`)."""
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    permissions.check_decide_correction(actor, correction)
    if not founded and not note.strip():
        raise ActionError(_("驳回纠正申请须说明理由"))
    on = on or today()
    correction.status = Correction.FOUNDED if founded else Correction.REJECTED
    correction.decided_by = actor if getattr(actor, "pk", None) else None
    correction.decided_on = on
    correction.decision_note = note.strip()[:300]
    if founded:
        correction.correct_due_on = rules.correct_due_on(on).on
    correction.save()
    listing = correction.listing
    outcome = _("理由成立") if founded else _("驳回")
    emit(
        listing.case,
        CORRECTION_DECIDED,
        actor,
        debtor=listing.party.name,
        outcome=outcome,
        note=correction.decision_note,
    )
    audit.append(
        "credit.decide_correction",
        correction,
        {**who(listing, listing.party), "outcome": correction.status, "note": correction.decision_note},
        actor,
    )
    return correction


@transaction.atomic
def serve_rejection(correction: Correction, *, actor: Any, served_on: dt.date) -> Correction:
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    permissions.check_follow_correction(actor, correction)
    if correction.status != Correction.REJECTED:
        raise ActionError(_("只有被驳回的纠正申请才需送达驳回决定"))
    correction.served_on = served_on
    correction.reconsideration_deadline = rules.reconsideration_deadline(served_on).on
    correction.save()
    audit.append(
        "credit.reconsideration",
        correction,
        {**who(correction.listing, correction.listing.party), "stage": "served", "on": served_on},
        actor,
    )
    return correction


@transaction.atomic
def record_reconsideration(
    correction: Correction,
    *,
    actor: Any,
    filed_on: dt.date | None = None,
    overturned: bool | None = None,
    decided_on: dt.date | None = None,
) -> Correction:
    """The person's reconsideration at the next-higher court (filed within 10 days of service; decided
    within 15 days), and later its outcome. An overturned rejection starts the correction clock."""
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    permissions.check_follow_correction(actor, correction)
    listing = correction.listing
    if overturned is None:
        if correction.status != Correction.REJECTED or correction.served_on is None:
            raise ActionError(_("驳回决定送达后方可申请复议"))
        filed_on = filed_on or today()
        if correction.reconsideration_deadline and filed_on > correction.reconsideration_deadline:
            raise ActionError(_("已超过复议申请期限（%(d)s）") % {"d": correction.reconsideration_deadline})
        correction.status = Correction.RECONSIDERING
        correction.reconsideration_filed_on = filed_on
        correction.higher_due_on = rules.higher_court_due_on(filed_on).on
        stage, when = "filed", filed_on
    else:
        if correction.status != Correction.RECONSIDERING:
            raise ActionError(_("该纠正申请不在复议中"))
        decided_on = decided_on or today()
        correction.status = Correction.OVERTURNED if overturned else Correction.UPHELD
        correction.higher_decided_on = decided_on
        if overturned:
            correction.correct_due_on = rules.correct_due_on(decided_on).on
        stage, when = "decided", decided_on
    correction.save()
    audit.append(
        "credit.reconsideration",
        correction,
        {**who(listing, listing.party), "stage": stage, "on": when, "outcome": correction.status},
        actor,
    )
    return correction


@transaction.atomic
def correct_listing(
    listing: Listing, changes: dict[str, str], *, actor: Any, on: dt.date | None = None
) -> Listing:
    """Rewrite inaccurate published data (addendum §3.8): the public entry shows the new words at
    once and the agencies receive a change. Marks founded corrections of this listing done."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    permissions.check_record_correction(actor, listing)
    unknown = [k for k in changes if k not in CORRECTABLE]
    if unknown or not changes:
        raise ActionError(
            _("可更正的事项：%(fields)s")
            % {"fields": "、".join(dict(rules.PUBLISHED_FIELDS)[k] for k in CORRECTABLE)}
        )
    on = on or today()
    before = {k: listing.record.get(k, "") for k in changes}
    listing.record = {**listing.record, **{k: str(v).strip() for k, v in changes.items()}}
    listing.save(update_fields=["record"])
    if listing.status == Listing.PUBLISHED:
        PublicEntry.objects.filter(source=public.source_of(PublicEntry.DISHONEST, listing.pk)).update(
            record=listing.record, name=listing.record.get("name", listing.party.name)
        )
        pushes.enqueue(listing, "change")
    listing.corrections.filter(
        status__in=(Correction.FOUNDED, Correction.OVERTURNED), corrected_on__isnull=True
    ).update(corrected_on=on)
    labels = dict(rules.PUBLISHED_FIELDS)
    emit(
        listing.case,
        LISTING_CORRECTED,
        actor,
        debtor=listing.party.name,
        fields="、".join(labels[k] for k in changes),
    )
    audit.append(
        "credit.correct_listing",
        listing,
        {
            **who(listing, listing.party),
            "changes": audit.changes(before, {k: listing.record[k] for k in changes}),
        },
        actor,
    )
    return listing

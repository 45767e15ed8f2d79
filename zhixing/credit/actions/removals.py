"""Removal (删除/屏蔽) and revocation of dishonest listings (rules §7.1.10; addendum §3.8–3.9).

A removal trigger sets a deadline of 3 working days (rules.removal_due_on) that the command centre
watches; the triggers the platform sees by itself (payment in full, a 终结执行 or 不予执行 closing, a
suspension for retrial or bankruptcy, two empty re-inquiries after 终本) are noted by the system actor,
the others (settlement performed, the applicant's written request) by staff. A term's end removes the
listing by itself (a daily job). A removal takes the public entry down at once and pushes the removal
to every agency that subscribes, due within the same 3 working days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.cases.events import emit
from zhixing.core import audit

from .. import permissions, rules
from ..actors import CREDIT_SCAN
from ..events import LISTING_REMOVED, LISTING_REVOKED, REMOVAL_DUE
from ..models import Listing, PublicEntry
from . import public, pushes
from .common import ActionError, today, who

LIVE = (Listing.DECIDED, Listing.PUBLISHED)


def _check_trigger_day(listing: Listing, trigger: str, on: dt.date) -> None:
    """A trigger happens after the decision, not in the future; a term expires after its last day."""
    if on > today():
        raise ActionError(_("删除事由发生日不能晚于今天"))
    if listing.decided_on and on < listing.decided_on:
        raise ActionError(_("删除事由发生日不能早于失信决定日期"))
    if trigger == rules.TERM_EXPIRED and (listing.term_end is None or on <= listing.term_end):
        raise ActionError(_("失信期限尚未届满（届满日：%(end)s）") % {"end": listing.term_end or "—"})


@transaction.atomic
def note_trigger(listing: Listing, trigger: str, *, actor: Any, on: dt.date | None = None) -> Listing:
    """Record that a removal trigger happened on `on`; the listing must then be removed within 3
    working days. Only the first trigger sets the deadline; a trigger that does not apply to the
    listing's ground is refused (for a termed listing only its term ends it, rules §7.1.10, though the
    court may remove early on performance, §7.1.2)."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    permissions.check_remove_listing(actor, listing)
    if trigger not in rules.triggers_for(listing.ground) and trigger not in rules.EARLY_REMOVAL:
        raise ActionError(_("该删除事由不适用于本失信名单（失信情形第%(g)d项）") % {"g": listing.ground})
    if listing.removal_due_on is not None:
        return listing
    on = on or today()
    _check_trigger_day(listing, trigger, on)
    due = rules.removal_due_on(on)
    listing.removal_trigger = trigger
    listing.removal_trigger_on = on
    listing.removal_due_on = due.on
    listing.removal_due_provisional = due.provisional
    listing.save(
        update_fields=["removal_trigger", "removal_trigger_on", "removal_due_on", "removal_due_provisional"]
    )
    emit(
        listing.case,
        REMOVAL_DUE,
        actor,
        debtor=listing.party.name,
        trigger=rules.REMOVAL_TRIGGERS[trigger],
        due_on=due.on.isoformat(),
    )
    audit.append(
        "credit.note_trigger",
        listing,
        {**who(listing, listing.party), "trigger": trigger, "due_on": due.on},
        actor,
    )
    return listing


@transaction.atomic
def remove_listing(
    listing: Listing, *, actor: Any, trigger: str | None = None, on: dt.date | None = None
) -> Listing:
    """Remove the listing: the public entry goes at once, the agencies are told (within the removal's
    deadline), and after a removal on the applicant's request the applicant may not ask again for 6
    months (rules §7.1.10). The restriction that came with the listing stays unless lifted (addendum
    §4.6: lifting is its own decision, mandatory on performance — restrictions.lift_on_performance)."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    permissions.check_remove_listing(actor, listing)
    on = on or today()
    trigger = trigger or listing.removal_trigger
    if not trigger:
        raise ActionError(_("删除失信信息须说明删除事由"))
    _check_trigger_day(listing, trigger, on)
    if trigger not in rules.triggers_for(listing.ground) and trigger not in rules.EARLY_REMOVAL:
        raise ActionError(_("该删除事由不适用于本失信名单（失信情形第%(g)d项）") % {"g": listing.ground})
    if listing.removal_due_on is None:
        due = rules.removal_due_on(on)
        listing.removal_trigger, listing.removal_trigger_on = trigger, on
        listing.removal_due_on, listing.removal_due_provisional = due.on, due.provisional
    listing.status = Listing.REMOVED
    listing.removed_on = on
    listing.removed_by = actor if getattr(actor, "pk", None) else None
    listing.relisting_locked_until = rules.relisting_locked_until(on, trigger)
    listing.save()
    was_published = listing.published_on is not None
    public.withdraw([public.source_of(PublicEntry.DISHONEST, listing.pk)])
    if was_published:
        pushes.enqueue(listing, "remove", due_on=listing.removal_due_on)
    emit(
        listing.case,
        LISTING_REMOVED,
        actor,
        debtor=listing.party.name,
        trigger=rules.REMOVAL_TRIGGERS[trigger],
        due_on=listing.removal_due_on.isoformat() if listing.removal_due_on else "",
    )
    audit.append(
        "credit.remove_listing",
        listing,
        {**who(listing, listing.party), "trigger": trigger, "removed_on": on},
        actor,
    )
    if trigger in rules.MANDATORY_LIFT:
        from .restrictions import lift_on_performance

        lift_on_performance(listing.case, listing.party, actor=actor, on=on)
    return listing


@transaction.atomic
def revoke_listing(listing: Listing, *, actor: Any, reason: str, on: dt.date | None = None) -> Listing:
    """Revoke a wrong listing (addendum §3.8: within 3 working days of finding it wrong): as a removal,
    but the listing counts as never made; its entry goes and the agencies are told to remove it."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    permissions.check_revoke_listing(actor, listing)
    if not reason.strip():
        raise ActionError(_("撤销失信决定须说明理由"))
    on = on or today()
    listing.status = Listing.REVOKED
    listing.removed_on = on
    listing.removed_by = actor if getattr(actor, "pk", None) else None
    listing.save()
    public.withdraw([public.source_of(PublicEntry.DISHONEST, listing.pk)])
    if listing.published_on is not None:
        pushes.enqueue(listing, "remove", due_on=rules.revocation_due_on(on).on)
    emit(listing.case, LISTING_REVOKED, actor, debtor=listing.party.name, reason=reason.strip()[:200])
    audit.append(
        "credit.revoke_listing", listing, {**who(listing, listing.party), "reason": reason.strip()}, actor
    )
    return listing


def expire_terms(on: dt.date | None = None, *, actor: Any = CREDIT_SCAN) -> int:
    """Remove the listings whose term has ended (a daily job; rules §7.1.10: within 3 working days after
    the term). The term's last day is `term_end`; the listing goes on the day after."""
    on = on or today()
    done = 0
    for pk in Listing.objects.filter(status__in=LIVE, term_end__lt=on).values_list("pk", flat=True):
        listing = Listing.objects.get(pk=pk)
        due = rules.removal_due_on(listing.term_end)
        with transaction.atomic():
            Listing.objects.filter(pk=pk, removal_due_on__isnull=True).update(
                removal_trigger=rules.TERM_EXPIRED,
                removal_trigger_on=listing.term_end,
                removal_due_on=due.on,
                removal_due_provisional=due.provisional,
            )
            remove_listing(listing, actor=actor, trigger=rules.TERM_EXPIRED, on=on)
        done += 1
    return done

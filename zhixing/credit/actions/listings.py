"""The dishonest list (rules §7.1; addendum §3): proposing, deciding, publishing, removing, revoking.

Each action checks its permission (permissions.py) and the rules (rules.py), writes the listing, its
public entry and its pushes, a case event and an audit entry, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.cases.events import emit
from zhixing.cases.models import Case, Party
from zhixing.core import audit
from zhixing.core.identity import check_identity, mask_identity
from zhixing.documents.rules import DISHONEST_DECISION

from .. import documents, permissions, rules
from ..events import LISTING_DECIDED, LISTING_PROPOSED, LISTING_PUBLISHED, LISTING_REFUSED
from ..models import Listing, PublicEntry
from ..record import owed, published_record
from . import public, pushes
from .common import ActionError, debtor_of, frozen_total, today, who


def relisting_lock(party: Party) -> dt.date | None:
    """The end of the 6-month bar on the applicant asking again (rules §7.1.10), across the debtor's
    listings on any case of the same identity code."""
    code = party.id_number
    if not code:
        return None
    locks = Listing.objects.filter(party__id_number=code, relisting_locked_until__isnull=False)
    return max((lk for lk in locks.values_list("relisting_locked_until", flat=True)), default=None)


def check_listing(case: Case, party: Party, ground: int, on: dt.date, **options: Any) -> rules.ListingCheck:
    """The rules of listing_check, with what the case file says: the frozen total (inquiry), what is
    owed, the relisting lock. The same check the `zhixing credit check` command runs without a file."""
    return rules.listing_check(
        party.id_number,
        ground,
        on,
        exclusions=options.get("exclusions", ()),
        frozen_total=frozen_total(case, party),
        owed=owed(case),
        extension_years=options.get("extension_years", 0),
        relisting_locked_until=relisting_lock(party),
        applicant_requested=options.get("applicant_requested", False),
    )


@transaction.atomic
def propose_listing(
    case: Case,
    party: Party,
    ground: int,
    *,
    actor: Any,
    facts: str = "",
    applicant_requested: bool = False,
    grace_months: int = 0,
    extension_years: int = 0,
    exclusions: Iterable[str] = (),
    legal_representative: tuple[str, str] | None = None,
    on: dt.date | None = None,
) -> Listing:
    """The officer proposes listing a debtor of the case on a ground; a leader decides. A unit's
    proposal names its legal representative (published with it, rules §7.1.6, and bound by the
    consumption restriction that must follow, rules §7.2.1, §7.2.3)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    permissions.check_propose_listing(actor, case)
    party = debtor_of(case, party)
    on = on or today()
    problems = list(
        check_listing(
            case,
            party,
            ground,
            on,
            exclusions=exclusions,
            extension_years=extension_years,
            applicant_requested=applicant_requested,
        ).reasons
    )
    grace = rules.grace_problem(grace_months)
    if grace:
        problems.append(grace)
    rep_name, rep_code = legal_representative or ("", "")
    if party.kind == Party.UNIT:
        if not rep_name.strip():
            problems.append(_("单位被执行人须填写法定代表人或负责人姓名"))
        # Required: the consumption restriction that follows the listing binds this person too.
        if not check_identity(rep_code, on).valid or not check_identity(rep_code, on).is_person:
            problems.append(_("单位被执行人须填写法定代表人或负责人的有效居民身份证号码"))
    if Listing.objects.filter(party=party, status__in=Listing.LIVE).exists():
        problems.append(_("该被执行人已有待审批或生效的失信名单"))
    if problems:
        raise ActionError(problems)
    listing = Listing.objects.create(
        case=case,
        party=party,
        ground=ground,
        facts=facts.strip(),
        applicant_requested=applicant_requested,
        proposed_by=actor if getattr(actor, "pk", None) else None,
        proposed_on=on,
        grace_months=grace_months,
        extension_years=extension_years,
        record={"legal_representative": rep_name.strip(), "legal_representative_code": rep_code.strip()},
    )
    emit(
        case,
        LISTING_PROPOSED,
        actor,
        debtor=party.name,
        ground=rules.GROUNDS[ground],
        requested=applicant_requested,
    )
    audit.append("credit.propose_listing", listing, {**who(case, party), "ground": ground}, actor)
    return listing


def decide_listing(
    listing: Listing, *, actor: Any, approve: bool = True, reason: str = "", on: dt.date | None = None
) -> Listing:
    """A leader signs (or declines) the proposal (addendum §3.4). Signing checks the rules again on the
    decision date, issues the decision as a PDF (which records the 纳入失信 node), sets the term and the
    publication date, and issues the consumption restriction the listing makes mandatory (rules
    §7.2.1). Without a grace period the listing is published at once."""
    permissions.check_decide_listing(actor, listing)
    on = on or today()
    if not approve:
        return _refuse(listing, actor=actor, reason=reason, on=on)
    check = check_listing(
        listing.case,
        listing.party,
        listing.ground,
        on,
        extension_years=listing.extension_years,
        applicant_requested=listing.applicant_requested,
    )
    if not check.allowed:
        raise ActionError(list(check.reasons))
    publish_on = rules.publish_on(on, listing.grace_months)
    particulars = {
        "addressee": listing.party.name,
        "id_code_masked": mask_identity(listing.party.id_number),  # a unit's code stays whole
        # The facts as the officer wrote them, a sentence about the debtor ("被执行人…").
        "facts": _facts_sentence(listing.facts),
        "ground_text": rules.GROUNDS[listing.ground],
        "article": "一二三四五六"[listing.ground - 1],
        "term_years": rules.TERM_YEARS + listing.extension_years if check.term_end else None,
        "term_end": documents.body_date(check.term_end) if check.term_end else "",
        "grace_months": listing.grace_months,
        "publish_on": documents.body_date(publish_on),
        "signer": getattr(actor, "full_name", "") or str(actor),
    }
    # The PDF is rendered (and stored in its own transaction) before the listing is written, as
    # documents.issue_document does for every document; a listing left undecided after a failed write
    # is decided again with a new version of the decision.
    document = documents.issue(listing.case, DISHONEST_DECISION, particulars, actor=actor)
    with transaction.atomic():
        listing = Listing.objects.select_for_update().get(pk=listing.pk)
        permissions.check_decide_listing(actor, listing)
        rep = listing.record.get("legal_representative", "")
        rep_code = listing.record.get("legal_representative_code", "")
        listing.status = Listing.DECIDED
        listing.decided_by = actor if getattr(actor, "pk", None) else None
        listing.decided_on = on
        listing.term_end = check.term_end
        listing.publish_on = publish_on
        listing.document = document
        listing.record = published_record(
            listing.case,
            listing.party,
            conduct=rules.GROUNDS[listing.ground],
            published_on=publish_on,
            legal_representative=rep,
        )
        listing.save()
        emit(
            listing.case,
            LISTING_DECIDED,
            actor,
            debtor=listing.party.name,
            ground=rules.GROUNDS[listing.ground],
            document=document.number,
            term_end=check.term_end.isoformat() if check.term_end else "",
            publish_on=publish_on.isoformat(),
        )
        audit.append(
            "credit.decide_listing",
            listing,
            {**who(listing, listing.party), "approved": True, "document": document.number},
            actor,
        )
        from .restrictions import restrict_for_listing

        restrict_for_listing(listing, rep_name=rep, rep_code=rep_code, actor=actor, on=on)
        if publish_on <= on:
            _publish(listing, actor=actor, on=on)
    return listing


def _facts_sentence(facts: str) -> str:
    facts = facts.strip().rstrip("。，,.")
    if not facts:
        return _("被执行人未履行生效法律文书确定的义务")
    return facts if facts.startswith("被执行人") else _("被执行人%(facts)s") % {"facts": facts}


@transaction.atomic
def _refuse(listing: Listing, *, actor: Any, reason: str, on: dt.date) -> Listing:
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    permissions.check_decide_listing(actor, listing)
    if not reason.strip():
        raise ActionError(_("不予批准须说明理由"))
    listing.status = Listing.REFUSED
    listing.decided_by = actor if getattr(actor, "pk", None) else None
    listing.decided_on = on
    listing.refusal_reason = reason.strip()[:200]
    listing.save()
    emit(listing.case, LISTING_REFUSED, actor, debtor=listing.party.name, reason=listing.refusal_reason)
    audit.append(
        "credit.decide_listing",
        listing,
        {**who(listing, listing.party), "approved": False, "reason": listing.refusal_reason},
        actor,
    )
    return listing


def _publish(listing: Listing, *, actor: Any, on: dt.date) -> None:
    """Publication (rules §7.1.7): the public entry and the pushes to the subscribing agencies."""
    listing.status = Listing.PUBLISHED
    listing.published_on = on
    listing.record = {**listing.record, "published_on": on.isoformat()}
    listing.save(update_fields=["status", "published_on", "record"])
    public.put(
        PublicEntry.DISHONEST,
        public.source_of(PublicEntry.DISHONEST, listing.pk),
        name=listing.party.name,
        id_code=listing.party.id_number.upper(),
        court_id=listing.case.court_id,
        published_on=on,
        record=listing.record,
    )
    pushes.enqueue(listing, "list")
    emit(listing.case, LISTING_PUBLISHED, actor, debtor=listing.party.name)
    audit.append(
        "credit.publish_listing", listing, {**who(listing, listing.party), "published_on": on}, actor
    )


def publish_due(on: dt.date | None = None, *, actor: Any) -> int:
    """Publish the listings whose grace period has ended (a daily job; rules §7.2.6)."""
    on = on or today()
    done = 0
    for pk in Listing.objects.filter(status=Listing.DECIDED, publish_on__lte=on).values_list("pk", flat=True):
        with transaction.atomic():
            listing = Listing.objects.select_for_update().filter(pk=pk, status=Listing.DECIDED).first()
            if listing is not None:
                _publish(listing, actor=actor, on=on)
                done += 1
    return done

"""Applying an institution's verified answer (PROTOCOL.md "Results"): query results become the asset
register (upserted per case, debtor, institution and asset id; only debtors with something are in an
answer, and nothing is stored for the others but the per-institution counts); measure results update
the measure, and a deduction books its money into the case account once (funds.actions.receive, with
the institution's transaction id as the bank transaction id)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.models import CaseEvent, Party
from zhixing.core import audit
from zhixing.core.identity import mask_account
from zhixing.funds.actions import Incoming, receive
from zhixing.funds.matching import sub_account_for
from zhixing.funds.models import PooledAccount, Receipt

from .. import events, rules
from ..actors import CONNECTOR
from ..connectors import Answer
from ..models import Asset, BatchInstitutionSummary, InquiryRequest, Measure, Renewal
from .batches import party_of_ref
from .common import today


def _money(text: Any) -> Decimal | None:
    if text in (None, ""):
        return None
    try:
        return Decimal(str(text)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def apply_answer(row: InquiryRequest, answer: Answer) -> None:
    """Called by delivery.store_answer inside the transaction that marks the row answered."""
    if row.action == InquiryRequest.QUERY:
        count = apply_query(row, answer)
    else:
        count = apply_measure_results(row, answer)
    audit.append(
        "inquiry.answer",
        row,
        {"key": row.key, "institution": row.institution.code, "action": row.action, "results": count},
        CONNECTOR,
    )


def asset_label(type_code: str, account: str) -> str:
    """How an asset is named in events and audit details: its type and a masked account or title."""
    return f"{dict(rules.ASSET_TYPES).get(type_code, type_code)} {mask_account(account) if account else ''}".strip()


def apply_query(row: InquiryRequest, answer: Answer) -> int:
    institution = row.institution
    now = timezone.now()
    by_party: dict[int, list[dict[str, Any]]] = {}
    for item in answer.results:
        party_id = party_of_ref(str(item.get("ref", "")))
        if party_id is not None and item.get("assets"):
            by_party.setdefault(party_id, []).extend(item["assets"])
    parties = dict(Party.objects.filter(pk__in=list(by_party)).values_list("pk", "case_id"))
    existing = {
        (a.party_id, a.asset_id): a
        for a in Asset.objects.filter(party_id__in=list(parties), institution=institution)
    }
    new, changed, found = [], [], []
    n_assets = 0
    for party_id, assets in by_party.items():
        case_id = parties.get(party_id)
        if case_id is None:
            continue  # a ref the platform never sent (or a party since removed)
        for data in assets:
            asset_id = str(data.get("asset_id", ""))[:64]
            if not asset_id:
                continue
            n_assets += 1
            fields = {
                "type": str(data.get("type", ""))[:16],
                "description": str(data.get("description", ""))[:200],
                "account": str(data.get("account", ""))[:64],
                "value": _money(data.get("value")),
                "currency": str(data.get("currency") or "CNY")[:3],
                "encumbrances": list(data.get("encumbrances") or []),
                "other_measures": list(data.get("measures") or []),
                "last_seen": now,
                "last_seen_by_id": row.batch_id,
            }
            asset = existing.get((party_id, asset_id))
            if asset is None:
                asset = Asset(
                    case_id=case_id,
                    party_id=party_id,
                    institution=institution,
                    asset_id=asset_id,
                    found_by_id=row.batch_id,
                    found_at=now,
                    **fields,
                )
                existing[(party_id, asset_id)] = asset
                new.append(asset)
                found.append((case_id, party_id, asset))
            else:
                for k, v in fields.items():
                    setattr(asset, k, v)
                changed.append(asset)
    Asset.objects.bulk_create(new, batch_size=500)
    Asset.objects.bulk_update(
        changed,
        [
            "type",
            "description",
            "account",
            "value",
            "currency",
            "encumbrances",
            "other_measures",
            "last_seen",
            "last_seen_by",
        ],
        batch_size=500,
    )
    if row.batch_id:
        BatchInstitutionSummary.objects.filter(batch_id=row.batch_id, institution=institution).update(
            answered=F("answered") + 1,
            queried=F("queried") + (answer.queried or row.items),
            hits=F("hits") + len([p for p in by_party if p in parties]),
            assets=F("assets") + n_assets,
        )
    _announce_found(found, institution)
    return len(by_party)


def _announce_found(found: list[tuple[int, int, Asset]], institution: Any) -> None:
    per: dict[tuple[int, int], int] = {}
    for case_id, party_id, _asset in found:
        per[(case_id, party_id)] = per.get((case_id, party_id), 0) + 1
    names = dict(Party.objects.filter(pk__in=[p for _c, p in per]).values_list("pk", "name"))
    now = timezone.now()
    who = case_events.actor_fields(CONNECTOR)
    case_events.emit_many(
        [
            CaseEvent(
                case_id=case_id,
                kind=events.ASSETS_FOUND,
                at=now,
                data={"institution": institution.name, "assets": n, "debtor": names.get(party_id, "")},
                **who,
            )
            for (case_id, party_id), n in per.items()
        ]
    )


# --- Measures --------------------------------------------------------------------------------------


def apply_measure_results(row: InquiryRequest, answer: Answer) -> int:
    if row.measure_id is None:
        return 0
    measure = Measure.objects.select_related("case", "asset", "asset__party").get(pk=row.measure_id)
    results = [r for r in answer.results if str(r.get("ref", "")) == f"M{measure.pk}"] or answer.results[:1]
    if not results:
        return 0
    result = results[0]
    ok = bool(result.get("ok"))
    label = asset_label(measure.asset.type, measure.asset.account)
    kind = measure.get_kind_display()
    handler = {
        InquiryRequest.FREEZE: _freeze_result,
        InquiryRequest.RENEW: _renew_result,
        InquiryRequest.RELEASE: _release_result,
        InquiryRequest.DEDUCT: _deduct_result,
    }[row.action]
    detail = handler(measure, result, ok, label, str(kind))
    audit.append(
        "inquiry.measure_result",
        measure,
        {"case": measure.case.case_number, "asset": label, "action": row.action, "ok": ok, "detail": detail},
        CONNECTOR,
    )
    return 1


def _freeze_result(measure: Measure, result: dict[str, Any], ok: bool, label: str, kind: str) -> str:
    if not ok:
        reason = str(result.get("reason", ""))[:200]
        Measure.objects.filter(pk=measure.pk).update(status=Measure.REFUSED, refused_reason=reason)
        case_events.emit(
            measure.case, events.MEASURE_REFUSED, CONNECTOR, measure=kind, asset=label, reason=reason
        )
        return reason
    start = _date(result.get("start")) or today()
    expiry = _date(result.get("expiry")) or rules.expiry(start, measure.days)
    Measure.objects.filter(pk=measure.pk).update(
        status=Measure.ACTIVE,
        measure_id=str(result.get("measure_id", ""))[:64],
        amount=_money(result.get("amount")) if result.get("amount") not in (None, "") else measure.amount,
        start=start,
        expiry=expiry,
        position=int(result.get("position") or 1),
    )
    case_events.emit(
        measure.case,
        events.MEASURE_TAKEN,
        CONNECTOR,
        measure=kind,
        asset=label,
        expiry=expiry.isoformat(),
        position=int(result.get("position") or 1),
    )
    return f"{result.get('measure_id', '')} → {expiry.isoformat()}"


def _renew_result(measure: Measure, result: dict[str, Any], ok: bool, label: str, kind: str) -> str:
    if not ok:
        Measure.objects.filter(pk=measure.pk).update(pending="")
        return str(result.get("reason", ""))[:200]
    old = measure.expiry
    assert old is not None
    days = int(
        measure.instructions.filter(action=InquiryRequest.RENEW)
        .order_by("-id")
        .values_list("body", flat=True)[0]["items"][0]["days"]
    )
    new = _date(result.get("expiry")) or rules.expiry(old + dt.timedelta(days=1), days)
    Renewal.objects.create(
        measure=measure, days=days, old_expiry=old, new_expiry=new, renewed_at=timezone.now()
    )
    Measure.objects.filter(pk=measure.pk).update(expiry=new, pending="", renewal_due_since=None)
    case_events.emit(
        measure.case,
        events.MEASURE_RENEWED,
        CONNECTOR,
        measure=kind,
        asset=label,
        old_expiry=old.isoformat(),
        expiry=new.isoformat(),
    )
    return f"{old.isoformat()} → {new.isoformat()}"


def _release_result(measure: Measure, result: dict[str, Any], ok: bool, label: str, kind: str) -> str:
    if not ok:
        Measure.objects.filter(pk=measure.pk).update(pending="", release_reason="")
        return str(result.get("reason", ""))[:200]
    Measure.objects.filter(pk=measure.pk).update(status=Measure.RELEASED, pending="", released_on=today())
    case_events.emit(
        measure.case,
        events.MEASURE_RELEASED,
        CONNECTOR,
        measure=kind,
        asset=label,
        reason=str(dict(rules.RELEASE_REASONS).get(measure.release_reason, measure.release_reason)),
    )
    return measure.release_reason


def _deduct_result(measure: Measure, result: dict[str, Any], ok: bool, label: str, kind: str) -> str:
    if not ok:
        Measure.objects.filter(pk=measure.pk).update(pending="")
        return str(result.get("reason", ""))[:200]
    amount = _money(result.get("amount")) or Decimal("0.00")
    transaction_id = str(result.get("transaction_id", ""))[:64]
    if amount > 0 and transaction_id:
        pooled = PooledAccount.objects.get(court_id=measure.case.court_id)
        receive(
            Incoming(
                pooled_account=pooled.account_number,
                transaction_id=transaction_id,
                channel=Receipt.TRANSFER,
                amount=amount,
                booked_on=today(),
                sub_account=sub_account_for(pooled.account_number, measure.case_id),
                payer_name=measure.asset.party.name,
                remittance=_("网络扣划 %(case)s") % {"case": measure.case.case_number},
            ),
            actor=CONNECTOR,
        )
    Measure.objects.filter(pk=measure.pk).update(
        status=Measure.DEDUCTED, pending="", deducted_amount=amount, transaction_id=transaction_id
    )
    case_events.emit(
        measure.case,
        events.MEASURE_DEDUCTED,
        CONNECTOR,
        asset=label,
        amount=str(amount),
        transaction_id=transaction_id,
    )
    return transaction_id

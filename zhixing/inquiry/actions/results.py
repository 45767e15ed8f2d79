"""Applying an institution's verified answer (PROTOCOL.md "Results"): query results become the asset
register (upserted per case, debtor, institution and asset id; only debtors with something are in an
answer, and nothing is stored for the others but the per-institution counts); measure results update
the measure, and a deduction books its money into the case account once (funds.actions.receive, with
the institution's transaction id as the bank transaction id)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.models import Party
from zhixing.core import audit
from zhixing.core.bulk import Inserter, reserve_ids, rows_in
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


_ASSET_NEW = [
    "id",
    "case",
    "party",
    "institution",
    "asset_id",
    "found_by",
    "found_at",
    "type",
    "description",
    "account",
    "value",
    "currency",
    "encumbrances",
    "other_measures",
    "last_seen",
    "last_seen_by",
]
_ASSET_CHANGED = [
    "type",
    "description",
    "account",
    "value",
    "currency",
    "encumbrances",
    "other_measures",
    "last_seen",
    "last_seen_by",
]


def apply_query(row: InquiryRequest, answer: Answer) -> int:
    institution = row.institution
    now = timezone.now()
    by_party: dict[int, list[dict[str, Any]]] = {}
    for item in answer.results:
        party_id = party_of_ref(str(item.get("ref", "")))
        if party_id is not None and item.get("assets"):
            by_party.setdefault(party_id, []).extend(item["assets"])
    parties: dict[int, tuple[int, str]] = {
        pk: (case_id, name) for pk, case_id, name in rows_in(Party, "id", by_party, ["id", "case_id", "name"])
    }
    # The register's rows of these debtors at this institution: only their ids are needed.
    existing: dict[tuple[int, str], int] = {
        (party_id, asset_id): pk
        for pk, party_id, asset_id in rows_in(
            Asset,
            "party_id",
            parties,
            ["id", "party_id", "asset_id"],
            "institution_id = %s",
            [institution.pk],
        )
    }
    new: dict[tuple[int, str], list[Any]] = {}  # a row per new asset (the last report of it wins)
    changed: dict[int, Asset] = {}
    found: dict[tuple[int, int], int] = {}  # (case, debtor) → new assets
    n_assets = 0
    for party_id, assets in by_party.items():
        if party_id not in parties:
            continue  # a ref the platform never sent (or a party since removed)
        case_id = parties[party_id][0]
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
            key = (party_id, asset_id)
            pk = existing.get(key)
            if pk is not None:
                changed[pk] = Asset(pk=pk, **fields)
            else:
                if key not in new:
                    found[(case_id, party_id)] = found.get((case_id, party_id), 0) + 1
                new[key] = [case_id, party_id, asset_id, fields]
    _insert_assets(list(new.values()), institution.pk, row.batch_id, now)
    Asset.objects.bulk_update(list(changed.values()), _ASSET_CHANGED, batch_size=500)
    if row.batch_id:
        BatchInstitutionSummary.objects.filter(batch_id=row.batch_id, institution=institution).update(
            answered=F("answered") + 1,
            queried=F("queried") + (answer.queried or row.items),
            hits=F("hits") + len([p for p in by_party if p in parties]),
            assets=F("assets") + n_assets,
        )
    _announce_found(found, {pk: name for pk, (_case, name) in parties.items()}, institution)
    return len(by_party)


def _insert_assets(
    rows: list[list[Any]], institution_id: int, batch_id: int | None, now: dt.datetime
) -> None:
    """The new assets by COPY (PostgreSQL) or one prepared INSERT (SQLite), with reserved ids: building
    tens of thousands of Asset instances for bulk_create cost more than writing them."""
    if not rows:
        return
    with transaction.atomic():  # reserve_ids needs the writing transaction (a savepoint if inside one)
        ids = reserve_ids(Asset, len(rows))
        at = Asset._meta.get_field("found_at").get_db_prep_save(now, connection)
        prep_value = Asset._meta.get_field("value").get_db_prep_save
        dumps = json.dumps  # the JSONField's own encoding (no custom encoder)
        Inserter(Asset, _ASSET_NEW).insert(
            (
                pk,
                case_id,
                party_id,
                institution_id,
                asset_id,
                batch_id,
                at,
                f["type"],
                f["description"],
                f["account"],
                prep_value(f["value"], connection),
                f["currency"],
                dumps(f["encumbrances"]),
                dumps(f["other_measures"]),
                at,
                batch_id,
            )
            for pk, (case_id, party_id, asset_id, f) in zip(ids, rows, strict=True)
        )


def _announce_found(found: dict[tuple[int, int], int], names: dict[int, str], institution: Any) -> None:
    now = timezone.now()
    who = case_events.actor_fields(CONNECTOR)
    case_events.insert_many(
        [
            (
                case_id,
                events.ASSETS_FOUND,
                now,
                who["actor_id"],
                who["system_actor"],
                {"institution": institution.name, "assets": n, "debtor": names.get(party_id, "")},
            )
            for (case_id, party_id), n in found.items()
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

"""What a police bureau tells the court about a referral (simulators/police/PROTOCOL.md, Owner G's
protocol): its receipt and its decision whether to file, as signed, numbered messages in the bureau's
feed (`GET /messages?after=seq`, optionally also pushed to a callback).

The court never trusts a message it cannot verify: `apply_agency_message` checks the Ed25519 signature
under the key recorded for the Agency (X-Zx-Key = its code); a message that does not verify, names no
referral of this court at that bureau, or says what the referral's state does not allow, is refused
and audited (`measures.refuse_message`) and raises BadMessage. Each referral keeps the sequence number
of the last message applied to it (Referral.last_seq): a message at or below it was applied before and
changes nothing, so reading the feed again, or beside the callback, is safe.

Like disposal's accept_message, not one transaction: the refusal's audit entry must survive the
refusal, so the message is applied in its own atomic block and the refusal written after it rolled
back.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import ActionError
from zhixing.core import audit
from zhixing.inquiry import signing

from ..models import Agency, Referral
from . import referrals

RECEIPT, DECISION = "receipt", "decision"
KINDS = (RECEIPT, DECISION)
# A referral the bureau may still write about: awaiting its receipt or decision, or under the
# procuratorate's supervision (the police may then file).
WAITING = (Referral.SENT, Referral.RECEIVED, Referral.NOT_FILED, Referral.ESCALATED)


class BadMessage(ActionError):
    """A police message refused: unsigned, forged, altered, or saying what the court cannot apply."""


def _refuse(agency: Agency, message_id: str, reason: str, actor: Any) -> None:
    with transaction.atomic():
        audit.append(
            "measures.refuse_message",
            agency,
            {"agency": agency.code, "message": message_id[:64], "reason": reason[:300]},
            actor,
        )


def _day(value: Any, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value or "")[:10])
    except ValueError as err:
        raise BadMessage(_("报文中的%(what)s不是日期") % {"what": what}) from err


def _seq(body: dict[str, Any], seq: int | None) -> int:
    """The feed's number of the message: given by the feed, else in the body, else the digits ending
    its message id ("M-PSB-000007")."""
    if seq is not None:
        return int(seq)
    if str(body.get("seq") or "").isdigit():
        return int(body["seq"])
    found = re.search(r"(\d+)$", str(body.get("message_id") or ""))
    if not found:
        raise BadMessage(_("报文缺少序号"))
    return int(found.group(1))


def _referral_for(agency: Agency, body: dict[str, Any]) -> Referral:
    ref = str(body.get("ref") or "").strip()
    rid = str(body.get("referral_id") or "").strip()
    rows = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case__court", "agency")
        .filter(agency=agency)
    )
    # Our referral_id is "<court signer>-<pk>" (referrals.referral_body); the feed holds every court's.
    signer, _dash, pk = rid.rpartition("-")
    if pk.isdigit():
        rows = rows.filter(pk=int(pk))
    elif ref:
        rows = rows.filter(agency_ref=ref)
    else:
        raise BadMessage(_("报文未指明所涉移送"))
    referral = rows.first()
    if referral is None or (pk.isdigit() and signing.signer(referral.case.court) != signer):
        raise BadMessage(_("报文所称移送不是本院向该公安机关移送的案件"))
    if ref and referral.agency_ref and referral.agency_ref != ref:
        raise BadMessage(_("报文的受案编号与本院记录的不符"))
    return referral


FILED_SIDE = (Referral.FILED, Referral.PROSECUTED, Referral.CONVICTED, Referral.PERFORMED)
NOT_FILED_SIDE = (Referral.NOT_FILED, Referral.ESCALATED, Referral.PRIVATE)


def _known(referral: Referral, body: dict[str, Any]) -> bool:
    """The message says what the court already recorded: the receipt that came with the answer to the
    referral, or a decision entered by hand from the paper notice. Applied, it changes nothing."""
    if body["kind"] == RECEIPT:
        number = str(body.get("receipt_number") or "")
        return referral.received_on is not None and referral.receipt_number == number
    if referral.decided_on is None or not isinstance(body.get("filed"), bool):
        return False
    return referral.status in (FILED_SIDE if body["filed"] else NOT_FILED_SIDE)


def _apply(agency: Agency, body: dict[str, Any], seq: int, actor: Any) -> Referral:
    referral = _referral_for(agency, body)
    if seq <= referral.last_seq:
        return referral  # applied before (the feed read again, or the callback and the feed both)
    if _known(referral, body):
        Referral.objects.filter(pk=referral.pk).update(last_seq=seq)
        referral.last_seq = seq
        return referral
    try:
        if body["kind"] == RECEIPT:
            referrals._receive(
                referral,
                _day(body.get("received_on"), _("接收日期")),
                str(body.get("receipt_number") or ""),
                bool(body.get("complex")),
                actor,
            )
        else:
            filed = body.get("filed")
            if not isinstance(filed, bool):
                raise BadMessage(_("立案决定报文须写明是否立案"))
            if referral.status == Referral.SENT:
                raise BadMessage(_("公安机关尚未出具受案回执，不能先有立案决定"))
            if body.get("complex") and not referral.complex_case and referral.status == Referral.RECEIVED:
                # The bureau took the complex case's 30 days (rules §10.3.3): the clock moves with it.
                referrals.mark_complex(referral)
            decided_on = _day(body.get("decided_on"), _("决定日期"))
            # The decision comes in writing: the message itself is the written notice.
            referrals._decide(referral, filed, decided_on, str(body.get("reason") or ""), decided_on, actor)
    except BadMessage:
        raise
    except ActionError as err:
        raise BadMessage(list(err.messages)) from err
    Referral.objects.filter(pk=referral.pk).update(last_seq=seq)
    referral.last_seq = seq
    return referral


def apply_agency_message(
    agency: Agency, raw: bytes, headers: Any, *, actor: Any, seq: int | None = None
) -> Referral:
    """Verify and apply one signed police message (module docstring); the referral it concerns."""
    message_id = ""
    try:
        try:
            signing.verify(headers, raw, agency.public_key, agency.code)
        except signing.BadSignature as err:
            raise BadMessage(str(err)) from err
        try:
            body = json.loads(raw)
        except ValueError as err:
            raise BadMessage(_("报文不是 JSON")) from err
        if not isinstance(body, dict) or body.get("kind") not in KINDS:
            raise BadMessage(_("报文类型不明"))
        message_id = str(body.get("message_id") or "")[:64]
        number = _seq(body, seq)
        with transaction.atomic():
            referral = _apply(agency, body, number, actor)
        return referral
    except BadMessage as err:
        _refuse(agency, message_id, "；".join(err.messages), actor)
        raise


def pull_updates(agency: Agency, *, actor: Any) -> tuple[list[Referral], list[str]]:
    """Read the bureau's feed from the earliest cursor of its referrals still waiting, per court, and
    apply each message in order: (the referrals a message was applied or re-read for, the reasons of
    the refused ones). Unreachable: ActionError."""
    from .. import connector

    waiting = Referral.objects.filter(agency=agency, status__in=WAITING).select_related("case__court")
    cursors: dict[int, tuple[Any, int]] = {}
    for r in waiting:
        court, after = cursors.get(r.case.court_id, (r.case.court, r.last_seq))
        cursors[r.case.court_id] = (court, min(after, r.last_seq))
    applied: list[Referral] = []
    refused: list[str] = []
    for court, after in cursors.values():
        try:
            items = connector.messages(agency, court, after)
        except connector.ConnectorError as err:
            raise ActionError(str(err)) from err
        for seq, raw, headers in items:
            try:
                applied.append(apply_agency_message(agency, raw, headers, actor=actor, seq=seq))
            except ActionError as err:
                refused.append("；".join(err.messages))
    return applied, refused

"""Sending the SMS outbox (ARCHITECTURE §8): each pending row is claimed with a conditional UPDATE (a
lease, so two workers never send it at once), posted to the active gateway signed with the court's
Ed25519 key (zhixing.inquiry.signing, the same scheme as the institutions), and marked sent only when
the gateway's answer, verified under the key registered for it, accepts that message id. A retry sends
the same bytes under the same id, and the gateway applies a message once, so a lost answer or a second
worker never makes a second text."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from collections.abc import Iterable
from typing import Any

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.inquiry import signing

from .models import SmsGateway, SmsMessage

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
LEASE = dt.timedelta(seconds=60)
TIMEOUT = 10
MAX_ATTEMPTS = 12
PERMANENT = (400, 409, 413, 422)  # the gateway refuses the message itself: sending again cannot help


def gateway() -> SmsGateway | None:
    return SmsGateway.objects.filter(active=True).order_by("code").first()


def body_of(message: SmsMessage) -> bytes:
    return signing.encode_body(
        {
            "message_id": message.key,
            "court": signing.signer(message.court),
            "phone": message.phone,
            "text": message.text,
        }
    )


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(3600, 15 * 2 ** max(0, attempts - 1)))


def _free(now: dt.datetime) -> Q:
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


def claim(
    ids: Iterable[int] | None = None, limit: int = 100, now: dt.datetime | None = None
) -> list[SmsMessage]:
    """Lease up to `limit` due rows (of `ids` when given) for this caller."""
    now = now or timezone.now()
    due = SmsMessage.objects.filter(_free(now), status=SmsMessage.PENDING, next_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    won = []
    for pk in due.order_by("next_at", "id").values_list("pk", flat=True)[:limit]:
        if SmsMessage.objects.filter(_free(now), pk=pk, status=SmsMessage.PENDING).update(
            lease_until=now + LEASE
        ):
            won.append(pk)
    return list(SmsMessage.objects.filter(pk__in=won).select_related("court").order_by("id"))


def post(gw: SmsGateway, message: SmsMessage) -> tuple[int, Any, bytes]:
    """(status, headers, body) of one signed POST /v1/messages."""
    raw = body_of(message)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        **signing.signed_headers(message.court, raw),
    }
    request = urllib.request.Request(
        f"{gw.url.rstrip('/')}/v1/messages", data=raw, headers=headers, method="POST"
    )
    try:
        with _NO_PROXY.open(request, timeout=TIMEOUT) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _accepted(gw: SmsGateway, message: SmsMessage, status: int, headers: Any, body: bytes) -> str:
    """ "" when the gateway accepted the message (a signed 202 naming it), else why not."""
    if status != 202:
        try:
            why = json.loads(body).get("error", "")
        except (ValueError, AttributeError):
            why = ""
        return _("短信网关答复 %(status)s：%(why)s") % {"status": status, "why": str(why)[:200]}
    try:
        signing.verify(headers, body, gw.public_key, gw.code)
    except signing.BadSignature as error:
        return str(error)
    try:
        answer = json.loads(body)
    except ValueError:
        return _("短信网关的答复不是 JSON")
    if answer.get("message_id") != message.key or answer.get("status") != "accepted":
        return _("短信网关的答复与所发短信不符")
    return ""


def send(message: SmsMessage, gw: SmsGateway | None, now: dt.datetime | None = None) -> bool:
    """Send one leased row; True when the gateway accepted it. Failures wait and try again."""
    now = now or timezone.now()
    status = 0
    if gw is None:
        why = _("未配置启用的短信网关")
    else:
        try:
            status, headers, body = post(gw, message)
            why = _accepted(gw, message, status, headers, body)
        except (OSError, urllib.error.URLError) as error:
            why = _("无法连接短信网关：%(error)s") % {"error": str(error)[:200]}
    rows = SmsMessage.objects.filter(pk=message.pk, status=SmsMessage.PENDING)
    if not why:
        rows.update(
            status=SmsMessage.SENT, attempts=F("attempts") + 1, acked_at=now, lease_until=None, last_error=""
        )
        return True
    attempts = message.attempts + 1
    failed = status in PERMANENT or attempts >= MAX_ATTEMPTS
    rows.update(
        status=SmsMessage.FAILED if failed else SmsMessage.PENDING,
        attempts=F("attempts") + 1,
        next_at=now + _backoff(attempts),
        lease_until=None,
        last_error=why[:300],
    )
    return False


def deliver(ids: Iterable[int] | None = None, limit: int = 100) -> int:
    """Send what is due (of `ids` when given); returns how many the gateway accepted."""
    rows = claim(ids, limit)
    if not rows:
        return 0
    gw = gateway()
    return sum(send(row, gw) for row in rows)


def deliver_all(rounds: int = 50) -> int:
    """Send every due row, a batch at a time (the periodic task)."""
    total = 0
    for _round in range(rounds):
        rows = claim(limit=100)
        if not rows:
            break
        gw = gateway()
        total += sum(send(row, gw) for row in rows)
    return total

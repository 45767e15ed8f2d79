"""The connector to the bank that keeps the pooled account (ARCHITECTURE §8): signed messages both
ways. Incoming notifications are verified here; outgoing payout instructions are posted from the
outbox. The reference counterpart is simulators/bank (its README documents the protocol).

Signature: X-Bank-Timestamp (unix seconds) and X-Bank-Signature = "sha256=" + hex HMAC-SHA256 under
the shared secret of f"{timestamp}." + body; a timestamp more than MAX_SKEW seconds off is refused,
so a captured message cannot be replayed later."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings

MAX_SKEW = 300
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def secret() -> str:
    return getattr(settings, "ZHIXING_BANK_SECRET", "") or ""


def sign(body: bytes, timestamp: str, key: str | None = None) -> str:
    key = secret() if key is None else key
    return "sha256=" + hmac.new(key.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def verify(headers: Any, body: bytes) -> bool:
    """Whether a message claiming to come from the bank is signed with the shared secret and fresh.
    With no secret configured nothing is accepted."""
    key = secret()
    timestamp = headers.get("X-Bank-Timestamp") or ""
    signature = headers.get("X-Bank-Signature") or ""
    if not key or not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_SKEW:
        return False
    return hmac.compare_digest(sign(body, timestamp, key), signature)


@dataclass
class BankAnswer:
    status: int
    data: dict[str, Any]


class BankUnavailable(RuntimeError):
    pass


def post_payout(payload: dict[str, Any], timeout: float = 15) -> BankAnswer:
    """Send one payout instruction; the bank books it once per idempotency key, so a retry after a
    timeout is safe."""
    base = (getattr(settings, "ZHIXING_BANK_URL", "") or "").rstrip("/")
    if not base:
        raise BankUnavailable("ZHIXING_BANK_URL is not configured")
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    ts = str(int(time.time()))
    request = urllib.request.Request(
        f"{base}/payouts",
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Bank-Timestamp": ts,
            "X-Bank-Signature": sign(body, ts),
        },
    )
    try:
        with _NO_PROXY.open(request, timeout=timeout) as response:
            return BankAnswer(response.status, json.loads(response.read() or b"{}"))
    except urllib.error.HTTPError as err:
        try:
            data = json.loads(err.read() or b"{}")
        except ValueError:
            data = {}
        return BankAnswer(err.code, data)
    except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
        raise BankUnavailable(str(err)) from err

"""The bank's notifications (ARCHITECTURE §8): receipts (bank transfer and e-CNY) and payout results,
POSTed as signed JSON. Verified (funds.bank.verify), then booked once by the bank's transaction id or
the payout's idempotency key: the same notification delivered again, or five times at once, changes
nothing. Answers are JSON with a Chinese error."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from zhixing.core.money import InvalidAmount, parse_yuan

from . import bank
from .actions.payouts import record_payout_result
from .actions.receipts import Incoming, receive
from .actors import BANK
from .models import Receipt

CHANNELS = {"transfer": Receipt.TRANSFER, "ecny": Receipt.ECNY}


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _signed_json(request) -> tuple[dict[str, Any] | None, JsonResponse | None]:
    body = request.body
    if not bank.verify(request.headers, body):
        return None, _error("签名无效或已过期", 401)
    try:
        data = json.loads(body)
    except ValueError:
        return None, _error("通知内容不是有效的 JSON")
    if not isinstance(data, dict):
        return None, _error("通知内容应为 JSON 对象")
    return data, None


def _incoming(data: dict[str, Any]) -> Incoming:
    missing = [k for k in ("transaction_id", "pooled_account", "amount", "booked_on") if not data.get(k)]
    if missing:
        raise ValidationError("通知缺少字段：" + "、".join(missing))
    if (data.get("currency") or "CNY") != "CNY":
        raise ValidationError(f"币种“{data.get('currency')}”不是人民币")
    channel = CHANNELS.get(str(data.get("channel") or "transfer"))
    if channel is None:
        raise ValidationError(f"渠道“{data.get('channel')}”不正确")
    try:
        amount = parse_yuan(str(data["amount"]))
        booked_on = dt.date.fromisoformat(str(data["booked_on"]))
    except (InvalidAmount, ValueError) as err:
        raise ValidationError(f"金额或记账日期不正确：{err}") from err
    if amount <= 0:
        raise ValidationError("到账金额必须大于零")
    return Incoming(
        pooled_account=str(data["pooled_account"]),
        transaction_id=str(data["transaction_id"]),
        channel=channel,
        amount=amount,
        booked_on=booked_on,
        sub_account=str(data.get("sub_account") or ""),
        payer_name=str(data.get("payer_name") or ""),
        payer_account=str(data.get("payer_account") or ""),
        remittance=str(data.get("remittance") or ""),
        wallet_id=str(data.get("wallet_id") or ""),
    )


def bank_notification(invalid_status: int = 400) -> Callable:
    """A notification view: POST only, no CSRF, the body's signature checked and parsed to a JSON object,
    which the view gets; a ValidationError it raises is answered with its messages and `invalid_status`."""

    def decorate(view: Callable) -> Callable:
        @csrf_exempt
        @require_POST
        @wraps(view)
        def wrapper(request):
            data, refused = _signed_json(request)
            if refused:
                return refused
            assert data is not None
            try:
                return view(request, data)
            except ValidationError as err:
                return _error("；".join(err.messages), invalid_status)

        return wrapper

    return decorate


@bank_notification()
def receipt_notification(request, data: dict[str, Any]):
    receipt, made = receive(_incoming(data), actor=BANK)
    return JsonResponse(
        {
            "status": "posted" if made else "duplicate",
            "transaction_id": receipt.transaction_id,
            "matched": bool(receipt.case_id),
        }
    )


@bank_notification(invalid_status=404)
def payout_notification(request, data: dict[str, Any]):
    status = data.get("status")
    if status not in ("confirmed", "bounced") or not data.get("idempotency_key"):
        return _error("通知应含 idempotency_key 与 status（confirmed 或 bounced）")
    payout = record_payout_result(
        str(data["idempotency_key"]),
        status == "confirmed",
        str(data.get("bank_reference") or ""),
        str(data.get("reason") or ""),
        actor=BANK,
    )
    return JsonResponse({"status": payout.status})

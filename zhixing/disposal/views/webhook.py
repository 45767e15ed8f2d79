"""The auction platforms' signed messages, POSTed to /api/v1/disposal/platforms/<code>/messages/ (the
simulator's --callback): no session, no CSRF. The raw body and its X-Zx headers go unchanged to
zhixing.disposal.actions.results.accept_message, which verifies the platform's signature, stores each
message once and applies it. Answers are JSON: 200 `{"message_id", "applied"}` (applied false for a
message already received), 400 `{"error"}` in Chinese for a refused message, 404 for an unknown
platform."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..models import Platform, PlatformMessage

HEADERS = ("X-Zx-Timestamp", "X-Zx-Key", "X-Zx-Signature")


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _message_id(raw: bytes) -> str:
    try:
        data = json.loads(raw)
    except ValueError:
        return ""
    return str(data.get("message_id") or "") if isinstance(data, dict) else ""


def _refusals() -> tuple[type[BaseException], ...]:
    refused: list[type[BaseException]] = [ValidationError]
    try:
        from ..actions import results

        bad = getattr(results, "BadMessage", None)
        if isinstance(bad, type) and issubclass(bad, BaseException):
            refused.append(bad)
    except ImportError:
        pass
    return tuple(refused)


@csrf_exempt
@require_POST
def platform_message(request, code: str):
    platform = Platform.objects.filter(code=code).first()
    if platform is None:
        return _error(_("没有该网络司法拍卖平台"), 404)
    raw = request.body
    headers = {name: request.headers.get(name, "") for name in HEADERS}
    if not all(headers.values()):
        return _error(_("报文未签名：缺少 X-Zx-Timestamp、X-Zx-Key 或 X-Zx-Signature"))
    try:
        from ..actions.results import accept_message
    except ImportError:
        return _error(_("暂不能接收平台报文"), 503)
    message_id = _message_id(raw)
    known = (
        bool(message_id) and PlatformMessage.objects.filter(platform=platform, message_id=message_id).exists()
    )
    try:
        message = accept_message(platform, raw, headers)
    except _refusals() as exc:
        text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return _error(text or _("报文被拒绝"))
    return JsonResponse(
        {"message_id": message.message_id, "applied": not known},
        json_dumps_params={"ensure_ascii": False},
    )

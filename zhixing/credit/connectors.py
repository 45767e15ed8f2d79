"""The HTTP client of the agency protocol (simulators/agencies; issue 11 item 3): a push is one signed
JSON message, POST /v1/records, signed with the court's key exactly as the inquiry instructions are
(zhixing.inquiry.signing); the agency answers 200 with an acknowledgement signed by its own key, which
is verified under the key recorded for the agency (Agency.public_key), never under a key sent with it.

The same message id with the same body is applied once by the agency, and a retry gets the same
acknowledgement back: sending again after a lost answer is harmless.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from zhixing.inquiry import signing
from zhixing.inquiry.connectors import Refused, Unavailable
from zhixing.inquiry.connectors.http import HttpConnector

__all__ = ["Ack", "AgencyConnector", "BadSignature", "Refused", "Unavailable", "connector_for"]

BadSignature = signing.BadSignature
PATH = "/v1/records"


@dataclass(frozen=True)
class Ack:
    ack_id: str
    message_id: str
    record_id: str
    action: str


class AgencyConnector(HttpConnector):
    """inquiry's HttpConnector (its urllib opener without proxies, its timeouts and error text) for an
    Agency row (code, url, public_key)."""

    def push(self, court: Any, body: dict[str, Any]) -> Ack:
        """Send one message; the verified acknowledgement. Raises Unavailable (unreachable, 5xx, 429,
        or 401 — the agency may not have the court's key yet), Refused (any other 4xx: the message is
        wrong and sending it again will not help) or BadSignature (an answer the agency did not sign,
        or one that does not acknowledge this message)."""
        data = signing.encode_body(body)
        headers = {"Content-Type": "application/json; charset=utf-8", **signing.signed_headers(court, data)}
        request = urllib.request.Request(f"{self.base}{PATH}", data=data, method="POST", headers=headers)
        status, answer_headers, answer = self._open(request)
        if status >= 500 or status in (401, 429):
            raise Unavailable(self._error(status, answer))
        if status != 200:
            raise Refused(self._error(status, answer))
        signing.verify(answer_headers, answer, self.institution.public_key, self.institution.code)
        try:
            ack = json.loads(answer)
        except ValueError as err:
            raise BadSignature(_("回执不是 JSON")) from err
        if not isinstance(ack, dict) or ack.get("status") != "acknowledged" or not ack.get("ack_id"):
            raise BadSignature(_("回执未确认接收"))
        if ack.get("message_id") != body["message_id"] or ack.get("action") != body["action"]:
            raise BadSignature(_("回执的报文编号或动作与所发报文不符"))
        return Ack(
            ack_id=str(ack["ack_id"])[:64],
            message_id=str(ack["message_id"]),
            record_id=str(ack.get("record_id") or ""),
            action=str(ack["action"]),
        )


def connector_for(agency: Any) -> AgencyConnector:
    return AgencyConnector(agency)

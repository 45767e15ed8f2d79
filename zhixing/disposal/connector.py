"""The HTTP client of the auction platform protocol (simulators/auction, design of issue 12): every
court → platform request is one signed JSON body, signed with the court's key exactly as the inquiry
instructions are (zhixing.inquiry.signing.encode_body / signed_headers); every answer and every
platform → court message is signed by the platform with X-Zx-Key = its code, and is verified under the
key recorded for the Platform row (never under a key sent with it).

inquiry's HttpConnector supplies the urllib opener without proxies, the timeout and the error text,
as it does for credit's agencies (zhixing.credit.connectors). A failure of any kind (unreachable, a
refusal, an answer that does not verify) raises ConnectorError with a Chinese message; a report or a
message fetched for the caller to verify itself (price_report, messages) comes back raw with its
headers, so that the caller can refuse and audit a bad one.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
import uuid
from typing import Any

from django.utils.translation import gettext as _

from zhixing.inquiry import signing
from zhixing.inquiry.connectors import Unavailable
from zhixing.inquiry.connectors.http import HttpConnector

BadSignature = signing.BadSignature


class ConnectorError(RuntimeError):
    """The platform could not be reached, refused the request, or answered something that does not
    verify. `status` is the HTTP status when there was one (0 otherwise)."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


class PlatformConnector(HttpConnector):
    """One platform (a Platform row: code, url, public_key)."""

    def _call(
        self, method: str, path: str, data: bytes | None, headers: dict[str, str]
    ) -> tuple[int, Any, bytes]:
        request = urllib.request.Request(f"{self.base}{path}", data=data, method=method, headers=headers)
        try:
            return self._open(request)
        except Unavailable as err:
            raise ConnectorError(
                _("无法连接网络司法拍卖平台 %(code)s：%(err)s") % {"code": self.institution.code, "err": err}
            ) from err

    def _refused(self, status: int, body: bytes) -> ConnectorError:
        return ConnectorError(
            _("网络司法拍卖平台 %(code)s 拒绝请求（%(err)s）")
            % {"code": self.institution.code, "err": self._error(status, body)},
            status,
        )

    def signed_post(self, court: Any, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST a court-signed body; the platform's answer, verified under its recorded key."""
        data = signing.encode_body(body)
        headers = {"Content-Type": "application/json; charset=utf-8", **signing.signed_headers(court, data)}
        status, answer_headers, answer = self._call("POST", path, data, headers)
        if status not in (200, 201, 202):
            raise self._refused(status, answer)
        return self._verified(answer_headers, answer)

    def _verified(self, headers: Any, raw: bytes) -> dict[str, Any]:
        try:
            signing.verify(headers, raw, self.institution.public_key, self.institution.code)
        except BadSignature as err:
            raise ConnectorError(
                _("网络司法拍卖平台 %(code)s 的回执未通过验签：%(err)s")
                % {"code": self.institution.code, "err": err}
            ) from err
        try:
            data = json.loads(raw)
        except ValueError as err:
            raise ConnectorError(_("网络司法拍卖平台的回执不是 JSON")) from err
        if not isinstance(data, dict):
            raise ConnectorError(_("网络司法拍卖平台的回执格式不符"))
        return data

    def get(self, path: str) -> tuple[int, Any, bytes]:
        return self._call("GET", path, None, {})


def connector_for(platform: Any) -> PlatformConnector:
    return PlatformConnector(platform)


def _quote(value: str) -> str:
    return urllib.parse.quote(str(value), safe="")


def ask_price(platform: Any, court: Any, inquiry_id: str, asset: dict[str, Any]) -> dict[str, Any]:
    """Ask `platform` for a network-inquiry price of `asset` ({type, description, value_hint}); the
    platform's verified acceptance ({"inquiry_id", "status": "accepted"}). The same inquiry id asked
    again is the same inquiry."""
    body = {
        "message_id": f"{inquiry_id}-ask",
        "inquiry_id": inquiry_id,
        "court_code": signing.signer(court),
        "asset": asset,
    }
    answer = connector_for(platform).signed_post(court, "/inquiries", body)
    if answer.get("inquiry_id") != inquiry_id:
        raise ConnectorError(_("平台回执的询价编号与请求不符"))
    return answer


def price_report(platform: Any, court: Any, inquiry_id: str) -> tuple[bytes, dict[str, str]] | None:
    """The platform's report on `inquiry_id` as it sent it (exact bytes, signature headers), for the
    caller to verify; None while the platform has not reported (404)."""
    status, headers, raw = connector_for(platform).get(f"/inquiries/{_quote(inquiry_id)}")
    if status == 404:
        return None
    if status != 200:
        raise connector_for(platform)._refused(status, raw)
    names = (signing.TIMESTAMP, signing.KEY, signing.SIGNATURE)
    return raw, {name: headers.get(name) or "" for name in names}


def list_lot(platform: Any, court: Any, body: dict[str, Any]) -> dict[str, Any]:
    """Publish a lot (body as the protocol's POST /lots: message_id, listing_id, court_code, …); the
    verified answer {"lot_id", "status": "listed"}. The same listing_id again gives the same lot."""
    answer = connector_for(platform).signed_post(court, "/lots", body)
    if not answer.get("lot_id"):
        raise ConnectorError(_("平台未返回标的编号"))
    return answer


def _lot_action(platform: Any, court: Any, lot_id: str, action: str) -> dict[str, Any]:
    # A fresh message id each time: a lot suspended, resumed and suspended again is three requests.
    body = {
        "message_id": f"{lot_id}-{action}-{uuid.uuid4().hex[:16]}",
        "court_code": signing.signer(court),
        "lot_id": lot_id,
    }
    return connector_for(platform).signed_post(court, f"/lots/{_quote(lot_id)}/{action}", body)


def suspend(platform: Any, court: Any, lot_id: str) -> dict[str, Any]:
    """Suspend a listed lot's bidding (rules §8.15)."""
    return _lot_action(platform, court, lot_id, "suspend")


def resume(platform: Any, court: Any, lot_id: str) -> dict[str, Any]:
    """Resume a suspended lot (rules §8.15)."""
    return _lot_action(platform, court, lot_id, "resume")


def messages(platform: Any, court: Any, after: int = 0) -> list[tuple[int, bytes, dict[str, str]]]:
    """What the platform holds for the courts after `after`, in order: (seq, exact body bytes, the
    body's signature headers). Each item is verified by the caller (accept_message)."""
    connector = connector_for(platform)
    status, _headers, raw = connector.get(f"/messages?after={int(after)}")
    if status != 200:
        raise connector._refused(status, raw)
    try:
        items = json.loads(raw).get("messages") or []
        return [
            (int(m["seq"]), str(m["body"]).encode(), {k: str(v) for k, v in (m.get("headers") or {}).items()})
            for m in items
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise ConnectorError(_("平台报文列表格式不符")) from err

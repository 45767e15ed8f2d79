"""The HTTP client of the police and border protocol (simulators/police/PROTOCOL.md, design of issue 13):
every court → agency request is one court-signed JSON body (zhixing.inquiry.signing.encode_body /
signed_headers, the key the agency knows from its trust file); every answer and every agency → court
message is signed by the agency with X-Zx-Key = its code and is verified under the key recorded on the
Agency row, never under a key sent with it.

inquiry's HttpConnector supplies the urllib opener without proxies, the timeout and the error text, as
for the auction platforms (zhixing.disposal.connector). A failure of any kind (unreachable, refused, an
answer that does not verify, the wrong kind of agency) raises ConnectorError with a Chinese message.
The police's messages (receipts, filing decisions) come back raw with their headers: the caller verifies
each with `verify_message` and applies it once by its seq, so a bad one can be refused and audited.
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse
import urllib.request
from typing import Any

from django.utils.translation import gettext as _

from zhixing.inquiry import signing
from zhixing.inquiry.connectors import Unavailable
from zhixing.inquiry.connectors.http import HttpConnector

from .models import Agency

BadSignature = signing.BadSignature


class ConnectorError(RuntimeError):
    """The agency could not be reached, refused the request, or answered something that does not
    verify. `status` is the HTTP status when there was one (0 otherwise)."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


def _label(agency: Any) -> str:
    return f"{agency.name}（{agency.code}）"


class AgencyConnector(HttpConnector):
    """One agency (an Agency row: code, name, kind, url, public_key)."""

    def _call(
        self, method: str, path: str, data: bytes | None, headers: dict[str, str]
    ) -> tuple[int, Any, bytes]:
        request = urllib.request.Request(f"{self.base}{path}", data=data, method=method, headers=headers)
        try:
            return self._open(request)
        except Unavailable as err:
            raise ConnectorError(
                _("无法连接%(agency)s：%(err)s") % {"agency": _label(self.institution), "err": err}
            ) from err

    def refused(self, status: int, body: bytes) -> ConnectorError:
        return ConnectorError(
            _("%(agency)s拒绝请求（%(err)s）")
            % {"agency": _label(self.institution), "err": self._error(status, body)},
            status,
        )

    def signed_post(self, court: Any, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST a court-signed body; the agency's answer, verified under its recorded key."""
        data = signing.encode_body(body)
        headers = {"Content-Type": "application/json; charset=utf-8", **signing.signed_headers(court, data)}
        status, answer_headers, answer = self._call("POST", path, data, headers)
        if status != 200:
            raise self.refused(status, answer)
        try:
            return verify_message(self.institution, answer, answer_headers)
        except ConnectorError as err:
            raise ConnectorError(
                _("%(agency)s的回执无效：%(err)s") % {"agency": _label(self.institution), "err": err}
            ) from err

    def get(self, path: str) -> tuple[int, Any, bytes]:
        return self._call("GET", path, None, {})


def _connector(agency: Any, kind: str) -> AgencyConnector:
    if agency.kind != kind:
        raise ConnectorError(
            _("%(agency)s不是%(kind)s") % {"agency": _label(agency), "kind": dict(Agency.KINDS)[kind]}
        )
    if not agency.active or not agency.url or not agency.public_key:
        raise ConnectorError(_("%(agency)s未启用或未登记接口地址和公钥") % {"agency": _label(agency)})
    return AgencyConnector(agency)


def _quote(value: str) -> str:
    return urllib.parse.quote(str(value), safe="")


def verify_message(agency: Any, raw: bytes, headers: Any) -> dict[str, Any]:
    """The JSON object `raw`, once its signature by `agency` under the recorded key checks; else
    ConnectorError (its message says why, in Chinese)."""
    try:
        signing.verify(headers, raw, agency.public_key, agency.code)
    except BadSignature as err:
        raise ConnectorError(str(err)) from err
    try:
        data = json.loads(raw)
    except ValueError as err:
        raise ConnectorError(_("报文不是 JSON")) from err
    if not isinstance(data, dict):
        raise ConnectorError(_("报文格式不符"))
    return data


def bundle_sha256(bundle: list[dict[str, Any]]) -> str:
    """The fingerprint of an evidence bundle as the protocol defines it: SHA-256 of the bundle's
    canonical JSON (sorted keys, no spaces, UTF-8). The police bureau recomputes it and refuses a
    referral whose bundle does not match."""
    canonical = json.dumps(bundle, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def send_referral(agency: Any, court: Any, body: dict[str, Any]) -> dict[str, Any]:
    """Transfer a referral to the police (POST /referrals). `body`: referral_id, case_number, crime,
    suspects, facts, bundle, bundle_sha256 (message_id and court_code are filled in unless given). The
    verified receipt {"ref", "referral_id", "status": "received", "received_on", "receipt_number",
    "complex"}; the same referral_id sent again gives the same receipt."""
    referral_id = str(body.get("referral_id") or "")
    body = {"message_id": f"{referral_id}-send", "court_code": signing.signer(court), **body}
    answer = _connector(agency, Agency.POLICE).signed_post(court, "/referrals", body)
    if not answer.get("ref") or answer.get("referral_id") != referral_id:
        raise ConnectorError(_("公安机关回执的移送编号与请求不符"))
    return answer


def messages(agency: Any, court: Any, after: int = 0) -> list[tuple[int, bytes, dict[str, str]]]:
    """The police's messages after `after`, in order: (seq, exact body bytes, the body's signature
    headers). Each is verified by the caller (verify_message) and applied once by its seq. `court` is
    kept for the signature's symmetry: the feed is public and every court reads the whole of it."""
    connector = _connector(agency, Agency.POLICE)
    status, _headers, raw = connector.get(f"/messages?after={int(after)}")
    if status != 200:
        raise connector.refused(status, raw)
    try:
        items = json.loads(raw).get("messages") or []
        return [
            (int(m["seq"]), str(m["body"]).encode(), {k: str(v) for k, v in (m.get("headers") or {}).items()})
            for m in items
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise ConnectorError(_("公安机关报文列表格式不符")) from err


def exit_ban(agency: Any, court: Any, body: dict[str, Any]) -> dict[str, Any]:
    """Tell the border administration to stop a person leaving (POST /exit-bans). `body`: measure_id,
    name, id_code (and optionally case_number, until); message_id and court_code filled in unless given.
    The verified acknowledgement {"ref", "measure_id", "status": "in_force", "effective_at"}; the same
    measure_id again gives the same ref."""
    measure_id = str(body.get("measure_id") or "")
    body = {"message_id": f"{measure_id}-ban", "court_code": signing.signer(court), **body}
    answer = _connector(agency, Agency.BORDER).signed_post(court, "/exit-bans", body)
    if not answer.get("ref") or answer.get("measure_id") != measure_id:
        raise ConnectorError(_("出入境管理机关回执的措施编号与请求不符"))
    return answer


def lift_exit_ban(agency: Any, court: Any, ref: str, reason: str) -> dict[str, Any]:
    """Lift the exit ban `ref` (POST /exit-bans/<ref>/lift, rules §6.16: paid, guarantee, consent). The
    verified acknowledgement {"ref", "status": "lifted", "lifted_at", "reason"}; lifting a lifted ban
    again is acknowledged the same."""
    body = {"message_id": f"{ref}-lift", "court_code": signing.signer(court), "ref": ref, "reason": reason}
    answer = _connector(agency, Agency.BORDER).signed_post(court, f"/exit-bans/{_quote(ref)}/lift", body)
    if answer.get("ref") != ref or answer.get("status") != "lifted":
        raise ConnectorError(_("出入境管理机关未确认解除限制出境"))
    return answer

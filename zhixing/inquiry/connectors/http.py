"""The HTTP connector of PROTOCOL.md, for all five kinds of institution: signed JSON instructions
(POST /v1/requests), answers fetched later (GET /v1/requests/<id>) and verified under the key recorded
for the institution. urllib without proxies, as the funds bank connector (funds/bank.py)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from .. import signing
from . import Answer, Refused, Unavailable

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
TIMEOUT = 15


class HttpConnector:
    def __init__(self, institution: Any) -> None:
        self.institution = institution
        self.base = institution.url.rstrip("/")

    def _open(self, request: urllib.request.Request) -> tuple[int, Any, bytes]:
        try:
            with _NO_PROXY.open(request, timeout=TIMEOUT) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as err:
            return err.code, err.headers, err.read() or b""
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as err:
            raise Unavailable(str(err)) from err

    @staticmethod
    def _error(status: int, body: bytes) -> str:
        try:
            return f"HTTP {status}: {json.loads(body).get('error', '')}"
        except (ValueError, AttributeError):
            return f"HTTP {status}"

    def send(self, court: Any, body: dict[str, Any]) -> None:
        data = signing.encode_body(body)
        headers = {"Content-Type": "application/json; charset=utf-8", **signing.signed_headers(court, data)}
        request = urllib.request.Request(
            f"{self.base}/v1/requests", data=data, method="POST", headers=headers
        )
        status, _headers, answer = self._open(request)
        if status in (200, 202):
            return
        if status >= 500 or status == 429:
            raise Unavailable(self._error(status, answer))
        raise Refused(self._error(status, answer))

    def fetch(self, court: Any, request_id: str) -> Answer:
        url = f"{self.base}/v1/requests/{urllib.parse.quote(request_id, safe='')}"
        status, headers, body = self._open(urllib.request.Request(url, method="GET"))
        if status >= 500 or status == 429:
            raise Unavailable(self._error(status, body))
        if status == 404:
            raise Refused(self._error(status, body))  # never received: the outbox sends it again
        if status != 200:
            raise Refused(self._error(status, body))
        try:
            data = json.loads(body)
        except ValueError as err:
            raise Unavailable("回执不是 JSON") from err
        if data.get("status") != "done":
            return Answer(done=False)
        signing.verify(headers, body, self.institution.public_key, self.institution.code)
        if data.get("request_id") != request_id:
            raise signing.BadSignature("回执的请求编号与指令不符")
        return Answer(
            done=True,
            results=list(data.get("results") or []),
            queried=int(data.get("queried") or 0),
            answered_at=str(data.get("answered_at") or ""),
        )

"""An answer altered on the way (or stripped of its signature) is refused and logged: nothing of it is
stored, and the request fails after its retries (PROTOCOL.md: the platform verifies every answer under
the institution's recorded key, never under a key sent with it)."""

from __future__ import annotations

import datetime as dt
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry, RuleSetting
from zhixing.inquiry import actions, settings_keys, signing
from zhixing.inquiry.models import Asset, InquiryBatch, InquiryRequest, Institution

from .conftest import drive

pytestmark = pytest.mark.django_db
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Tamperer:
    """A man in the middle in front of an institution: requests pass; answers that are done come back
    with their bytes altered (mode "alter") or without their signature (mode "strip")."""

    def __init__(self, target: str, mode: str):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _relay(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {
                    k: v for k, v in self.headers.items() if k.lower().startswith(("x-zx", "content-type"))
                }
                request = urllib.request.Request(
                    target + self.path, data=body, method=method, headers=headers
                )
                try:
                    with _NO_PROXY.open(request, timeout=10) as r:
                        status, out_headers, out = r.status, dict(r.headers), r.read()
                except urllib.error.HTTPError as err:
                    status, out_headers, out = err.code, dict(err.headers), err.read()
                if method == "GET" and b'"done"' in out:
                    outer.tampered += 1
                    if mode == "alter":
                        out = out.replace(b'"queried":', b'"queried": ', 1)
                    else:
                        out_headers = {
                            k: v for k, v in out_headers.items() if not k.lower().startswith("x-zx")
                        }
                self.send_response(status)
                for k, v in out_headers.items():
                    if k.lower() not in (
                        "content-length",
                        "connection",
                        "transfer-encoding",
                        "date",
                        "server",
                    ):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def do_GET(self):  # noqa: N802
                self._relay("GET")

            def do_POST(self):  # noqa: N802
                self._relay("POST")

            def log_message(self, *args):
                pass

        self.tampered = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("mode", ["alter", "strip"])
def test_tampered_answer_is_refused_and_logged(mode, network, many_debtors, courts, cast):
    RuleSetting.objects.create(
        key=settings_keys.RETRY,
        effective_from=dt.date(2000, 1, 3),
        value={"base_seconds": 0.05, "cap_seconds": 0.1, "max_attempts": 3, "poll_seconds": 0.05},
    )
    many_debtors(2, 10)
    icbc = Institution.objects.get(code="ICBC")
    proxy = Tamperer(icbc.url, mode)
    try:
        actions.register_institution(
            "ICBC", icbc.name, icbc.kind, proxy.url, icbc.public_key, actor=CLI, supports={"deduct": True}
        )
        batch = actions.start_batch(courts.xiongan, InquiryBatch.OPEN, actor=cast.command)
        drive(batch)
    finally:
        proxy.stop()
    assert proxy.tampered >= 3
    request = InquiryRequest.objects.get(batch=batch, institution=icbc)
    assert request.status == InquiryRequest.FAILED
    refused = AuditEntry.objects.filter(action="inquiry.refuse_answer")
    assert refused.count() == 3 and {e.detail["institution"] for e in refused} == {"ICBC"}
    assert not Asset.objects.filter(institution=icbc).exists()
    assert Asset.objects.exclude(institution=icbc).exists()  # the honest institutions' answers were kept
    batch.refresh_from_db()
    assert batch.status == InquiryBatch.PARTIAL


def test_verify_refuses_other_keys_and_altered_bytes(courts):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    body = b'{"request_id":"x","status":"done"}'
    headers = signing.signed_headers(courts.xiongan, body, "1764554400")
    mine = signing.public_key_b64(courts.xiongan)
    code = signing.signer(courts.xiongan)
    signing.verify(headers, body, mine, code)
    with pytest.raises(signing.BadSignature):
        signing.verify(headers, body + b" ", mine, code)
    with pytest.raises(signing.BadSignature):
        signing.verify({}, body, mine, code)
    other = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    import base64

    with pytest.raises(signing.BadSignature):
        signing.verify(headers, body, base64.b64encode(other).decode(), code)
    with pytest.raises(signing.BadSignature):
        signing.verify(headers, body, mine, "ICBC")

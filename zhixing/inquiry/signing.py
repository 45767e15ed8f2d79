"""Ed25519 signatures of instructions and answers (PROTOCOL.md "Signatures"; issue 10 item 1).

Each court has its own key pair, generated on first use into
DATA_DIR/keys/courts/<signer code>.ed25519 (the raw 32-byte private key, mode 0600). The signer code
is the court's code in ASCII (rules.signer_code: 冀96 → HE96), as the X-Zx-Key header must be.

Signed bytes are `<timestamp>.` + the exact body bytes; the signature travels base64 (standard,
padded) in X-Zx-Signature, the timestamp (Unix seconds) in X-Zx-Timestamp, the signer in X-Zx-Key.
An answer is verified under the institution's key recorded at registration, never under a key sent
with the answer.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import time
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.utils.translation import gettext as _

from . import rules

TIMESTAMP, KEY, SIGNATURE = "X-Zx-Timestamp", "X-Zx-Key", "X-Zx-Signature"
MAX_SKEW = 300


class BadSignature(ValueError):
    """An answer that is unsigned, signed by someone else, or altered."""


def keys_dir() -> Path:
    return Path(settings.DATA_DIR) / "keys" / "courts"


def signer(court: Any) -> str:
    return rules.signer_code(court.code)


def _key_path(code: str) -> Path:
    return keys_dir() / f"{code}.ed25519"


def private_key(court: Any) -> Ed25519PrivateKey:
    """The court's signing key, made on first use (mode 0600, written atomically: two processes making
    it at once both end with the same file, the first one's)."""
    path = _key_path(signer(court))
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        raw = Ed25519PrivateKey.generate().private_bytes_raw()
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        try:
            os.link(tmp, path)  # fails if another process won: keep theirs
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return Ed25519PrivateKey.from_private_bytes(path.read_bytes())


def public_key_b64(court: Any) -> str:
    """The court's public key as the institutions' trust file holds it (raw 32 bytes, base64)."""
    raw = private_key(court).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def trust_entries(courts: Any) -> dict[str, str]:
    """{signer code: public key} for `courts`: the institutions' trust file (PROTOCOL.md)."""
    return {signer(c): public_key_b64(c) for c in courts}


def write_trust_file(path: Path, courts: Any) -> dict[str, str]:
    """Write (merge into) the trust file the reference institutions read."""
    entries: dict[str, str] = {}
    if path.exists():
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            entries = {}
    entries.update(trust_entries(courts))
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return entries


def encode_body(body: dict[str, Any]) -> bytes:
    """The exact bytes of an instruction: the same every time it is sent (a retry must not be a
    different body under the same request id)."""
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signed_headers(court: Any, body: bytes, timestamp: str | None = None) -> dict[str, str]:
    ts = timestamp or str(int(time.time()))
    signature = private_key(court).sign(ts.encode() + b"." + body)
    return {TIMESTAMP: ts, KEY: signer(court), SIGNATURE: base64.b64encode(signature).decode()}


def verify(headers: Any, body: bytes, public_key: str, signer_code: str) -> None:
    """Raise BadSignature unless `body` carries a valid signature by `signer_code` under `public_key`
    (the institution's key as recorded). The answer's freshness is not required: a result fetched
    again later is the same result, and applying it is idempotent."""
    ts = headers.get(TIMESTAMP) or ""
    who = headers.get(KEY) or ""
    sig = headers.get(SIGNATURE) or ""
    if not ts or not sig:
        raise BadSignature(_("回执未签名"))
    if who != signer_code:
        raise BadSignature(_("回执签名者 %(who)s 不是 %(code)s") % {"who": who[:40], "code": signer_code})
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key, validate=True))
        key.verify(base64.b64decode(sig, validate=True), ts.encode() + b"." + body)
    except (InvalidSignature, binascii.Error, ValueError) as err:
        raise BadSignature(_("回执签名无效（报文被篡改或密钥不符）")) from err

"""Ed25519 signatures both ways (PROTOCOL.md "Signatures").

Signed bytes: ``b"<timestamp>." + body``; headers X-Zx-Timestamp, X-Zx-Key (the signer's code) and
X-Zx-Signature (standard padded base64 of the 64-byte signature). Keys are raw 32 bytes, base64.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import threading
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

TIMESTAMP = "X-Zx-Timestamp"
KEY = "X-Zx-Key"
SIGNATURE = "X-Zx-Signature"
MAX_SKEW = 300


def new_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_b64(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode()


def public_b64(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def load_or_create(path: Path) -> Ed25519PrivateKey:
    """The key in ``path`` (base64 of the raw 32-byte private key), made and written on first use."""
    if path.exists():
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(path.read_text().strip()))
    key = new_key()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(private_b64(key) + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    return key


def sign(key: Ed25519PrivateKey, timestamp: str, body: bytes) -> str:
    return base64.b64encode(key.sign(timestamp.encode() + b"." + body)).decode()


def signed_headers(key: Ed25519PrivateKey, signer: str, body: bytes, now: float) -> dict[str, str]:
    timestamp = str(int(now))
    return {TIMESTAMP: timestamp, KEY: signer, SIGNATURE: sign(key, timestamp, body)}


def verify(public_key_b64: str, timestamp: str, signature_b64: str, body: bytes) -> bool:
    """Whether ``signature_b64`` signs ``<timestamp>.<body>`` under the raw public key ``public_key_b64``."""
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64, validate=True))
        signature = base64.b64decode(signature_b64, validate=True)
        public.verify(signature, timestamp.encode() + b"." + body)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


class Trust:
    """The courts' public keys from the trust file, re-read when a court is unknown."""

    def __init__(self, path: Path | None):
        self.path = path
        self.lock = threading.Lock()
        self.keys: dict[str, str] = {}
        self.reload()

    def reload(self) -> None:
        keys: dict[str, str] = {}
        if self.path is not None and self.path.exists():
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8") or "{}")
            except (OSError, ValueError):
                loaded = {}
            if isinstance(loaded, dict):
                keys = {str(k): str(v) for k, v in loaded.items()}
        with self.lock:
            self.keys = keys

    def key_of(self, court: str) -> str | None:
        with self.lock:
            key = self.keys.get(court)
        if key is None:
            self.reload()
            with self.lock:
                key = self.keys.get(court)
        return key


def check(trust: Trust, headers: Any, body: bytes, now: float, skew: int = MAX_SKEW) -> tuple[str, str]:
    """(court, '') when the request is signed by a trusted court within ``skew`` seconds, else ('', why)."""
    timestamp = headers.get(TIMESTAMP) or ""
    court = headers.get(KEY) or ""
    signature = headers.get(SIGNATURE) or ""
    if not timestamp or not court or not signature:
        return "", "缺少签名（X-Zx-Timestamp、X-Zx-Key、X-Zx-Signature）"
    if not timestamp.isdigit():
        return "", "签名时间戳格式错误"
    if abs(now - int(timestamp)) > skew:
        return "", f"签名时间戳与本机构时钟相差超过{skew}秒"
    public = trust.key_of(court)
    if public is None:
        return "", f"未登记的法院：{court}"
    if not verify(public, timestamp, signature, body):
        return "", "签名验证失败"
    return court, ""

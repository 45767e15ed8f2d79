"""The keys the audit chain is signed with, kept outside the database (ARCHITECTURE §11).

The current key is `ZHIXING_AUDIT_KEY`, or else the file `DATA_DIR/audit_key`, generated on first use
(mode 0600, atomically: the same code as the secret key, core.secretkey). Retired keys, still needed
to verify the entries made under them, are the files `DATA_DIR/audit_key.<id>` and the comma-separated
`ZHIXING_AUDIT_KEYS_RETIRED`. Entries name their key by a short id (the first 8 hex digits of the key's
SHA-256), never by the key.

Rotation (README "Audit log"): the old key becomes a retired one and a new one becomes current;
the next append writes an `audit.rotate_key` entry, signed by the new key, before anything else
(core.audit). `rotate_file_key` does both halves for the file-based key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from . import secretkey

ENV = "ZHIXING_AUDIT_KEY"
RETIRED_ENV = "ZHIXING_AUDIT_KEYS_RETIRED"
FILE_NAME = "audit_key"


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


@dataclass(frozen=True)
class Keyring:
    current_id: str
    keys: dict[str, bytes] = field(repr=False)  # every known key by id, the current one included

    @property
    def current(self) -> bytes:
        return self.keys[self.current_id]

    def sign(self, kid: str, text: str) -> str | None:
        """HMAC-SHA256 of `text` under key `kid` (None when that key is not configured)."""
        key = self.keys.get(kid)
        if key is None:
            return None
        return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def key_path() -> Path:
    return Path(settings.DATA_DIR) / FILE_NAME


def _load() -> Keyring:
    current = (os.environ.get(ENV) or "").strip() or secretkey.load_or_create(key_path())
    keys: dict[str, bytes] = {}
    retired = [k.strip() for k in os.environ.get(RETIRED_ENV, "").split(",")]
    retired += [secretkey.read(p) for p in sorted(key_path().parent.glob(FILE_NAME + ".*"))]
    for text in retired:
        if text:
            keys[key_id(text.encode())] = text.encode()
    cur = current.encode()
    keys[key_id(cur)] = cur
    return Keyring(key_id(cur), keys)


_ring: Keyring | None = None


def keyring() -> Keyring:
    """The keys, read once per process (`reload` reads them again: after a rotation elsewhere)."""
    global _ring
    if _ring is None:
        _ring = _load()
    return _ring


def reload() -> Keyring:
    global _ring
    _ring = None
    return keyring()


class RotationRefused(Exception):
    pass


def rotate_file_key() -> tuple[str, str]:
    """Retire the file-based key (kept as `audit_key.<id>`) and put a new one in its place; returns
    (old id, new id). The chain records the change at its next append (core.audit.rotate)."""
    if os.environ.get(ENV):
        raise RotationRefused(ENV)
    path = key_path()
    old = secretkey.load_or_create(path)
    old_id = key_id(old.encode())
    try:
        os.link(path, path.with_name(f"{FILE_NAME}.{old_id}"))  # same file, same mode 0600
    except FileExistsError:
        pass
    secretkey.write_new(path, replace=True)
    return old_id, reload().current_id

"""The secret key when `ZHIXING_SECRET_KEY` is unset: generated once into the data folder and reused.

There is no public default key: a platform that signs sessions, CSRF tokens and password-reset links
with a key printed in its source can be impersonated by anyone who has read the source. The first
process that needs a key writes `DATA_DIR/secret_key` (mode 0600, readable by the service account
only); every later process, and every process started beside it (the web server's workers, the
background worker), reads the same file. Creation is atomic (a hard link of a finished file), so two
processes starting together never end up with two keys or read a half-written one.

Settings import this module before Django is set up: it must not import Django.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# Longer than Django's deployment check asks for (50 characters, 5 distinct), from the URL-safe alphabet.
KEY_BYTES = 64


def load_or_create(path: Path) -> str:
    """The key stored at `path`, created there (mode 0600) when there is none yet."""
    key = read(path)
    if key:
        return key
    write_new(path)
    key = read(path)
    if not key:
        raise RuntimeError(f"secret key file {path} is empty")
    return key


def write_new(path: Path, *, replace: bool = False) -> None:
    """Write a fresh random key to `path` (mode 0600) through a finished temporary file. Without
    `replace` an existing file wins (a process that got there first keeps its key); with it the file is
    swapped atomically (a key rotation: a reader sees the old key or the new one, never half of one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(KEY_BYTES) + "\n")
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if another process got there first; theirs is then the key
            except FileExistsError:
                pass
    finally:
        tmp.unlink(missing_ok=True)


def read(path: Path) -> str:
    """The key stored at `path` ("" when there is none)."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""


def is_strong(key: str) -> bool:
    """Django's deployment check for a key (security.W009): at least 50 characters, 5 distinct, and
    not one of Django's own throwaway development keys."""
    return len(key) >= 50 and len(set(key)) >= 5 and not key.startswith("django-insecure-")

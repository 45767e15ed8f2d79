"""Where field evidence lives: $ZHIXING_DATA_DIR/evidence/<aa>/<sha256><ext>, written once (never
overwritten, made read-only) and proved by `zhixing check` (registered from wiring.py): every Evidence
row's file must exist with its size and SHA-256; a file whose bytes changed fails the check."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from . import rules

# A body-camera clip is the largest thing an officer uploads from a phone.
MAX_BYTES = 200 * 1024 * 1024
SUFFIXES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
    "audio/mpeg": ".mp3",
    "audio/mp4": ".m4a",
    "application/pdf": ".pdf",
}


def root() -> Path:
    return Path(settings.DATA_DIR) / "evidence"


def relative_path(sha256: str, content_type: str) -> str:
    return f"{sha256[:2]}/{sha256}{SUFFIXES.get(content_type, '.bin')}"


def problems(data: bytes, content_type: str) -> list[str]:
    if not data:
        return [_("证据文件为空")]
    if len(data) > MAX_BYTES:
        return [_("证据文件超过 %(mb)s MB") % {"mb": MAX_BYTES // (1024 * 1024)}]
    if content_type not in SUFFIXES:
        return [_("不支持的证据文件类型：%(type)s") % {"type": content_type}]
    return []


def store(data: bytes, content_type: str) -> tuple[str, str]:
    """Write the bytes under their fingerprint; returns (relative path, sha256). The same bytes again
    land on the same file, which is left as it is (written once)."""
    sha = rules.fingerprint(data)
    rel = relative_path(sha, content_type)
    full = root() / rel
    full.parent.mkdir(parents=True, exist_ok=True)
    if not full.exists():
        tmp = full.with_suffix(full.suffix + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, full)  # atomic: a crash never leaves half a file under the final name
        full.chmod(0o444)
    return rel, sha


def read(rel: str) -> bytes:
    return (root() / rel).read_bytes()


def verify(rows: Iterator[tuple[int, str, str, int]]) -> Iterator[str]:
    """(id, path, sha256, size) rows → a Chinese line for each file missing or changed."""
    for pk, rel, sha, size in rows:
        full = root() / rel
        if not full.is_file():
            yield _("证据 #%(pk)s 的文件 %(path)s 不存在") % {"pk": pk, "path": rel}
            continue
        data = full.read_bytes()
        if len(data) != size or rules.fingerprint(data) != sha:
            yield _("证据 #%(pk)s 的文件 %(path)s 已被改动（SHA-256 不符）") % {"pk": pk, "path": rel}

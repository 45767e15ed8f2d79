"""axe-core (Deque's accessibility engine, from npm) for the browser tests: `check(page)` injects
axe.min.js into a Playwright page, runs it over the whole document and returns its violations (dicts
with id, impact, help, nodes …); callers keep the impacts they refuse, e.g. serious and critical.

The script comes from the npm registry's tarball of a pinned version, checked against the registry's
sha512 `dist.integrity` before use: `npm pack` when npm is installed, else a plain download. It is
cached under .cache/axe/ in the repository (no Makefile step; the first test that needs it fetches it).
Run `python tests/browser/axe.py` to fetch it ahead, e.g. before going offline."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
# `npm view axe-core@4.14.1 dist.integrity`
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
CACHE = Path(__file__).resolve().parents[2] / ".cache" / "axe"
SCRIPT = CACHE / f"axe-core-{VERSION}.min.js"


def _verified(tgz: bytes) -> bytes:
    algorithm, _, expected = INTEGRITY.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, tgz).digest()).decode()
    if digest != expected:
        raise RuntimeError(f"axe-core {VERSION}: the tarball's {algorithm} is {digest}, npm says {expected}")
    return tgz


def _tarball() -> bytes:
    npm = shutil.which("npm")
    if npm:
        with tempfile.TemporaryDirectory() as tmp:
            done = subprocess.run(
                [npm, "pack", f"axe-core@{VERSION}", "--pack-destination", tmp, "--silent"],
                capture_output=True,
                text=True,
                timeout=300,
                cwd=tmp,
            )
            packed = list(Path(tmp).glob("axe-core-*.tgz"))
            if done.returncode == 0 and packed:
                return packed[0].read_bytes()
    with urllib.request.urlopen(TARBALL, timeout=120) as res:  # noqa: S310 - a fixed https address
        return res.read()


def script() -> str:
    """axe.min.js of the pinned version, fetched and checked once."""
    if not SCRIPT.exists():
        tgz = _verified(_tarball())
        with tarfile.open(fileobj=io.BytesIO(tgz), mode="r:gz") as tar:
            member = tar.extractfile("package/axe.min.js")
            if member is None:
                raise RuntimeError(f"axe-core {VERSION}: no package/axe.min.js in the tarball")
            text = member.read()
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = SCRIPT.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(text)
        partial.replace(SCRIPT)  # atomic: parallel workers never read half a file
    return SCRIPT.read_text(encoding="utf-8")


def check(page, options: dict | None = None) -> list[dict]:
    """axe's violations on the page as it is now (all impacts)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=script())
    result = page.evaluate(
        "async (options) => await window.axe.run(document, options)",
        options or {"resultTypes": ["violations"]},
    )
    return result["violations"]


if __name__ == "__main__":
    script()
    print(SCRIPT)

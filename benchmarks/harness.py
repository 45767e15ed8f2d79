"""What the benchmark scripts share: PostgreSQL databases of their own, child processes, the timed
operator's command and the machine line every result is printed with."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def pg_url(url: str, db: str) -> str:
    """`url` pointing at database `db`."""
    return urlunsplit(urlsplit(url)._replace(path="/" + db))


def pg_admin(url: str, guard: str, *statements: str) -> None:
    """Run administrative statements (CREATE/DROP DATABASE) from the `postgres` database; each must
    name a database containing `guard`, so that a script only ever touches its own."""
    import psycopg

    assert all(guard in s for s in statements)  # never another database
    with psycopg.connect(pg_url(url, "postgres"), autocommit=True) as conn:
        for s in statements:
            conn.execute(s)


def run_child(script: str, args: list[str], env: dict) -> dict:
    """`script` run again as a child with `args`; its last stdout line is JSON."""
    proc = subprocess.run([sys.executable, script, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1]) if proc.stdout.strip() else {}


def timed_cli(cmd: list[str], env: dict) -> tuple[float, str]:
    """Wall-clock seconds of an operator's command (start-up included) and its output."""
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    s = time.perf_counter() - t
    if proc.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    return s, proc.stdout.strip()


def machine(url: str | None, db: str) -> str:
    """The machine line: CPU, cores, memory, load average, Python, SQLite and (with `url`) PostgreSQL."""
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), ""
    )
    mem = next((int(ln.split()[1]) for ln in open("/proc/meminfo") if ln.startswith("MemTotal")), 0)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    text = (f"machine: {platform.machine()} {cpu}, nproc {os.cpu_count()}, {mem / 2**20:.0f} GiB RAM, "
            f"load average {load}; Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")  # fmt: skip
    if url:
        import psycopg

        with psycopg.connect(pg_url(url, db)) as conn:
            v = conn.execute("SHOW server_version").fetchone()[0]
            b = conn.execute("SHOW shared_buffers").fetchone()[0]
        text += f", PostgreSQL {v} (shared_buffers {b})"
    return text

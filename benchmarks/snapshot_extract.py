"""Snapshot extraction rate from PostgreSQL (issue 3): write the case-facts Parquet of every case.

Uses the 1,000,000-case data set of benchmarks/inbox.py in the database zhixing_bench (run that script
first, or pass --build to let it build the data). Prints the median of --runs extractions.

    DATABASE_URL=postgres://zhixing:zhixing@127.0.0.1:5432/zhixing .venv/bin/python benchmarks/snapshot_extract.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _pg  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="build the inbox data set first")
    args = parser.parse_args()
    if args.build:
        subprocess.run([sys.executable, str(Path(__file__).with_name("inbox.py"))], check=True)
    _pg.setup()
    from zhixing.cases.models import Case
    from zhixing.supervision import snapshot

    print(_pg.machine())
    cases = Case.objects.count()
    if cases < 100_000:
        sys.exit(f"only {cases:,} cases in zhixing_bench: run benchmarks/inbox.py first (or pass --build)")
    times = []
    for run in range(1, args.runs + 1):
        t0 = time.perf_counter()
        out = snapshot.extract(dt.date.today())
        times.append(time.perf_counter() - t0)
        snapshot.resolve(out.relpath).unlink()  # the benchmark keeps no snapshots
        print(f"run {run}: {out.rows:,} cases in {times[-1]:.2f} s = {out.rows / times[-1]:,.0f} cases/s")
    med = statistics.median(times)
    print(f"RESULT snapshot extraction: {cases:,} cases, median {med:.2f} s ({cases / med:,.0f} cases/s)")


if __name__ == "__main__":
    main()

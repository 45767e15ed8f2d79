"""Network inquiry and control in the demo province (`zhixing demo`): the capability at work.

Connected to cases.demo.demo_built from InquiryConfig.ready() (cases may not import inquiry), after
funds (INSTALLED_APPS order), whose pooled accounts a deduction needs. The reference institutions of
simulators/institutions are started for the while in a fresh folder under DATA_DIR/simulators (removed
at the end; see `folder`), registered, and then, over HTTP and through the actions:

- each court's command centre (or leader) runs an inquiry batch over its open cases, and the system
  re-inquires the 终本 cases whose 6-monthly re-inquiry is due; the outbox is driven to completion,
  which fills the asset register and completes the cases' first-inquiry and re-inquiry nodes;
- the cases' handlers freeze, seal and seize a few assets found; one freeze is renewed, one released
  because the debt is paid, one deducted into the case account (funds books it from the bank's
  answer); one freeze is taken for 20 days, so the scan raises its renewal reminder (≤ 30 days);
- one freeze is shown lapsed: the actions and institutions date a measure from today, so its start
  and expiry are moved back as demo history before the scan (the only row the demo writes itself).

The institutions answer without delay and are stopped at the end. Every choice is drawn from the rng
the demo hands over, over rows in id order, and the institutions' holdings are a function of the
debtors' ID numbers, so the same seed gives the same register and measures.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import F

from zhixing.cases.models import Case
from zhixing.courts import rules as court_rules
from zhixing.courts.actors import DEMO
from zhixing.courts.models import Court

from . import actions, reference, rules, signing
from .actions import delivery
from .actors import REINQUIRY
from .models import Asset, InquiryBatch, Measure

CENT = Decimal("0.01")
DRIVE_SECONDS = 300  # the whole province's outbox; a 300-case demo needs a few seconds
RENEWAL_SOON_DAYS = 20  # a freeze this short is due for renewal at once (lead 30 days)
LAPSED_AGO_DAYS = 12  # the lapsed freeze's expiry, this many days before the story's end


def folder() -> Path:
    """A fresh folder for this run's institutions, removed at the end. Not the folder of `zhixing
    simulators`: an institution keeps every request id it applied, and a new demo's batches reuse ids
    an older database sent (so would get that database's answers back); tests build demos in parallel."""
    parent = Path(settings.DATA_DIR) / "simulators"
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="demo-", dir=parent))


def on_demo_built(sender: Any, result: Any, rng: random.Random, **kwargs: Any) -> None:
    build(result.org, result.end, rng, result.stats)


@contextlib.contextmanager
def _quiet_children() -> Iterator[None]:
    """The institutions log every request to their stderr, which they inherit: while they are started,
    this process's stderr is /dev/null, so the demo's output stays the demo's report."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def start_institutions(actor: Any, where: Path) -> list[reference.Running]:
    """Every reference institution, started side by side (each takes a second to import) on this
    process's clock, with its data in `where`, and registered; the caller stops them."""
    trust = where / "trust.json"
    signing.write_trust_file(trust, Court.objects.all())
    extra = ["--delay-ms", "0", "--now", str(time.time())]
    running: list[reference.Running] = []
    with _quiet_children(), ThreadPoolExecutor(len(reference.REFERENCE)) as pool:
        futures = [pool.submit(reference.start, ref, where, trust, extra) for ref in reference.REFERENCE]
        errors = []
        for future in futures:
            try:
                running.append(future.result())
            except Exception as err:  # noqa: BLE001 - stop the ones that started, then fail
                errors.append(err)
    if errors:
        stop_institutions(running)
        raise errors[0]
    for r in running:
        reference.register(r, actor)
    return running


def stop_institutions(running: list[reference.Running]) -> None:
    for r in running:
        r.process.terminate()
    for r in running:
        try:
            r.process.wait(timeout=10)
        except Exception:  # noqa: BLE001
            r.process.kill()
            r.process.wait()


def build(org: Any, end: dt.date, rng: random.Random, stats: Counter) -> None:
    where = folder()
    try:
        running = start_institutions(DEMO, where)
        try:
            story = _Story(org, end, rng, stats)
            story.inquire()
            story.measures()
        finally:
            stop_institutions(running)
    finally:
        shutil.rmtree(where, ignore_errors=True)


class _Story:
    def __init__(self, org: Any, end: dt.date, rng: random.Random, stats: Counter) -> None:
        self.org, self.end, self.rng, self.stats = org, end, rng, stats

    def person(self, code: str, *roles: str) -> Any:
        for role in roles:
            people = self.org.first(code, role)
            if people:
                return people[0]
        return None

    def drive(self) -> None:
        progress = delivery.drive(timeout=DRIVE_SECONDS, pause=0.02)
        if delivery.outstanding():
            raise RuntimeError("演示数据：网络查控请求未能全部答复：" + "; ".join(progress.errors[:3]))

    # --- inquiry batches --------------------------------------------------------------------------

    def inquire(self) -> None:
        for code in sorted(self.org.courts):
            cs = self.org.courts[code]
            if not cs.share:
                continue
            starter = self.person(code, court_rules.COMMAND, court_rules.LEADER)
            court = cs.court
            if starter is not None and Case.objects.filter(court=court, status=Case.PENDING).exists():
                actions.start_batch(court, InquiryBatch.OPEN, actor=starter)
                self.stats["inquiry:batches"] += 1
            if actions.reinquiry_due(court, self.end).exists():
                actions.start_batch(court, InquiryBatch.TERMINATED_DUE, actor=REINQUIRY, on=self.end)
                self.stats["inquiry:reinquiries"] += 1
        self.drive()
        self.stats["inquiry:assets"] = Asset.objects.count()

    # --- measures ---------------------------------------------------------------------------------

    def _candidates(self, types: set[str], deduct: bool = False) -> list[Asset]:
        rows = Asset.objects.filter(
            case__status=Case.PENDING, case__handler__isnull=False, type__in=types, institution__active=True
        ).select_related("case__handler", "institution")
        if deduct:  # money worth freezing, in cases still owed more than it
            rows = rows.filter(
                institution__supports_deduct=True,
                value__gt=Decimal("100"),
                case__applied_amount__gt=F("case__realized_amount") + Decimal("1000"),
            )
        return list(rows.order_by("id"))

    def measures(self) -> None:
        money = self._candidates(rules.MONEY_ASSETS, deduct=True)
        chosen = self.rng.sample(money, min(5, len(money)))
        used = {a.case_id for a in chosen}
        others = [a for a in self._candidates({rules.REAL_ESTATE, rules.VEHICLE}) if a.case_id not in used]
        chosen_other = self.rng.sample(others, min(2, len(others)))
        # to_deduct, to_release, to_renew, renewal soon, lapsed — as far as there are deposits.
        roles = ["deduct", "release", "renew", "soon", "lapsed"]
        taken: dict[str, Measure] = {}
        for role, asset in zip(roles, chosen, strict=False):
            days = RENEWAL_SOON_DAYS if role in ("soon", "lapsed") else None
            taken[role] = actions.freeze(asset, actor=asset.case.handler, days=days)
        for asset in chosen_other:
            actions.freeze(asset, actor=asset.case.handler)
        self.drive()
        active = {
            role: m for role, m in taken.items() if Measure.objects.get(pk=m.pk).status == Measure.ACTIVE
        }
        if "deduct" in active:
            m = Measure.objects.select_related("asset", "case__handler").get(pk=active["deduct"].pk)
            amount = min(m.amount or CENT, m.asset.value or CENT)
            amount = max(CENT, (amount * Decimal(self.rng.choice(("0.5", "0.8", "1")))).quantize(CENT))
            actions.deduct(m, amount, actor=m.case.handler)
        if "release" in active:
            m = active["release"]
            actions.release(m, rules.PAID, actor=m.case.handler)
        if "renew" in active:
            m = active["renew"]
            actions.renew(m, actor=m.case.handler)
        self.drive()
        if "lapsed" in active:
            # Demo history: this freeze was taken earlier and never renewed. The actions and the
            # institutions date a measure from today, so its dates are moved back here, before the
            # scan marks it lapsed (as it would have on the day after its expiry).
            expiry = self.end - dt.timedelta(days=LAPSED_AGO_DAYS)
            Measure.objects.filter(pk=active["lapsed"].pk).update(
                start=expiry - dt.timedelta(days=RENEWAL_SOON_DAYS - 1), expiry=expiry
            )
        lapsed, reminded = actions.scan_measures(self.end)
        counts = Counter(Measure.objects.values_list("status", flat=True))
        for status, n in counts.items():
            self.stats[f"inquiry:measures_{status}"] = n
        self.stats["inquiry:lapsed"] += lapsed
        self.stats["inquiry:renewal_reminders"] += reminded

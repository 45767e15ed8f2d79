"""Demo data: a believable province of courts, staff and enforcement cases (`zhixing demo`).

Everything is made through the actions (zhixing.courts.actions, zhixing.cases.actions), so the demo
is also a long walk through the write path: if a rule refuses a step, the demo fails loudly.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.dispatch import Signal

from zhixing.cases import actions
from zhixing.cases.actions.common import today

from .org import ASSUMED_CODES, DEMO_PASSWORD, Org, build_org
from .plan import plan_docket
from .stories import Storyteller

__all__ = ["ASSUMED_CODES", "DEMO_PASSWORD", "DemoResult", "build_demo", "demo_built", "story_end"]

# Sent once the province and its cases are built, for the apps above cases (which cases may not import)
# to add their own demo data: sender is DemoResult, kwargs `result` (org, end = the story's today,
# stats) and `rng` (a random.Random seeded from the demo's seed, so their data is reproducible too).
# A receiver counts what it made into result.stats.
demo_built = Signal()


@dataclass
class DemoResult:
    org: Org
    end: dt.date
    cases: int
    overdue_marked: int
    stats: Counter


def story_end(on: dt.date | None = None) -> dt.date:
    """The last day of the demo's story: today. Deadlines that fall in a year the holiday table does
    not cover yet are provisional (暂定), as they are for a real court in December, so the demo shows
    them too."""
    return on or today()


def build_demo(
    n: int, seed: int = 2026, progress: Callable[[int], object] | None = None, on: dt.date | None = None
) -> DemoResult:
    """Build the province and `n` cases, then run the overdue scan. `progress(k)` is called as cases
    are made (k at a time)."""
    rng = random.Random(seed)
    end = story_end(on)
    org = build_org(rng)
    teller = Storyteller(rng, org, end)
    shares = {code: cs.share for code, cs in org.courts.items() if cs.share}
    plans = plan_docket(rng, n, end, shares)
    made: dict[int, object] = {}
    for i, p in enumerate(plans):
        made[i] = teller.tell(p)
        if progress:
            progress(1)
    resumptions = sorted((i for i, p in enumerate(plans) if p.resume_on), key=lambda i: plans[i].resume_on)
    for i in resumptions:
        teller.resume(made[i], plans[i])  # type: ignore[arg-type]
        if progress:
            progress(1)
    marked = actions.scan_overdue()
    result = DemoResult(org, end, len(plans) + len(resumptions), marked, teller.stats)
    # Its own stream, so that what the receivers draw never shifts the cases' story.
    demo_built.send(sender=DemoResult, result=result, rng=random.Random(f"{seed}:after"))
    return result

"""The quarterly review (约谈) list of a stored bulletin: the courts below the thresholds of the rule
setting `supervision.review_thresholds` in force on the bulletin's end date (rules.below_thresholds)."""

from __future__ import annotations

import json

from zhixing.core.rulesettings import rule_setting

from . import rules
from .models import Bulletin


def thresholds_for(made: Bulletin) -> dict:
    """The thresholds for the bulletin's scope court (a high court may set its own) on its end date."""
    return dict(rule_setting(rules.REVIEW_THRESHOLDS, made.court, made.end))


def review(made: Bulletin, visible_codes: set[str] | None = None, area: bool = False) -> list[dict]:
    """Courts of the bulletin below a threshold, with the reasons; only `visible_codes` if given."""
    courts = json.loads(made.content)["courts"]
    if visible_codes is not None:
        courts = [c for c in courts if c["court_code"] in visible_codes]
    return rules.below_thresholds(courts, thresholds_for(made), area=area)

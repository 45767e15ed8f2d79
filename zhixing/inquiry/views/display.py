"""How the inquiry pages show states: badges, the words of measures, the days left to an expiry."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from .. import rules
from ..models import InquiryBatch, Measure

MONEY_ASSETS = rules.MONEY_ASSETS

BATCH_BADGES = {
    InquiryBatch.RUNNING: "text-bg-primary",
    InquiryBatch.DONE: "text-bg-success",
    InquiryBatch.PARTIAL: "text-bg-warning",
}
MEASURE_BADGES = {
    Measure.REQUESTED: "text-bg-info",
    Measure.ACTIVE: "text-bg-success",
    Measure.REFUSED: "text-bg-secondary",
    Measure.RELEASED: "text-bg-light",
    Measure.LAPSED: "text-bg-danger",
    Measure.DEDUCTED: "text-bg-dark",
}


def measure_word(asset_type: str) -> str:
    """冻结 / 查封 / 扣押: the measure an asset of this type takes."""
    return str(dict(rules.MEASURE_KINDS)[rules.measure_kind(asset_type)])


def expiry_text(measure: Measure, on: dt.date) -> str:
    """ "剩 N 天" / "今日到期" / "已过期 N 天" for an active measure's expiry."""
    if measure.status != Measure.ACTIVE or measure.expiry is None:
        return ""
    left = (measure.expiry - on).days
    if left > 0:
        return _("剩 %(n)s 天") % {"n": left}
    if left == 0:
        return _("今日到期")
    return _("已过期 %(n)s 天") % {"n": -left}


def kind_label(kind: str) -> str:
    return str(dict(rules.INSTITUTION_KINDS).get(kind, kind))

"""The demo's fixed data and small helpers (zhixing.disposal.demo builds the stories): the reference
platforms it registers offline, the panel of a court, the prices' rounding, Beijing times."""

from __future__ import annotations

import base64
import datetime as dt
from decimal import ROUND_UP, Decimal
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.utils import timezone

from zhixing.courts import rules as court_rules
from zhixing.inquiry import rules as inquiry_rules

from . import rules
from .models import (
    Platform,
)

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
PLATFORMS = [("TAOBAO", "淘宝网司法拍卖"), ("JD", "京东拍卖"), ("RMFYSSZC", "人民法院诉讼资产网")]
# Each platform's network-inquiry answer as a share of the asset's value (the simulator's price factor).
FACTORS = {"TAOBAO": Decimal("1.02"), "JD": Decimal("0.97"), "RMFYSSZC": Decimal("1.00")}
# When the value register gave no figure: a flat, a vehicle, shares.
FALLBACK_VALUE = {
    inquiry_rules.REAL_ESTATE: Decimal("860000.00"),
    inquiry_rules.VEHICLE: Decimal("126000.00"),
}
# The stories, and how many days before the demo's today each one's seizure lies (the case must have
# been filed by then; the longest stories take the oldest cases).
STAGES = [
    ("distribution", 200),
    ("sold", 160),
    ("failed", 100),
    ("listed", 75),
    ("plan", 45),
    ("pricing", 12),
]
BUYERS = ["孙建国", "周晓梅", "吴海涛", "郑丽华", "冯志强", "陈雅琴"]
BIDDING_HOUR = 10  # bidding starts and ends at 10:00 Beijing time
BEIJING = dt.timezone(dt.timedelta(hours=8))
MORTGAGEE = "中国建设银行股份有限公司雄安分行"
OWED = Decimal("20000.00")  # the distribution's case is still owed at least this much (a real claim)
MORTGAGE_BASIS = {
    rules.REAL_ESTATE: "抵押权（不动产登记证明）",
    rules.MOVABLE: "抵押权（机动车抵押登记）",
    rules.OTHER_RIGHT: "质权（出质登记）",
}


def register_platforms() -> list[Platform]:
    """The three reference platforms, offline: a reference address and a fresh public key (nobody holds
    the private one: the demo never exchanges a message). An existing row is left as it is."""
    out = []
    for code, name in PLATFORMS:
        key = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        platform, _created = Platform.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name,
                url=f"http://127.0.0.1:9/{code.lower()}/",
                public_key=base64.b64encode(key).decode(),
                registered_at=timezone.now(),
            ),
        )
        out.append(platform)
    return out


def panel_of(court: Any) -> list[Any]:
    """The people who may sit on a case's collegial panel (permissions.PANEL_ROLES on the court or above
    it, as require_role reads them): the court's judges and leaders first, then its superiors'."""
    from zhixing.courts.models import User

    people: list[Any] = []
    while court is not None:
        for role in (court_rules.JUDGE, court_rules.LEADER):
            for user in User.objects.filter(grants__court=court, grants__role=role, is_active=True).order_by(
                "id"
            ):
                if user not in people:
                    people.append(user)
        court = court.parent
    return people


def _at(day: dt.date, hour: int = BIDDING_HOUR, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BEIJING)


def _round_up(value: Decimal, step: Decimal = HUNDRED) -> Decimal:
    return ((value / step).quantize(Decimal(1), rounding=ROUND_UP) * step).quantize(CENT)

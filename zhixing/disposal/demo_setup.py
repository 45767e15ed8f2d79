"""The demo's fixed data and small helpers (zhixing.disposal.demo builds the stories): the seals it
picks or makes, the reference platforms it registers offline, the panel of a court, the prices'
rounding, Beijing times."""

from __future__ import annotations

import base64
import datetime as dt
import random
from decimal import ROUND_UP, Decimal
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.db.models import Count
from django.utils import timezone

from zhixing.cases.models import Case
from zhixing.courts import rules as court_rules
from zhixing.inquiry import rules as inquiry_rules
from zhixing.inquiry.models import Asset, Measure

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


def pick_seals(end: dt.date, rng: random.Random) -> list[tuple[str, Measure]]:
    """(stage, active seal or seizure) for as many stages as the register allows."""
    sold = (inquiry_rules.REAL_ESTATE, inquiry_rules.VEHICLE)
    existing = list(
        Measure.objects.filter(
            status=Measure.ACTIVE,
            kind__in=(inquiry_rules.SEAL, inquiry_rules.SEIZE),
            asset__type__in=sold,
            case__status=Case.PENDING,
            case__handler__isnull=False,
        )
        .select_related("asset", "case__handler")
        .order_by("id")
    )
    used = {m.case_id for m in existing}
    taken = {m.asset_id for m in existing}
    free = list(
        Asset.objects.filter(
            type__in=sold,
            case__status=Case.PENDING,
            case__handler__isnull=False,
            institution__active=True,
        )
        .exclude(pk__in=taken)
        .exclude(measures__status__in=(Measure.ACTIVE, Measure.REQUESTED))
        .select_related("case__handler")
        .order_by("id")
    )
    rng.shuffle(free)
    out: list[tuple[str, Measure]] = []
    # The youngest story (pricing) takes a seal inquiry's demo made today, if there is one.
    stages = list(STAGES)
    if existing:
        out.append((stages.pop()[0], existing[0]))
    for stage, ago in stages:
        seized_on = end - dt.timedelta(days=ago)
        asset = next(
            (
                a
                for a in free
                if a.case_id not in used
                and a.case.filed_on <= seized_on - dt.timedelta(days=5)
                and (stage != "distribution" or a.case.applied_amount - a.case.realized_amount >= OWED)
            ),
            None,
        )
        if asset is None:
            continue
        used.add(asset.case_id)
        out.append((stage, seal(asset, seized_on)))
    return out


def seal(asset: Asset, start: dt.date) -> Measure:
    """An active seal (flat) or seizure (vehicle), taken on `start`: demo history written as a row,
    as tests/disposal/conftest's `seal` (inquiry's own action would date it today, over HTTP)."""
    days = 3 * 365 if asset.type == inquiry_rules.REAL_ESTATE else 2 * 365
    position = (asset.measures.aggregate(n=Count("id"))["n"] or 0) + 1
    case = asset.case
    return Measure.objects.create(
        case=case,
        asset=asset,
        kind=inquiry_rules.measure_kind(asset.type),
        days=days,
        start=start,
        expiry=start + dt.timedelta(days=days - 1),
        position=position,
        status=Measure.ACTIVE,
        measure_id=f"DEMO-M-{asset.pk:06d}",
        document_number=f"{case.case_number}之一",
        document_sha256="0" * 64,
        officer=case.handler,
        created_at=timezone.now(),
    )

"""The measures demo's fixed data and small helpers (zhixing.measures.demo tells the stories): the
bureau's equipment register, the witnesses, the people who answer a reward notice, the cases the
stories take, and the photos (real small JPEGs drawn with Pillow, which WeasyPrint already requires)."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef

from zhixing.cases.models import Case, Party

from . import rules

CENT = Decimal("0.01")
# The Xiong'an bureau's register (issue 13: seven police vehicles, drones, button body cameras, stab
# vests and portable printers added in one year): kind, code, name, state.
EQUIPMENT = [
    *[(rules.VEHICLE, f"冀X·J00{n}警", f"执行指挥车{n}号", "available") for n in range(1, 7)],
    (rules.VEHICLE, "冀X·J007警", "执行指挥车7号", "maintenance"),
    (rules.DRONE, "UAV-01", "多旋翼无人机（测绘）", "available"),
    (rules.DRONE, "UAV-02", "多旋翼无人机（喊话照明）", "available"),
    *[(rules.BODY_CAMERA, f"DSJ-{n:02d}", f"纽扣式执法记录仪{n:02d}", "available") for n in range(1, 7)],
    (rules.PRINTER, "PRN-01", "便携式打印机1号", "available"),
    (rules.PRINTER, "PRN-02", "便携式打印机2号", "available"),
    (rules.PRINTER, "PRN-03", "便携式打印机3号", "retired"),
    *[(rules.VEST, f"VEST-{n:02d}", f"防刺背心{n:02d}", "available") for n in range(1, 9)],
]
WITNESSES = [
    {"name": "张立新", "kind": "deputy", "unit": "雄安新区人大代表"},
    {"name": "刘秀英", "kind": "cppcc", "unit": "雄安新区政协委员"},
    {"name": "王检察", "kind": "procurator", "unit": "雄安新区人民检察院"},
    {"name": "赵记者", "kind": "media", "unit": "雄安新区融媒体中心"},
]
INFORMANTS = [
    ("孙某", "13903120001", "被执行人常于夜间出入容城县某小区", "6217000130000000001"),
    ("李某", "13903120002", "被执行人的车辆停放在雄县某物流园", "6217000130000000002"),
]
PLACES = ["雄县雄州镇某小区", "容城县容城镇某商铺", "安新县安新镇某厂房", "雄安新区某工地", "雄县某物流园"]


def beijing(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.timezone(dt.timedelta(hours=8)))


def photo(rng: random.Random, label: str) -> bytes:
    """A small, real JPEG: a scene of coloured blocks with a caption (ASCII: the default bitmap font
    has no Chinese), different for every call so every file has its own fingerprint."""
    from PIL import Image, ImageDraw

    sky = (rng.randrange(120, 200), rng.randrange(150, 210), rng.randrange(200, 255))
    img = Image.new("RGB", (320, 240), sky)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 160, 320, 240), fill=(rng.randrange(60, 120),) * 3)
    for _i in range(4):
        x = rng.randrange(0, 260)
        h = rng.randrange(40, 120)
        colour = (rng.randrange(100, 230), rng.randrange(80, 200), rng.randrange(60, 160))
        draw.rectangle((x, 160 - h, x + rng.randrange(30, 70), 160), fill=colour)
    draw.rectangle((0, 0, 320, 18), fill=(0, 0, 0))
    draw.text((4, 3), label, fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=70)
    return out.getvalue()


def open_cases(court: Any) -> list[Case]:
    """The open cases of `court` and the courts below it with a handler and a debtor, persons first
    (a summons, detention or exit ban is against a person), in id order."""
    debtor = Party.objects.filter(case=OuterRef("pk"), role=Party.DEBTOR)
    person = debtor.filter(kind=Party.PERSON)
    rows = (
        Case.objects.filter(court__path__startswith=court.path, handler__isnull=False)
        .exclude(status=Case.CLOSED)
        .annotate(has_debtor=Exists(debtor), has_person=Exists(person))
        .filter(has_debtor=True)
        .select_related("court", "handler")
        .order_by("id")
    )
    cases = list(rows)
    return [c for c in cases if c.has_person] + [c for c in cases if not c.has_person]


def debtor_of(case: Case) -> Party:
    return case.parties.filter(role=Party.DEBTOR).order_by("kind", "id").first()  # persons first


# Names for a unit debtor's legal representative (the case file holds only the unit).
REPRESENTATIVES = ("李建国", "王海峰", "张志强", "刘文斌", "陈立新", "杨国庆")


def subject(party: Party) -> dict[str, str]:
    """propose_measure's subject for a measure against a person: the debtor, or a unit's legal
    representative."""
    if party.kind == Party.UNIT:
        return {
            "subject_role": rules.LEGAL_REP,
            "subject_name": REPRESENTATIVES[party.pk % len(REPRESENTATIVES)],
        }
    return {"subject_role": rules.PERSON}

"""The demo province's courts, departments and staff, built through zhixing.courts.actions."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from zhixing.core import audit
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as r
from zhixing.courts.actors import DEMO
from zhixing.courts.models import Court, User

from .names import person_name

DEMO_PASSWORD = "zhixing-demo"

# code, name, parent code, username prefix, share of the province's cases, GB/T 2260 code of the area
# (where its parties mostly live).
COURTS = (
    ("冀", "河北省高级人民法院", None, "hebei", 0, "130102"),
    ("冀96", "河北雄安新区中级人民法院", "冀", "xiongan", 5, "130638"),
    # Xiong'an's county courts keep their Baoding codes under 冀96 (rules §1.2.5, §1.2.7).
    ("冀0638", "雄县人民法院", "冀96", "xiongxian", 11, "130638"),
    ("冀0629", "容城县人民法院", "冀96", "rongcheng", 10, "130629"),
    ("冀0632", "安新县人民法院", "冀96", "anxin", 10, "130632"),
    ("冀01", "石家庄市中级人民法院", "冀", "shijiazhuang", 6, "130102"),
    ("冀0102", "石家庄市长安区人民法院", "冀01", "changan", 15, "130102"),
    ("冀0104", "石家庄市桥西区人民法院", "冀01", "qiaoxi", 14, "130104"),
    ("冀06", "保定市中级人民法院", "冀", "baoding", 5, "130606"),
    ("冀0602", "保定市竞秀区人民法院", "冀06", "jingxiu", 12, "130602"),
    ("冀0681", "涿州市人民法院", "冀06", "zhuozhou", 12, "130681"),
)
# rules §1.2.8: the code of the Xiong'an intermediate court is inferred from rule 1.2.4, not seen in a
# case number.
ASSUMED_CODES = ("冀96",)

# How many people of each role a court of each level gets, and the department they sit in.
STAFFING = {
    r.HIGH: ((r.LEADER, 1), (r.COMMAND, 1), (r.ADMIN, 1), (r.JUDGE, 1)),
    r.INTERMEDIATE: (
        (r.CLERK, 1),
        (r.OFFICER, 3),
        (r.JUDGE, 2),
        (r.COMMAND, 1),
        (r.FINANCE, 1),
        (r.LEADER, 1),
    ),
    r.BASIC: ((r.CLERK, 1), (r.OFFICER, 3), (r.JUDGE, 1), (r.FINANCE, 1), (r.LEADER, 1)),
}
DEPARTMENT_OF_ROLE = {
    r.CLERK: "立案庭",
    r.OFFICER: "执行局",
    r.JUDGE: "执行局",
    r.FINANCE: "执行局",
    r.COMMAND: "执行指挥中心",
    r.ADMIN: "执行指挥中心",
    r.LEADER: "",
}


@dataclass
class CourtStaff:
    court: Court
    prefix: str
    share: int
    division: str
    by_role: dict[str, list[User]] = field(default_factory=dict)

    def people(self, role: str) -> list[User]:
        return self.by_role.get(role, [])


@dataclass
class Org:
    courts: dict[str, CourtStaff]
    logins: list[tuple[str, str, str, str]]  # username, name, role label, court name

    def above(self, code: str) -> list[CourtStaff]:
        """This court's staff, then its parent's, up to the high court."""
        chain = []
        cs: CourtStaff | None = self.courts[code]
        while cs is not None:
            chain.append(cs)
            parent = cs.court.parent
            cs = self.courts.get(parent.code) if parent is not None else None
        return chain

    def first(self, code: str, role: str) -> list[User]:
        """The people holding `role` on the nearest court at or above `code` that has any."""
        for cs in self.above(code):
            if cs.people(role):
                return cs.people(role)
        return []


def _departments(court: Court) -> dict[str, object]:
    names = ["立案庭", "执行局"] if court.level == r.BASIC else ["立案庭", "执行局", "执行指挥中心"]
    return {n: court_actions.create_department(court, n, actor=DEMO) for n in names}


@transaction.atomic
def build_org(rng: random.Random) -> Org:
    """Courts, departments and staff. Every person gets the one demo password.

    Hashing a password costs ~0.4 s by design (PBKDF2), which for eighty people would be most of the
    demo's time; since all of them share one published demo password, it is hashed once and that hash
    is given to everyone after the users are made through the action (which audits their creation).
    """
    courts: dict[str, CourtStaff] = {}
    logins: list[tuple[str, str, str, str]] = []
    for code, name, parent, prefix, share, division in COURTS:
        court = court_actions.create_court(
            code, name, parent=courts[parent].court if parent else None, actor=DEMO
        )
        courts[code] = CourtStaff(court, prefix, share, division)
    used_names: set[str] = set()
    for cs in courts.values():
        depts = _departments(cs.court)
        for role, count in STAFFING[cs.court.level]:
            for i in range(1, count + 1):
                sex = "M" if rng.random() < 0.55 else "F"
                full = person_name(rng, sex, rng.randrange(1968, 1998))
                while full in used_names:
                    full = person_name(rng, sex, rng.randrange(1968, 1998))
                used_names.add(full)
                username = f"{cs.prefix}_{role}{i}"
                user = court_actions.create_user(
                    username,
                    full,
                    None,  # set below, once for all: see the docstring
                    cs.court,
                    [role],
                    department=depts.get(DEPARTMENT_OF_ROLE[role]),
                    actor=DEMO,
                )
                cs.by_role.setdefault(role, []).append(user)
                logins.append((username, full, r.ROLE_LABELS[role], cs.court.name))
    high = courts["冀"].court
    admin = court_actions.create_user("admin", "系统管理员", None, high, [r.ADMIN], actor=DEMO)
    User.objects.filter(pk=admin.pk).update(is_superuser=True, is_staff=True)
    audit.append("user.superuser", admin, {"username": "admin", "reason": "demo"}, DEMO)
    logins.insert(0, ("admin", "系统管理员", "超级管理员", high.name))
    User.objects.filter(username__in=[u for u, *_ in logins]).update(password=make_password(DEMO_PASSWORD))
    _office_phones(courts)
    audit.append("user.demo_password", None, {"users": len(logins)}, DEMO)
    return Org(courts, logins)


def _office_phones(courts: dict[str, CourtStaff]) -> None:
    """An office phone for every person (the party portal shows the handler's), by the area code of
    the court's city: 0312 for Baoding and Xiong'an, 0311 for Shijiazhuang and the high court. Drawn
    from no random stream, so the cases' story stays the same."""
    for n, cs in enumerate(courts.values()):
        area = "0312" if cs.court.code.startswith(("冀06", "冀96")) else "0311"
        people = [u for users in cs.by_role.values() for u in users]
        for i, user in enumerate(people):
            user.office_phone = f"{area}-{5 if area == '0312' else 8}{n:02d}{i + 1:04d}"
            User.objects.filter(pk=user.pk).update(office_phone=user.office_phone)

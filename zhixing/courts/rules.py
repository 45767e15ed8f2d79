"""Court codes (法院代字) and roles: pure rules, no database access."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

# rules §1.2.1: a high court's code is the province's one-character abbreviation; 内 for Inner
# Mongolia, 军 for the PLA Military Court, 兵 for the XPCC branch. The SPC is 最高法.
PROVINCE_CODES = frozenset("京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔贵云藏陕甘青宁新军兵")

SUPREME = "supreme"
HIGH = "high"
INTERMEDIATE = "intermediate"
BASIC = "basic"
LEVEL_LABELS = {
    SUPREME: "最高人民法院",
    HIGH: "高级人民法院",
    INTERMEDIATE: "中级人民法院",
    BASIC: "基层人民法院",
}

# ASCII digits only: `\d` would also take Arabic-Indic and other digits, giving look-alike codes.
_CODE = re.compile(r"^(?P<province>[\u4e00-\u9fa5])(?P<digits>[0-9]{2}|[0-9]{4})?$")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class CourtCode:
    code: str
    level: str
    parent_code: str | None  # the code the shape implies for the court above (may not exist)


class InvalidCourtCode(ValueError):
    pass


def parse_court_code(code: str) -> CourtCode:
    """Level of a court from the shape of its code.

    rules §1.2.1–1.2.2: 最高法 = SPC; one province character = high court; + 2 digits = intermediate;
    + 4 digits = basic. For a basic court the intermediate court above is usually the first two digits
    (rules §1.2.3), but courts under special intermediate courts (e.g. 冀96) break that, so the parent
    is only a suggestion.
    """
    # Full-width digits are common in typed Chinese text; they name the same court.
    code = (code or "").strip().translate(_FULL_WIDTH_DIGITS)
    if code == "最高法":
        return CourtCode(code, SUPREME, None)
    m = _CODE.match(code)
    if not m or m["province"] not in PROVINCE_CODES:
        raise InvalidCourtCode(
            _(
                "法院代字“%(code)s”不合规：应为“最高法”、省级简称一字（如“冀”），"
                "或简称加2位（中级）或4位（基层）数字"
            )
            % {"code": code}
        )
    digits = m["digits"] or ""
    if not digits:
        return CourtCode(code, HIGH, "最高法")
    if len(digits) == 2:
        return CourtCode(code, INTERMEDIATE, m["province"])
    return CourtCode(code, BASIC, code[:3])


# ARCHITECTURE §10: roles are granted per court and reach down the hierarchy.
CLERK = "clerk"
OFFICER = "officer"
JUDGE = "judge"
COMMAND = "command"
FINANCE = "finance"
LEADER = "leader"
ADMIN = "admin"
ROLE_LABELS = {
    CLERK: "立案员",
    OFFICER: "执行员",
    JUDGE: "执行法官",
    COMMAND: "指挥中心",
    FINANCE: "财务",
    LEADER: "院领导",
    ADMIN: "管理员",
}

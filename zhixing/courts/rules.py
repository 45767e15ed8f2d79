"""Court codes (法院代字) and roles: pure rules, no database access."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

# rules §1.2.1: a high court's code is the province's one-character abbreviation. The 31
# provincial-level divisions of the mainland by that code (贵州 is 黔, 云南 云, 四川 川, 陕西 陕, 甘肃 甘),
# and 兵 for the Xinjiang Production and Construction Corps, whose courts have a code of their own.
PROVINCE_NAMES = {
    "京": "北京市",
    "津": "天津市",
    "冀": "河北省",
    "晋": "山西省",
    "内": "内蒙古自治区",
    "辽": "辽宁省",
    "吉": "吉林省",
    "黑": "黑龙江省",
    "沪": "上海市",
    "苏": "江苏省",
    "浙": "浙江省",
    "皖": "安徽省",
    "闽": "福建省",
    "赣": "江西省",
    "鲁": "山东省",
    "豫": "河南省",
    "鄂": "湖北省",
    "湘": "湖南省",
    "粤": "广东省",
    "桂": "广西壮族自治区",
    "琼": "海南省",
    "渝": "重庆市",
    "川": "四川省",
    "黔": "贵州省",
    "云": "云南省",
    "藏": "西藏自治区",
    "陕": "陕西省",
    "甘": "甘肃省",
    "青": "青海省",
    "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
    "兵": "新疆生产建设兵团",
}
# rules §1.2.1: the courts at the level of a high court whose name is not "<province>高级人民法院":
# the XPCC branch of Xinjiang's high court, and the PLA Military Court (军, no province).
SPECIAL_HIGH_COURT_NAMES = {
    "兵": "新疆维吾尔自治区高级人民法院生产建设兵团分院",
    "军": "中国人民解放军军事法院",
}
PROVINCE_CODES = frozenset(PROVINCE_NAMES) | frozenset(SPECIAL_HIGH_COURT_NAMES)

# rules §1.2.5 and §1.2.7: a court keeps the code of its old division when its area moves. Xiong'an's
# three county courts kept their Baoding codes (冀06xx) under the Xiong'an intermediate court 冀96
# (the codes as issue 7 gives them; rules §1.2.8 had marked them unverified). These are the courts
# whose court above is not the one the digits of their code name.
PARENT_CODE_EXCEPTIONS = {
    "冀0629": "冀96",  # 容城县人民法院
    "冀0632": "冀96",  # 安新县人民法院
    "冀0638": "冀96",  # 雄县人民法院
}

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
    + 4 digits = basic. For a basic court the intermediate court above is the first two digits
    (rules §1.2.3) unless the court kept its code when its area moved (rules §1.2.5,
    PARENT_CODE_EXCEPTIONS: 冀0638 sits under 冀96). The parent is only what the code says: that court
    may not be in the platform (see codes_above).
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
    return CourtCode(code, BASIC, PARENT_CODE_EXCEPTIONS.get(code, code[:3]))


def codes_above(code: str) -> list[str]:
    """The codes of the courts above a court, nearest first, as its code says (rules §1.2.2, §1.2.5):
    冀0602 → 冀06, 冀, 最高法; 冀0638 → 冀96, 冀, 最高法; 冀 → 最高法. A court the platform creates
    hangs under the first of these that the platform knows."""
    out: list[str] = []
    parent = parse_court_code(code).parent_code
    while parent is not None:
        out.append(parent)
        parent = parse_court_code(parent).parent_code
    return out


def province_of(code: str) -> str | None:
    """The code of the high court whose province a court belongs to (rules §1.2.1–1.2.2): the first
    character of its code; None for the SPC."""
    parsed = parse_court_code(code)
    return None if parsed.level == SUPREME else parsed.code[0]


def high_court_name(province: str) -> str:
    """The name of a province's high court, from its code (rules §1.2.1): 冀 → 河北省高级人民法院."""
    if province in SPECIAL_HIGH_COURT_NAMES:
        return SPECIAL_HIGH_COURT_NAMES[province]
    if province not in PROVINCE_NAMES:
        raise InvalidCourtCode(_("“%(code)s”不是省级简称") % {"code": province})
    return f"{PROVINCE_NAMES[province]}高级人民法院"


LEVEL_DEPTH = {SUPREME: 0, HIGH: 1, INTERMEDIATE: 2, BASIC: 3}


def parent_problem(code: str, parent_code: str | None) -> str | None:
    """Why the court of `code` may not hang under the court of `parent_code` (None for no court above
    it), or None when it may. rules §1.2.1–1.2.2: a court sits under a court of a higher level (never a
    basic court above an intermediate one), in its own province: every code below a high court starts
    with the high court's code. Only the SPC and a high court stand at the top. The digits need not
    agree: 冀0629 under 冀96 is right (rules §1.2.5)."""
    child = parse_court_code(code)
    if parent_code is None:
        if child.level in (SUPREME, HIGH):
            return None
        return _("%(code)s是%(level)s，须有上级法院") % {
            "code": child.code,
            "level": LEVEL_LABELS[child.level],
        }
    parent = parse_court_code(parent_code)
    if LEVEL_DEPTH[parent.level] >= LEVEL_DEPTH[child.level]:
        return _("%(code)s（%(level)s）不能在%(parent)s（%(parent_level)s）之下：上级法院的级别须更高") % {
            "code": child.code,
            "level": LEVEL_LABELS[child.level],
            "parent": parent.code,
            "parent_level": LEVEL_LABELS[parent.level],
        }
    if parent.level != SUPREME and parent.code[0] != child.code[0]:
        return _("%(code)s不能在%(parent)s之下：不属于同一省级辖区") % {
            "code": child.code,
            "parent": parent.code,
        }
    return None


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

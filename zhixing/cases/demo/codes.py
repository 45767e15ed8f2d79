"""Identity codes that pass the national checks: resident ID numbers (GB 11643, rules §13.1) and
unified social credit codes (GB 32100 with its embedded GB 11714 organisation code, rules §13.2).

The check characters are computed here from the published algorithms rather than taken from
python-stdnum, so that the demo data is an independent test of `zhixing.core.identity`.
"""

from __future__ import annotations

import datetime as dt
import random

# GB/T 2260 county-level codes of Hebei (13xxxx) where the demo's parties live, with the name of the
# county or district. Codes as first issued, which is what an ID number carries (rules §13.1).
HEBEI_DIVISIONS = {
    "130102": "长安区",
    "130104": "桥西区",
    "130105": "新华区",
    "130108": "裕华区",
    "130109": "藁城区",
    "130110": "鹿泉区",
    "130111": "栾城区",
    "130123": "正定县",
    "130131": "平山县",
    "130133": "赵县",
    "130181": "辛集市",
    "130183": "晋州市",
    "130184": "新乐市",
    "130602": "竞秀区",
    "130606": "莲池区",
    "130607": "满城区",
    "130608": "清苑区",
    "130609": "徐水区",
    "130626": "定兴县",
    "130628": "高阳县",
    "130629": "容城县",
    "130632": "安新县",
    "130633": "易县",
    "130638": "雄县",
    "130681": "涿州市",
    "130682": "定州市",
    "130684": "高碑店市",
    "130202": "路南区",
    "130203": "路北区",
    "131002": "安次区",
    "131003": "广阳区",
    "130902": "新华区",
    "131102": "桃城区",
    "130402": "邯山区",
    "130702": "桥东区",
    "130302": "海港区",
}

_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECK = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 symbols: no I, O, S, V, Z
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def ric_check(body17: str) -> str:
    """GB 11643 / ISO 7064 MOD 11-2 check character of the first 17 digits."""
    return _RIC_CHECK[sum(int(c) * w for c, w in zip(body17, _RIC_WEIGHTS, strict=True)) % 11]


def resident_id(division: str, birth: dt.date, sex: str, rng: random.Random) -> str:
    """An 18-character ID: address code, birth date, sequence (odd for men, even for women), check."""
    seq = rng.randrange(0, 1000)
    if (seq % 2 == 1) != (sex == "M"):
        seq = (seq + 1) % 1000
    body = f"{division}{birth:%Y%m%d}{seq:03d}"
    return body + ric_check(body)


def orgcode_check(body8: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    c = 11 - sum(_ORG_ALPHABET.index(ch) * w for ch, w in zip(body8, _ORG_WEIGHTS, strict=True)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def uscc_check(body17: str) -> str:
    """GB 32100 check character: (31 − Σ value × 3^i mod 31) mod 31, mapped back to the alphabet."""
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(body17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc(division: str, rng: random.Random, authority: str = "91") -> str:
    """A unified social credit code: registration authority and kind (`91` an enterprise registered
    by market regulation, `11` a state organ), division code, organisation code with its own check,
    then the GB 32100 check.

    Since 2015 new subject identifiers usually start with `MA`; older firms kept their digits. An
    all-digit code that reads like a resident ID (province, then a date) is drawn again, so that a unit
    is never taken for a person by a check that looks at the shape first.
    """
    while True:
        if authority == "91" and rng.random() < 0.55:
            subject = "MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(6))
        else:
            subject = "".join(rng.choice("0123456789") for _ in range(8))
        body = f"{authority}{division}{subject}{orgcode_check(subject)}"
        code = body + uscc_check(body)
        if code[:17].isdigit() and _reads_as_resident_id(code):
            continue
        return code


_PROVINCES = {str(n) for n in range(11, 66)} | {"71", "81", "82"}


def _reads_as_resident_id(code: str) -> bool:
    """Digits that start like an ID number (a province, then a date) are read as an ID with a typo by
    the identity check, whatever the last character says (rules §13: the shape decides)."""
    if code[:2] not in _PROVINCES:
        return False
    try:
        dt.date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return False
    return True


def birth_date(rng: random.Random, on: dt.date, min_age: int = 20, max_age: int = 72) -> dt.date:
    """A birth date making an adult of `min_age`–`max_age` on `on`, most between 28 and 58."""
    age = min(max_age, max(min_age, int(rng.triangular(min_age, max_age, 42))))
    start = dt.date(on.year - age - 1, on.month, min(on.day, 28)) + dt.timedelta(days=1)
    return start + dt.timedelta(days=rng.randrange(0, 365))

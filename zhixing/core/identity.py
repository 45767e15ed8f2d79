"""Identity codes (rules §13): resident ID numbers (GB 11643, incl. 15-digit legacy numbers), unified
social credit codes (GB 32100) and old organisation codes (GB 11714).

`python-stdnum` does the checksum work behind this wrapper, which never raises: every function returns
a result with a Chinese error message instead (ARCHITECTURE "known traps": stdnum.cn.ric.is_valid can
raise). Masking for public surfaces lives here too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exc
from stdnum.cn import ric, uscc

RIC = "ric"
RIC15 = "ric15"
USCC = "uscc"
ORGCODE = "orgcode"
KIND_LABELS = {
    RIC: "居民身份证",
    RIC15: "居民身份证（15位）",
    USCC: "统一社会信用代码",
    ORGCODE: "组织机构代码",
}

# rules §13.1: province part of the address code.
_PROVINCES = {f"{n}" for n in range(11, 66)} | {"71", "81", "82"}
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class IdentityCheck:
    valid: bool
    kind: str = ""
    normalized: str = ""
    birth_date: dt.date | None = None
    error: str = ""

    @property
    def is_person(self) -> bool:
        return self.kind in (RIC, RIC15)


def _bad(kind: str, code: str, why: str) -> IdentityCheck:
    return IdentityCheck(False, kind, code, None, why)


def _birth(digits8: str) -> dt.date | None:
    try:
        return dt.date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError:
        return None


def ric15_to_18(code: str) -> str:
    """rules §13.1: a 15-digit ID becomes 18 digits by inserting `19` after position 6 and adding the
    GB 11643 check character."""
    body = code[:6] + "19" + code[6:]
    return body + ric.calc_check_digit(body + "0")  # stdnum wants the check slot present


def check_resident_id(code: str, on: dt.date | None = None) -> IdentityCheck:
    """GB 11643-1999 (rules §13.1): 18 characters with the MOD 11-2 check, an existing birth date not
    in the future, and a known province prefix. 15-digit legacy numbers are accepted and converted."""
    code = (code or "").strip().upper()
    on = on or timezone.localdate()
    kind = RIC
    if re.fullmatch(r"\d{15}", code):
        kind = RIC15
        full = ric15_to_18(code)
    elif re.fullmatch(r"\d{17}[\dX]", code):
        full = code
    else:
        return _bad(RIC, code, _("居民身份证号码应为18位（最后一位可为X）或15位数字"))
    if full[:2] not in _PROVINCES:
        return _bad(kind, code, _("居民身份证号码的地址码“%(code)s”不属于任何省份") % {"code": full[:6]})
    birth = _birth(full[6:14])
    if birth is None:
        return _bad(kind, code, _("居民身份证号码中的出生日期“%(date)s”不存在") % {"date": full[6:14]})
    if birth > on:
        return _bad(kind, code, _("居民身份证号码中的出生日期晚于今天"))
    try:
        check = ric.calc_check_digit(full[:17] + "0")
    except (stdnum_exc.ValidationError, ValueError, KeyError, IndexError):
        return _bad(kind, code, _("居民身份证号码无法校验"))
    if kind == RIC and check != full[17]:
        return _bad(kind, code, _("居民身份证号码校验位不正确"))
    return IdentityCheck(True, kind, code if kind == RIC else full, birth, "")


def check_uscc(code: str) -> IdentityCheck:
    """GB 32100-2015 (rules §13.2): 18 characters from the 31-symbol alphabet with the MOD 31 check."""
    code = (code or "").strip().upper()
    try:
        return IdentityCheck(True, USCC, uscc.validate(code), None, "")
    except stdnum_exc.InvalidChecksum:
        return _bad(USCC, code, _("统一社会信用代码校验位不正确"))
    except stdnum_exc.ValidationError:
        return _bad(USCC, code, _("统一社会信用代码应为18位，由数字和大写字母（不含I、O、S、V、Z）组成"))
    except Exception:  # noqa: BLE001 - the wrapper's promise: never raise
        return _bad(USCC, code, _("统一社会信用代码无法校验"))


def check_orgcode(code: str) -> IdentityCheck:
    """GB 11714 organisation code (rules §13.2), `XXXXXXXX-X`, still on old records."""
    raw = (code or "").strip().upper().replace("-", "")
    if not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", raw):
        return _bad(ORGCODE, code, _("组织机构代码应为8位数字或大写字母加1位校验码"))
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(raw[:8], _ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    expected = "X" if c == 10 else "0" if c == 11 else str(c)
    if raw[8] != expected:
        return _bad(ORGCODE, code, _("组织机构代码校验位不正确"))
    return IdentityCheck(True, ORGCODE, f"{raw[:8]}-{raw[8]}", None, "")


def check_identity(code: str, on: dt.date | None = None) -> IdentityCheck:
    """Whichever kind the code's shape says: resident ID, unified social credit code or org code."""
    raw = (code or "").strip().upper()
    if not raw:
        return _bad("", raw, _("证件号码为空"))
    if re.fullmatch(r"\d{15}|\d{17}[\dX]", raw):
        res = check_resident_id(raw, on)
        if res.valid or len(raw) == 15 or res.error == _("居民身份证号码校验位不正确"):
            # A number with a real province and birth date is an ID with a typo, not a company code:
            # falling back to the USCC check would pass about 1 in 31 such typos as valid.
            return res
        alt = check_uscc(raw)  # an all-digit USCC whose digits do not read as an ID
        return alt if alt.valid else res
    if len(raw) == 18:
        return check_uscc(raw)
    if len(raw.replace("-", "")) == 9:
        return check_orgcode(raw)
    return _bad("", raw, _("证件号码应为18位居民身份证号码、15位旧身份证号码或18位统一社会信用代码"))


def age_at(birth_date: dt.date, on: dt.date) -> int:
    """Whole years of age on `on` (for the minor checks of the credit rules)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def mask_identity(code: str) -> str:
    """Masked for public surfaces: a resident ID keeps its first 6 and last 4 characters with the birth
    date hidden (the public list's style); unit codes are public and stay whole."""
    code = (code or "").strip()
    if re.fullmatch(r"\d{17}[\dXx]", code):
        return code[:6] + "********" + code[-4:]
    if re.fullmatch(r"\d{15}", code):
        return code[:6] + "******" + code[-3:]
    return code


def mask_for_record(code: str) -> str:
    """Masked for what is kept forever and shown to every viewer of a case: case events and audit
    details (ARCHITECTURE §11: they never hold a full identity code). A resident ID as `mask_identity`
    masks it; unit codes too, keeping their first 6 and last 4 characters (2 and 2 of a short one),
    enough to tell two codes apart in a change record."""
    code = (code or "").strip()
    if not code:
        return ""
    masked = mask_identity(code)
    if masked != code:
        return masked
    if len(code) >= 15:
        return code[:6] + "*" * (len(code) - 10) + code[-4:]
    if len(code) > 4:
        return code[:2] + "*" * (len(code) - 4) + code[-2:]
    return "*" * len(code)


def mask_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 7 else "****"


def mask_account(account: str) -> str:
    digits = re.sub(r"\s", "", account or "")
    return "****" + digits[-4:] if len(digits) > 4 else "****"

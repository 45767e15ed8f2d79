"""Public entries for the public search's tests, written through the credit actions' own writer
(zhixing.credit.actions.public.put) with records of the published fields, as a listing's publication
leaves them."""

from __future__ import annotations

import datetime as dt
import itertools

from stdnum.cn import ric

from zhixing.core.identity import mask_identity
from zhixing.credit.actions import public
from zhixing.credit.models import PublicEntry

_seq = itertools.count(1)


def resident_id(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


# 河北 雄县, born 1980-01-01 (a man) and 1975-05-05 (a woman); 15-digit form of the first one.
ZHANG_ID = resident_id("13063819800101123")
ZHANG_ID_15 = ZHANG_ID[:6] + ZHANG_ID[8:17]
LI_ID = resident_id("13063819750505322")
UNIT_CODE = "91130638MA0CXKTR27"  # a valid unified social credit code (GB 32100)


def record(name: str, code: str, published_on: dt.date, **extra) -> dict:
    unit = not code[:17].isdigit()
    return {
        "name": name,
        "party_type": "法人或其他组织" if unit else "自然人",
        "id_code_masked": mask_identity(code),
        "sex": "" if unit else ("男" if int(code[16]) % 2 else "女"),
        "age": "" if unit else 2026 - int(code[6:10]),
        "legal_representative": extra.pop("legal_representative", ""),
        "province": "河北",
        "case_number": extra.pop("case_number", "（2026）冀9638执100号"),
        "filed_on": "2026-01-05",
        "court_name": "雄县人民法院",
        "basis_number": "（2025）冀9638民初88号",
        "basis_unit": "雄县人民法院",
        "duty": "支付货款 120,000 元及利息",
        "performance": "全部未履行",
        "conduct": "有履行能力而拒不履行生效法律文书确定义务",
        "published_on": published_on.isoformat(),
        **extra,
    }


def add(
    name: str,
    code: str,
    *,
    kind: str = PublicEntry.DISHONEST,
    published_on: dt.date = dt.date(2026, 11, 20),
    **extra,
) -> PublicEntry:
    source = public.source_of(kind, next(_seq))
    return public.put(
        kind,
        source,
        name=name,
        id_code=code,
        court_id=None,
        published_on=published_on,
        record=record(name, code, published_on, **extra),
    )

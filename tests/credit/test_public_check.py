"""`zhixing check`'s 公开信息不含完整身份证号码: a person's whole identity number in a public record is a
break; a unit's credit code, published whole and sometimes all digits, is not (the demo's
911306817210835714 was read as an identity number until the check asked for a valid one)."""

from __future__ import annotations

import datetime as dt

from tests.conftest import APPLICANT_ID
from zhixing.core import checks
from zhixing.credit.models import PublicEntry


def _entry(source: str, code: str) -> PublicEntry:
    return PublicEntry.objects.create(
        kind=PublicEntry.DISHONEST,
        source=source,
        name="某",
        published_on=dt.date(2026, 11, 2),
        record={"name": "某", "code": code},
    )


def test_a_whole_resident_id_breaks_the_check_and_an_all_digit_credit_code_does_not(db):
    unit = _entry("listing:1", "911306817210835714")
    assert list(checks.run("公开信息不含完整身份证号码")) == []
    person = _entry("listing:2", APPLICANT_ID)
    found = list(checks.run("公开信息不含完整身份证号码"))
    assert found == [f"公开信息 #{person.pk} 含有完整的身份证号码"], found
    assert unit.pk != person.pk

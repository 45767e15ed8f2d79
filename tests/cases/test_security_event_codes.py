"""Case events and audit details never hold a full identity code (ARCHITECTURE §11; issue 7,
"Security"): every viewer of a case reads its events, and both are kept forever. An `import-cases
--update` that changes a party records the change with masked codes."""

from __future__ import annotations

import json
import re

import pytest

from tests.cases.test_import_support import PERSON_2, UNIT_2, good_rows, run, write_csv
from tests.conftest import APPLICANT_ID, DEBTOR_UNIT_ID
from zhixing.cases.models import CaseEvent, Party
from zhixing.core.identity import mask_for_record
from zhixing.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PERSON_3 = "130632198807150018"  # another valid Hebei resident ID
RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def _recorded_texts() -> list[str]:
    return [json.dumps(d, ensure_ascii=False) for d in CaseEvent.objects.values_list("data", flat=True)] + [
        json.dumps(d, ensure_ascii=False) for d in AuditEntry.objects.values_list("detail", flat=True)
    ]


def _assert_no_full_code(codes: set[str]) -> None:
    texts = _recorded_texts()
    assert texts
    for text in texts:
        assert not RESIDENT_ID.search(text), text
        for code in codes:
            assert code not in text, (code, text)


def test_filing_and_an_update_import_record_no_full_code(tmp_path, cast, file_case):
    file_case()  # filed in the platform: parties with a resident ID and a credit code
    rows = good_rows()
    assert run(write_csv(tmp_path / "v1.csv", rows))[0] == 0
    # The update changes a person's ID, a unit's code and adds a person with an ID.
    rows[0].update(
        applicants="王申请",
        applicant_ids=PERSON_3,
        debtors="雄安某建设有限公司；赵某",
        debtor_ids=f"{UNIT_2}；{PERSON_2}",
    )
    code, out, err = run(write_csv(tmp_path / "v2.csv", rows), "--update")
    assert code == 0, err
    assert "更新 1 件" in out
    codes = {APPLICANT_ID, DEBTOR_UNIT_ID, PERSON_2, PERSON_3, UNIT_2}
    assert codes <= set(Party.objects.values_list("id_number", flat=True))
    _assert_no_full_code(codes)
    # What changed can still be read: names with masked codes.
    update = AuditEntry.objects.get(action="case.import_update")
    change = update.detail["changed"]["parties"]  # PostgreSQL's jsonb keeps no key order: by name
    was, now = change["old"], change["new"]
    assert f"王申请（{mask_for_record(APPLICANT_ID)}）" in was
    assert "王申请（130632********0018）" in now and f"赵某（{mask_for_record(PERSON_2)}）" in now
    event = CaseEvent.objects.get(kind="updated")
    assert event.data["changed"]["parties"] == [was, now]


def test_a_code_corrected_where_the_mask_hides_it_is_still_a_recorded_change(tmp_path, cast):
    rows = good_rows()[:1]
    rows[0].update(applicant_ids="130632198807150018")
    assert run(write_csv(tmp_path / "v1.csv", rows))[0] == 0
    rows[0].update(applicant_ids="130632198807230018")  # only the birth date, which the mask hides
    code, out, err = run(write_csv(tmp_path / "v2.csv", rows), "--update")
    assert code == 0, err
    assert "更新 1 件" in out
    change = AuditEntry.objects.get(action="case.import_update").detail["changed"]["parties"]
    was, now = change["old"], change["new"]
    assert was != now and "证件号码有更正" in now
    _assert_no_full_code({"130632198807150018", "130632198807230018"})


def test_record_masks():
    assert mask_for_record(APPLICANT_ID) == "110105********002X"
    assert mask_for_record("130632880715001") == "130632******001"
    assert mask_for_record(DEBTOR_UNIT_ID) == "913301********509X"
    assert mask_for_record("12345678-9") == "12******-9"
    assert mask_for_record("") == ""

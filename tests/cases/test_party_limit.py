"""A case holds at most rules.MAX_PARTIES parties, whichever way they arrive: filing (form and API),
adding a party, the import (issue 7, "Security": a case was filed with 2,001 parties)."""

from __future__ import annotations

import pytest

from tests.cases.test_api import CASES, client_for, filing
from tests.cases.test_import_support import row, run, write_csv
from zhixing.cases import actions, rules
from zhixing.cases.models import Case, Party

pytestmark = pytest.mark.django_db
LIMIT = "超过每案 200 名的上限"


def test_the_limit_is_two_hundred():
    assert rules.MAX_PARTIES == 200
    assert rules.parties_problem(200) is None and LIMIT in rules.parties_problem(201)


def test_the_api_refuses_two_thousand_and_one_parties_in_chinese(cast):
    parties = [{"role": "applicant", "name": f"申请人{i}"} for i in range(2000)]
    body = filing(parties=[*parties, {"role": "debtor", "name": "某公司"}])
    res = client_for(cast.officer).post(CASES, body, format="json")
    assert res.status_code == 400
    assert res.json()["errors"] == [f"当事人共 2001 名，{LIMIT}"]
    assert not Case.objects.exists()


def test_filing_takes_two_hundred_and_adding_one_more_is_refused(file_case, cast):
    parties = [actions.PartyInput(Party.APPLICANT, f"申请人{i}") for i in range(199)]
    case = file_case(parties=[*parties, actions.PartyInput(Party.DEBTOR, "某公司")])
    assert case.parties.count() == 200
    with pytest.raises(actions.ActionError, match=LIMIT):
        actions.add_party(case, actions.PartyInput(Party.DEBTOR, "又一公司"), actor=cast.clerk)
    assert case.parties.count() == 200


def test_a_row_with_more_parties_than_a_case_may_have_is_refused(tmp_path, courts):
    many = "；".join(f"申请人{i}" for i in range(201))
    code, _out, err = run(write_csv(tmp_path / "parties.csv", [row(applicants=many, applicant_ids="")]))
    assert code == 1 and "第2行 申请执行人：当事人共 202 名，超过每案 200 名的上限" in err

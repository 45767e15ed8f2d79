"""Party and court names are checked on the way in, wherever they arrive: the filing action (and so
its form and API), adding a party, and the import (issue 7, "Security": formula characters, control
characters)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.cases.test_api import CASES, client_for, filing
from tests.cases.test_import_support import row, run, write_csv, write_xlsx
from tests.cases.test_views_filing import form_data
from zhixing.cases import actions
from zhixing.cases.models import Case, Party

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://example.com/x","点此查看")'
FORMULA = "不能以“=”“+”“-”“@”开头"


@pytest.mark.parametrize(("name", "why"), [(LINK, FORMULA), ("王\x00申请", "控制字符（U+0000）")])
def test_the_filing_action_refuses_the_name(file_case, name, why):
    with pytest.raises(actions.ActionError) as e:
        file_case(
            parties=[actions.PartyInput(Party.APPLICANT, name), actions.PartyInput(Party.DEBTOR, "李某")]
        )
    assert why in str(e.value.messages)
    assert not Case.objects.exists()


def test_adding_a_party_refuses_the_name(file_case, cast):
    case = file_case()
    with pytest.raises(actions.ActionError, match="开头"):
        actions.add_party(case, actions.PartyInput(Party.DEBTOR, "@某公司"), actor=cast.clerk)
    assert case.parties.count() == 2


def test_the_api_refuses_the_name_beside_its_field(cast):
    body = filing(parties=[{"role": "applicant", "name": LINK}, {"role": "debtor", "name": "李某"}])
    res = client_for(cast.officer).post(CASES, body, format="json")
    assert res.status_code == 400
    assert any(e.startswith("parties[0].name：") and FORMULA in e for e in res.json()["errors"])
    assert not Case.objects.exists()


def test_the_filing_form_shows_the_refusal_beside_the_field(client, cast, courts):
    client.force_login(cast.clerk)
    r = client.post(
        reverse("cases:file"), form_data(courts, debtor_name="-某公司", **{"party-0-name": "+某"})
    )
    assert r.status_code == 200 and not Case.objects.exists()
    assert FORMULA in r.context["form"].errors["debtor_name"][0]
    assert FORMULA in r.context["extra"].forms[0].errors["name"][0]


def test_the_import_refuses_party_and_court_names_by_row_and_column(tmp_path, courts):
    rows = [
        row(debtors=f"某公司；{LINK}"),
        row(case_number="（2025）冀96执101号", applicants="王\x01申请"),
        row(case_number="（2025）冀96执102号", court_name="@河北雄安新区中级人民法院"),
    ]
    code, _out, err = run(write_csv(tmp_path / "in.csv", rows))
    assert code == 1 and not Case.objects.exists()
    assert f"第2行 被执行人：第2个名称{FORMULA}" in err
    assert "第3行 申请执行人：名称含有不可见的控制字符（U+0001）" in err
    assert "第4行 执行法院：名称不能以" in err


def test_an_xlsx_cannot_smuggle_a_formula_name_either(tmp_path, courts):
    code, _out, err = run(write_xlsx(tmp_path / "in.xlsx", [row(applicants="+86 王某")]))
    assert code == 1 and "第2行 申请执行人：名称不能以" in err

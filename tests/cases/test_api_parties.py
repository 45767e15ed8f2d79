"""Parties through the API: natural persons' ID numbers are masked; showing one in full is a read of
personal data that is logged in the audit chain."""

from __future__ import annotations

from zhixing.cases.models import Party
from zhixing.core.audit import verify_chain
from zhixing.core.models import AuditEntry

from ..conftest import APPLICANT_ID, DEBTOR_UNIT_ID
from .test_api import CASES, client_for

MASKED = "110105********002X"
PERSON_ID = "130632198807150018"  # a valid Hebei resident ID; the check digit 0 would be wrong


def reads():
    return AuditEntry.objects.filter(action="party.read_identity")


def test_party_list_masks_natural_persons_and_logs_nothing(cast, file_case):
    case = file_case()
    res = client_for(cast.officer).get(f"{CASES}{case.pk}/parties/")
    assert res.status_code == 200
    rows = {p["name"]: p for p in res.json()}
    assert rows["王申请"]["id_number"] == MASKED and rows["王申请"]["id_number_masked"] is True
    assert rows["王申请"]["role_label"] == "申请执行人" and rows["王申请"]["kind_label"] == "自然人"
    # A unit's code is public and stays whole.
    assert rows["雄安某建设有限公司"]["id_number"] == DEBTOR_UNIT_ID
    assert rows["雄安某建设有限公司"]["id_number_masked"] is False
    assert APPLICANT_ID not in res.content.decode()
    assert not reads().exists()


def test_reveal_shows_the_full_number_and_logs_who_read_it(cast, file_case):
    case = file_case()
    res = client_for(cast.judge).get(f"{CASES}{case.pk}/parties/", {"reveal": "1"})
    assert res.status_code == 200
    rows = {p["name"]: p for p in res.json()}
    assert rows["王申请"]["id_number"] == APPLICANT_ID and rows["王申请"]["id_number_masked"] is False
    (entry,) = reads()
    person = Party.objects.get(case=case, name="王申请")
    assert entry.actor == cast.judge
    assert entry.object_id == str(person.pk)
    assert entry.detail["case"] == case.case_number and entry.detail["party"] == "王申请"
    assert list(verify_chain()) == []


def test_reveal_of_one_party(cast, file_case):
    case = file_case()
    person = Party.objects.get(case=case, name="王申请")
    client = client_for(cast.officer)
    masked = client.get(f"{CASES}{case.pk}/parties/{person.pk}/").json()
    assert masked["id_number"] == MASKED and not reads().exists()
    full = client.get(f"{CASES}{case.pk}/parties/{person.pk}/?reveal=1").json()
    assert full["id_number"] == APPLICANT_ID
    assert reads().get().actor == cast.officer


def test_revealing_a_unit_code_is_not_a_personal_data_read(cast, file_case):
    case = file_case()
    unit = Party.objects.get(case=case, kind=Party.UNIT)
    client_for(cast.officer).get(f"{CASES}{case.pk}/parties/{unit.pk}/?reveal=1")
    assert not reads().exists()


def test_outsider_can_neither_list_nor_reveal(cast, file_case):
    case = file_case()
    person = Party.objects.get(case=case, name="王申请")
    outsider = client_for(cast.outsider)
    assert outsider.get(f"{CASES}{case.pk}/parties/?reveal=1").status_code == 404
    assert outsider.get(f"{CASES}{case.pk}/parties/{person.pk}/?reveal=1").status_code == 404
    assert not reads().exists()


def test_a_party_of_another_case_is_not_found_under_this_one(cast, file_case):
    a, b = file_case(), file_case()
    other = Party.objects.filter(case=b).first()
    assert client_for(cast.officer).get(f"{CASES}{a.pk}/parties/{other.pk}/").status_code == 404


def test_add_party(cast, file_case):
    case = file_case()
    client = client_for(cast.officer)  # the handler
    res = client.post(
        f"{CASES}{case.pk}/parties/",
        {"role": "debtor", "name": "赵被执", "id_number": PERSON_ID},
        format="json",
    )
    assert res.status_code == 201, res.json()
    assert res.json()["kind"] == "person" and res.json()["id_number"] == "130632********0018"
    assert Party.objects.get(case=case, name="赵被执").id_number == PERSON_ID


def test_add_party_with_a_bad_id_is_refused_in_chinese(cast, file_case):
    case = file_case()
    res = client_for(cast.officer).post(
        f"{CASES}{case.pk}/parties/",
        {"role": "debtor", "name": "赵被执", "id_number": "130632198807150010"},
        format="json",
    )
    assert res.status_code == 400
    assert res.json()["errors"] == ["赵被执：居民身份证号码校验位不正确"]
    assert not Party.objects.filter(name="赵被执").exists()


def test_add_party_needs_a_role_on_the_court(cast, file_case):
    case = file_case()
    res = client_for(cast.finance).post(
        f"{CASES}{case.pk}/parties/", {"role": "debtor", "name": "赵被执"}, format="json"
    )
    assert res.status_code == 403 and "增加当事人" in res.json()["detail"]

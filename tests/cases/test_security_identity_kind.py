"""A party's kind follows from its identity code (issue 7, "Security"): a resident ID is a person, a
credit or organisation code is a unit. A caller who says otherwise is refused in Chinese, so a
person's full number is never stored as a unit's public code and shown unmasked with no logged read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import APPLICANT_ID, DEBTOR_UNIT_ID
from zhixing.cases import actions
from zhixing.cases.models import Case, Party
from zhixing.core.models import AuditEntry

from .test_api import CASES, CHINESE, client_for, filing

pytestmark = pytest.mark.django_db

MASKED = "110105********002X"


def _reads():
    return AuditEntry.objects.filter(action="party.read_identity")


def _post_filing(cast, applicant_kind: str | None = None, debtor_kind: str | None = None):
    """The clerk files 王申请 (a resident ID) against 雄安某建设有限公司 (a credit code) through the API,
    each party saying the kind given (saying none where None)."""
    parties = [
        {"role": "applicant", "name": "王申请", "id_number": APPLICANT_ID, "kind": applicant_kind},
        {"role": "debtor", "name": "雄安某建设有限公司", "id_number": DEBTOR_UNIT_ID, "kind": debtor_kind},
    ]
    body = filing(parties=[{k: v for k, v in p.items() if v is not None} for p in parties])
    return client_for(cast.clerk).post(CASES, body, format="json")


def test_api_refuses_a_resident_id_filed_as_a_unit(cast):
    res = _post_filing(cast, applicant_kind="unit")
    assert res.status_code == 400, res.content
    (error,) = res.json()["errors"]
    assert "王申请" in error and "自然人" in error and CHINESE.search(error)
    assert not Case.objects.exists() and not Party.objects.exists()


def test_api_refuses_a_unit_code_filed_as_a_person(cast):
    res = _post_filing(cast, debtor_kind="person")
    assert res.status_code == 400
    assert "单位" in res.json()["errors"][0]
    assert not Case.objects.exists()


def test_a_kind_that_agrees_or_is_left_out_is_accepted(cast):
    res = _post_filing(cast, applicant_kind="person")
    assert res.status_code == 201, res.content
    kinds = {p["name"]: p["kind"] for p in res.json()["parties"]}
    assert kinds == {"王申请": Party.PERSON, "雄安某建设有限公司": Party.UNIT}
    assert APPLICANT_ID not in res.content.decode()


def test_adding_a_party_through_the_api_is_checked_the_same_way(cast, file_case):
    case = file_case()
    res = client_for(cast.officer).post(
        f"{CASES}{case.pk}/parties/",
        {"role": "debtor", "name": "赵某", "id_number": "130632198807150018", "kind": "unit"},
        format="json",
    )
    assert res.status_code == 400 and "自然人" in res.json()["errors"][0]
    assert not case.parties.filter(name="赵某").exists()


def test_the_filing_action_itself_refuses_whoever_calls_it(cast, courts, file_case):
    # Pages, the API, the import and the demo all go through actions.filing.validated_party.
    with pytest.raises(actions.ActionError) as err:
        file_case(
            parties=[
                actions.PartyInput(Party.APPLICANT, "王申请", APPLICANT_ID, Party.UNIT),
                actions.PartyInput(Party.DEBTOR, "雄安某建设有限公司", DEBTOR_UNIT_ID),
            ]
        )
    assert "当事人类型" in err.value.messages[0]


def test_a_resident_id_stored_under_the_wrong_kind_is_still_masked(client, cast, file_case):
    # A row written before filing checked the kind: the number's own kind decides the masking.
    case = file_case()
    Party.objects.filter(id_number=APPLICANT_ID).update(kind=Party.UNIT)
    rows = {p["name"]: p for p in client_for(cast.officer).get(f"{CASES}{case.pk}/parties/").json()}
    assert rows["王申请"]["id_number"] == MASKED and rows["王申请"]["id_number_masked"] is True
    detail = client_for(cast.officer).get(f"{CASES}{case.pk}/").content.decode()
    assert APPLICANT_ID not in detail
    client.force_login(cast.officer)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert APPLICANT_ID not in html and MASKED in html
    assert not _reads().exists()
    # Showing it whole is a logged read, as for any person.
    full = client_for(cast.judge).get(f"{CASES}{case.pk}/parties/", {"reveal": "1"}).json()
    assert {p["name"]: p["id_number"] for p in full}["王申请"] == APPLICANT_ID
    assert _reads().count() == 1

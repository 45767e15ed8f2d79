"""Fixtures of the party portal's tests: a case whose two parties have mobile numbers, the officer's
office phone, and the reference SMS gateway (simulators/sms) as a real process trusting the courts'
keys (zhixing.inquiry.signing), registered as the platform's SMS gateway."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from stdnum.cn import ric

from tests.conftest import APPLICANT_ID
from tests.simulators.sms_fixture import SmsProcess
from zhixing.cases import actions as case_actions
from zhixing.cases.models import Party
from zhixing.core.actors import CLI
from zhixing.courts.models import User
from zhixing.inquiry import signing
from zhixing.portal import actions

DEBTOR_BODY = "13062919800101123"  # 河北, born 1980-01-01
DEBTOR_ID = DEBTOR_BODY + ric.calc_check_digit(DEBTOR_BODY + "0")
OTHER_BODY = "13010219750505321"
OTHER_ID = OTHER_BODY + ric.calc_check_digit(OTHER_BODY + "0")
APPLICANT_PHONE = "13900001111"
DEBTOR_PHONE = "13812345678"
OTHER_PHONE = "13700007777"
OFFICE_PHONE = "0312-5551234"
CODE = re.compile(r"验证码 (\d{6})")


@pytest.fixture(autouse=True)
def portal_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.ZHIXING_PORTAL_RATE_PER_MINUTE = 0
    settings.ZHIXING_VERIFY_RATE_PER_MINUTE = 0
    return settings


@pytest.fixture
def people(file_case, cast, courts):
    """Case A in 冀96 (applicant 王申请, debtor 赵欠款, both persons with phones; handler 张执行 with an
    office phone) and case B in 冀01 (debtor 钱另案 with a phone)."""
    User.objects.filter(pk=cast.officer.pk).update(office_phone=OFFICE_PHONE)
    case = file_case(
        parties=[
            case_actions.PartyInput(Party.APPLICANT, "王申请", APPLICANT_ID),
            case_actions.PartyInput(Party.DEBTOR, "赵欠款", DEBTOR_ID),
        ]
    )
    applicant = case.parties.get(role=Party.APPLICANT)
    debtor = case.parties.get(role=Party.DEBTOR)
    actions.set_party_phone(applicant, APPLICANT_PHONE, actor=cast.officer)
    actions.set_party_phone(debtor, DEBTOR_PHONE, actor=cast.officer)
    other_case = file_case(
        court=courts.shijiazhuang,
        parties=[
            case_actions.PartyInput(Party.APPLICANT, "孙另案", "91330109699830509X"),
            case_actions.PartyInput(Party.DEBTOR, "钱另案", OTHER_ID),
        ],
        handler=cast.outsider,
        actor=cast.outsider,
    )
    other = other_case.parties.get(role=Party.DEBTOR)
    actions.set_party_phone(other, OTHER_PHONE, actor=cast.outsider)
    return SimpleNamespace(case=case, applicant=applicant, debtor=debtor, other_case=other_case, other=other)


@pytest.fixture
def gateway(tmp_path, courts):
    """The reference SMS gateway trusting every court's key, registered as the active gateway."""
    trust = tmp_path / "trust.json"
    signing.write_trust_file(trust, [courts.high, courts.xiongan, courts.xiongxian, courts.shijiazhuang])
    process = SmsProcess().start(trust=trust, data_dir=tmp_path / "sms")
    actions.register_gateway(process.code, process.name, process.url, process.public_key, actor=CLI)
    yield process
    process.stop()


def code_in(gateway: SmsProcess, phone: str) -> str:
    """The newest one-time code the gateway holds for `phone`."""
    texts = [m["text"] for m in gateway.inbox(phone) if CODE.search(m["text"])]
    assert texts, f"no code for {phone}"
    return CODE.search(texts[-1]).group(1)


def sign_in(client, case, identity: str, capture) -> object:
    """POST the sign-in form, running the after-commit send (the code goes out at once)."""
    with capture(execute=True):
        return client.post("/portal/", {"case_number": case.case_number, "identity": identity})


def token_of(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, response.content.decode()[:500]
    return match.group(1)


def signed_in(client, case, identity: str, phone: str, gateway, capture):
    """Sign in through the gateway: the case page's response."""
    response = sign_in(client, case, identity, capture)
    token = token_of(response)
    response = client.post("/portal/code/", {"token": token, "code": code_in(gateway, phone)})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get("/portal/case/")

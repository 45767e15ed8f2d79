"""The referral tests' world (test_referrals, test_referral_clocks, test_scan): an obstruction of the
person debtor, a referral of it drafted by the handler, approved by the president and sent by hand;
a police bureau row with a key of the test's own to sign its messages with.

Import the fixtures by name: `from tests.measures.referral_world import obstruction, drafted, ...`.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import time
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from zhixing.inquiry import signing
from zhixing.measures import actions, rules
from zhixing.measures.models import Agency, Referral

FACTS = "被执行人有能力履行而拒不履行，经本院罚款后仍将名下车辆转让给其亲属。"
_seq = itertools.count(1)


@pytest.fixture
def obstruction(person_case, debtor, cast, clock):
    return actions.record_obstruction(
        person_case,
        rules.HID_PROPERTY,
        clock.today - dt.timedelta(days=20),
        "将名下车辆无偿转让给其弟",
        debtor,
        actor=cast.officer,
    )


def draft(case, party, cast, obstructions=(), agency=None, **kw: Any) -> Referral:
    return actions.draft_referral(
        case,
        party,
        actor=cast.officer,
        crime=kw.pop("crime", rules.REFUSAL),
        facts=kw.pop("facts", FACTS),
        police_unit=kw.pop("police_unit", "" if agency else "雄安新区公安局"),
        obstructions=obstructions,
        agency=agency,
        **kw,
    )


@pytest.fixture
def drafted(person_case, debtor, cast, obstruction) -> Referral:
    return draft(person_case, debtor, cast, [obstruction])


@pytest.fixture
def approved(drafted, cast) -> Referral:
    return actions.approve_referral(drafted, actor=cast.president)


@pytest.fixture
def sent(approved, cast) -> Referral:
    return actions.send_referral(approved, actor=cast.officer)


@pytest.fixture
def received(sent, cast, clock) -> Referral:
    return actions.record_receipt(sent, clock.today, "雄公受案〔2026〕88号", actor=cast.officer)


# --- a police bureau whose messages the test signs ------------------------------------------------


@pytest.fixture
def police_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_b64(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


@pytest.fixture
def bureau(db, police_key) -> Agency:
    # url: a closed port; the tests that pull replace connector.messages.
    return Agency.objects.create(
        code="XAPSB",
        name="雄安新区公安局",
        kind=Agency.POLICE,
        url="http://127.0.0.1:9/police",
        public_key=public_b64(police_key),
    )


def signed(key: Ed25519PrivateKey, body: dict[str, Any], code: str = "XAPSB") -> tuple[bytes, dict]:
    raw = json.dumps(body, ensure_ascii=False).encode()
    ts = str(int(time.time()))
    signature = base64.b64encode(key.sign(ts.encode() + b"." + raw)).decode()
    return raw, {signing.TIMESTAMP: ts, signing.KEY: code, signing.SIGNATURE: signature}


def referral_id(referral: Referral) -> str:
    return f"{signing.signer(referral.case.court)}-{referral.pk}"


def receipt_body(referral: Referral, received_on: dt.date, seq: int, **over: Any) -> dict[str, Any]:
    return {
        "message_id": f"P-XAPSB-{seq:06d}",
        "kind": "receipt",
        "ref": referral.agency_ref or "XAPSB-R000001",
        "referral_id": referral_id(referral),
        "status": "received",
        "received_on": received_on.isoformat(),
        "receipt_number": "XAPSB受案〔2026〕1号",
        "complex": False,
        **over,
    }


def decision_body(
    referral: Referral, filed: bool, decided_on: dt.date, seq: int, **over: Any
) -> dict[str, Any]:
    return {
        "message_id": f"P-XAPSB-{seq:06d}",
        "kind": "decision",
        "ref": referral.agency_ref or "XAPSB-R000001",
        "referral_id": referral_id(referral),
        "court_code": signing.signer(referral.case.court),
        "filed": filed,
        "complex": False,
        "decided_on": decided_on.isoformat(),
        "reason": "" if filed else "证据不足，尚不构成犯罪",
        **over,
    }

"""The disposal tests' world, shared by every disposal test.

- `money_case`: a first-enforcement money case in 冀96 (filed 2026-03-02, 500,000.00 applied), the
  officer 张执行 handling it, with a natural-person debtor (`debtor`).
- `estate_registry`: the Xiong'an real-estate registry as an Institution row (no process).
- `flat`: a real-estate Asset of the debtor (a flat, value 1,200,000.00) found at that registry.
- `seal`: an ACTIVE seal Measure on the flat, started today (`clock.today`), first in the queue.
  It is written directly through the ORM: the base fixture is about disposal, not about control.
  The end-to-end test seals its flat through the real inquiry path (inquiry.actions.seal over HTTP to
  the reference registry) instead.
- `platforms`: the three reference platforms (TAOBAO, JD, RMFYSSZC) as Platform rows, each with a
  fresh Ed25519 key pair; `platform_keys` maps a code to its private key, and `platform_headers`
  signs a body as that platform would (X-Zx-Key = its code). Their url points at a closed port: a
  test that needs a platform to answer starts the real simulator (tests/simulators/auction_fixture).
"""

from __future__ import annotations

import base64
import datetime as dt
import time
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.utils import timezone

from tests.conftest import APPLICANT_ID
from zhixing.cases import actions as case_actions
from zhixing.cases.models import Party
from zhixing.disposal.models import Platform
from zhixing.inquiry import rules as inquiry_rules
from zhixing.inquiry import signing
from zhixing.inquiry.models import Asset, Institution, Measure

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(body17: str) -> str:
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body17, _WEIGHTS, strict=True)) % 11]
    return body17 + check


DEBTOR_ID = resident_id("13062919800202345")
FLAT_VALUE = Decimal("1200000.00")
PLATFORMS = [("TAOBAO", "淘宝网司法拍卖"), ("JD", "京东拍卖"), ("RMFYSSZC", "人民法院诉讼资产网")]


def public_b64(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def platform_headers(key: Ed25519PrivateKey, code: str, body: bytes, timestamp: str | None = None) -> dict:
    """The headers a platform signs `body` with (the inquiry signature scheme, X-Zx-Key = its code)."""
    ts = timestamp or str(int(time.time()))
    signature = key.sign(ts.encode() + b"." + body)
    return {signing.TIMESTAMP: ts, signing.KEY: code, signing.SIGNATURE: base64.b64encode(signature).decode()}


@pytest.fixture
def money_case(file_case):
    return file_case(
        applied_amount=Decimal("500000.00"),
        parties=[
            case_actions.PartyInput(Party.APPLICANT, "王申请", APPLICANT_ID),
            case_actions.PartyInput(Party.DEBTOR, "赵某某", DEBTOR_ID),
        ],
        cause="民间借贷纠纷",
    )


@pytest.fixture
def debtor(money_case):
    return money_case.parties.get(role=Party.DEBTOR)


@pytest.fixture
def estate_registry(db):
    return Institution.objects.create(
        code="XAREG",
        name="雄安新区不动产登记中心",
        kind=inquiry_rules.REAL_ESTATE,
        link=Institution.PROVINCIAL,
        province="冀",
        url="http://127.0.0.1:9/",
        public_key="A" * 43 + "=",
    )


@pytest.fixture
def flat(money_case, debtor, estate_registry):
    now = timezone.now()
    return Asset.objects.create(
        case=money_case,
        party=debtor,
        institution=estate_registry,
        type=inquiry_rules.REAL_ESTATE,
        asset_id="XA-RE-0001",
        description="雄安新区容城县某小区3号楼2单元501室",
        account="冀(2024)雄安新区不动产权第0001234号",
        value=FLAT_VALUE,
        found_at=now,
        last_seen=now,
    )


@pytest.fixture
def seal(flat, clock, cast):
    """The flat sealed today, active, first in the queue (ORM; see the module docstring)."""
    start = clock.today
    return Measure.objects.create(
        case=flat.case,
        asset=flat,
        kind=inquiry_rules.SEAL,
        days=3 * 365,
        start=start,
        expiry=start + dt.timedelta(days=3 * 365 - 1),
        position=1,
        status=Measure.ACTIVE,
        measure_id="XAREG-M-0001",
        document_number=f"{flat.case.case_number}之一",
        document_sha256="0" * 64,
        officer=cast.officer,
        created_at=timezone.now(),
    )


@pytest.fixture
def platform_keys() -> dict[str, Ed25519PrivateKey]:
    return {code: Ed25519PrivateKey.generate() for code, _name in PLATFORMS}


@pytest.fixture
def platforms(db, platform_keys) -> list[Platform]:
    """The three reference platforms, active, with their public keys (url: a closed port)."""
    now = timezone.now()
    return [
        Platform.objects.create(
            code=code,
            name=name,
            url=f"http://127.0.0.1:9/{code.lower()}",
            public_key=public_b64(platform_keys[code]),
            registered_at=now,
        )
        for code, name in PLATFORMS
    ]

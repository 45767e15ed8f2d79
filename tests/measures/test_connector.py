"""The connector to the police bureau and the border administration over HTTP, with the real reference
processes (simulators/police, started and registered by zhixing.measures.reference through
MeasuresConfig.start_simulators): a referral received with a signed receipt, the police's decision read
back from the feed and verified, an exit ban placed and lifted; every failure a ConnectorError in
Chinese; agencies registered only by those allowed to."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from simulators.institutions.signing import new_key, public_b64
from zhixing.cases.actions.common import ActionError
from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry
from zhixing.courts.models import Court
from zhixing.inquiry import signing
from zhixing.inquiry.reference import get_json
from zhixing.measures import connector, reference
from zhixing.measures.actions import register_agency
from zhixing.measures.models import Agency

pytestmark = pytest.mark.django_db

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
ID_CODE = "130629198002023456"
BUNDLE = [
    {"title": "移送函", "kind": "referral_letter", "sha256": "a" * 64, "number": "（2026）冀96执1号之三"},
    {"title": "现场照片", "kind": "photo", "sha256": "b" * 64, "number": ""},
]


def post(url: str, payload: dict) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    with _NO_PROXY.open(request, timeout=10) as answer:
        return json.loads(answer.read())


@pytest.fixture
def live(courts, tmp_path):
    """The reference bureau and border administration, started on the suite's clock and registered."""
    trust = tmp_path / "trust.json"
    signing.write_trust_file(trust, Court.objects.all())
    config = apps.get_app_config("measures")
    running = reference.start_all(tmp_path / "police", trust, CLI, extra=["--now", str(time.time())])
    try:
        yield {r.reference.kind: r for r in running}, config
    finally:
        reference.stop_all(running)


def referral(referral_id: str = "R-1", **more) -> dict:
    body = {
        "referral_id": referral_id,
        "case_number": "（2026）冀96执1号",
        "crime": "art313",
        "suspects": "赵某某",
        "facts": "有能力履行而拒不履行，罚款后仍转移财产。",
        "bundle": BUNDLE,
        "bundle_sha256": connector.bundle_sha256(BUNDLE),
    }
    return {**body, **more}


def test_zhixing_simulators_starts_them_under_its_folder(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr(
        reference, "start_all", lambda folder, trust, actor: seen.append((folder, trust, actor)) or []
    )
    assert apps.get_app_config("measures").start_simulators(tmp_path, tmp_path / "trust.json", CLI) == []
    assert seen == [(tmp_path / "police", tmp_path / "trust.json", CLI)]


def test_the_reference_agencies_start_and_are_registered(live, courts):
    running, _config = live
    police = Agency.objects.get(code="XAPSB")
    border = Agency.objects.get(code="XABORDER")
    assert (police.kind, border.kind) == (Agency.POLICE, Agency.BORDER)
    assert police.url == running[Agency.POLICE].url and police.public_key == running[Agency.POLICE].public_key
    assert get_json(f"{border.url}/health")["kind"] == "border"
    assert AuditEntry.objects.filter(action="measures.register_agency").count() == 2


def test_a_referral_is_received_and_the_decision_read_back(live, courts):
    police = Agency.objects.get(code="XAPSB")
    court = courts.xiongan
    receipt = connector.send_referral(police, court, referral("R-1"))
    assert receipt["status"] == "received" and receipt["referral_id"] == "R-1"
    assert receipt["receipt_number"] and receipt["received_on"]
    assert connector.send_referral(police, court, referral("R-1")) == receipt  # a retry: the same receipt
    post(f"{police.url}/control/decide", {"ref": receipt["ref"], "filed": False, "reason": "证据不足"})
    feed = connector.messages(police, court, after=0)
    assert [seq for seq, _raw, _headers in feed] == [1, 2]
    bodies = [connector.verify_message(police, raw, headers) for _seq, raw, headers in feed]
    assert [b["kind"] for b in bodies] == ["receipt", "decision"]
    decision = bodies[1]
    assert (
        decision["ref"] == receipt["ref"] and decision["filed"] is False and decision["reason"] == "证据不足"
    )
    assert decision["court_code"] == signing.signer(court)
    assert connector.messages(police, court, after=2) == []
    _seq, raw, headers = feed[1]
    with pytest.raises(connector.ConnectorError):
        connector.verify_message(police, raw.replace("证据不足".encode(), "已立案".encode()), headers)


def test_the_police_refuse_a_bundle_whose_fingerprint_does_not_match(live, courts):
    police = Agency.objects.get(code="XAPSB")
    with pytest.raises(connector.ConnectorError) as refused:
        connector.send_referral(police, courts.xiongan, referral("R-2", bundle_sha256="0" * 64))
    assert refused.value.status == 400 and "指纹" in str(refused.value)


def test_an_exit_ban_is_placed_and_lifted(live, courts):
    border = Agency.objects.get(code="XABORDER")
    court = courts.xiongan
    ack = connector.exit_ban(border, court, {"measure_id": "M-7", "name": "赵某某", "id_code": ID_CODE})
    assert ack["status"] == "in_force" and ack["measure_id"] == "M-7"
    assert get_json(f"{border.url}/travellers/{ID_CODE}") == {"may_leave": False, "bans": [ack["ref"]]}
    lifted = connector.lift_exit_ban(border, court, ack["ref"], "已履行完毕")
    assert lifted["status"] == "lifted" and lifted["reason"] == "已履行完毕"
    assert connector.lift_exit_ban(border, court, ack["ref"], "已履行完毕") == lifted  # a retry
    assert get_json(f"{border.url}/travellers/{ID_CODE}")["may_leave"] is True


def test_failures_are_connector_errors_in_chinese(live, courts):
    police = Agency.objects.get(code="XAPSB")
    border = Agency.objects.get(code="XABORDER")
    court = courts.xiongan
    with pytest.raises(connector.ConnectorError, match="不是出入境管理机关"):
        connector.exit_ban(police, court, {"measure_id": "M-1", "name": "赵某某", "id_code": ID_CODE})
    with pytest.raises(connector.ConnectorError, match="不是公安机关"):
        connector.send_referral(border, court, referral())
    # A key the bureau does not hold: its genuine receipt no longer verifies.
    police.public_key = public_b64(new_key())
    with pytest.raises(connector.ConnectorError, match="回执无效"):
        connector.send_referral(police, court, referral("R-3"))
    # Busy: refused before anything is applied; the same referral sent again is received once.
    post(f"{police.url}/admin/faults", {"fail_rate": 1.0})
    police.refresh_from_db()
    with pytest.raises(connector.ConnectorError, match="系统繁忙") as busy:
        connector.send_referral(police, court, referral("R-5"))
    assert busy.value.status == 503
    post(f"{police.url}/admin/faults", {"fail_rate": 0.0})
    assert connector.send_referral(police, court, referral("R-5"))["ref"] == "XAPSB-R000002"  # after R-3
    assert len(get_json(f"{police.url}/state")["referrals"]) == 2
    police.active = False
    with pytest.raises(connector.ConnectorError, match="未启用"):
        connector.messages(police, court)
    gone = Agency(
        code="GONE", name="已停用公安局", kind=Agency.POLICE, url="http://127.0.0.1:9", public_key="x"
    )
    with pytest.raises(connector.ConnectorError, match="无法连接"):
        connector.send_referral(gone, court, referral("R-4"))


def test_only_an_administrator_or_command_of_a_top_court_registers_an_agency(courts, cast):
    args = ("XAPSB", "雄安新区公安局", Agency.POLICE, "http://127.0.0.1:8000/", "a2V5")
    for user in (cast.officer, cast.president, cast.outsider):
        with pytest.raises(PermissionDenied):
            register_agency(*args, actor=user)
    agency = register_agency(*args, actor=cast.command)
    assert agency.url == "http://127.0.0.1:8000" and agency.kind == Agency.POLICE
    again = register_agency(
        "XAPSB", "雄安新区公安局", Agency.POLICE, "http://127.0.0.1:8001", "a2V5", actor=cast.admin
    )
    assert again.pk == agency.pk and again.url == "http://127.0.0.1:8001"
    with pytest.raises(ActionError):
        register_agency("X", "某机关", "customs", "http://127.0.0.1:1", "a2V5", actor=cast.admin)
    with pytest.raises(ActionError):
        register_agency("X", "某机关", Agency.BORDER, "ftp://x", "a2V5", actor=cast.admin)
    entry = AuditEntry.objects.filter(action="measures.register_agency").latest("pk")
    assert entry.detail["code"] == "XAPSB" and entry.detail["url"] == "http://127.0.0.1:8001"

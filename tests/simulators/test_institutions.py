"""The reference institutions (simulators/institutions) as the platform sees them: separate processes."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulators.institutions.holdings import KINDS, MAX_DAYS, generate
from tests.simulators import institution_fixture as fixtures
from tests.simulators.institution_fixture import CourtKey, InstitutionProcess, verify_answer, write_trust

court_key = fixtures.court_key  # pytest fixtures
trust_file = fixtures.trust_file
institution = fixtures.institution

ID_CODES = [f"13062919900307{n:03d}{n % 10}" for n in range(60)]
PERSON = "130629199003071234"
COMPANY = "91130629MA0F1234XY"
SEED = {
    PERSON: [
        {
            "asset_id": "ICBC-D1",
            "description": "活期储蓄",
            "account": "6222020200112233445",
            "value": "1000.00",
        },
        {
            "asset_id": "ICBC-D2",
            "description": "定期储蓄",
            "account": "6222020200112233446",
            "value": "50.00",
        },
    ],
    COMPANY: [
        {
            "asset_id": "ICBC-D3",
            "description": "单位基本存款账户",
            "account": "0409123456789012345",
            "value": "88.00",
            "measures": [
                {"court": "北京市朝阳区人民法院", "kind": "freeze", "since": "2026-06-01", "position": 1}
            ],
        }
    ],
}


def query_items(id_codes: list[str]) -> list[dict]:
    return [{"ref": f"debtor-{n}", "name": "王某某", "id_code": code} for n, code in enumerate(id_codes)]


@pytest.fixture
def two_courts(tmp_path):
    j96, j01 = CourtKey("J96"), CourtKey("J01")
    trust = write_trust(tmp_path / "trust2.json", {j96.code: j96.public_key, j01.code: j01.public_key})
    return j96, j01, trust


@pytest.fixture
def seeded(tmp_path, two_courts):
    process = InstitutionProcess("bank", "ICBC", "中国工商银行")
    process.start(trust=two_courts[2], seed=SEED, data_dir=tmp_path / "seeded")
    yield process
    process.stop()


def test_a_signed_query_is_answered_with_what_the_institution_holds(institution, court_key):
    answer = institution.run(court_key, "query", query_items(ID_CODES), request_id="q-1")
    assert answer["status"] == "done" and answer["institution"] == "ICBC"
    assert answer["queried"] == len(ID_CODES)
    assert dt.datetime.fromisoformat(answer["answered_at"]).utcoffset() == dt.timedelta(hours=8)
    held = institution.holdings(ID_CODES)
    expected = {f"debtor-{n}": held[code] for n, code in enumerate(ID_CODES) if held[code]}
    assert 0 < len(expected) < len(ID_CODES)  # empty debtors are simply absent
    assert {r["ref"]: r["assets"] for r in answer["results"]} == expected
    state = institution.state()
    assert state["applied"] == {"q-1": 1} and state["received"] == {"q-1": 1}


def test_unsigned_tampered_stale_or_unknown_requests_are_refused_and_not_applied(institution, court_key):
    body = institution.body(court_key, "query", query_items(ID_CODES[:3]), request_id="bad")
    raw = json.dumps(body, ensure_ascii=False).encode()
    headers = court_key.headers(raw)
    assert institution.post(raw)[0] == 401  # unsigned
    tampered = raw.replace(b"debtor-0", b"debtor-9")
    status, out = institution.post(tampered, headers)
    assert status == 401 and out["error"] == "签名验证失败"
    assert institution.post(raw, court_key.headers(raw, now=time.time() - 301))[0] == 401
    stranger = CourtKey("J96")  # the right code with a key the institution does not trust
    assert institution.post(raw, stranger.headers(raw))[0] == 401
    unknown = CourtKey("J99")
    other = json.dumps({**body, "court": "J99"}).encode()
    status, out = institution.post(other, unknown.headers(other))
    assert status == 401 and "J99" in out["error"]
    state = institution.state()
    assert state["applied"] == {} and state["received"] == {} and state["refused_signatures"] == 5
    status, _, _ = institution.fetch("bad")
    assert status == 404
    assert institution.post(raw, headers)[0] == 202  # the untouched original goes through


def test_a_court_added_to_the_trust_file_is_trusted_without_a_restart(institution, trust_file, court_key):
    newcomer = CourtKey("J01")
    write_trust(trust_file, {court_key.code: court_key.public_key, newcomer.code: newcomer.public_key})
    assert institution.send(newcomer, "query", query_items(ID_CODES[:2]))[0] == 202


def test_the_answer_is_signed_with_the_key_from_get_key(institution, court_key):
    assert institution.send(court_key, "query", query_items(ID_CODES), request_id="q-sig")[0] == 202
    institution.wait("q-sig")
    status, headers, raw = institution.fetch("q-sig")
    assert status == 200 and headers["X-Zx-Key"] == "ICBC"
    key = institution.public_key
    assert verify_answer(key, "ICBC", headers, raw)
    for where in (0, len(raw) // 2, len(raw) - 1):
        changed = raw[:where] + bytes([raw[where] ^ 1]) + raw[where + 1 :]
        assert not verify_answer(key, "ICBC", headers, changed)
    assert not verify_answer(CourtKey().public_key, "ICBC", headers, raw)


def test_a_retry_is_applied_once_and_a_reused_id_is_refused(institution, court_key):
    items = query_items(ID_CODES[:5])
    assert institution.send(court_key, "query", items, request_id="r-1")[0] == 202
    status, out = institution.send(court_key, "query", items, request_id="r-1")
    assert (status, out) == (202, {"request_id": "r-1", "status": "accepted"})
    status, out = institution.send(court_key, "query", query_items(ID_CODES[5:9]), request_id="r-1")
    assert status == 409 and out["error"]
    state = institution.state()
    assert state["applied"] == {"r-1": 1} and state["received"] == {"r-1": 2}


def test_injected_failures_then_retries_apply_everything_exactly_once(institution, court_key):
    institution.set_faults(fail_rate=1.0)
    ids = [f"f-{n}" for n in range(30)]
    for request_id in ids:
        assert (
            institution.send(court_key, "query", query_items(ID_CODES[:2]), request_id=request_id)[0] == 503
        )
    stored = institution.state()["applied"]
    assert 3 <= len(stored) <= 27  # about half failed after storing
    assert institution.set_faults(fail_rate=0.0, delay_ms=0) == {"fail_rate": 0.0, "delay_ms": 0}
    for request_id in ids:
        assert (
            institution.send(court_key, "query", query_items(ID_CODES[:2]), request_id=request_id)[0] == 202
        )
    assert institution.state()["applied"] == {request_id: 1 for request_id in ids}


def test_a_delayed_answer_is_pending_first(institution, court_key):
    institution.set_faults(delay_ms=60_000)
    assert institution.send(court_key, "query", query_items(ID_CODES[:3]), request_id="slow")[0] == 202
    status, _, raw = institution.fetch("slow")
    assert status == 200 and json.loads(raw) == {"request_id": "slow", "status": "pending"}


def test_kill_9_and_restart_keep_requests_measures_and_the_key(tmp_path, two_courts):
    j96, _, trust = two_courts
    bank = InstitutionProcess("bank", "ICBC", "中国工商银行").start(
        trust=trust, seed=SEED, data_dir=tmp_path / "k"
    )
    try:
        key = bank.public_key
        frozen = bank.run(
            j96, "freeze", [{"ref": "m", "asset_id": "ICBC-D1", "amount": "600.00", "days": 365}]
        )
        measure_id = frozen["results"][0]["measure_id"]
        bank.run(
            j96, "deduct", [{"ref": "k", "measure_id": measure_id, "amount": "100.00", "to_account": "P1"}]
        )
        assert bank.send(j96, "query", query_items([PERSON]), request_id="q-before")[0] == 202
        before = bank.state()
        bank.kill()
        bank.restart()
        assert bank.state() == before
        assert bank.call("GET", "/key")[1]["public_key"] == key
        assert bank.wait("q-before")["results"][0]["assets"][0]["value"] == "900.00"
        assert bank.send(j96, "query", query_items([PERSON]), request_id="q-before")[0] == 202
        after = bank.state()
        assert after["applied"]["q-before"] == 1 and after["received"]["q-before"] == 2
        [asset] = [a for a in bank.holdings([PERSON])[PERSON] if a["asset_id"] == "ICBC-D1"]
        assert asset["value"] == "900.00" and asset["measures"][0]["amount"] == "500.00"
    finally:
        bank.stop()


def test_kill_9_in_the_middle_of_a_stream_of_requests_loses_and_doubles_nothing(institution, court_key):
    ids = [f"s-{n}" for n in range(40)]
    sent: list[str] = []

    def stream() -> None:
        for request_id in ids:
            try:
                status, _ = institution.send(court_key, "query", query_items(ID_CODES), request_id=request_id)
            except OSError:
                return  # the institution died under us
            if status == 202:
                sent.append(request_id)

    sender = threading.Thread(target=stream)
    sender.start()
    deadline = time.monotonic() + 20
    while len(sent) < 5 and time.monotonic() < deadline:
        time.sleep(0.005)
    institution.kill()
    sender.join()
    institution.restart()
    assert set(sent) <= set(institution.state()["applied"])  # every acknowledged request survived
    for request_id in ids:  # the platform retries everything not known to be done
        assert institution.send(court_key, "query", query_items(ID_CODES), request_id=request_id)[0] == 202
    assert institution.state()["applied"] == {request_id: 1 for request_id in ids}


def test_terms_over_the_maximum_are_refused(tmp_path, court_key, trust_file):
    for kind, code, asset_type in (
        ("bank", "ICBC", "deposit"),
        ("vehicle", "HBVM", "vehicle"),
        ("real_estate", "XARE", "real_estate"),
    ):
        limit = MAX_DAYS[asset_type]
        seed = {
            PERSON: [
                {"asset_id": f"{code}-A", "value": "1000.00"},
                {"asset_id": f"{code}-B", "value": "1000.00"},
            ]
        }
        process = InstitutionProcess(kind, code, code).start(
            trust=trust_file, seed=seed, data_dir=tmp_path / code
        )
        try:
            items = [
                {"ref": "long", "asset_id": f"{code}-A", "days": limit + 1, "amount": "10.00"},
                {"ref": "max", "asset_id": f"{code}-B", "days": limit, "amount": "10.00"},
            ]
            long, good = process.run(court_key, "freeze", items)["results"]
            assert long["ok"] is False and str(limit) in long["reason"]
            assert good["ok"] is True
            expiry = dt.date.fromisoformat(good["start"]) + dt.timedelta(days=limit - 1)
            assert good["expiry"] == expiry.isoformat()
            assert ("amount" in good) == (kind == "bank")
            renewed = process.run(
                court_key, "renew", [{"ref": "r", "measure_id": good["measure_id"], "days": limit + 1}]
            )
            assert renewed["results"][0]["ok"] is False
        finally:
            process.stop()


def test_a_second_courts_freeze_queues_behind_the_first(seeded, two_courts):
    j96, j01, _ = two_courts
    [first] = seeded.run(
        j96, "freeze", [{"ref": "a", "asset_id": "ICBC-D1", "amount": "400.00", "days": 365}]
    )["results"]
    [second] = seeded.run(
        j01, "freeze", [{"ref": "b", "asset_id": "ICBC-D1", "amount": "400.00", "days": 180}]
    )["results"]
    assert (first["ok"], first["position"], second["ok"], second["position"]) == (True, 1, True, 2)
    [again] = seeded.run(j96, "freeze", [{"ref": "c", "asset_id": "ICBC-D1", "days": 30}])["results"]
    assert again["ok"] is False  # the same court renews rather than freezing twice
    [queued] = seeded.run(j96, "freeze", [{"ref": "d", "asset_id": "ICBC-D3", "days": 30}])["results"]
    assert queued["position"] == 2  # behind the seeded measure of another court
    assert (
        seeded.run(j01, "release", [{"ref": "x", "measure_id": first["measure_id"]}])["results"][0]["ok"]
        is False
    )
    assert (
        seeded.run(j96, "release", [{"ref": "x", "measure_id": first["measure_id"]}])["results"][0]["ok"]
        is True
    )
    [asset] = [a for a in seeded.holdings([PERSON])[PERSON] if a["asset_id"] == "ICBC-D1"]
    assert [(m["court"], m["position"]) for m in asset["measures"]] == [("J01", 1)]


def test_a_deduction_takes_at_most_the_frozen_amount_and_the_balance(seeded, two_courts, clock):
    j96, _, _ = two_courts
    [frozen] = seeded.run(
        j96, "freeze", [{"ref": "a", "asset_id": "ICBC-D1", "amount": "300.00", "days": 365}]
    )["results"]
    [whole] = seeded.run(
        j96, "freeze", [{"ref": "b", "asset_id": "ICBC-D2", "amount": "80.00", "days": 365}]
    )["results"]
    assert (frozen["amount"], whole["amount"]) == ("300.00", "50.00")  # no more than the balance
    deduct = {
        "ref": "k",
        "measure_id": frozen["measure_id"],
        "amount": "500.00",
        "to_account": "P",
        "to_sub_account": "P-12",
    }
    [first] = seeded.run(j96, "deduct", [deduct])["results"]
    [second] = seeded.run(j96, "deduct", [deduct])["results"]
    [third] = seeded.run(j96, "deduct", [{**deduct, "measure_id": whole["measure_id"]}])["results"]
    assert (first["ok"], first["amount"], second["ok"]) == (True, "300.00", False)
    assert third["amount"] == "50.00" and third["transaction_id"] != first["transaction_id"]
    values = {a["asset_id"]: a["value"] for a in seeded.holdings([PERSON])[PERSON]}
    assert values == {"ICBC-D1": "700.00", "ICBC-D2": "0.00"}
    deductions = seeded.state()["deductions"]
    assert [(d["amount"], d["to_sub_account"]) for d in deductions] == [("300.00", "P-12"), ("50.00", "P-12")]
    # a renewal extends; past its expiry a measure has lapsed and can be neither renewed nor deducted
    [renewed] = seeded.run(j96, "renew", [{"ref": "r", "measure_id": frozen["measure_id"], "days": 30}])[
        "results"
    ]
    assert renewed["expiry"] == (dt.date.fromisoformat(frozen["expiry"]) + dt.timedelta(days=30)).isoformat()
    clock.move_to(dt.date.fromisoformat(renewed["expiry"]) + dt.timedelta(days=1))
    seeded.sync_clock()
    [late] = seeded.run(j96, "renew", [{"ref": "r", "measure_id": frozen["measure_id"], "days": 30}])[
        "results"
    ]
    assert late["ok"] is False and "失效" in late["reason"]
    assert {m["measure_id"]: m["status"] for m in seeded.state()["measures"]}[
        frozen["measure_id"]
    ] == "lapsed"


def test_generated_holdings_are_the_same_after_a_restart(institution):
    before = institution.holdings(ID_CODES)
    institution.restart()
    assert institution.holdings(ID_CODES) == before
    assert before == {code: generate(code, "ICBC", "bank", 0.3) for code in ID_CODES}


id_codes = st.one_of(
    st.from_regex(
        r"\A[1-6][0-9]{5}(19[5-9][0-9]|200[0-5])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}[0-9X]\Z"
    ),
    st.from_regex(r"\A9[1-3][0-9]{6}[0-9A-HJ-NP-RT-UW-Y]{10}\Z"),
)


@given(id_code=id_codes, kind=st.sampled_from(KINDS), code=st.sampled_from(["ICBC", "CCB", "XARE", "CSDC"]))
def test_the_generator_is_deterministic_with_positive_values_and_unique_ids(id_code, kind, code):
    assets = generate(id_code, code, kind, 1.0)
    assert assets == generate(id_code, code, kind, 1.0)
    assert len({a["asset_id"] for a in assets}) == len(assets)
    for asset in assets:
        assert asset["asset_id"].startswith(f"{code}-{id_code}-")
        assert Decimal(asset["value"]) > 0 and asset["currency"] == "CNY" and asset["description"]
        assert all(Decimal(e["amount"]) > 0 for e in asset["encumbrances"])
    assert generate(id_code, code, kind, 0.0) == []


@settings(max_examples=20)
@given(hit_rate=st.floats(0.05, 0.95), kind=st.sampled_from(["bank", "real_estate", "vehicle", "securities"]))
def test_the_hit_rate_is_roughly_honoured(hit_rate, kind):
    codes = [f"1306291990{n:08d}" for n in range(1500)]
    hits = sum(bool(generate(code, "ICBC", kind, hit_rate)) for code in codes)
    assert abs(hits / len(codes) - hit_rate) < 0.05

"""The reference bank (simulators/bank) as the platform sees it: a separate process over loopback."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading
import time
import xml.etree.ElementTree as ET
from decimal import Decimal

from tests.simulators.bank_fixture import POOLED, SECRET, BankProcess, http, sign, signature_ok
from zhixing.funds.statement.csv import COLUMNS as STATEMENT_CSV_COLUMNS

NS = {"c": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"}
SUB_A = POOLED + "00012"
SUB_B = POOLED + "00034"
PAYEE = "6217000010001234567"


def payout_body(key: str, amount: str = "300.00", payee: str = PAYEE, **extra) -> dict:
    return {
        "idempotency_key": key,
        "from_account": POOLED,
        "payee_name": "李四",
        "payee_account": payee,
        "payee_bank": "中国建设银行雄县支行",
        "amount": amount,
        "reference": "(2026)冀9601执123号",
        **extra,
    }


def test_a_payment_delivers_a_signed_receipt(bank, notify_receiver):
    out = bank.pay(
        POOLED, SUB_A, "1234.50", payer_name="张三", payer_account="6222020200112233445", remittance="还款"
    )
    assert out["delivered"] == 200
    assert out["transaction_id"].startswith("B" + time.strftime("%Y"))
    [request] = notify_receiver.of("receipt")
    assert request["path"] == "/notifications/receipt"
    assert signature_ok(SECRET, request["headers"], request["body"])
    assert not signature_ok("another secret", request["headers"], request["body"])
    timestamp = request["headers"]["X-Bank-Timestamp"]
    assert request["headers"]["X-Bank-Signature"] == sign(SECRET, timestamp, request["body"])
    body = request["json"]
    assert body == {
        "transaction_id": out["transaction_id"],
        "channel": "transfer",
        "pooled_account": POOLED,
        "sub_account": SUB_A,
        "amount": "1234.50",
        "currency": "CNY",
        "payer_name": "张三",
        "payer_account": "6222020200112233445",
        "remittance": "还款",
        "booked_on": body["booked_on"],
        "booked_at": body["booked_at"],
    }
    booked_at = dt.datetime.fromisoformat(body["booked_at"])
    assert booked_at.utcoffset() == dt.timedelta(hours=8)
    assert booked_at.date().isoformat() == body["booked_on"]
    # the bank's clock follows this process's (the suite travels it)
    assert abs(booked_at.timestamp() - time.time()) < 60


def test_transaction_ids_are_unique_and_can_be_given(bank):
    ids = {bank.pay(amount="1.00")["transaction_id"] for _ in range(5)}
    assert len(ids) == 5
    assert bank.pay(amount="1.00", transaction_id="B20261201000001")["transaction_id"] == "B20261201000001"
    status, out = bank.request(
        "POST", "/pay", {"pooled_account": POOLED, "amount": "1.00", "transaction_id": "B20261201000001"}
    )
    assert status == 409


def test_an_ecny_receipt_carries_the_wallet(bank, notify_receiver):
    out = bank.pay(POOLED, SUB_B, "88.00", channel="ecny", payer_name="王五", payer_account="")
    assert out["transaction_id"].startswith("E")
    [request] = notify_receiver.of("receipt")
    body = request["json"]
    assert signature_ok(SECRET, request["headers"], request["body"])
    assert body["channel"] == "ecny"
    assert (
        len(body["wallet_id"]) == 16 and body["wallet_id"].startswith("0031") and body["wallet_id"].isdigit()
    )
    assert "数字人民币运营机构" in body["operator"]
    given = bank.pay(POOLED, SUB_B, "1.00", channel="ecny", wallet_id="0031000012345678")
    assert notify_receiver.wait("receipt", 2)[1]["json"]["wallet_id"] == "0031000012345678"
    assert given["delivered"] == 200


def test_unknown_pooled_account_and_bad_amounts(bank):
    assert bank.request("POST", "/pay", {"pooled_account": "999", "amount": "1.00"})[0] == 404
    assert bank.request("POST", "/pay", {"pooled_account": POOLED, "amount": "1.001"})[0] == 400
    assert bank.request("POST", "/pay", {"pooled_account": POOLED, "amount": "-5"})[0] == 400
    status, out = bank.request("POST", "/pay", {"pooled_account": POOLED, "amount": "1", "channel": "cash"})
    assert status == 400 and "channel" in out["error"]


def test_the_same_payout_key_books_once(bank, notify_receiver):
    bank.pay(amount="1000.00")
    answers = [bank.payout(payout_body("K-1")) for _ in range(5)]
    assert all(status == 200 for status, _ in answers)
    assert len({json.dumps(a, sort_keys=True) for _, a in answers}) == 1
    assert answers[0][1]["status"] == "confirmed" and answers[0][1]["idempotency_key"] == "K-1"

    results: list = []

    def call() -> None:
        results.append(bank.payout(payout_body("K-2", amount="200.00")))

    threads = [threading.Thread(target=call) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [status for status, _ in results] == [200] * 5
    assert len({json.dumps(a, sort_keys=True) for _, a in results}) == 1

    state = bank.state()
    assert state["accounts"][POOLED] == {"balance": "500.00", "credits": 1, "debits": 2}
    assert state["payouts"]["K-1"]["calls"] == 5 and state["payouts"]["K-2"]["calls"] == 5
    pushes = notify_receiver.wait("payout", 2)
    time.sleep(0.3)
    assert len(notify_receiver.of("payout")) == 2  # one push per instruction, not per call
    for push in pushes:
        assert signature_ok(SECRET, push["headers"], push["body"])
        assert push["json"]["status"] == "confirmed"
    assert {p["json"]["idempotency_key"] for p in pushes} == {"K-1", "K-2"}


def test_the_same_key_with_a_different_body_is_refused(bank):
    bank.pay(amount="1000.00")
    assert bank.payout(payout_body("K-9"))[0] == 200
    status, out = bank.payout(payout_body("K-9", amount="301.00"))
    assert status == 409
    assert out == {"error": "idempotency key reused with a different instruction"}
    assert bank.state()["accounts"][POOLED]["debits"] == 1


def test_a_bad_signature_is_refused(bank):
    bank.pay(amount="1000.00")
    body = json.dumps(payout_body("K-X")).encode()
    now = str(int(time.time()))
    cases = [
        {},
        {"X-Bank-Timestamp": now, "X-Bank-Signature": "sha256=" + "0" * 64},
        {"X-Bank-Timestamp": now, "X-Bank-Signature": sign("wrong secret", now, body)},
        {
            "X-Bank-Timestamp": str(int(time.time()) - 900),
            "X-Bank-Signature": sign(SECRET, str(int(time.time()) - 900), body),
        },
    ]
    for headers in cases:
        status, _, raw = http(
            "POST", bank.url + "/payouts", body, {"Content-Type": "application/json", **headers}
        )
        assert status == 401, headers
        assert "error" in json.loads(raw)
    assert bank.state()["payouts"] == {}
    assert bank.state()["accounts"][POOLED]["debits"] == 0


def test_a_closed_payee_account_bounces(bank, notify_receiver):
    bank.pay(amount="1000.00")
    bank.bounce("6217000099998888777")
    status, out = bank.payout(payout_body("K-B", payee="6217000099998888777"))
    assert status == 200 and out["status"] == "bounced"
    [push] = notify_receiver.wait("payout", 1)
    assert signature_ok(SECRET, push["headers"], push["body"])
    assert push["json"]["status"] == "bounced" and push["json"]["reason"] == "收款账户已销户"
    assert push["json"]["amount"] == "300.00" and push["json"]["instruction_id"] == out["instruction_id"]
    status, view = bank.get_payout("K-B")
    assert status == 200 and view["status"] == "bounced" and view["reason"] == "收款账户已销户"
    assert bank.get_payout("nope")[0] == 404
    # debited, then returned: the balance is whole again
    assert bank.state()["accounts"][POOLED] == {"balance": "1000.00", "credits": 2, "debits": 1}
    # an account number starting 0000 is closed too
    assert bank.payout(payout_body("K-Z", payee="0000123"))[1]["status"] == "bounced"


def test_insufficient_funds_bounce_and_book_nothing(bank, notify_receiver):
    bank.pay(amount="100.00")
    status, out = bank.payout(payout_body("K-F", amount="100.01"))
    assert out["status"] == "bounced"
    [push] = notify_receiver.wait("payout", 1)
    assert push["json"]["reason"] == "余额不足" and push["json"]["bank_reference"] is None
    assert bank.state()["accounts"][POOLED] == {"balance": "100.00", "credits": 1, "debits": 0}


def test_a_payout_delay_answers_accepted_first(notify_receiver):
    process = BankProcess().start(notify_receiver.url, SECRET, pooled=[POOLED], payout_delay=0.5)
    try:
        process.pay(amount="500.00")
        status, out = process.payout(payout_body("K-D"))
        assert out["status"] == "accepted"
        assert process.get_payout("K-D")[1]["status"] == "accepted"
        [push] = notify_receiver.wait("payout", 1)
        assert push["json"]["status"] == "confirmed"
        assert process.payout(payout_body("K-D"))[1]["status"] == "confirmed"
    finally:
        process.stop()


def test_the_statement(bank):
    today = dt.date.fromisoformat(bank.configure()["now"][:10])  # the bank's today (UTC+8)
    bank.pay(amount="50.00", booked_on=(today - dt.timedelta(days=30)).isoformat())
    yesterday = today - dt.timedelta(days=1)
    bank.pay(amount="70.00", booked_on=yesterday.isoformat())
    a = bank.pay(
        POOLED, SUB_A, "1000.00", payer_name="张三", payer_account="6222020200112233445", remittance="案号123"
    )
    b = bank.pay(POOLED, SUB_B, "20.50", channel="ecny", payer_name="王五")
    c = bank.pay(POOLED, "", "5.00", payer_name="赵六")
    bank.payout(payout_body("K-S", amount="300.00"))
    bank.bounce("6217000099998888777")
    bank.payout(payout_body("K-R", amount="10.00", payee="6217000099998888777"))

    xml = bank.statement(POOLED, today)
    root = ET.fromstring(xml)
    assert root.tag == "{urn:iso:std:iso:20022:tech:xsd:camt.053.001.08}Document"
    stmt = root.find("c:BkToCstmrStmt/c:Stmt", NS)
    assert root.find("c:BkToCstmrStmt/c:GrpHdr/c:MsgId", NS).text
    assert stmt.find("c:Acct/c:Id/c:Othr/c:Id", NS).text == POOLED
    balances = {b.find("c:Tp/c:CdOrPrtry/c:Cd", NS).text: b for b in stmt.findall("c:Bal", NS)}
    assert balances["OPBD"].find("c:Amt", NS).attrib["Ccy"] == "CNY"

    def signed(element) -> Decimal:
        amount = Decimal(element.find("c:Amt", NS).text)
        return amount if element.find("c:CdtDbtInd", NS).text == "CRDT" else -amount

    opening, closing = signed(balances["OPBD"]), signed(balances["CLBD"])
    assert opening == Decimal("120.00")  # the two earlier days
    entries = stmt.findall("c:Ntry", NS)
    assert len(entries) == 6  # 3 credits, 2 debits, 1 return
    assert opening + sum(signed(e) for e in entries) == closing == Decimal("845.50")
    by_ref = {e.find("c:AcctSvcrRef", NS).text: e for e in entries}
    for paid, sub in ((a, SUB_A), (b, SUB_B), (c, POOLED)):
        entry = by_ref[paid["transaction_id"]]
        assert entry.find("c:CdtDbtInd", NS).text == "CRDT"
        assert entry.find("c:Sts/c:Cd", NS).text == "BOOK"
        assert entry.find("c:BookgDt/c:Dt", NS).text == today.isoformat()
        tx = entry.find("c:NtryDtls/c:TxDtls", NS)
        assert tx.find("c:Refs/c:AcctSvcrRef", NS).text == paid["transaction_id"]
        assert tx.find("c:RltdPties/c:CdtrAcct/c:Id/c:Othr/c:Id", NS).text == sub
    tx_a = by_ref[a["transaction_id"]].find("c:NtryDtls/c:TxDtls", NS)
    assert tx_a.find("c:RltdPties/c:Dbtr/c:Pty/c:Nm", NS).text == "张三"
    assert tx_a.find("c:RltdPties/c:DbtrAcct/c:Id/c:Othr/c:Id", NS).text == "6222020200112233445"
    assert tx_a.find("c:RmtInf/c:Ustrd", NS).text == "案号123"
    debits = [e for e in entries if e.find("c:CdtDbtInd", NS).text == "DBIT"]
    keys = [e.find("c:NtryDtls/c:TxDtls/c:Refs/c:EndToEndId", NS).text for e in debits]
    assert keys == ["K-S", "K-R"]
    assert debits[0].find("c:NtryDtls/c:TxDtls/c:RltdPties/c:CdtrAcct/c:Id/c:Othr/c:Id", NS).text == PAYEE
    status, view = bank.get_payout("K-S")
    assert debits[0].find("c:AcctSvcrRef", NS).text == view["bank_reference"]
    returned = [e for e in entries if e.find("c:BkTxCd/c:Prtry/c:Cd", NS).text == "RETURN"]
    assert [r.find("c:NtryDtls/c:TxDtls/c:Refs/c:EndToEndId", NS).text for r in returned] == ["K-R"]

    rows = list(csv.reader(io.StringIO(bank.statement(POOLED, today, "csv").decode())))
    assert rows[0] == [header for header, _, _ in STATEMENT_CSV_COLUMNS.values()]  # what the platform reads
    assert len(rows) == 7
    row_a = next(r for r in rows if r[1] == a["transaction_id"])
    assert row_a == [
        POOLED,
        a["transaction_id"],
        today.isoformat(),
        "贷",
        "1000.00",
        "CNY",
        SUB_A,
        "张三",
        "6222020200112233445",
        "案号123",
        "",
    ]
    assert [r[3] for r in rows[1:]].count("借") == 2
    assert len(ET.fromstring(bank.statement(POOLED, yesterday)).findall(".//c:Ntry", NS)) == 1
    assert bank.request("GET", "/statement?account=nope&date=2026-12-01")[0] == 404


def test_state_and_reset(bank, notify_receiver):
    bank.pay(POOLED, SUB_A, "10.00")
    bank.pay(POOLED, SUB_B, "20.00")
    bank.payout(payout_body("K-1", amount="5.00"))
    notify_receiver.wait("payout", 1)
    state = bank.state()
    assert state["accounts"] == {POOLED: {"balance": "25.00", "credits": 2, "debits": 1}}
    assert [r["amount"] for r in state["receipts"]] == ["10.00", "20.00"]
    assert all(r["delivered"] == 200 for r in state["receipts"])
    assert state["payouts"]["K-1"]["status"] == "confirmed" and state["payouts"]["K-1"]["amount"] == "5.00"
    assert state["notifications"] == 3
    bank.reset()
    state = bank.state()
    assert state["accounts"] == {POOLED: {"balance": "0.00", "credits": 0, "debits": 0}}
    assert state["receipts"] == [] and state["payouts"] == {} and state["notifications"] == 0


def test_notify_again_concurrently_for_dedup(bank, notify_receiver):
    out = bank.pay(POOLED, SUB_A, "10.00")
    statuses = bank.notify(out["transaction_id"], times=5, concurrent=True)
    assert statuses == [200] * 5
    receipts = notify_receiver.wait("receipt", 6)
    assert len({r["body"] for r in receipts}) == 1  # the very same body each time
    assert all(signature_ok(SECRET, r["headers"], r["body"]) for r in receipts)
    assert bank.state()["accounts"][POOLED]["credits"] == 1


def test_failed_delivery_is_redelivered(bank, notify_receiver):
    notify_receiver.status = 503
    out = bank.pay(POOLED, SUB_A, "10.00")
    assert out["delivered"] == 503
    bank.configure(notify_url="http://127.0.0.1:9/nowhere/")
    assert bank.pay(POOLED, SUB_A, "11.00")["delivered"] is None
    bank.configure(notify_url=notify_receiver.url)
    notify_receiver.status = 200
    again = bank.redeliver()
    assert sorted(again["receipts"].values()) == [200, 200]
    assert all(r["delivered"] == 200 for r in bank.state()["receipts"])
    assert bank.redeliver() == {"receipts": {}, "payouts": {}}


def test_configure_pooled_at_runtime(bank):
    bank.configure(pooled=[POOLED, "11050162540000000099"])
    assert bank.pay("11050162540000000099", "", "3.00")["delivered"] == 200
    assert bank.state()["accounts"]["11050162540000000099"]["balance"] == "3.00"

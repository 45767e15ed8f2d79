"""The funds API (/api/v1/funds/): receipts and payouts of the caller's courts only, account numbers
masked, a case's account, the report as `zhixing funds report --json` prints it, and the payout
approval and claim actions through the same actions as the pages, refused with their Chinese reasons."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.funds.conftest import PAYEE, receive
from zhixing.courts.models import User
from zhixing.funds import actions, queries
from zhixing.funds.models import Payout, Receipt

RECEIPTS = "/api/v1/funds/receipts/"
PAYOUTS = "/api/v1/funds/payouts/"
CHINESE = re.compile(r"[\u4e00-\u9fa5]")
PAYER_ACCOUNT = "6217000011112222333"


def client_for(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def unidentified(pooled, clock, txn="U1", amount="777.00") -> Receipt:
    receipt = receive(
        pooled,
        txn,
        amount,
        clock.today,
        payer_name="某付款人",
        payer_account=PAYER_ACCOUNT,
        remittance="还款",
    )
    assert receipt.case_id is None
    return receipt


def requested_payout(case, amount, actor) -> Payout:
    return actions.request_payout(case, Decimal(amount), **PAYEE, account_confirmed=True, actor=actor)


def ids(res) -> list[int]:
    assert res.status_code == 200, res.json()
    return [row["id"] for row in res.json()["results"]]


# --- Receipts ---------------------------------------------------------------------------------


def test_receipts_list_masks_the_payer_account_and_filters(file_case, pay, pooled, clock, cast):
    case, other = file_case(), file_case()
    paid = pay(case, "5000.00", "T1")
    paid_other = pay(other, "300.00", "T2")
    lost = unidentified(pooled, clock)
    api = client_for(cast.officer)

    res = api.get(RECEIPTS)
    assert set(ids(res)) == {paid.pk, paid_other.pk, lost.pk}
    row = next(r for r in res.json()["results"] if r["id"] == lost.pk)
    assert row["payer_account"] == "****" + PAYER_ACCOUNT[-4:]
    assert PAYER_ACCOUNT not in res.content.decode()
    assert row["unidentified"] is True and row["case"] is None and row["court"] == "冀96"
    assert row["amount"] == "777.00" and row["channel_label"] == "银行转账"
    assert res.json()["count"] == 3

    assert ids(api.get(RECEIPTS, {"unidentified": "true"})) == [lost.pk]
    assert ids(api.get(RECEIPTS, {"case": case.pk})) == [paid.pk]
    assert set(ids(api.get(RECEIPTS, {"court": "冀96"}))) == {paid.pk, paid_other.pk, lost.pk}
    assert ids(api.get(RECEIPTS, {"court": "冀01"})) == []
    assert ids(api.get(RECEIPTS, {"overdue": "true"})) == []

    detail = api.get(f"{RECEIPTS}{paid.pk}/")
    assert detail.status_code == 200 and detail.json()["case_number"] == case.case_number

    bad = api.get(RECEIPTS, {"case": "abc"})
    assert bad.status_code == 400 and CHINESE.search(bad.json()["errors"][0])


def test_overdue_filter_after_the_payout_deadline(file_case, pay, clock, cast):
    case = file_case()
    receipt = pay(case, "8000.00", "T1")
    api = client_for(cast.officer)
    assert ids(api.get(RECEIPTS, {"overdue": "1"})) == []
    clock.move_to(receipt.payout_due_on + dt.timedelta(days=1))
    res = api.get(RECEIPTS, {"overdue": "true"})
    assert ids(res) == [receipt.pk]
    assert res.json()["results"][0]["overdue"] is True


def test_outsider_sees_nothing(file_case, pay, pooled, clock, cast):
    case = file_case()
    paid = pay(case, "5000.00", "T1")
    lost = unidentified(pooled, clock)
    payout = requested_payout(case, "1000.00", cast.officer)
    api = client_for(cast.outsider)  # officer and judge of 冀01, not of 冀96

    assert ids(api.get(RECEIPTS)) == []
    assert ids(api.get(RECEIPTS, {"unidentified": "true"})) == []
    assert ids(api.get(PAYOUTS)) == []
    for url in (f"{RECEIPTS}{paid.pk}/", f"{PAYOUTS}{payout.pk}/", f"/api/v1/funds/cases/{case.pk}/"):
        res = api.get(url)
        assert res.status_code == 404, url
        assert CHINESE.search(res.json()["detail"])
    # Nor may they act on what they cannot see.
    assert api.post(f"{PAYOUTS}{payout.pk}/approve/", {}, format="json").status_code == 404
    res = api.post(f"{RECEIPTS}{lost.pk}/claim/", {"case": case.pk}, format="json")
    assert res.status_code == 404
    lost.refresh_from_db()
    assert lost.claim_requested_for_id is None
    assert api.get("/api/v1/funds/report/").status_code == 403


def test_anonymous_is_refused(cast):
    res = APIClient().get(RECEIPTS)
    assert res.status_code == 401


def test_superuser_sees_every_court(file_case, pay, cast, courts):
    case = file_case()
    paid = pay(case, "100.00", "T1")
    root = User.objects.create_superuser("root", password="pw-root-1234567")
    assert ids(client_for(root).get(RECEIPTS)) == [paid.pk]
    assert client_for(root).get("/api/v1/funds/report/").status_code == 200


def test_receipts_list_asks_a_fixed_number_of_queries(
    file_case, pay, pooled, clock, cast, django_assert_num_queries
):
    api = client_for(cast.officer)
    case = file_case()
    pay(case, "10.00", "T0")
    unidentified(pooled, clock, "U0")
    api.get(RECEIPTS)  # warm caches (token, calendar)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert len(ids(api.get(RECEIPTS))) == 2
    for i in range(1, 6):
        pay(file_case(), "10.00", f"T{i}")
        unidentified(pooled, clock, f"U{i}")
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(ids(api.get(RECEIPTS))) == 12


# --- Claims -----------------------------------------------------------------------------------


def test_claim_and_its_approval_through_the_api(file_case, pooled, clock, cast):
    case = file_case()
    lost = unidentified(pooled, clock, amount="1234.50")
    res = client_for(cast.officer).post(
        f"{RECEIPTS}{lost.pk}/claim/", {"case": case.pk, "note": "附言有误"}, format="json"
    )
    assert res.status_code == 200, res.json()
    assert res.json()["claim_requested_for"] == case.pk

    again = client_for(cast.officer2).post(f"{RECEIPTS}{lost.pk}/claim/", {"case": case.pk}, format="json")
    assert again.status_code == 400
    assert again.json()["errors"] == ["该笔款项已有待审批的认领申请"]

    # The officer may not approve (no role); finance may, and the money reaches the case account.
    refused = client_for(cast.officer).post(f"{RECEIPTS}{lost.pk}/approve-claim/")
    assert refused.status_code == 403 and "审批认领" in refused.json()["detail"]
    done = client_for(cast.finance).post(f"{RECEIPTS}{lost.pk}/approve-claim/")
    assert done.status_code == 200, done.json()
    assert done.json()["case"] == case.pk and done.json()["unidentified"] is False
    assert queries.case_balance(case)[0] == Decimal("1234.50")


def test_claim_refusals_are_in_chinese(file_case, pooled, clock, cast):
    lost = unidentified(pooled, clock)
    case = file_case()
    # The clerk reads funds (any role does) but may not claim: 403 with the predicate's reason.
    res = client_for(cast.clerk).post(f"{RECEIPTS}{lost.pk}/claim/", {"case": case.pk}, format="json")
    assert res.status_code == 403
    assert res.json()["detail"].startswith("认领到账款需要在")
    missing = client_for(cast.officer).post(f"{RECEIPTS}{lost.pk}/claim/", {"case": 999999}, format="json")
    assert missing.status_code == 400 and CHINESE.search(missing.json()["errors"][0])
    malformed = client_for(cast.officer).post(f"{RECEIPTS}{lost.pk}/claim/", {}, format="json")
    assert malformed.status_code == 400 and "case" in malformed.json()["field_errors"]


# --- Payouts ----------------------------------------------------------------------------------


def test_payouts_list_and_status_filter(file_case, pay, approved_payout, cast):
    case = file_case()
    pay(case, "9000.00", "T1")
    sent = approved_payout(case, "2000.00")
    waiting = requested_payout(case, "1000.00", cast.officer)
    api = client_for(cast.judge)
    assert set(ids(api.get(PAYOUTS))) == {sent.pk, waiting.pk}
    res = api.get(PAYOUTS, {"status": "requested"})
    assert ids(res) == [waiting.pk]
    row = res.json()["results"][0]
    assert row["payee_account"] == "****" + PAYEE["payee_account"][-4:]
    assert row["status_label"] == "审批中" and row["next_step"] == "执行法官" and row["approvals_done"] == 0
    assert ids(api.get(PAYOUTS, {"status": "sent"})) == [sent.pk]
    bad = api.get(PAYOUTS, {"status": "nonsense"})
    assert bad.status_code == 400 and CHINESE.search(bad.json()["errors"][0])


def test_approve_payout_through_the_api(file_case, pay, cast):
    case = file_case()
    pay(case, "9000.00", "T1")
    payout = requested_payout(case, "1000.00", cast.officer)
    url = f"{PAYOUTS}{payout.pk}/approve/"

    # The officer who asked holds no judge role: 403 with the predicate's Chinese reason.
    refused = client_for(cast.officer).post(url, {}, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("审批发放（")

    res = client_for(cast.judge).post(url, {"approved": True, "note": "同意"}, format="json")
    assert res.status_code == 200, res.json()
    assert res.json()["status"] == Payout.APPROVED and res.json()["approvals_done"] == 1

    again = client_for(cast.judge).post(url, {}, format="json")
    assert again.status_code == 400
    assert again.json()["errors"] == ["该发放申请不在审批中"]


def test_nobody_approves_their_own_payout(file_case, pay, cast):
    case = file_case()
    pay(case, "9000.00", "T1")
    payout = requested_payout(case, "1000.00", cast.judge)
    res = client_for(cast.judge).post(f"{PAYOUTS}{payout.pk}/approve/", {}, format="json")
    assert res.status_code == 400
    assert CHINESE.search(res.json()["errors"][0])
    payout.refresh_from_db()
    assert payout.status == Payout.REQUESTED


def test_refusing_a_payout(file_case, pay, cast):
    case = file_case()
    pay(case, "9000.00", "T1")
    payout = requested_payout(case, "1000.00", cast.officer)
    res = client_for(cast.judge).post(
        f"{PAYOUTS}{payout.pk}/approve/", {"approved": False, "note": "账户不符"}, format="json"
    )
    assert res.status_code == 200 and res.json()["status"] == Payout.REFUSED


# --- A case's account and the report ------------------------------------------------------------


def test_case_funds(file_case, pay, approved_payout, cast):
    case = file_case()
    receipt = pay(case, "9000.00", "T1")
    sent = approved_payout(case, "2000.00")
    res = client_for(cast.officer).get(f"/api/v1/funds/cases/{case.pk}/")
    assert res.status_code == 200, res.json()
    body = res.json()
    assert body["account_number"] == queries.account_number(case)
    assert body["case_number"] == case.case_number and body["court"] == "冀96"
    assert (body["balance"], body["pending"], body["available"]) == ("9000.00", "2000.00", "7000.00")
    assert [r["id"] for r in body["receipts"]] == [receipt.pk]
    assert [p["id"] for p in body["payouts"]] == [sent.pk]
    assert client_for(cast.officer).get("/api/v1/funds/cases/999999/").status_code == 404


def test_report_is_the_commands_json(file_case, pay, pooled, clock, cast):
    pay(file_case(), "9000.00", "T1")
    unidentified(pooled, clock)
    res = client_for(cast.command).get("/api/v1/funds/report/")  # 指挥中心 of 冀: every court
    assert res.status_code == 200, res.json()
    assert res.json() == queries.report(clock.today).as_json()
    assert res.json()["unidentified"] == {"count": 1, "amount": "777.00"}
    later = client_for(cast.command).get("/api/v1/funds/report/", {"on": "2099-01-01"})
    assert later.json() == queries.report(dt.date(2099, 1, 1)).as_json()
    bad = client_for(cast.command).get("/api/v1/funds/report/", {"on": "tomorrow"})
    assert bad.status_code == 400 and CHINESE.search(bad.json()["errors"][0])
    # A court's own staff do not see the whole platform's figures.
    refused = client_for(cast.officer).get("/api/v1/funds/report/")
    assert refused.status_code == 403 and CHINESE.search(refused.json()["detail"])


def test_webhook_paths_still_resolve():
    from django.urls import resolve

    from zhixing.funds import webhooks

    assert resolve("/api/v1/funds/notifications/receipt").func is webhooks.receipt_notification
    assert resolve("/api/v1/funds/notifications/payout").func is webhooks.payout_notification

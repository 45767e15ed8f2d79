"""The funds pages: the case page's funds panel, the payer's page (一案一码) and the finance workbench,
for every role; buttons exactly when the permission predicates allow; a payout asked, approved and
sent through the pages; the workbench lists read without a query per row."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from zhixing.funds import actions, actors, permissions, queries
from zhixing.funds.models import Payout, Receipt
from zhixing.funds.payment import payment_text
from zhixing.funds.views import access

pytestmark = pytest.mark.django_db

ROLES = ["officer", "officer2", "judge", "clerk", "command", "finance", "president", "admin"]


@pytest.fixture
def pooled(courts, cast):
    return actions.open_pooled_account(courts.xiongan, actor=cast.admin)


def pay_in(case, pooled, txn: str, amount: str, on: dt.date, **kw) -> Receipt:
    receipt, _made = actions.receive(
        actions.Incoming(
            pooled.account_number, txn, "transfer", Decimal(amount), on,
            sub_account=queries.account_number(case) if case is not None else "", **kw,
        ),
        actor=actors.BANK,
    )  # fmt: skip
    return receipt


@pytest.fixture
def funded(file_case, pooled, clock):
    case = file_case()
    pay_in(
        case,
        pooled,
        "TXN1",
        "1000.00",
        clock.today,
        payer_name="雄安某建设有限公司",
        payer_account="6222020200112233",
    )
    return case


def panel(client, user, case) -> str:
    client.force_login(user)
    r = client.get(reverse("cases:detail", args=[case.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    start = html.find('id="funds"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def request(case, cast, amount="400.00", confirmed=True) -> Payout:
    return actions.request_payout(
        case, Decimal(amount), payee_name="王申请", payee_account="6217000011112222333",
        payee_bank="中国银行雄安分行", account_confirmed=confirmed, actor=cast.officer,
    )  # fmt: skip


# --- The case page's funds panel -----------------------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
def test_every_role_of_the_court_sees_the_funds_panel(client, cast, funded, pooled, who):
    html = panel(client, getattr(cast, who), funded)
    assert "案款" in html and queries.account_number(funded) in html
    assert pooled.account_name in html and pooled.bank_name in html
    assert "1,000.00" in html  # balance and receipt
    assert "6222020200112233" not in html and "****2233" in html  # payer account masked
    assert "缴款码" in html and reverse("funds:pay", args=[funded.pk]) in html
    assert "迟延履行" in html


def test_the_outsider_sees_nothing(client, cast, funded):
    client.force_login(cast.outsider)
    assert client.get(reverse("cases:detail", args=[funded.pk])).status_code == 404
    assert client.get(reverse("funds:pay", args=[funded.pk])).status_code == 404
    html = client.get(reverse("funds:workbench") + "?tab=unidentified").content.decode()
    assert "TXN" not in html and "河北雄安新区中级人民法院" not in html
    r = client.post(reverse("funds:request_payout", args=[funded.pk]), {"payout-amount": "1"})
    assert r.status_code == 404
    assert not Payout.objects.exists()


@pytest.mark.parametrize("who", ROLES)
def test_forms_appear_exactly_when_the_predicates_allow(client, cast, funded, who):
    user = getattr(cast, who)
    payout = request(funded, cast)
    html = panel(client, user, funded)
    assert ('id="request-payout-form"' in html) == permissions.may_request_payout(user, funded)
    assert ('id="direct-payment-form"' in html) == permissions.may_field_money(user, funded)
    assert ('id="field-cash-form"' in html) == permissions.may_receive(user, funded.court)
    assert ("decide-payout-form" in html) == permissions.may_approve_payout(user, payout)
    assert "send-payout-form" not in html  # nothing approved yet


def test_the_payout_form_is_prefilled_with_the_applicant(client, cast, funded):
    html = panel(client, cast.officer, funded)
    assert 'name="payout-payee_name"' in html and 'value="王申请"' in html


def test_late_interest_from_the_day_given(client, cast, funded, clock):
    client.force_login(cast.officer)
    last = clock.today - dt.timedelta(days=10)
    html = client.get(
        reverse("cases:detail", args=[funded.pk]), {"last_day": last.isoformat()}
    ).content.decode()
    # 50,000 yuan × 0.0175% × 10 days = 87.50
    assert "迟延 10 日" in html and "87.50" in html
    html = client.get(reverse("cases:detail", args=[funded.pk])).content.decode()
    assert funded.filed_on.isoformat() in html


def test_overdue_and_due_soon_badges(client, cast, file_case, pooled, clock):
    case = file_case()
    pay_in(case, pooled, "OLD", "100.00", clock.today - dt.timedelta(days=60))
    soon = pay_in(case, pooled, "NEW", "100.00", clock.today)
    Receipt.objects.filter(pk=soon.pk).update(payout_due_on=clock.today + dt.timedelta(days=2))
    html = panel(client, cast.officer, case)
    rows = {m.group(1): m.group(2) for m in re.finditer(r'data-txn="(\w+)">(.*?)</tr>', html, re.S)}
    assert "超期" in rows["OLD"] and "text-bg-danger" in rows["OLD"]
    assert "临期" in rows["NEW"] and "text-bg-warning" in rows["NEW"]


# --- A payout through the pages ------------------------------------------------------------------


def post_payout_request(client, case, amount: str, payee_account: str, payee_bank: str, **more) -> str:
    """Posts the case panel's payout request to 王申请 (`more`: further fields); returns the page it
    lands on."""
    data = {
        "amount": amount,
        "payee_name": "王申请",
        "payee_account": payee_account,
        "payee_bank": payee_bank,
    }
    data |= more
    r = client.post(
        reverse("funds:request_payout", args=[case.pk]),
        {f"payout-{k}": v for k, v in data.items()},
        follow=True,
    )
    return r.content.decode()


def test_a_payout_requested_approved_and_sent_through_the_pages(client, cast, funded):
    client.force_login(cast.officer)
    page = post_payout_request(
        client, funded, "600.00", "6217 0000 1111 2222 333", "中国银行雄安分行", account_confirmed="on"
    )
    assert "已提交发放申请，等待审批" in page
    payout = Payout.objects.get()
    assert (
        payout.status == Payout.REQUESTED and payout.amount == Decimal("600.00") and payout.account_confirmed
    )

    # The requester may not approve his own request: no button, and the POST is refused in Chinese.
    html = panel(client, cast.officer, funded)
    assert "decide-payout-form" not in html and "执行法官：" in html
    r = client.post(
        reverse("funds:decide_payout", args=[payout.pk]),
        {"payout_id": payout.pk, "approved": "1"},
        follow=True,
    )
    assert "需要在" in r.content.decode()
    payout.refresh_from_db()
    assert payout.status == Payout.REQUESTED

    html = panel(client, cast.judge, funded)
    assert "decide-payout-form" in html
    r = client.post(
        reverse("funds:decide_payout", args=[payout.pk]),
        {"payout_id": payout.pk, "approved": "1", "note": "同意发放"},
        follow=True,
    )
    assert "已同意该发放申请" in r.content.decode()
    payout.refresh_from_db()
    assert payout.status == Payout.APPROVED

    html = panel(client, cast.finance, funded)
    assert "send-payout-form" in html and "李法官" in html and "同意发放" in html
    r = client.post(reverse("funds:send_payout", args=[payout.pk]), {"payout_id": payout.pk}, follow=True)
    assert "发放指令已提交银行" in r.content.decode()
    payout.refresh_from_db()
    assert payout.status == Payout.SENT
    assert queries.case_balance(funded) == (Decimal("1000.00"), Decimal("600.00"))


def test_a_refused_request_shows_the_reason_in_chinese(client, cast, funded):
    client.force_login(cast.officer)
    assert "超过案件账户可发放余额" in post_payout_request(client, funded, "5000.00", "1", "x")
    assert not Payout.objects.exists()


def test_direct_payment_and_field_cash(client, cast, funded, clock):
    client.force_login(cast.officer)
    r = client.post(
        reverse("funds:direct_payment", args=[funded.pk]),
        {"direct-amount": "300", "direct-paid_on": clock.today.isoformat(), "direct-payer": "雄安某建设有限公司",
         "direct-payee": "王申请", "direct-evidence": "申请执行人收条"},
        follow=True,
    )  # fmt: skip
    assert "已登记直接支付" in r.content.decode()
    client.force_login(cast.finance)
    r = client.post(
        reverse("funds:cash", args=[funded.pk]),
        {"cash-amount": "200", "cash-received_on": clock.today.isoformat(), "cash-receipt_number": "XJ001",
         "cash-payer_name": "某某", "cash-officers": [cast.officer.pk, cast.officer2.pk]},
        follow=True,
    )  # fmt: skip
    assert "已登记现场收取的现金" in r.content.decode()
    assert queries.case_balance(funded)[0] == Decimal("1200.00")
    r = client.post(
        reverse("funds:cash", args=[funded.pk]),
        {"cash-amount": "200", "cash-received_on": clock.today.isoformat(), "cash-receipt_number": "XJ002",
         "cash-payer_name": "某某", "cash-officers": [cast.officer.pk]},
        follow=True,
    )  # fmt: skip
    assert "两名以上执行人员" in r.content.decode()


# --- The payer's page ----------------------------------------------------------------------------


def test_the_payer_page_shows_the_code_and_the_notice(client, cast, funded, pooled):
    client.force_login(cast.officer)
    html = client.get(reverse("funds:pay", args=[funded.pk])).content.decode()
    account = queries.account_number(funded)
    assert "<svg" in html and account in html and pooled.account_name in html and pooled.bank_name in html
    assert funded.case_number in html and "49,000.00" in html
    assert "拒绝向其他任何账户缴款" in html
    assert payment_text(
        account, pooled.account_name, pooled.bank_name, funded.case_number, Decimal("49000")
    ) == (
        f"ZXPAY:ACCT={account};NAME={pooled.account_name};BANK={pooled.bank_name};"
        f"CASE={funded.case_number};AMT=49000.00"
    )


def test_the_qr_code_decodes_to_the_payment_request(client, cast, funded):
    import segno

    from zhixing.funds.views.payer import payment_code

    code = payment_code(funded)
    assert code["text"].startswith(f"ZXPAY:ACCT={queries.account_number(funded)};")
    assert segno.make(code["text"], error="m").svg_inline(scale=4) == str(code["svg"])


# --- The workbench -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
def test_the_workbench_renders_for_every_role(client, cast, funded, pooled, clock, who):
    pay_in(None, pooled, "LOST1", "88.00", clock.today, remittance="货款")
    client.force_login(getattr(cast, who))
    for tab in ("unidentified", "overdue", "approve", "send", "sent", "bounced"):
        r = client.get(reverse("funds:workbench"), {"tab": tab})
        assert r.status_code == 200
    html = client.get(reverse("funds:workbench")).content.decode()
    assert "不明款" in html and "超期款" in html and "LOST1" in html and "88.00" in html
    nav = html.split('id="nav-user"')[0]
    assert (">案款</a>" in nav) == access.may_read_funds_anywhere(getattr(cast, who))


def test_claim_through_the_workbench(client, cast, funded, pooled, clock):
    lost = pay_in(None, pooled, "LOST1", "88.00", clock.today)
    client.force_login(cast.officer)
    html = client.get(reverse("funds:workbench")).content.decode()
    assert "claim-form" in html and "decide-claim-form" not in html
    r = client.post(
        reverse("funds:request_claim", args=[lost.pk]),
        {"receipt_id": lost.pk, "case_number": funded.case_number, "note": "被执行人来电"},
        follow=True,
    )
    assert "已提交认领申请" in r.content.decode()
    html = client.get(reverse("funds:workbench")).content.decode()
    assert "decide-claim-form" not in html  # the requester never approves
    client.force_login(cast.finance)
    html = client.get(reverse("funds:workbench")).content.decode()
    assert "decide-claim-form" in html
    r = client.post(
        reverse("funds:decide_claim", args=[lost.pk]), {"receipt_id": lost.pk, "approved": "1"}, follow=True
    )
    assert "已批准认领" in r.content.decode()
    lost.refresh_from_db()
    assert lost.case_id == funded.pk


def test_an_unknown_case_number_is_refused(client, cast, pooled, clock):
    lost = pay_in(None, pooled, "LOST1", "88.00", clock.today)
    client.force_login(cast.officer)
    r = client.post(
        reverse("funds:request_claim", args=[lost.pk]),
        {"receipt_id": lost.pk, "case_number": "（2026）冀96执9999号"},
        follow=True,
    )
    assert "未找到案号" in r.content.decode()


def test_workbench_approval_list_matches_the_predicate(client, cast, funded):
    payout = request(funded, cast)
    for who in ROLES:
        user = getattr(cast, who)
        client.force_login(user)
        html = client.get(reverse("funds:workbench"), {"tab": "approve"}).content.decode()
        assert (f'data-payout="{payout.pk}"' in html) == permissions.may_approve_payout(user, payout), who
        assert access.Roles(user).may_approve_payout(
            Payout.objects.get(pk=payout.pk)
        ) == permissions.may_approve_payout(user, payout)


def test_workbench_send_sent_and_bounced(client, cast, funded):
    payout = request(funded, cast)
    actions.approve_payout(payout, actor=cast.judge)
    client.force_login(cast.finance)
    html = client.get(reverse("funds:workbench"), {"tab": "send"}).content.decode()
    assert f'data-payout="{payout.pk}"' in html and "send-payout-form" in html
    next_url = reverse("funds:workbench") + "?tab=send"
    r = client.post(
        reverse("funds:send_payout", args=[payout.pk]), {"payout_id": payout.pk, "next": next_url}
    )
    assert r.status_code == 302 and r["Location"] == next_url
    html = client.get(reverse("funds:workbench"), {"tab": "sent"}).content.decode()
    assert f'data-payout="{payout.pk}"' in html
    actions.record_payout_result(payout.idempotency_key, False, reason="户名不符", actor=actors.BANK)
    html = client.get(reverse("funds:workbench"), {"tab": "bounced"}).content.decode()
    assert f'data-payout="{payout.pk}"' in html and "户名不符" in html


def test_workbench_is_refused_to_a_user_without_roles(client, courts):
    from zhixing.core.actors import CLI
    from zhixing.courts import actions as court_actions

    nobody = court_actions.create_user("nobody", "无角色", "pw", courts.xiongan, [], actor=CLI)
    client.force_login(nobody)
    assert client.get(reverse("funds:workbench")).status_code == 403
    assert not access.may_read_funds_anywhere(nobody)


@pytest.mark.parametrize("tab", ["unidentified", "overdue", "approve", "send", "sent", "bounced"])
def test_workbench_lists_do_not_query_per_row(
    client, cast, file_case, pooled, clock, tab, django_assert_max_num_queries
):
    def fill(n: int, start: int) -> None:
        for i in range(start, start + n):
            case = file_case()
            pay_in(case, pooled, f"C{i}", "500.00", clock.today - dt.timedelta(days=90))
            pay_in(None, pooled, f"U{i}", "10.00", clock.today, payer_account="62220202001122")
            for status in (Payout.REQUESTED, Payout.APPROVED, Payout.SENT, Payout.BOUNCED):
                p = request(case, cast, amount="10.00")
                Payout.objects.filter(pk=p.pk).update(status=status, settled_at=p.requested_at)

    client.force_login(cast.judge if tab == "approve" else cast.finance)
    fill(2, 0)
    url = reverse("funds:workbench") + f"?tab={tab}"
    with django_assert_max_num_queries(60) as few:
        assert client.get(url).status_code == 200
    fill(4, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('class="list-row') == 6

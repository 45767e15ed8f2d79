"""The case's 强制措施 page (/measures/cases/<id>/) and its panel on the case page: the obstructions
with the record form, each measure with exactly the next steps rules.NEXT allows and this user may
take (the president approves a fine, finance books it), informants with the phone masked, referrals
with their clocks and steps, the evidence with fingerprints. Outsiders get 404; the page reads in a
fixed number of queries as rows grow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.measures.test_board_views import counted
from zhixing.measures import actions, rules
from zhixing.measures.models import CoerciveMeasure, Obstruction, Referral

pytestmark = pytest.mark.django_db


def page(case) -> str:
    return reverse("measures:case", args=[case.pk])


def html_of(client, user, case) -> str:
    client.force_login(user)
    response = client.get(page(case))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def block(html: str, marker: str) -> str:
    return html.split(marker, 1)[1].split('<div class="border rounded p-2 mb-2', 1)[0]


def fine(case, debtor, cast, amount: str = "30000.00") -> CoerciveMeasure:
    return actions.propose_measure(
        case, rules.FINE, debtor, actor=cast.officer, reason="拒不申报财产", amount=Decimal(amount)
    )


def test_the_handler_records_an_obstruction_and_proposes_a_fine(client, cast, person_case, debtor, clock):
    client.force_login(cast.officer)
    response = client.post(
        reverse("measures:record_obstruction", args=[person_case.pk]),
        {
            "kind": rules.REFUSED_REPORT,
            "occurred_on": clock.today.isoformat(),
            "description": "收到报告财产令后逾期未报告",
            "party": debtor.pk,
        },
        follow=True,
    )
    assert "已记录妨害执行行为" in response.content.decode()
    o = Obstruction.objects.get()
    response = client.post(
        reverse("measures:propose", args=[person_case.pk]),
        {
            "kind": rules.FINE,
            "party": debtor.pk,
            "subject_role": rules.PERSON,
            "reason": "拒不报告财产",
            "obstructions": [o.pk],
            "amount": "30000.00",
        },
        follow=True,
    )
    m = CoerciveMeasure.objects.get()
    assert m.status == CoerciveMeasure.PROPOSED and list(m.obstructions.all()) == [o]
    html = response.content.decode()
    assert f'id="measure-{m.pk}"' in html and "尚未处理" in html


def test_a_fine_over_the_limit_is_refused_in_chinese(client, cast, person_case, debtor):
    client.force_login(cast.officer)
    response = client.post(
        reverse("measures:propose", args=[person_case.pk]),
        {
            "kind": rules.FINE,
            "party": debtor.pk,
            "subject_role": rules.PERSON,
            "reason": "x",
            "amount": "100000.01",
        },
        follow=True,
    )
    assert "十万元以下" in response.content.decode()
    assert not CoerciveMeasure.objects.exists()


def test_the_next_steps_by_role(client, cast, person_case, debtor, pooled):
    m = fine(person_case, debtor, cast)
    marker = f'id="measure-{m.pk}"'
    # Proposed: the president decides; the proposer cannot; a judge may not approve a fine.
    assert "decide-form" in block(html_of(client, cast.president, person_case), marker)
    officer = block(html_of(client, cast.officer, person_case), marker)
    assert "decide-form" not in officer and "cancel-form" in officer
    assert "decide-form" not in block(html_of(client, cast.judge, person_case), marker)
    client.force_login(cast.president)
    client.post(reverse("measures:decide", args=[m.pk]), {"approved": "1", "note": "同意"})
    m.refresh_from_db()
    assert m.status == CoerciveMeasure.APPROVED
    # Approved: the handler carries it out; finance sees no step yet.
    assert "carry-form" in block(html_of(client, cast.officer, person_case), marker)
    client.force_login(cast.officer)
    client.post(reverse("measures:carry_out", args=[m.pk]), {"place": "", "record": "已送达罚款决定书"})
    m.refresh_from_db()
    assert m.status == CoerciveMeasure.IN_FORCE
    # In force: finance books the payment; a fine ends by payment only, so no end form for the handler.
    officer = block(html_of(client, cast.officer, person_case), marker)
    assert "fine-form" not in officer and "end-form" not in officer
    assert "fine-form" in block(html_of(client, cast.finance, person_case), marker)


def test_finance_books_the_fine_and_it_ends(client, cast, person_case, debtor, pooled, clock):
    m = fine(person_case, debtor, cast, "1000.00")
    actions.decide_measure(m, True, actor=cast.president)
    actions.carry_out(m, actor=cast.officer)
    client.force_login(cast.finance)
    client.post(
        reverse("measures:book_fine", args=[m.pk]),
        {"amount": "1000.00", "paid_on": clock.today.isoformat(), "reference": "FK-001"},
    )
    m.refresh_from_db()
    assert m.status == CoerciveMeasure.ENDED and m.paid_amount == Decimal("1000.00")


def test_informants_show_their_phone_masked(client, cast, person_case, debtor):
    m = actions.propose_measure(
        person_case,
        rules.REWARD,
        debtor,
        actor=cast.officer,
        reason="悬赏查找车辆",
        amount=Decimal("5000.00"),
    )
    actions.decide_measure(m, True, actor=cast.judge)
    client.force_login(cast.officer)
    client.post(reverse("measures:carry_out", args=[m.pk]), {"record": "", "channel": "人民法院报"})
    m.refresh_from_db()
    assert m.status == CoerciveMeasure.IN_FORCE and m.channel == "人民法院报"
    client.post(
        reverse("measures:register_informant", args=[m.pk]),
        {"name": "匿名群众", "phone": "13912345678", "lead": "车辆停在某小区地库"},
    )
    html = html_of(client, cast.officer, person_case)
    assert "139****5678" in html and "13912345678" not in html
    assert "verify-form" in html


def test_referral_steps_and_clocks(client, cast, person_case, debtor, clock):
    o = actions.record_obstruction(
        person_case,
        rules.HID_PROPERTY,
        clock.today - dt.timedelta(days=3),
        "转移车辆",
        debtor,
        actor=cast.officer,
    )
    client.force_login(cast.officer)
    client.post(
        reverse("measures:draft_referral", args=[person_case.pk]),
        {
            "party": debtor.pk,
            "crime": rules.REFUSAL,
            "suspects": "赵某某",
            "police_unit": "雄县公安局",
            "facts": "有能力履行而拒不履行，转移车辆",
            "obstructions": [o.pk],
        },
    )
    r = Referral.objects.get()
    marker = f'id="referral-{r.pk}"'
    assert "step-approve" not in block(html_of(client, cast.officer, person_case), marker)  # the drafter
    assert "step-approve" in block(html_of(client, cast.president, person_case), marker)
    client.force_login(cast.president)
    client.post(reverse("measures:referral_step", args=[r.pk, "approve"]))
    r.refresh_from_db()
    assert r.status == Referral.APPROVED
    client.force_login(cast.officer)
    client.post(reverse("measures:referral_step", args=[r.pk, "send"]))
    r.refresh_from_db()
    assert r.status == Referral.SENT and r.private_route_on
    client.post(
        reverse("measures:referral_step", args=[r.pk, "receive"]),
        {"received_on": clock.today.isoformat(), "receipt_number": "XG-2026-001"},
    )
    r.refresh_from_db()
    assert r.status == Referral.RECEIVED
    html = block(html_of(client, cast.officer, person_case), marker)
    assert "立案决定期限" in html and r.decision_due_on.strftime("%Y-%m-%d") in html
    assert "step-file" in html and "step-not_file" in html and "step-send" not in html
    # A step the status does not allow is refused by the action, in Chinese.
    response = client.post(reverse("measures:referral_step", args=[r.pk, "send"]), follow=True)
    assert r.get_status_display() in response.content.decode()


def test_the_panel_on_the_case_page(client, cast, person_case, debtor):
    fine(person_case, debtor, cast)
    client.force_login(cast.officer)
    html = client.get(reverse("cases:detail", args=[person_case.pk])).content.decode()
    assert 'id="measures-page-link"' in html and "罚款" in html.split('id="measures"', 1)[1]


def test_outsiders_get_404_and_a_clerk_403(client, cast, person_case, debtor):
    m = fine(person_case, debtor, cast)
    client.force_login(cast.outsider)
    assert client.get(page(person_case)).status_code == 404
    client.post(reverse("measures:decide", args=[m.pk]), {"approved": "1"})
    m.refresh_from_db()
    assert m.status == CoerciveMeasure.PROPOSED
    client.force_login(cast.clerk)
    assert client.get(page(person_case)).status_code == 403


def test_the_page_reads_in_a_fixed_number_of_queries(client, cast, person_case, debtor, clock):
    def world(n: int):
        for _ in range(n):
            o = actions.record_obstruction(
                person_case, rules.REFUSED_REPORT, clock.today, "逾期未报告", debtor, actor=cast.officer
            )
            m = actions.propose_measure(
                person_case,
                rules.FINE,
                debtor,
                actor=cast.officer,
                reason="x",
                amount=Decimal("100.00"),
                obstructions=[o],
            )
            actions.decide_measure(m, True, actor=cast.president)
            actions.draft_referral(
                person_case,
                debtor,
                actor=cast.officer,
                crime=rules.REFUSAL,
                facts="事实",
                police_unit="雄县公安局",
                obstructions=[o],
            )

    world(1)
    client.force_login(cast.president)
    client.get(page(person_case))
    with CaptureQueriesContext(connection) as one:
        client.get(page(person_case))
    world(4)
    with CaptureQueriesContext(connection) as five:
        response = client.get(page(person_case))
    assert counted(five) <= counted(one)
    assert response.content.decode().count('class="border rounded p-2 mb-2 measure"') == 5


def test_evidence_is_listed_with_its_fingerprint_and_opens(client, cast, person_case, clock):
    from django.utils import timezone

    from tests.measures.test_field_views import JPEG

    ev = actions.add_evidence(
        person_case,
        JPEG,
        actor=cast.officer,
        kind=rules.PHOTO,
        title="门口照片",
        original_name="a.jpg",
        content_type="image/jpeg",
        taken_at=timezone.now(),
    )
    html = html_of(client, cast.judge, person_case)
    row = html.split(f'data-evidence="{ev.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "门口照片" in row and ev.sha256[:16] in row and "李法官" not in row
    response = client.get(reverse("measures:evidence_file", args=[ev.pk]))
    assert response.status_code == 200 and b"".join(response) == JPEG
    client.force_login(cast.outsider)
    assert client.get(reverse("measures:evidence_file", args=[ev.pk])).status_code == 404


def test_a_referral_may_name_the_police_bureau_it_goes_to_over_http(client, cast, person_case, debtor):
    from zhixing.measures.models import Agency

    bureau = Agency.objects.create(
        code="XXGA", name="雄县公安局", kind=Agency.POLICE, url="http://127.0.0.1:9/"
    )
    Agency.objects.create(code="BJ", name="出入境管理", kind=Agency.BORDER, url="http://127.0.0.1:9/")
    html = html_of(client, cast.officer, person_case)
    form = html.split("referral-form", 1)[1].split("</form>", 1)[0]
    assert "雄县公安局" in form and "出入境管理" not in form
    client.post(
        reverse("measures:draft_referral", args=[person_case.pk]),
        {
            "party": debtor.pk,
            "crime": rules.REFUSAL,
            "police_unit": "雄县公安局",
            "facts": "拒不履行",
            "agency": bureau.pk,
        },
    )
    assert Referral.objects.get().agency == bureau


def test_a_wrong_file_is_superseded_with_a_reason_and_both_stay(client, cast, person_case):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from tests.measures.test_field_views import JPEG
    from zhixing.measures.models import Evidence

    old = actions.add_evidence(
        person_case,
        JPEG,
        actor=cast.officer,
        kind=rules.PHOTO,
        title="拍错的照片",
        original_name="a.jpg",
        content_type="image/jpeg",
        taken_at=timezone.now(),
    )
    assert "supersede-form" in html_of(client, cast.officer, person_case)
    new_file = SimpleUploadedFile("b.jpg", JPEG + b"\x00", content_type="image/jpeg")
    response = client.post(
        reverse("measures:supersede_evidence", args=[old.pk]),
        {"reason": "拍摄对象有误", "title": "正确的照片", "file": new_file},
        follow=True,
    )
    assert "原证据保留" in response.content.decode()
    old.refresh_from_db()
    assert Evidence.objects.count() == 2 and old.superseded_by.title == "正确的照片"
    assert (
        "拍摄对象有误" in response.content.decode().split(f'data-evidence="{old.pk}"', 1)[1].split("</tr>")[0]
    )

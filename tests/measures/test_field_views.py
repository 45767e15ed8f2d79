"""The phone-sized field page (/measures/field/<operation id>/): a member starts the operation, checks
in, records a finding, takes cash with two officers, uploads a photo from the phone's camera, seizes
on the spot and closes it; finance's 接收 books the cash into the case account the same day. Every
refusal comes back as the action's Chinese message; only members use the page; its query count does
not grow with the records."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.measures.ops_world import vehicle_registry
from tests.measures.test_board_views import counted, plan
from zhixing.funds.queries import case_balance
from zhixing.measures import actions, rules
from zhixing.measures.models import Evidence, FieldCash, FieldRecord, Operation

pytestmark = pytest.mark.django_db

# The smallest JPEG header a phone's camera would start with; the store checks the type, not pixels.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def field(op) -> str:
    return reverse("measures:field", args=[op.pk])


def post(client, op, name: str, data: dict, **kw):
    return client.post(reverse(f"measures:{name}", args=[op.pk]), data, follow=True, **kw)


def underway(courts, cast, case):
    op = plan(courts, cast, case)
    return actions.start_operation(op, actor=cast.officer)


def test_the_page_is_one_column_for_a_phone_with_the_camera_input(client, courts, cast, person_case):
    op = underway(courts, cast, person_case)
    client.force_login(cast.officer2)
    html = client.get(field(op)).content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert 'accept="image/*"' in html and 'capture="environment"' in html
    for form in ("checkin-form", "finding-form", "cash-form", "photo-form", "seize-form"):
        assert form in html
    assert "<table" not in html.split('id="field-page"', 1)[1]  # no wide tables on a phone
    assert "close-form" not in html  # the leader closes, not a team member


def test_the_leader_starts_from_the_field_page(client, courts, cast, person_case):
    op = plan(courts, cast, person_case)
    client.force_login(cast.officer)
    html = client.get(field(op)).content.decode()
    assert 'id="field-start"' in html and "checkin-form" not in html
    response = client.post(
        reverse("measures:start_operation", args=[op.pk]), {"next": field(op)}, follow=True
    )
    assert response.redirect_chain[-1][0] == field(op)
    op.refresh_from_db()
    assert op.status == Operation.UNDERWAY
    assert "checkin-form" in response.content.decode()


def test_the_whole_day_on_a_phone(client, courts, cast, person_case, debtor, pooled, clock):
    vehicle_registry()
    op = underway(courts, cast, person_case)
    client.force_login(cast.officer)
    response = post(client, op, "check_in", {"case": person_case.pk, "place": "3号楼楼下"})
    assert "已签到" in response.content.decode()
    post(client, op, "finding", {"case": person_case.pk, "text": "被执行人在家，同意当场交款", "place": ""})
    response = post(
        client,
        op,
        "take_cash",
        {
            "case": person_case.pk,
            "amount": "5000.00",
            "receipt_number": "XC-20261201-01",
            "payer_name": "赵某某",
            "officers": [cast.officer.pk, cast.officer2.pk],
        },
    )
    assert "已登记现场收款" in response.content.decode(), response.content.decode()[-3000:]
    cash = FieldCash.objects.get()
    assert set(cash.officers.all()) == {cast.officer, cast.officer2}
    photo = SimpleUploadedFile("IMG_0001.jpg", JPEG, content_type="image/jpeg")
    response = post(client, op, "upload", {"case": person_case.pk, "title": "现场照片", "file": photo})
    assert "已上传" in response.content.decode()
    ev = Evidence.objects.get()
    assert ev.operation == op and ev.kind == rules.PHOTO and ev.uploaded_by == cast.officer
    response = post(
        client,
        op,
        "seize",
        {"party": debtor.pk, "asset_type": "vehicle", "description": "白色轿车 冀X·12345", "value": "80000"},
    )
    assert "已查封扣押" in response.content.decode(), response.content.decode()[-3000:]
    html = response.content.decode()
    kinds = {r.kind for r in FieldRecord.objects.filter(operation=op)}
    assert {rules.CHECK_IN, rules.FINDING_RECORD, rules.CASH, rules.SEIZURE} <= kinds
    records = html.split('id="field-records"', 1)[1].split("</ul>", 1)[0]
    assert "3号楼楼下" in records and "同意当场交款" in records
    assert "待移交财务" in html

    # The leader closes the operation and reads its report.
    response = client.post(
        reverse("measures:close_operation", args=[op.pk]),
        {"summary": "收款五千元，扣押车辆一辆"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("measures:report", args=[op.pk])
    report = response.content.decode()
    assert "5000.00" in report.split('id="fig-money"', 1)[1].split("</div>", 1)[0]

    # Finance takes the cash over from the board: it is in the case account the same day.
    client.force_login(cast.finance)
    board = client.get(reverse("measures:board")).content.decode()
    assert f'action="{reverse("measures:hand_over_cash", args=[cash.pk])}"' in board
    response = client.post(reverse("measures:hand_over_cash", args=[cash.pk]), {}, follow=True)
    assert "已接收现场收款" in response.content.decode()
    cash.refresh_from_db()
    assert cash.handed_over_at is not None and cash.received_by == cast.finance and cash.receipt
    assert case_balance(person_case)[0] == Decimal("5000.00")


def test_one_officer_present_is_refused_in_chinese(client, courts, cast, person_case, pooled):
    op = underway(courts, cast, person_case)
    client.force_login(cast.officer)
    response = post(
        client,
        op,
        "take_cash",
        {
            "case": person_case.pk,
            "amount": "100.00",
            "receipt_number": "XC-1",
            "payer_name": "赵某某",
            "officers": [cast.officer.pk],
        },
    )
    assert "两名以上执行人员" in response.content.decode()
    assert not FieldCash.objects.exists()


def test_an_officer_cannot_receive_the_cash_only_finance(client, courts, cast, person_case, pooled):
    op = underway(courts, cast, person_case)
    cash = actions.take_cash(
        op,
        person_case,
        Decimal("100.00"),
        "XC-9",
        "赵某某",
        [cast.officer, cast.officer2],
        actor=cast.officer,
    )
    client.force_login(cast.officer)
    client.post(reverse("measures:hand_over_cash", args=[cash.pk]))
    cash.refresh_from_db()
    assert cash.handed_over_at is None


def test_only_members_use_the_field_page(client, courts, cast, person_case):
    op = underway(courts, cast, person_case)
    client.force_login(cast.judge)  # reads the board, not on the team
    assert client.get(field(op)).status_code == 403
    client.post(reverse("measures:check_in", args=[op.pk]), {"place": "x"})
    assert not FieldRecord.objects.exists()
    client.force_login(cast.outsider)
    assert client.get(field(op)).status_code == 404


def test_nothing_is_recorded_before_the_start_or_after_the_close(client, courts, cast, person_case):
    op = plan(courts, cast, person_case)
    client.force_login(cast.officer2)
    response = post(client, op, "check_in", {"place": "x"})
    assert response.status_code == 200
    assert not FieldRecord.objects.exists()


def test_the_field_page_reads_in_a_fixed_number_of_queries(client, courts, cast, person_case):
    op = underway(courts, cast, person_case)
    client.force_login(cast.officer2)
    actions.check_in(op, actor=cast.officer, place="A")
    client.get(field(op))
    with CaptureQueriesContext(connection) as one:
        client.get(field(op))
    for i in range(6):
        actions.record_finding(op, person_case, f"情况{i}", actor=cast.officer2)
        actions.add_evidence(
            person_case,
            JPEG + bytes([i]),
            actor=cast.officer2,
            kind=rules.PHOTO,
            title=f"照片{i}",
            original_name=f"{i}.jpg",
            content_type="image/jpeg",
            taken_at=op.started_at,
            operation=op,
        )
    with CaptureQueriesContext(connection) as seven:
        response = client.get(field(op))
    assert counted(seven) <= counted(one)
    assert response.content.decode().count("record-row") == 7

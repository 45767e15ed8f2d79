"""A field operation in Debian's Chromium (issue 13 "Must show"): the command centre 王指挥 plans an
operation on the desktop page (a case of 冀96, two officers, a car from the register, a deputy invited);
the leading officer 张执行 opens the field page on a phone-sized viewport (390×844), starts the
operation, checks in, takes 3,000.00 in cash with 陈执行 present (two officers, rules §5.3) — a single
officer is refused with the rule's Chinese message — uploads a photo (kept with its SHA-256 under
$ZHIXING_DATA_DIR/evidence/), and closes the operation; finance 赵财务 receives the cash from the board
(接收), so it is in the case account the same day; the operation report shows the money, the record
and the evidence. Screenshots: test-results/browser/measures-*.png."""

# ruff: noqa: F811 - the fixtures imported from tests/measures are parameters of the test
from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest

from tests.conftest import SHANGHAI
from tests.measures.conftest import debtor, person_case, pooled  # noqa: F401
from zhixing.funds.models import LedgerAccount
from zhixing.measures import actions, rules
from zhixing.measures.models import Evidence, FieldCash, Operation

from .pages import login, logout, no_sideways_scroll, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def png() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (320, 240), (200, 220, 240))
    ImageDraw.Draw(img).rectangle((40, 40, 280, 200), outline=(20, 40, 90), width=6)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def car(courts, cast):
    return actions.register_equipment(
        courts.xiongan, rules.VEHICLE, "冀A·J0001", "执行车一号", actor=cast.command
    )


def phone_login(page, username: str, password: str) -> None:
    """Sign in on a phone: the navigation is folded behind its toggler, so the signed-in name is in the
    page but not shown."""
    from playwright.sync_api import expect

    page.goto("/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-form button[type=submit]")
    expect(page.locator("#nav-user")).to_be_attached()


def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    context.set_default_timeout(20_000)
    return context, context.new_page()


def test_an_operation_is_planned_run_on_a_phone_and_reported(
    page, browser, live_server, person_case, pooled, car, cast, clock
):
    from playwright.sync_api import expect

    case = person_case
    today = clock.today

    # 1. The command centre plans the operation.
    login(page, "wang", "pw-wang")
    page.goto("/measures/operations/new/?court=冀96")
    form = page.locator("#plan-form")
    form.get_by_label("行动名称").fill("雄县凌晨集中执行行动")
    form.get_by_label("计划开始").fill(f"{today.isoformat()}T06:00")
    form.get_by_label("计划结束").fill(f"{today.isoformat()}T18:00")
    form.get_by_label("带队").select_option(label=str(cast.officer))
    page.locator("#plan-officers").get_by_label(str(cast.officer2)).check()
    page.locator("#plan-equipment").get_by_label(re.compile("执行车一号")).check()
    row = page.locator(".target-row").first
    row.get_by_label("案号").fill(case.case_number)
    row.get_by_label("地点").fill("雄县某小区3号楼2单元")
    row.get_by_label("任务").fill("查找被执行人，现场收取执行款")
    witness = page.locator(".witness-row").first
    witness.get_by_label("见证人姓名").fill("刘代表")
    witness.locator("select").select_option(label="人大代表")
    no_sideways_scroll(page)
    shot(page, "measures-01-plan")
    page.locator("#plan-submit").click()
    expect(page).to_have_url(re.compile(r"/measures/operations/\d+/$"))
    op = Operation.objects.get(name="雄县凌晨集中执行行动")
    assert op.status == Operation.PLANNED and op.bookings.filter(equipment=car).exists()
    shot(page, "measures-02-operation-planned")
    logout(page)

    # 2. The leading officer on a phone: start, check in, cash, photo, close.
    context, mobile = phone(browser, live_server)
    try:
        phone_login(mobile, "zhang", "pw-zhang")
        mobile.goto(f"/measures/field/{op.pk}/")
        expect(mobile.locator("#field-status")).to_have_attribute("data-status", Operation.PLANNED)
        no_sideways_scroll(mobile)
        shot(mobile, "measures-03-field-planned")
        mobile.locator("#field-start").click()
        expect(mobile.locator("#field-status")).to_have_attribute("data-status", Operation.UNDERWAY)

        checkin = mobile.locator("form.checkin-form")
        checkin.get_by_label("地点").fill("雄县某小区3号楼2单元门口")
        checkin.locator("button[type=submit]").click()
        expect(mobile.locator("#field-records .record-row[data-kind='check_in']")).to_have_count(1)
        no_sideways_scroll(mobile)

        # Cash with one officer present: refused, nothing written.
        cash = mobile.locator("form.cash-form")
        cash.get_by_label("金额（元）").fill("3000.00")
        cash.get_by_label("收据号").fill("XA-0001")
        cash.get_by_label("交款人").fill("赵某某")
        cash.get_by_label(str(cast.officer2)).uncheck()
        cash.locator("button[type=submit]").click()
        expect(mobile.locator("#messages .alert-danger")).to_contain_text("两名以上执行人员")
        assert not FieldCash.objects.exists()
        shot(mobile, "measures-04-cash-refused")

        cash = mobile.locator("form.cash-form")
        cash.get_by_label("金额（元）").fill("3000.00")
        cash.get_by_label("收据号").fill("XA-0001")
        cash.get_by_label("交款人").fill("赵某某")
        cash.get_by_label(str(cast.officer)).check()
        cash.get_by_label(str(cast.officer2)).check()
        cash.locator("button[type=submit]").click()
        expect(mobile.locator("#field-cash .cash-row")).to_contain_text("待移交财务")
        taken = FieldCash.objects.get()
        assert taken.amount == Decimal("3000.00") and taken.officers.count() == 2

        photo = mobile.locator("form.photo-form")
        photo.get_by_label("说明").fill("被执行人住所门口")
        photo.locator("input[type=file]").set_input_files(
            {"name": "door.png", "mimeType": "image/png", "buffer": png()}
        )
        photo.locator("button[type=submit]").click()
        expect(mobile.locator("#field-evidence .evidence-row")).to_contain_text("被执行人住所门口")
        evidence = Evidence.objects.get()
        assert evidence.operation_id == op.pk and len(evidence.sha256) == 64
        assert evidence.uploaded_by == cast.officer
        no_sideways_scroll(mobile)
        shot(mobile, "measures-05-field-recorded")

        close = mobile.locator("form.close-form")
        close.get_by_label("行动小结").fill("被执行人当场交付执行款3000元。")
        close.locator("button[type=submit]").click()
        # Closing leads to the operation's report, on the phone too.
        expect(mobile).to_have_url(re.compile(rf"/measures/operations/{op.pk}/report/$"))
        expect(mobile.locator("#fig-records")).not_to_have_text("0")
        no_sideways_scroll(mobile)
        shot(mobile, "measures-06-report-on-phone")
        op.refresh_from_db()
        assert op.status == Operation.CLOSED
    finally:
        context.close()

    # 3. Finance receives the cash from the board: in the case account the same day.
    login(page, "zhao", "pw-zhao")
    page.goto("/measures/board/?court=冀96")
    row = page.locator(f"#board-cash tr[data-cash='{taken.pk}']")
    expect(row).to_contain_text("3000.00")
    shot(page, "measures-07-board-cash")
    row.get_by_role("button", name="接收").click()
    expect(page.locator("#messages .alert-success")).to_be_visible()
    taken.refresh_from_db()
    assert taken.receipt is not None
    assert taken.handed_over_at.astimezone(SHANGHAI).date() == today
    assert taken.receipt.booked_on == today
    assert LedgerAccount.objects.get(case=case).balance == Decimal("3000.00")
    logout(page)

    # 4. The report, read by the command centre.
    login(page, "wang", "pw-wang")
    page.goto(f"/measures/operations/{op.pk}/report/")
    expect(page.locator("#fig-cases")).to_have_text("1")
    expect(page.locator("#fig-money")).to_contain_text("3000.00")
    expect(page.locator("#fig-evidence")).to_have_text("1")
    expect(page.locator(f"#report-rows .report-row[data-case='{case.pk}']")).to_contain_text("3000.00")
    no_sideways_scroll(page)
    shot(page, "measures-08-report")

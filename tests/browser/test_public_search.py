"""The public search in Debian's Chromium (issue 11 "Must show"): search by name, by identity code (a
15-digit one too) and by part of a name, switch to the consumption-restriction tab by keyboard, see
the masked records; axe-core (tests/browser/axe.py) finds no serious or critical violation on the form,
the results or a refusal. Screenshots go to test-results/browser/ (public-*.png)."""

from __future__ import annotations

import pytest

from tests.browser.axe import check
from tests.portal.public_entries import LI_ID, UNIT_CODE, ZHANG_ID, ZHANG_ID_15, add
from zhixing.credit.models import PublicEntry

from .pages import no_sideways_scroll, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
MASKED = ZHANG_ID[:6] + "********" + ZHANG_ID[-4:]


@pytest.fixture(autouse=True)
def no_limit(settings):
    settings.ZHIXING_PUBLIC_RATE_PER_MINUTE = 0


def accessible(page, name: str) -> None:
    no_sideways_scroll(page)
    shot(page, f"public-{name}")
    serious = [v for v in check(page) if v.get("impact") in ("serious", "critical")]
    assert serious == [], f"{name}: {[(v.get('id'), v.get('help')) for v in serious]}"


def test_search_by_name_and_by_code_shows_masked_records(page):
    from playwright.sync_api import expect

    add("张三丰", ZHANG_ID)
    add("张三丰", ZHANG_ID, kind=PublicEntry.RESTRICTED)
    add("李四", LI_ID, kind=PublicEntry.TERMINATED)
    add("雄安华信建筑工程有限公司", UNIT_CODE, legal_representative="王五")

    page.goto("/public/")
    expect(page.locator("h1")).to_contain_text("公开查询")
    expect(page.locator("#rate-note")).to_contain_text("不设图形验证码")
    accessible(page, "form")

    page.get_by_label("被执行人姓名/名称").fill("张三丰")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#tab-dishonest")).to_have_attribute("aria-current", "page")
    records = page.locator("#results .record")
    expect(records).to_have_count(1)
    expect(records.first).to_contain_text(MASKED)
    assert ZHANG_ID not in page.locator("#results").inner_text()
    accessible(page, "by-name")

    # The consumption-restriction tab, by keyboard.
    page.locator("#tab-restricted").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#tab-restricted")).to_have_attribute("aria-current", "page")
    expect(page.locator("#kind-heading")).to_have_text("限制消费人员")
    expect(page.locator("#results .record")).to_have_count(1)

    page.goto("/public/")
    page.get_by_label("身份证号码/统一社会信用代码").fill(ZHANG_ID_15)  # the 15-digit form
    page.get_by_label("身份证号码/统一社会信用代码").press("Enter")
    expect(page.locator("#results .record").first).to_contain_text(MASKED)
    expect(page.locator("#tab-dishonest")).to_contain_text("1")
    expect(page.locator("#tab-restricted")).to_contain_text("1")
    accessible(page, "by-code")

    page.goto("/public/")
    page.get_by_label("被执行人姓名/名称").fill("华信建筑")
    page.get_by_label("按姓名/名称的一部分查询（至少 3 个字）").check()
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#results .record")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("王五")

    page.goto("/public/")
    page.get_by_label("被执行人姓名/名称").fill("张三")
    page.get_by_label("按姓名/名称的一部分查询（至少 3 个字）").check()
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#search-error")).to_contain_text("至少输入 3 个字")
    accessible(page, "refused")

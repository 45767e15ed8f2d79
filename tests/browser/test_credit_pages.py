"""Credit measures in Debian's Chromium through Playwright: the officer proposes listing the unit debtor
(ground 4, its legal representative named) from the case page's 信用惩戒 panel; the president opens
the signing queue, signs it, and the panel shows the listing 已公布 with its decision and the
consumption restriction binding the legal representative (code masked); the command centre opens
the credit board. Screenshots go to test-results/browser/ and /tmp/credit_*.png; no page scrolls
sideways."""

from __future__ import annotations

import re

import pytest

from tests.credit.conftest import REP_ID
from zhixing.credit.actions import removals
from zhixing.credit.models import Agency, Listing

from . import pages
from .pages import login, logout, no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def shot(page, name: str) -> None:
    pages.shot(page, name)
    page.screenshot(path=f"/tmp/{name}.png", full_page=True)


def test_officer_proposes_president_signs_panel_shows_published_and_restriction(page, cast, file_case, clock):
    import datetime as dt

    from playwright.sync_api import expect

    Agency.objects.create(code="CREDIT-HE", name="河北省社会信用信息中心", kind="credit_office",
                          subscribes=["list", "change", "remove"])  # fmt: skip
    case = file_case()
    login(page, "zhang", "pw-zhang")
    page.goto(f"/cases/{case.pk}/")
    panel = page.locator("#credit")
    expect(panel).to_contain_text("信用惩戒")
    expect(panel).to_contain_text("本案没有失信名单记录")
    panel.locator("#propose-listing summary").click()
    form = panel.locator("#propose-listing-form")
    form.locator("select[name=ground]").select_option("4")
    form.locator("textarea[name=facts]").fill("拒不申报财产，经传唤未到庭说明财产情况")
    form.locator("input[name=rep_name]").fill("孙某")
    form.locator("input[name=rep_id]").fill(REP_ID)
    no_sideways_scroll(page)
    shot(page, "credit_propose")
    form.locator("#propose-listing-submit").click()
    expect(page.locator(".alert-success")).to_contain_text("待院领导审批")
    expect(panel.locator(".listing-status")).to_have_text("待审批")
    expect(panel.locator(".decide-listing-form")).to_have_count(0)
    logout(page)

    login(page, "liu", "pw-liu")
    page.click("#navbar >> text=信用惩戒")
    expect(page.locator("h1")).to_contain_text("信用惩戒审批")
    row = page.locator(".approval-listing")
    expect(row).to_contain_text(case.case_number)
    expect(row).to_contain_text("雄安某建设有限公司")
    expect(row).to_contain_text("违反财产报告制度")
    no_sideways_scroll(page)
    shot(page, "credit_approvals")
    row.locator("a").first.click()
    expect(page.locator("#credit .decide-listing-form")).to_be_visible()
    page.locator("#credit .decide-listing-form button").click()
    expect(page.locator(".alert-success")).to_contain_text("已签发失信决定书")
    panel = page.locator("#credit")
    expect(panel.locator(".listing-status")).to_have_text("已公布")
    expect(panel.locator(".publish-on")).to_have_text(clock.today.isoformat())
    expect(panel.locator(".restriction-status")).to_have_text("已发出")
    expect(panel.locator(".bound-person")).to_contain_text("法定代表人 孙某")
    expect(panel.locator(".bound-person")).to_contain_text(REP_ID[:6] + "********" + REP_ID[-4:])
    assert REP_ID not in page.content()
    listing = Listing.objects.get()
    expect(panel.locator(f'a[href="/documents/{listing.document_id}/pdf"]')).to_have_count(1)
    panel.scroll_into_view_if_needed()
    no_sideways_scroll(page)
    shot(page, "credit_panel")
    logout(page)

    # ten days later, a trigger noted on the day of the listing: the removal is overdue on the board
    listed_on = clock.today
    clock.move_to(listed_on + dt.timedelta(days=10))
    removals.note_trigger(listing, "performed", actor=cast.officer, on=listed_on)
    login(page, "wang", "pw-wang")
    page.click("#navbar >> text=信用惩戒")
    expect(page.locator("h1")).to_contain_text("信用惩戒面板")
    page.select_option("#court-picker", "冀96")
    row = page.locator(f'.removal-row[data-listing="{listing.pk}"]')
    expect(row).to_contain_text(case.case_number)
    expect(row).to_contain_text("超期")
    expect(row).to_have_class(re.compile("table-danger"))
    expect(page.locator("#removal-overdue")).to_have_text("1")
    expect(page.locator(".push-row")).to_contain_text("河北省社会信用信息中心")
    no_sideways_scroll(page)
    shot(page, "credit_centre")

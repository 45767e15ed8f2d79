"""Network inquiry in Debian's Chromium through Playwright: the officer opens a case whose debtor has
a frozen deposit and an unsealed house and sees the register (account masked) with the actions on it;
the command centre opens the measure-expiry calendar with a lapsed measure in red. Screenshots go to
test-results/browser/; no page scrolls sideways."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.inquiry import test_pages as inquiry_pages
from tests.inquiry.test_pages import ACCOUNT, DEBTOR, add_asset, add_measure
from zhixing.inquiry import rules
from zhixing.inquiry.models import Measure

from . import pages
from .pages import login, logout, no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

institutions = inquiry_pages.institutions
registered = inquiry_pages.registered


def test_officer_sees_the_register_and_the_command_centre_the_calendar(page, cast, registered, clock):
    from playwright.sync_api import expect

    case, deposit, house, frozen = registered
    lapsed = add_measure(
        add_asset(case, deposit.institution, rules.DEPOSIT, "L1", Decimal("10.00"), "6222000000000001"),
        status=Measure.LAPSED, start=clock.today - dt.timedelta(days=400), amount=Decimal("10.00"),
        lapsed_on=clock.today - dt.timedelta(days=35),
    )  # fmt: skip

    login(page, "zhang", "pw-zhang")
    page.goto(f"/cases/{case.pk}/")
    panel = page.locator("#inquiry")
    expect(panel).to_contain_text("网络查控")
    expect(panel.locator("#start-inquiry")).to_have_text("发起网络查控")
    expect(panel).to_contain_text("财产登记")
    expect(panel).to_contain_text(DEBTOR)
    expect(panel).to_contain_text("中国工商银行")
    expect(panel).to_contain_text("****3445")
    expect(panel).to_contain_text("轮候第 2 位")
    expect(panel.locator(f'[data-measure="{frozen.pk}"] .renew-form button')).to_have_text("续行")
    expect(panel.locator(f'[data-asset="{house.pk}"] .freeze-form button')).to_have_text("查封")
    assert ACCOUNT not in page.content()
    panel.scroll_into_view_if_needed()
    no_sideways_scroll(page)
    pages.shot(page, "inquiry-case-panel")
    logout(page)

    login(page, "wang", "pw-wang")
    page.click("#navbar >> text=网络查控")
    page.select_option("#court-picker", "冀96")
    expect(page.locator("h1")).to_contain_text("查控措施到期日历")
    expect(page.locator("#lapsed-heading")).to_contain_text("已失效（到期未续行）")
    expect(page.locator(f'.lapsed-row[data-measure="{lapsed.pk}"]')).to_contain_text(case.case_number)
    page.click("text=365 日")
    expect(page.locator("#upcoming-heading")).to_contain_text("未来 365 日内到期")
    expect(page.locator(f'[data-measure="{frozen.pk}"]')).to_contain_text(frozen.expiry.isoformat())
    no_sideways_scroll(page)
    pages.shot(page, "inquiry-calendar")

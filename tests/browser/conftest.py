"""Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright (never a downloaded
browser), and a page on the live server. The helpers every walk uses are in tests/browser/pages.py."""

from __future__ import annotations

import os

import pytest

from .pages import ARGS, CHROMIUM, SHOTS


@pytest.fixture
def browser(monkeypatch):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"needs Debian's Chromium at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are still
    # synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        # headless=False: the headless mode is chosen by --headless=new in ARGS, not by Playwright.
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=False)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 900}
    )
    context.set_default_timeout(20_000)
    pg = context.new_page()
    yield pg
    context.close()

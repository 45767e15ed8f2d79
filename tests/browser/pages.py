"""What every browser walk does: sign in and out, take a screenshot, check nothing scrolls sideways."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "browser"


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


def login(page, username: str, password: str) -> None:
    from playwright.sync_api import expect

    page.goto("/")
    expect(page.locator("#login-form")).to_be_visible()
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-form button[type=submit]")
    expect(page.locator("#nav-user")).to_be_visible()


def logout(page) -> None:
    from playwright.sync_api import expect

    page.click("#logout")
    expect(page.locator("#login-form")).to_be_visible()

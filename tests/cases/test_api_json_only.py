"""The API answers JSON even to a browser: DRF's browsable pages are English (issue 7, Chinese everywhere
a staff member looks); the readable documentation is /api/docs/."""

from __future__ import annotations


def test_a_browser_opening_the_api_gets_json_not_an_english_page(client, cast):
    client.force_login(cast.officer)
    res = client.get("/api/v1/cases/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert res.status_code == 200
    assert res["Content-Type"].startswith("application/json")
    assert "Django REST framework" not in res.content.decode()

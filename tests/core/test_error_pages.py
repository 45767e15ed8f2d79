"""Chinese 403 (CSRF), 404 and 500 pages with DEBUG off, as `zhixing serve` runs (issue 7, Build 6)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import path


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom)]  # for the 500 page (pytest.mark.urls)


@pytest.mark.django_db
def test_an_unknown_case_shows_the_chinese_404(client, cast, settings):
    settings.DEBUG = False
    client.force_login(cast.officer)
    res = client.get("/cases/999999999/")
    assert res.status_code == 404
    assert "页面不存在" in res.content.decode() and "Not Found" not in res.content.decode()


@pytest.mark.django_db
def test_a_form_that_fails_csrf_shows_a_chinese_page(cast, settings):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    res = client.post("/accounts/login/", {"username": "zhang", "password": "pw-zhang"})
    page = res.content.decode()
    assert res.status_code == 403 and "安全校验未通过" in page and "刷新后重新提交" in page
    assert "cookie not set" not in page and "Forbidden" not in page


@pytest.mark.urls(__name__)
def test_a_failing_view_shows_the_chinese_500(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    res = client.get("/boom/")
    assert res.status_code == 500
    page = res.content.decode()
    assert "服务器错误" in page and "Server Error" not in page and "a bug" not in page

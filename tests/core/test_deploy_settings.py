"""Production configuration (issue 7 security): security headers always, every HTTPS-only setting
switched on together by ZHIXING_HTTPS=1, `zhixing check --deploy` silent for a production
configuration, and an 8-hour staff session."""

from __future__ import annotations

import secrets

import pytest

from .procs import settings_of, zhixing


@pytest.mark.django_db
def test_security_headers_on_every_page_and_no_https_settings_on_plain_http(client):
    res = client.get("/accounts/login/")
    assert res.status_code == 200
    assert res["X-Frame-Options"] == "DENY"
    assert res["X-Content-Type-Options"] == "nosniff"
    assert res["Referrer-Policy"] == "same-origin"
    assert res["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in res  # `make run` serves plain HTTP on loopback


def test_https_switches_every_https_setting_on_together(tmp_path):
    names = (
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
    )
    on = dict(zip(names, settings_of(tmp_path, *names, ZHIXING_HTTPS="1"), strict=True))
    assert on["SECURE_SSL_REDIRECT"] == on["SECURE_HSTS_PRELOAD"] == on["SESSION_COOKIE_SECURE"] == "True"
    assert on["SECURE_HSTS_INCLUDE_SUBDOMAINS"] == on["CSRF_COOKIE_SECURE"] == "True"
    assert int(on["SECURE_HSTS_SECONDS"]) >= 365 * 24 * 3600
    assert on["SECURE_PROXY_SSL_HEADER"] == repr(("HTTP_X_FORWARDED_PROTO", "https"))
    off = dict(zip(names, settings_of(tmp_path, *names), strict=True))
    assert off["SECURE_SSL_REDIRECT"] == off["SESSION_COOKIE_SECURE"] == "False"
    assert off["SECURE_HSTS_SECONDS"] == "0" and off["SECURE_PROXY_SSL_HEADER"] == "None"


def test_check_deploy_is_silent_for_a_production_configuration(tmp_path):
    key = secrets.token_urlsafe(64)
    done = zhixing(
        tmp_path, "check", "--deploy", ZHIXING_DEBUG="0", ZHIXING_SECRET_KEY=key, ZHIXING_HTTPS="1"
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_check_deploy_reports_what_is_missing(tmp_path):
    done = zhixing(tmp_path, "check", "--deploy", ZHIXING_DEBUG="1", ZHIXING_SECRET_KEY="short")
    assert done.returncode == 1
    for code in ("security.W018", "security.W009", "security.W004", "security.W008", "security.W012"):
        assert code in done.stderr
    assert "部署检查未通过" in done.stderr


@pytest.mark.django_db
def test_a_staff_session_lasts_eight_hours(client, cast):
    res = client.post("/accounts/login/", {"username": "zhang", "password": "pw-zhang"})
    assert res.status_code == 302
    assert res.cookies["sessionid"]["max-age"] == 8 * 3600
    assert res.cookies["sessionid"]["httponly"]

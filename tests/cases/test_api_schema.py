"""The OpenAPI schema validates with no warning, and the docs work with no internet access (for
signed-in users: tests/cases/test_security_api.py)."""

from __future__ import annotations

import re

import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.test import APIClient


def test_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    # Exactly what `zhixing spectacular --validate --fail-on-warn --file …` runs; any warning fails.
    call_command("spectacular", validate=True, fail_on_warn=True, file=str(out))
    schema = yaml.safe_load(out.read_text(encoding="utf-8"))
    paths = schema["paths"]
    for path in (
        "/api/v1/cases/",
        "/api/v1/cases/{id}/",
        "/api/v1/cases/{id}/assign-handler/",
        "/api/v1/cases/{id}/request-closure/",
        "/api/v1/cases/{id}/approve-closure/",
        "/api/v1/cases/{id}/resume/",
        "/api/v1/cases/{id}/parties/",
        "/api/v1/cases/{id}/nodes/record/",
        "/api/v1/nodes/",
        "/api/v1/nodes/record/",
        "/api/v1/funds/receipts/",
        "/api/v1/funds/receipts/{id}/",
        "/api/v1/funds/receipts/{id}/claim/",
        "/api/v1/funds/receipts/{id}/approve-claim/",
        "/api/v1/funds/payouts/",
        "/api/v1/funds/payouts/{id}/",
        "/api/v1/funds/payouts/{id}/approve/",
        "/api/v1/funds/cases/{case_id}/",
        "/api/v1/funds/report/",
    ):
        assert path in paths, path
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])
    amount = schema["components"]["schemas"]["Case"]["properties"]["applied_amount"]
    assert amount["type"] == "string" and amount["format"] == "decimal"


def _signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_schema_is_served(cast):
    res = _signed_in(cast.officer).get("/api/schema/")
    assert res.status_code == 200
    assert b"/api/v1/cases/" in res.content


def test_docs_load_nothing_from_outside(cast):
    res = _signed_in(cast.officer).get("/api/docs/")
    assert res.status_code == 200
    html = res.content.decode()
    assert "swagger-ui" in html
    # Every script and stylesheet is one of our own static files, and exists.
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert assets
    for url in assets:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url
    assert "cdn" not in html.lower() and "https://" not in html
    # Nor does the page call out: the online validator badge is off.
    assert '"validatorUrl": null' in html


def test_redoc_loads_nothing_from_outside(cast):
    res = _signed_in(cast.officer).get("/api/redoc/")
    assert res.status_code == 200
    assert "cdn" not in res.content.decode().lower()

"""core asks courts about roles through a seam (zhixing.core.permissions), since core imports nothing
of courts (issue 8 item 3): the questions are a closed list and an unanswered one refuses, never passes."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured

from zhixing.core import permissions


def test_courts_answers_every_question_core_asks():
    assert set(permissions._answers) == set(permissions.QUESTIONS)


def test_a_misspelt_question_fails_at_once():
    with pytest.raises(ImproperlyConfigured):
        permissions.provide("is_admin", lambda user: True)
    with pytest.raises(ImproperlyConfigured):
        permissions.ask("is_admin", None)


def test_an_unanswered_question_refuses_instead_of_passing(monkeypatch):
    monkeypatch.setattr(permissions, "_answers", {})
    with pytest.raises(ImproperlyConfigured):
        permissions.is_administrator(type("U", (), {"is_superuser": False, "is_authenticated": True})())


def test_the_administrators_login_page_is_throttled():
    from zhixing.courts.throttle import ThrottledLoginFormMixin

    assert issubclass(admin.site.login_form, ThrottledLoginFormMixin)

"""Fixtures for the documents tests: generated PDFs go to a temporary MEDIA_ROOT, and the public
page's rate limit is off unless a test turns it on."""

from __future__ import annotations

import pytest

from zhixing.documents import actions


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.ZHIXING_VERIFY_RATE_PER_MINUTE = 0
    settings.ZHIXING_PUBLIC_URL = "https://zx.example.court.gov.cn"
    return settings.MEDIA_ROOT


@pytest.fixture
def case(file_case):
    return file_case()


@pytest.fixture
def issue(cast):
    """Issue a document as the case handler (张执行) unless told otherwise."""

    def _issue(case, kind="execution_notice", actor=None, on=None):
        return actions.issue_document(case, kind, actor=actor or cast.officer, on=on)

    return _issue

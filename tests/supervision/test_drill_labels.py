"""The drill-down names each case's closure method in Chinese, as the bulletin's reader knows them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.supervision import test_indicators_data as fixtures
from tests.supervision.test_indicators_data import WEEK
from zhixing.cases import rules
from zhixing.supervision import actions

data_dir, dataset = fixtures.data_dir, fixtures.dataset


@pytest.mark.django_db
def test_drill_page_shows_closure_methods_by_name(dataset, cast, client):
    made = actions.make_bulletin(WEEK, actor=cast.command)
    client.force_login(cast.command)
    url = reverse("supervision:drill", args=[made.pk]) + "?court=冀96&area=0&key=closed&part=numerator"
    html = client.get(url).content.decode()
    table = html[html.index('id="drill-cases"') :]
    for label in ("执行完毕", "终结本次执行程序", "不予执行"):
        assert f"<td>{label}</td>" in table, label
    for code in rules.CLOSURE_LABELS:
        assert not re.search(rf"\b{code}\b", table), code

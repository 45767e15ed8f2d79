"""The route to the wage crime (rules §10.1.4, Criminal Law art 276-1) through the refusal-to-enforce
referral: on a wage case's measures page the referral form offers 拒不支付劳动报酬罪 (measures
Referral.crime "art276_1"), and a referral drafted for it is recorded under that crime. (Whether the
form defaults to it for a wage case is measures' to decide; see the wage-priority report.)"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from zhixing.cases.models import Party
from zhixing.measures import actions as measures_actions
from zhixing.measures import rules as measures_rules

pytestmark = pytest.mark.django_db


def test_the_referral_form_of_a_wage_case_offers_the_wage_crime(client, cast, wage_case):
    assert wage_case.is_migrant_wage
    client.force_login(cast.officer)
    html = client.get(reverse("measures:case", args=[wage_case.pk])).content.decode()
    select = re.search(r'<select name="crime"[^>]*>(.*?)</select>', html, re.S)
    assert select, "the referral form is on the page"
    assert 'value="art276_1"' in select.group(1) and "拒不支付劳动报酬罪（刑法第276条之一）" in select.group(
        1
    )


def test_a_referral_for_the_wage_crime_is_recorded_under_it(cast, wage_case):
    debtor = wage_case.parties.get(role=Party.DEBTOR)
    referral = measures_actions.draft_referral(
        wage_case,
        debtor,
        actor=cast.officer,
        crime=measures_rules.WAGE,
        facts="被执行人有能力支付而拒不支付农民工工资，经人力资源社会保障部门责令支付后仍不支付。",
        police_unit="雄安新区公安局",
    )
    assert referral.crime == "art276_1"
    assert referral.get_crime_display() == "拒不支付劳动报酬罪（刑法第276条之一）"

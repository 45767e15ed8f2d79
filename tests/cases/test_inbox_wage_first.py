"""Migrant-worker wage cases first in the officer's inbox (rules §10.1.2 "priority execution"): their
nodes come before other cases' nodes whatever the deadlines, on the page (with its state filter) and
in queries.inbox_nodes, and the row carries a 农民工工资 badge."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import APPLICANT_ID
from tests.measures.conftest import DEBTOR_ID
from zhixing.cases import actions as case_actions
from zhixing.cases import queries
from zhixing.cases.actions.common import today
from zhixing.cases.models import Node, Party

pytestmark = pytest.mark.django_db


@pytest.fixture
def loan_case(file_case):
    """A loan case filed earlier than the wage case: its nodes fall due first."""
    return file_case(
        filed_on=dt.date(2026, 1, 5),
        applied_amount=Decimal("200000.00"),
        parties=[
            case_actions.PartyInput(Party.APPLICANT, "王申请", APPLICANT_ID),
            case_actions.PartyInput(Party.DEBTOR, "赵某某", DEBTOR_ID),
        ],
        cause="民间借贷纠纷",
    )


@pytest.fixture
def wage_case(file_case, loan_case):
    return file_case(filed_on=dt.date(2026, 3, 2))


def case_order(html: str) -> list[str]:
    """The case numbers of the inbox rows, top to bottom."""
    return re.findall(r'class="inbox-row[^"]*">\s*<td><a href="[^"]+">([^<]+)</a>', html)


def test_wage_nodes_come_before_earlier_deadlines_of_other_cases(cast, loan_case, wage_case):
    assert wage_case.is_migrant_wage and not loan_case.is_migrant_wage
    nodes = list(queries.inbox_nodes(cast.officer))
    flags = [n.case.is_migrant_wage for n in nodes]
    assert flags == sorted(flags, reverse=True) and True in flags and False in flags
    # The loan case's nodes are due earlier, yet come after.
    assert min(n.due_on for n in nodes if not n.case.is_migrant_wage) < min(
        n.due_on for n in nodes if n.case.is_migrant_wage
    )
    # Within each group, most urgent first.
    wage_dues = [n.due_on for n in nodes if n.case.is_migrant_wage]
    assert wage_dues == sorted(wage_dues)


def test_the_page_lists_wage_cases_first_with_a_badge(client, cast, loan_case, wage_case):
    client.force_login(cast.officer)
    html = client.get(reverse("cases:inbox")).content.decode()
    order = case_order(html)
    assert order and order[0] == wage_case.case_number and order[-1] == loan_case.case_number
    n_wage = Node.objects.filter(case=wage_case, done_on__isnull=True, due_on__isnull=False).count()
    assert html.count("wage-badge") == n_wage
    assert "农民工工资</span>" in html


def test_the_state_filter_keeps_wage_cases_first(client, cast, loan_case, wage_case):
    Node.objects.filter(case=loan_case, kind__code="execution_notice").update(
        due_on=today() - dt.timedelta(days=90)
    )
    client.force_login(cast.officer)
    order = case_order(client.get(reverse("cases:inbox"), {"state": "overdue"}).content.decode())
    assert order[0] == wage_case.case_number and order[-1] == loan_case.case_number
    assert queries.inbox_nodes(cast.officer, state="overdue").first().case_id == wage_case.pk


def test_an_inbox_without_wage_cases_keeps_the_urgency_order(cast, loan_case):
    dues = [n.due_on for n in queries.inbox_nodes(cast.officer)]
    assert dues and dues == sorted(dues)

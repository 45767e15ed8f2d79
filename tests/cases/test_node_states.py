"""Node state is defined once (rules.STATE_CONDITIONS): the state rules.node_state gives a node is the
one state whose database filter (queries.state_q) matches its row, for any dates, day and due-soon window;
the open nodes (queries.open_nodes) are exactly those in an open state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhixing.cases import queries, rules
from zhixing.cases.models import Node

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 5, 10)
dates = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31))


def near(on: dt.date):
    """A date around `on`, so the edges (today, the last due-soon day, the day after) come up often."""
    return st.integers(-5, 40).map(lambda d: on + dt.timedelta(days=d))


@st.composite
def rows(draw):
    on = draw(dates)
    return (
        on,
        draw(st.integers(0, 30)),
        draw(st.none() | near(on)),
        draw(st.none() | near(on)),
        draw(st.none() | near(on)),
    )


@pytest.fixture
def node(file_case) -> Node:
    """One node, rewritten by every example (the fixture runs once per test, not per example)."""
    return file_case().nodes.first()


def test_every_state_has_a_label_and_the_conditions_are_the_states():
    assert list(rules.STATE_CONDITIONS) and set(rules.STATE_CONDITIONS) == set(rules.STATE_LABELS)


def test_edges_of_the_due_soon_window():
    for due, state in ((DAY - dt.timedelta(1), rules.OVERDUE), (DAY, rules.DUE_SOON)):
        assert rules.node_state(due, None, DAY, 3) == state
    assert rules.node_state(DAY + dt.timedelta(3), None, DAY, 3) == rules.DUE_SOON
    assert rules.node_state(DAY + dt.timedelta(4), None, DAY, 3) == rules.NORMAL
    assert rules.node_state(DAY, None, DAY, 0) == rules.DUE_SOON  # due today is not overdue


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=rows())
def test_python_state_is_the_one_state_whose_filter_matches_the_row(node, row):
    on, soon, due_on, done_on, cancelled_on = row
    Node.objects.filter(pk=node.pk).update(due_on=due_on, done_on=done_on, cancelled_on=cancelled_on)
    counts = Node.objects.filter(pk=node.pk).aggregate(
        **{s: Count("pk", filter=queries.state_q(s, on, soon)) for s in rules.STATE_CONDITIONS},
        open=Count("pk", filter=queries.conditions_q(rules.OPEN_CONDITIONS)),
    )
    is_open = bool(counts.pop("open"))
    matched = [s for s, n in counts.items() if n]
    state = rules.node_state(due_on, done_on, on, soon, cancelled_on)
    assert matched == [state]
    assert is_open == (state in rules.OPEN_STATES)  # the inbox's and command centre's nodes

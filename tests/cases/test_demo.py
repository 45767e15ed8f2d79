"""`zhixing demo` builds a province a reviewer can believe: every closure method, overdue nodes,
valid identity codes, working logins, and courts that see only their own cases."""

from __future__ import annotations

import datetime as dt
import random
import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import on_today
from zhixing.cases import rules
from zhixing.cases.actions.common import today
from zhixing.cases.demo import DEMO_PASSWORD, codes
from zhixing.cases.models import Case, ClosureRequest, Node, Party
from zhixing.cases.queries import visible_cases
from zhixing.core.audit import verify_chain
from zhixing.core.identity import age_at, check_identity
from zhixing.courts import rules as court_rules
from zhixing.courts.models import Court, User

MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One small demo province for the whole module (it takes seconds to build), rolled back after.
    Passwords are hashed as the suite's autouse fixture hashes them, so that they check in tests."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[MD5]), on_today():
        with transaction.atomic():
            out = StringIO()
            call_command("demo", cases=60, seed=7, stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_closure_method_appears(demo):
    methods = set(Case.objects.filter(status=Case.CLOSED).values_list("closure_method", flat=True))
    assert methods == set(rules.CLOSURE_LABELS)


@pytest.mark.django_db
def test_pending_cases_have_overdue_nodes_marked_by_the_scan(demo):
    overdue = Node.objects.filter(case__status=Case.PENDING, done_on__isnull=True, due_on__lt=today())
    assert overdue.exists()
    assert not overdue.filter(overdue_since__isnull=True).exists()


@pytest.mark.django_db
def test_pending_cases_also_have_nodes_not_yet_due(demo):
    assert Node.objects.filter(case__status=Case.PENDING, done_on__isnull=True, due_on__gte=today()).exists()


@pytest.mark.django_db
def test_every_party_has_a_valid_identity_code_and_people_are_adults(demo):
    parties = list(Party.objects.select_related("case"))
    assert parties
    for p in parties:
        res = check_identity(p.id_number, p.case.filed_on)
        assert res.valid, (p.name, p.id_number, res.error)
        assert res.is_person == (p.kind == Party.PERSON), (p.name, p.id_number)
        if res.is_person:
            assert p.id_number[:2] == "13"  # Hebei address codes
            assert age_at(res.birth_date, p.case.filed_on) >= 18


@pytest.mark.django_db
def test_demo_logins_authenticate_for_every_role(demo):
    for role in court_rules.ROLE_LABELS:
        user = User.objects.filter(grants__role=role).order_by("id").first()
        assert user is not None, role
        assert authenticate(username=user.username, password=DEMO_PASSWORD) == user
    admin = authenticate(username="admin", password=DEMO_PASSWORD)
    assert admin is not None and admin.is_superuser
    assert authenticate(username="admin", password="wrong") is None
    assert "admin" in demo and DEMO_PASSWORD in demo and "http://127.0.0.1:8000" in demo


@pytest.mark.django_db
def test_no_case_is_visible_to_a_user_of_another_court(demo):
    xiongan = Court.objects.get(code="冀96")
    shijiazhuang_officer = User.objects.get(username="shijiazhuang_officer1")
    assert Case.objects.filter(court__path__startswith=xiongan.path).exists()
    assert not visible_cases(shijiazhuang_officer).filter(court__path__startswith=xiongan.path).exists()
    for user in User.objects.filter(is_superuser=False).select_related("court"):
        seen = visible_cases(user).exclude(court__path__startswith=user.court.path)
        assert not seen.exists(), user.username


@pytest.mark.django_db
def test_xiongans_county_courts_have_their_real_codes_under_xiongan(demo):
    """Issue 7: 容城 冀0629, 安新 冀0632, 雄县 冀0638 keep their Baoding codes under 冀96 (rules §1.2.5)."""
    xiongan = Court.objects.get(code="冀96")
    below = {c.code: c.name for c in Court.objects.filter(parent=xiongan)}
    assert below == {"冀0629": "容城县人民法院", "冀0632": "安新县人民法院", "冀0638": "雄县人民法院"}
    assert not Court.objects.filter(code__startswith="冀96", level=court_rules.BASIC).exists()
    assert not Court.objects.filter(parent__code="冀06", code__in=list(below)).exists()
    for code in below:
        assert Case.objects.filter(court__code=code).exists()
        assert Case.objects.filter(case_number__contains=f"）{code}执").exists()
    officer = User.objects.get(username="xiongan_officer1")
    assert visible_cases(officer).filter(court__code="冀0638").exists()


@pytest.mark.django_db
def test_terminated_this_round_cases_meet_the_five_conditions_and_are_requeried(demo):
    ttr = Case.objects.filter(closure_method=rules.TERMINATED_THIS_ROUND)
    assert ttr.exists()
    for case in ttr:
        recorded = case.nodes.filter(done_on__lte=case.closed_on).values_list("kind__code", flat=True)
        assert rules.terminated_this_round_missing(recorded, case.filed_on, case.closed_on, 3) == []
        reinquiries = case.nodes.filter(kind__code="reinquiry")
        if case.resumptions.exists():  # resuming cancels the re-inquiries still to come
            assert not reinquiries.filter(done_on__isnull=True, cancelled_on__isnull=True).exists()
        else:
            assert reinquiries.count() == 10


@pytest.mark.django_db
def test_closing_is_approved_by_a_judge_who_is_not_the_handler(demo):
    approved = ClosureRequest.objects.filter(status=ClosureRequest.APPROVED).select_related("case")
    assert approved.count() == Case.objects.filter(status=Case.CLOSED).count()
    for req in approved:
        assert req.decided_by_id != req.case.handler_id
        assert req.decided_by.grants.filter(role=court_rules.JUDGE).exists()


@pytest.mark.django_db
def test_the_docket_has_resumed_preservation_livelihood_and_extended_cases(demo):
    assert Case.objects.filter(
        type_code="执恢", resumed_from__closure_method=rules.TERMINATED_THIS_ROUND
    ).exists()
    assert Case.objects.filter(type_code="执保").exists()
    assert Case.objects.filter(is_migrant_wage=True).exists()
    assert Case.objects.filter(is_livelihood=True).exists()
    assert Case.objects.filter(extension_months__gt=0).exists()
    assert Case.objects.filter(excluded_periods__end_on__isnull=False).exists()


@pytest.mark.django_db
def test_the_story_happens_in_the_last_two_years_and_never_in_the_future(demo):
    on = today()
    assert not Case.objects.filter(filed_on__gt=on).exists()
    assert not Case.objects.filter(filed_on__lt=on - dt.timedelta(days=800)).exists()
    assert not Node.objects.filter(done_on__gt=on).exists()
    later = re.search(r"另立执恢案件 (\d+) 件", demo)  # a broken settlement resumed (relief's demo)
    assert Case.objects.count() == 60 + (int(later.group(1)) if later else 0)


@pytest.mark.django_db
def test_the_audit_chain_of_the_demo_is_intact(demo):
    assert list(verify_chain()) == []


@pytest.mark.django_db
def test_running_again_changes_nothing(demo):
    before = Case.objects.count()
    out = StringIO()
    call_command("demo", cases=10, stdout=out)
    assert "已有数据" in out.getvalue()
    assert Case.objects.count() == before


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    division=st.sampled_from(sorted(codes.HEBEI_DIVISIONS)),
    on=st.dates(dt.date(2016, 1, 1), dt.date(2030, 12, 31)),
)
def test_generated_codes_pass_the_national_checks(seed, division, on):
    rng = random.Random(seed)
    birth = codes.birth_date(rng, on)
    sex = rng.choice("MF")
    person = check_identity(codes.resident_id(division, birth, sex, rng), on)
    assert person.valid and person.is_person and person.birth_date == birth
    assert age_at(birth, on) >= 18
    assert int(codes.resident_id(division, birth, sex, rng)[16]) % 2 == (sex == "M")
    for authority in ("91", "11"):
        unit = check_identity(codes.uscc(division, rng, authority))
        assert unit.valid and not unit.is_person


@pytest.mark.django_db
def test_deadlines_in_an_undeclared_year_show_as_provisional_and_only_those(demo):
    from zhixing.core.calendar import covered_years

    # Re-inquiry dates are whole months after 终本 (rules §2.3), counted without the holiday table.
    counted = Node.objects.filter(due_on__isnull=False, kind__amount_setting__gt="").exclude(
        kind__code="reinquiry"
    )
    beyond = {n.pk for n in counted if n.due_on.year not in covered_years()}
    assert set(counted.filter(due_provisional=True).values_list("pk", flat=True)) == beyond
    # Cases are filed on the story's last day too, so on 1 December the demo shows 暂定 deadlines.
    assert Case.objects.filter(filed_on=today()).exists() or today().weekday() >= 5
    if today().month == 12 and today().year + 1 not in covered_years():
        assert beyond

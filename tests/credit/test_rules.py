"""Examples of the credit rules (zhixing/credit/rules.py): each listing ground, the minor refusal, the
ground-(1) exclusions, terms and their expiry, every removal trigger with its working-day deadline on the
seeded 2026 calendar, the correction clocks, the 6-month re-listing lock, consumption restriction, the
certificate and the published record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhixing.core.calendar import Deadline
from zhixing.core.identity import mask_identity
from zhixing.credit import settings_keys as keys
from zhixing.credit.rules import (
    BOUND_CAPACITIES,
    CORRECTION_GROUNDS,
    EARLY_REMOVAL,
    EXCLUSIONS,
    GROUNDS,
    LIFT_REASONS,
    PERMIT_REASONS,
    PUBLIC_NAME_MIN,
    PUBLISHED_FIELDS,
    REMOVAL_TRIGGERS,
    RESTRICTED_ITEMS,
    ListingCheck,
    age_from_id,
    certificate_problems,
    correct_due_on,
    empty_reinquiries_enough,
    extension_problem,
    grace_problem,
    higher_court_due_on,
    lift_is_mandatory,
    listing_check,
    performance_status,
    publish_on,
    reconsideration_deadline,
    relisting_locked_until,
    removal_due_on,
    restriction_problem,
    restriction_required,
    review_due_on,
    revocation_due_on,
    search_problem,
    sex_from_id,
    term_end,
    triggers_for,
)

D = Decimal
ON = dt.date(2026, 9, 30)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
UNIT = "91330109699830509X"  # a valid unified social credit code (tests/core/test_identity.py)


def rid(birth: dt.date, serial: str = "123", address: str = "130629") -> str:
    """A valid 18-digit resident ID (rules §13.1) born on `birth`; the serial's last digit is the sex
    digit (odd: man)."""
    body = f"{address}{birth:%Y%m%d}{serial}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]


ADULT = rid(dt.date(1980, 5, 17))


# --- Grounds (rules §7.1.1) ------------------------------------------------------------------


def test_the_six_grounds_in_the_order_of_article_1():
    assert list(GROUNDS) == [1, 2, 3, 4, 5, 6]
    assert GROUNDS[1].startswith("有履行能力而拒不履行")
    assert "伪造证据" in GROUNDS[2] and "妨碍、抗拒执行" in GROUNDS[2]
    assert "虚假诉讼" in GROUNDS[3] and "规避执行" in GROUNDS[3]
    assert GROUNDS[4] == "违反财产报告制度"
    assert GROUNDS[5] == "违反限制消费令"
    assert "执行和解协议" in GROUNDS[6]


def test_ground_1_is_allowed_without_a_term():
    check = listing_check(ADULT, 1, ON)
    assert check == ListingCheck(True, (), None)
    assert check.as_json() == {"allowed": True, "reasons": [], "term_end": None}


@pytest.mark.parametrize("ground", [2, 3, 4, 5, 6])
def test_grounds_2_to_6_have_a_two_year_term(ground):
    check = listing_check(ADULT, ground, ON)
    assert check.allowed and check.reasons == ()
    assert check.term_end == dt.date(2028, 9, 30)
    assert check.as_json() == {"allowed": True, "reasons": [], "term_end": "2028-09-30"}


@pytest.mark.parametrize("ground", [0, 7, -1, 100])
def test_an_unknown_ground_is_refused(ground):
    check = listing_check(ADULT, ground, ON)
    assert not check.allowed and check.term_end is None
    assert "1 至 6" in check.reasons[0]


def test_a_unit_is_allowed_on_every_ground():
    for ground in GROUNDS:
        assert listing_check(UNIT, ground, ON).allowed


def test_an_invalid_identity_code_is_refused():
    bad = ADULT[:-1] + ("0" if ADULT[-1] != "0" else "1")
    check = listing_check(bad, 2, ON)
    assert not check.allowed and check.term_end is None
    assert "证件号码无效" in check.reasons[0] and "校验位" in check.reasons[0]
    assert not listing_check("", 2, ON).allowed
    assert not listing_check("abc", 1, ON).allowed


# --- Minors (rules §7.1.4) ------------------------------------------------------------------


@pytest.mark.parametrize("ground", list(GROUNDS))
def test_a_minor_is_refused_on_every_ground(ground):
    minor = rid(dt.date(2010, 3, 1))
    check = listing_check(minor, ground, ON)
    assert not check.allowed and check.term_end is None
    assert any("未满十八周岁" in r and "16 岁" in r for r in check.reasons)


def test_the_eighteenth_birthday_is_the_first_day_of_age():
    code = rid(dt.date(2008, 9, 30))
    assert not listing_check(code, 2, dt.date(2026, 9, 29)).allowed
    assert listing_check(code, 2, dt.date(2026, 9, 30)).allowed


def test_a_15_digit_id_is_read_as_born_in_the_1900s():
    assert listing_check("130629800517123", 1, ON).allowed  # born 1980-05-17
    assert listing_check("130629100301123", 1, ON).allowed  # born 1910-03-01, not 2010


def test_a_refusal_gathers_every_reason():
    minor = rid(dt.date(2012, 1, 1))
    check = listing_check(minor, 1, ON, exclusions=["guarantee"], extension_years=1)
    assert len(check.reasons) == 3
    assert all(isinstance(r, str) and r for r in check.reasons)


# --- Ground (1) exclusions (rules §7.1.3) ---------------------------------------------------------


def test_the_four_exclusions():
    assert list(EXCLUSIONS) == ["guarantee", "frozen_sufficient", "later_in_order", "not_refusal"]


@pytest.mark.parametrize("key", list(EXCLUSIONS))
def test_each_exclusion_refuses_ground_1(key):
    check = listing_check(ADULT, 1, ON, exclusions=[key])
    assert not check.allowed
    assert check.reasons == (f"{EXCLUSIONS[key]}，不得以有履行能力而拒不履行为由纳入失信被执行人名单",)


@pytest.mark.parametrize("key", list(EXCLUSIONS))
def test_exclusions_do_not_apply_to_other_grounds(key):
    assert listing_check(ADULT, 3, ON, exclusions=[key]).allowed


def test_an_unknown_exclusion_is_refused():
    check = listing_check(ADULT, 1, ON, exclusions=["bribe"])
    assert not check.allowed and "bribe" in check.reasons[0]


def test_frozen_property_that_suffices_refuses_ground_1():
    refused = listing_check(ADULT, 1, ON, frozen_total=D("100000.00"), owed=D("100000.00"))
    assert not refused.allowed and "足以清偿" in refused.reasons[0]
    assert listing_check(ADULT, 1, ON, frozen_total=D("99999.99"), owed=D("100000.00")).allowed
    assert listing_check(ADULT, 1, ON, frozen_total=D("5"), owed=None).allowed
    assert listing_check(ADULT, 2, ON, frozen_total=D("200000"), owed=D("1")).allowed
    # declared and computed together say it once
    both = listing_check(ADULT, 1, ON, exclusions=["frozen_sufficient"], frozen_total=D("2"), owed=D("1"))
    assert len(both.reasons) == 1


# --- Terms, extension, grace (rules §7.1.2, §7.2.6) ------------------------------------------------


@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        (dt.date(2026, 9, 30), 0, dt.date(2028, 9, 30)),
        (dt.date(2026, 9, 30), 1, dt.date(2029, 9, 30)),
        (dt.date(2026, 9, 30), 3, dt.date(2031, 9, 30)),
        (dt.date(2028, 2, 29), 0, dt.date(2030, 2, 28)),  # clamped
        (dt.date(2028, 2, 29), 2, dt.date(2032, 2, 29)),  # leap again
        (dt.date(2099, 12, 31), 3, dt.date(2104, 12, 31)),  # any year: no calendar
    ],
)
def test_term_end(start, years, end):
    assert term_end(4, start, years) == end


def test_ground_1_has_no_term_and_no_extension():
    assert term_end(1, ON) is None
    assert extension_problem(1, 0) is None
    assert "没有期限" in extension_problem(1, 1)
    with pytest.raises(ValueError):
        term_end(1, ON, 2)
    check = listing_check(ADULT, 1, ON, extension_years=1)
    assert not check.allowed and "不能延长" in check.reasons[0]


@pytest.mark.parametrize("years", [-1, 4, 10])
def test_an_extension_outside_1_to_3_years_is_refused(years):
    assert "1 至 3 年" in extension_problem(2, years)
    with pytest.raises(ValueError):
        term_end(2, ON, years)
    assert not listing_check(ADULT, 2, ON, extension_years=years).allowed


@pytest.mark.parametrize("years", [1, 2, 3])
def test_an_extension_of_1_to_3_years_is_allowed(years):
    assert extension_problem(5, years) is None
    assert listing_check(ADULT, 5, ON, extension_years=years).term_end == dt.date(2028 + years, 9, 30)


def test_term_end_refuses_an_unknown_ground():
    with pytest.raises(ValueError):
        term_end(7, ON)


def test_grace_period():
    for months in (0, 1, 2, 3):
        assert grace_problem(months) is None
    for months in (-1, 4, 12):
        assert "1 至 3 个月" in grace_problem(months)
    assert publish_on(ON, 0) == ON
    assert publish_on(ON, 1) == dt.date(2026, 10, 30)
    assert publish_on(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    with pytest.raises(ValueError):
        publish_on(ON, 4)


def test_term_expiry_is_removed_within_three_working_days(db):
    end = term_end(2, dt.date(2024, 9, 30))
    assert end == dt.date(2026, 9, 30)
    assert triggers_for(2) == ("term_expired",)
    assert removal_due_on(end) == Deadline(dt.date(2026, 10, 10), False, frozenset())


# --- Removal (rules §7.1.10) -------------------------------------------------------------------


def test_the_seven_triggers_and_term_expiry():
    assert list(REMOVAL_TRIGGERS) == [
        "performed",
        "settlement_performed",
        "applicant_request",
        "empty_reinquiries",
        "suspended",
        "not_enforced",
        "terminated",
        "term_expired",
    ]
    assert triggers_for(1) == tuple(list(REMOVAL_TRIGGERS)[:7])
    for ground in (2, 3, 4, 5, 6):
        assert triggers_for(ground) == ("term_expired",)
    assert EARLY_REMOVAL == ("performed",)
    with pytest.raises(ValueError):
        triggers_for(0)


@pytest.mark.django_db
@pytest.mark.parametrize("trigger", list(REMOVAL_TRIGGERS))
@pytest.mark.parametrize(
    ("trigger_on", "due"),
    [
        (dt.date(2026, 9, 30), dt.date(2026, 10, 10)),  # Oct 1–7 off; Sat Oct 10 is a make-up day
        (dt.date(2026, 9, 24), dt.date(2026, 9, 30)),  # Sep 25–27 off (Mid-Autumn)
        (dt.date(2026, 6, 3), dt.date(2026, 6, 8)),  # an ordinary week: Thu, Fri, Mon
        (dt.date(2026, 2, 12), dt.date(2026, 2, 24)),  # Feb 13, Sat Feb 14 (make-up), Feb 15–23 off, Feb 24
    ],
)
def test_every_trigger_has_a_three_working_day_deadline(trigger, trigger_on, due):
    assert trigger in REMOVAL_TRIGGERS
    deadline = removal_due_on(trigger_on)
    assert deadline.on == due and not deadline.provisional


@pytest.mark.django_db
def test_a_removal_deadline_in_an_undeclared_year_is_provisional():
    deadline = removal_due_on(dt.date(2031, 3, 7))  # a Friday
    assert deadline.on == dt.date(2031, 3, 12)
    assert deadline.provisional and deadline.undeclared_years == frozenset({2031})


def test_empty_reinquiries_need_two():
    assert not empty_reinquiries_enough(0)
    assert not empty_reinquiries_enough(1)
    assert empty_reinquiries_enough(2)
    assert empty_reinquiries_enough(5)


# --- Re-listing lock (rules §7.1.10) ----------------------------------------------------------


def test_six_month_lock_after_a_removal_on_the_applicants_request():
    until = relisting_locked_until(dt.date(2026, 8, 31), "applicant_request")
    assert until == dt.date(2027, 2, 28)
    for trigger in REMOVAL_TRIGGERS:
        if trigger != "applicant_request":
            assert relisting_locked_until(dt.date(2026, 8, 31), trigger) is None
    with pytest.raises(ValueError):
        relisting_locked_until(ON, "whim")


def test_the_lock_refuses_only_the_applicants_request_and_only_before_it_ends():
    until = relisting_locked_until(dt.date(2026, 3, 31), "applicant_request")
    assert until == dt.date(2026, 9, 30)
    day_before = dt.date(2026, 9, 29)
    refused = listing_check(ADULT, 1, day_before, relisting_locked_until=until, applicant_requested=True)
    assert not refused.allowed and "六个月" in refused.reasons[0] and "2026-09-30" in refused.reasons[0]
    assert listing_check(ADULT, 1, day_before, relisting_locked_until=until).allowed  # ex officio
    assert listing_check(ADULT, 1, until, relisting_locked_until=until, applicant_requested=True).allowed


# --- Correction and revocation (rules §7.1.9, §7.1.11; addendum §3.8, §3.10, §3.11) -----------------


def test_the_three_correction_grounds():
    assert list(CORRECTION_GROUNDS) == ["wrongly_listed", "inaccurate", "should_be_removed"]


@pytest.mark.django_db
def test_the_correction_clocks():
    # 15 calendar days from 2026-09-16 is Oct 1, a holiday: rolled to Oct 8.
    assert review_due_on(dt.date(2026, 9, 16)).on == dt.date(2026, 10, 8)
    assert review_due_on(dt.date(2026, 6, 1)).on == dt.date(2026, 6, 16)
    assert correct_due_on(dt.date(2026, 9, 30)).on == dt.date(2026, 10, 10)
    assert correct_due_on(dt.date(2026, 6, 5)).on == dt.date(2026, 6, 10)
    # 10 days from Sep 21 is Oct 1: rolled to Oct 8; from Jun 1 is Thu Jun 11.
    assert reconsideration_deadline(dt.date(2026, 9, 21)).on == dt.date(2026, 10, 8)
    assert reconsideration_deadline(dt.date(2026, 6, 1)).on == dt.date(2026, 6, 11)
    # 15 days from Jun 5 is Sat Jun 20 (Dragon Boat break): Mon Jun 22.
    assert higher_court_due_on(dt.date(2026, 6, 5)).on == dt.date(2026, 6, 22)
    assert higher_court_due_on(dt.date(2026, 3, 2)).on == dt.date(2026, 3, 17)
    assert revocation_due_on(dt.date(2026, 9, 30)).on == dt.date(2026, 10, 10)
    assert revocation_due_on(dt.date(2026, 3, 6)).on == dt.date(2026, 3, 11)
    for fn in (
        review_due_on,
        correct_due_on,
        reconsideration_deadline,
        higher_court_due_on,
        revocation_due_on,
    ):
        assert not fn(dt.date(2026, 6, 1)).provisional
        assert fn(dt.date(2032, 6, 1)).provisional


# --- Consumption restriction (rules §7.2; addendum §4) -------------------------------------------


def test_a_listed_debtor_must_be_restricted():
    assert restriction_required(True) is True
    assert restriction_required(False) is False


def test_bound_capacities_and_restricted_items():
    assert BOUND_CAPACITIES == {
        "legal_representative": "法定代表人",
        "principal": "主要负责人",
        "responsible": "影响债务履行的直接责任人员",
        "controller": "实际控制人",
    }
    text = "".join(RESTRICTED_ITEMS)
    for item in ("飞机", "软卧", "星级", "不动产", "车辆", "旅游", "私立学校", "保险理财", "G字头"):
        assert item in text


def test_a_persons_order_binds_the_person_alone():
    assert restriction_problem("person", []) is None
    assert "本人" in restriction_problem("person", [("controller", ADULT)])


def test_a_units_order_needs_its_legal_representative_or_principal():
    other = rid(dt.date(1975, 1, 2), "246")
    assert restriction_problem("unit", [("legal_representative", ADULT)], ON) is None
    assert restriction_problem("unit", [("principal", ADULT), ("controller", other)], ON) is None
    assert (
        restriction_problem(
            "unit",
            [("legal_representative", ADULT), ("responsible", other), ("controller", ADULT)],
            ON,
        )
        is None
    )  # one person in two capacities
    assert "法定代表人或主要负责人" in restriction_problem("unit", [("controller", ADULT)], ON)
    assert "法定代表人或主要负责人" in restriction_problem("unit", [], ON)


def test_a_units_bound_persons_are_checked():
    assert "未知的约束人员身份" in restriction_problem("unit", [("cousin", ADULT)], ON)
    bad = ADULT[:-1] + ("0" if ADULT[-1] != "0" else "1")
    assert "法定代表人的居民身份证号码无效" in restriction_problem(
        "unit", [("legal_representative", bad)], ON
    )
    assert "居民身份证号码无效" in restriction_problem("unit", [("legal_representative", UNIT)], ON)
    assert "重复" in restriction_problem(
        "unit", [("legal_representative", ADULT), ("legal_representative", ADULT.lower())], ON
    )
    assert "未知的被执行人类型" in restriction_problem("company", [])


def test_lifting():
    assert list(LIFT_REASONS) == ["performed", "guarantee", "applicant_consent"]
    assert lift_is_mandatory("performed")
    assert not lift_is_mandatory("guarantee")
    assert not lift_is_mandatory("applicant_consent")
    with pytest.raises(ValueError):
        lift_is_mandatory("mercy")


def test_permit_reasons():
    assert list(PERMIT_REASONS) == [
        "illness",
        "funeral",
        "official_duty",
        "foreign_affairs",
        "exam",
        "personal_funds",
        "other",
    ]


# --- Certificate (rules §10.4) --------------------------------------------------------------------


def test_a_certificate_for_voluntary_performance():
    assert certificate_problems(True, 0, False, True) == []
    assert len(certificate_problems(False, 2, True, False)) == 4
    assert "尚未全部履行" in certificate_problems(False, 0, False, True)[0]
    assert "2 项强制执行措施" in certificate_problems(True, 2, False, True)[0]
    assert "失信名单或限制消费" in certificate_problems(True, 0, True, True)[0]
    assert "申请执行人" in certificate_problems(True, 0, False, False)[0]
    with pytest.raises(ValueError):
        certificate_problems(True, -1, False, True)


# --- The published record (rules §7.1.6; addendum §3.5) ---------------------------------------------


def test_the_published_fields():
    assert [key for key, _label in PUBLISHED_FIELDS] == [
        "name",
        "party_type",
        "id_code_masked",
        "sex",
        "age",
        "legal_representative",
        "province",
        "case_number",
        "filed_on",
        "court_name",
        "basis_number",
        "basis_unit",
        "duty",
        "performance",
        "conduct",
        "published_on",
    ]
    assert all(label for _key, label in PUBLISHED_FIELDS)


def test_sex_and_age_from_the_id():
    man = rid(dt.date(1980, 5, 17), "123")
    woman = rid(dt.date(1980, 5, 17), "124")
    assert sex_from_id(man) == "男" and sex_from_id(woman) == "女"
    assert sex_from_id("130629800517123") == "男"
    assert sex_from_id("130629800517124") == "女"
    assert sex_from_id(UNIT) == "" and sex_from_id("") == ""
    assert age_from_id(man, dt.date(2026, 5, 16)) == 45
    assert age_from_id(man, dt.date(2026, 5, 17)) == 46
    assert age_from_id(UNIT, ON) is None
    assert age_from_id("123", ON) is None
    assert mask_identity(man) == man[:6] + "********" + man[-4:]


def test_performance_status():
    assert performance_status(D("100.00"), D("0.00")) == "全部未履行"
    assert performance_status(D("100.00"), D("40.00")) == "部分未履行"
    assert performance_status(D("100.00"), D("100.00")) == "全部履行"
    assert performance_status(D("100.00"), D("120.00")) == "全部履行"


# --- Public search (issue 11 item 4) ----------------------------------------------------------------


def test_search_problem():
    assert PUBLIC_NAME_MIN == 3
    assert search_problem("", "") and search_problem("  ", " ")
    assert "至少" in search_problem("王", "")
    assert search_problem("王五", "") is None
    assert search_problem("张三丰", "") is None
    assert search_problem("", ADULT) is None
    assert search_problem("", "130629800517123") is None
    assert search_problem("", UNIT) is None
    assert search_problem("王五", ADULT) is None
    assert "证件号码" in search_problem("", "12345")
    assert "证件号码" in search_problem("王五", "ABCDEFGHIJKLMNOPQR")


# --- Rule settings ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_seeded_settings_are_the_defaults():
    """The seed migration writes what settings_keys.DEFAULTS declares, and the grace default is a
    grace the rules accept."""
    from zhixing.core.rulesettings import rule_setting

    for key, value in keys.DEFAULTS.items():
        assert rule_setting(key) == value
    assert grace_problem(keys.DEFAULTS[keys.DEFAULT_GRACE_MONTHS]) is None

"""Verification codes, document numbers and dates (zhixing.documents.rules)."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given
from hypothesis import strategies as st

from zhixing.documents import rules

codes = st.text(alphabet=rules.CODE_ALPHABET, min_size=16, max_size=16).map(rules.format_code)


@given(st.integers(min_value=0, max_value=2**32))
def test_new_codes_are_four_groups_of_four_without_confusable_characters(seed):
    code = rules.new_code(random.Random(seed))
    assert rules.CODE_PATTERN.match(code)
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4]
    assert not set(code) & set("0O1I")


@given(codes)
def test_a_code_survives_the_ways_people_type_it(code):
    raw = code.replace("-", "")
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in raw)
    for typed in (code, raw, raw.lower(), f"  {code.lower()} ", " ".join(code.split("-")), full_width):
        assert rules.normalize_code(typed) == code


@given(codes, st.integers(min_value=0, max_value=15), st.sampled_from("0O1Io!中"))
def test_a_code_with_a_character_outside_the_alphabet_is_no_code(code, position, bad):
    raw = list(code.replace("-", ""))
    raw[position] = bad
    assert rules.normalize_code("".join(raw)) is None


@given(st.text(max_size=30))
def test_normalize_never_raises_and_returns_canonical_codes_only(text):
    result = rules.normalize_code(text)
    assert result is None or rules.CODE_PATTERN.match(result)


def test_too_short_or_too_long_is_no_code():
    assert rules.normalize_code("ABCD-EFGH-JKLM") is None
    assert rules.normalize_code("ABCD-EFGH-JKLM-NPQR-S") is None
    assert rules.normalize_code("") is None
    assert rules.normalize_code(None) is None


def test_document_number_is_case_number_and_kind_suffix_then_version():
    notice = rules.KINDS[rules.EXECUTION_NOTICE]
    order = rules.KINDS[rules.PROPERTY_REPORT_ORDER]
    assert rules.document_number("（2026）冀96执1号", notice, 1) == "（2026）冀96执1号-执通"
    assert rules.document_number("（2026）冀96执1号", order, 1) == "（2026）冀96执1号-报财"
    assert rules.document_number("（2026）冀96执1号", notice, 2) == "（2026）冀96执1号-执通-2"


def test_every_kind_has_a_distinct_suffix_and_the_notices_complete_their_nodes():
    suffixes = [k.suffix for k in rules.KINDS.values()]
    assert len(set(suffixes)) == len(suffixes)
    assert {k.code: k.node for k in rules.KINDS.values()} == {
        "execution_notice": "execution_notice",
        "property_report_order": "property_report_order",
        "control_ruling": "",  # a control ruling completes no process node
        "dishonest_decision": "dishonest_listing",  # the 失信 decision records 纳入失信名单
        "restriction_order": "consumption_restriction",
        "performance_certificate": "",
        "auction_confirmation": "auction_confirmation",  # the 成交确认裁定 records its node
        "transfer_assistance": "transfer_assistance",
        "distribution_plan": "",
        # The measures app's decisions and referral papers complete no process node.
        "summons_warrant": "",
        "fine_decision": "",
        "detention_decision": "",
        "search_warrant": "",
        "exit_ban_decision": "",
        "reward_notice": "",
        "referral_letter": "",
        "execution_status_note": "",
    }


def test_chinese_date_under_the_signature():
    assert rules.chinese_date(dt.date(2026, 3, 2)) == "二〇二六年三月二日"
    assert rules.chinese_date(dt.date(2030, 10, 10)) == "二〇三〇年十月十日"
    assert rules.chinese_date(dt.date(2025, 12, 31)) == "二〇二五年十二月三十一日"
    assert rules.chinese_date(dt.date(2026, 11, 20)) == "二〇二六年十一月二十日"


def test_issue_date_between_filing_and_today():
    filed, today = dt.date(2026, 3, 2), dt.date(2026, 3, 10)
    assert rules.issue_date_problems(dt.date(2026, 3, 2), filed, today) == []
    assert rules.issue_date_problems(dt.date(2026, 3, 1), filed, today)
    assert rules.issue_date_problems(dt.date(2026, 3, 11), filed, today)


def test_how_the_debtor_is_addressed():
    assert rules.address_form(["person"]) == "你"
    assert rules.address_form(["unit", "unit"]) == "你单位"
    assert rules.address_form(["person", "unit"]) == "你（单位）"


def test_performance_period():
    assert rules.performance_period_text(0) == "立即"
    assert rules.performance_period_text(5) == "自收到本通知之日起5日内"

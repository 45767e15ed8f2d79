"""Properties of the statement parser: what write_camt053 writes reads back the same, and nothing but
StatementError ever comes out of parse_statement, whatever the bytes."""

from __future__ import annotations

import dataclasses
import string
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhixing.funds.statement import (
    MAX_AMOUNT,
    Statement,
    StatementEntry,
    StatementError,
    parse_statement,
    write_camt053,
)

DATA = Path(__file__).parent / "data"
SAMPLES = [(DATA / "camt053_sample.xml").read_bytes(), (DATA / "statement_sample.csv").read_bytes()]

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
ASCII = st.sampled_from(string.ascii_letters + string.digits + " ()-&<>'\"·，。")
ids = st.text(string.ascii_uppercase + string.digits + "-", min_size=1, max_size=35).filter(
    lambda s: s != "NOTPROVIDED"
)
accounts = st.text(string.digits, max_size=34)
# NOTPROVIDED (any case) is ISO 20022's "the payer gave none", read back as "": not a name to round-trip.
names = st.text(HAN | ASCII, max_size=140).map(str.strip).filter(lambda s: s.upper() != "NOTPROVIDED")
amounts = st.decimals(min_value=Decimal("0.01"), max_value=MAX_AMOUNT, places=2)


@st.composite
def entries(draw: st.DrawFn) -> StatementEntry:
    return StatementEntry(
        line=0, where="", account="", transaction_id=draw(ids),
        direction=draw(st.sampled_from(["credit", "debit"])), amount=draw(amounts), currency="CNY",
        booked_on=draw(st.dates(date(2000, 1, 1), date(2099, 12, 31))), sub_account=draw(accounts),
        payer_name=draw(names), payer_account=draw(accounts), remittance=draw(names),
        end_to_end_id=draw(st.one_of(st.just(""), ids)),
    )  # fmt: skip


@given(
    account=st.text(string.digits, min_size=1, max_size=34),
    statement_id=ids,
    items=st.lists(entries(), max_size=15, unique_by=lambda e: e.transaction_id),
    created_at=st.datetimes(datetime(2000, 1, 1), datetime(2099, 12, 31)),
)
def test_write_camt053_round_trips(account, statement_id, items, created_at):
    data = write_camt053(account, statement_id, items, created_at)
    expected = [
        dataclasses.replace(e, line=n, where=f"第{n}笔（AcctSvcrRef {e.transaction_id}）", account=account)
        for n, e in enumerate(items, 1)
    ]
    assert parse_statement(data) == Statement(account=account, statement_id=statement_id, entries=expected)


def only_statement_errors(data: bytes) -> None:
    try:
        statement = parse_statement(data)
    except StatementError as e:
        assert e.problems and all(isinstance(p, str) and p for p in e.problems)
    else:
        assert isinstance(statement, Statement)
        for e in statement.entries:
            assert e.amount > 0 and e.direction in ("credit", "debit") and e.currency == "CNY"


@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_statement_error(data):
    only_statement_errors(data)


@given(
    st.text(max_size=500),
    st.sampled_from(
        ["", "<", "\ufeff<", "账号,交易流水号,记账日期,借贷标志,金额,币种,付款人户名,付款人账号,附言\n"]
    ),
)
def test_arbitrary_text_raises_only_statement_error(text, prefix):
    for encoding in ("utf-8", "gb18030", "utf-16"):
        try:
            data = (prefix + text).encode(encoding)
        except UnicodeEncodeError:
            continue
        only_statement_errors(data)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.sampled_from(SAMPLES),
    cuts=st.lists(st.tuples(st.integers(0, 12000), st.integers(0, 40), st.binary(max_size=8)), max_size=4),
)
def test_mangled_samples_raise_only_statement_error(sample, cuts):
    data = sample
    for start, length, insert in cuts:
        start %= len(data) + 1
        data = data[:start] + insert + data[start + length :]
    only_statement_errors(data)

"""The one place that reads an indicator definition's JSON and turns it into Ibis expressions.

A numerator or denominator is a small JSON object over the snapshot's columns:

    {"set": "closed", "where": {"closure_method": ["completed"]}, "measure": "count"}

- `set`: a case set of indicators.md for the period [S, E]: received, carried_over, accepted, closed,
  pending, or all (every case in scope, whatever its dates: overdue nodes).
- `where` (optional): a condition. A dict is the AND of its entries; an entry is
  `column: [values]` (one of), `column: value` (equal), `column: {"<=": operand}` (operators
  == != < <= > >=, the operand a literal or {"column": name}), or one of the combinators
  `all: [cond…]`, `any: [cond…]`, `not: cond`, or `filed_more_than_months_before_end: N`
  (filing date + N months, same day-number clamped to the month's end, is before E).
- `measure` (optional): "count" (default) or {"sum": column}; `days_to_close` is the derived column
  closed_on − filed_on in days.

The expressions use only the Ibis API, so that the same definitions run on DuckDB or Spark. 销案 cases
are left out of every set (indicators.md, rules §1.4), whatever a definition says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ibis
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ibis.expr.types import BooleanValue, Table, Value

from .definition_fields import COLUMNS, DATE_FIELDS, DERIVED, SETS, WITHDRAWN  # noqa: F401  (re-exported)

_OPS = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


@dataclass(frozen=True)
class Definition:
    """A definition row as the engine needs it (no ORM object in the computation)."""

    id: int
    key: str
    name: str
    kind: str
    scope: tuple[str, ...]
    numerator: dict
    denominator: dict | None
    date_field: str
    higher_is_better: bool
    court_id: int | None
    effective_from: dt.date
    position: int

    @classmethod
    def of(cls, row: Any) -> Definition:
        return cls(
            row.pk, row.key, row.name, row.kind, tuple(row.scope), row.numerator, row.denominator,
            row.date_field, row.higher_is_better, row.court_id, row.effective_from, row.position,
        )  # fmt: skip

    def frozen(self) -> dict[str, Any]:
        """The version as the bulletin stores it, so a later edit of the definition cannot change
        what a stored bulletin's figures and drill-downs mean."""
        return {
            "id": self.id, "key": self.key, "name": self.name, "kind": self.kind, "scope": list(self.scope),
            "numerator": self.numerator, "denominator": self.denominator, "date_field": self.date_field,
            "higher_is_better": self.higher_is_better, "court_id": self.court_id,
            "effective_from": self.effective_from.isoformat(), "position": self.position,
        }  # fmt: skip

    @classmethod
    def thawed(cls, d: dict[str, Any]) -> Definition:
        return cls(
            d["id"], d["key"], d["name"], d["kind"], tuple(d["scope"]), d["numerator"], d["denominator"],
            d["date_field"], d["higher_is_better"], d["court_id"], dt.date.fromisoformat(d["effective_from"]),
            d["position"],
        )  # fmt: skip


def in_force(definitions: Iterable[Definition], on: dt.date) -> list[Definition]:
    """The newest version, on `on`, of each (key, court) pair: the variants a bulletin computes."""
    best: dict[tuple[str, int | None], Definition] = {}
    for d in definitions:
        if d.effective_from > on:
            continue
        k = (d.key, d.court_id)
        if k not in best or d.effective_from > best[k].effective_from:
            best[k] = d
    return sorted(best.values(), key=lambda d: (d.position, d.key, d.court_id or 0))


def for_court(variants: list[Definition], lineage: list[int]) -> dict[str, Definition]:
    """Per key, the variant that governs a court: its own or its nearest ancestor's (a high court's
    override for the courts below it), else the nationwide one. `lineage` is self first, then up."""
    chosen: dict[str, tuple[int, Definition]] = {}
    for d in variants:
        if d.court_id is None:
            rank = len(lineage)
        elif d.court_id in lineage:
            rank = lineage.index(d.court_id)
        else:
            continue
        if d.key not in chosen or rank < chosen[d.key][0]:
            chosen[d.key] = (rank, d)
    return {k: v[1] for k, v in sorted(chosen.items(), key=lambda kv: (kv[1][1].position, kv[0]))}


# --- Checking (an edited definition is checked before it is saved) -----------------------------


def check(kind: str, scope: list, numerator: dict, denominator: dict | None, date_field: str) -> None:
    """Raise ValidationError (in Chinese) if the definition cannot be computed."""
    if kind not in ("rate", "count", "amount", "average"):
        raise ValidationError(_("指标类型“%(k)s”无效") % {"k": kind})
    if not isinstance(scope, list) or not scope or not all(isinstance(s, str) for s in scope):
        raise ValidationError(_("案件类型范围应为非空的类型代字列表"))
    if date_field not in DATE_FIELDS:
        raise ValidationError(_("日期字段“%(f)s”无效") % {"f": date_field})
    if kind in ("rate", "average") and not denominator:
        raise ValidationError(_("比率和平均值指标需要分母"))
    # Building against an empty table of the snapshot's schema finds every unknown name or operator.
    t = ibis.table(SCHEMA, name="snapshot")
    for spec in (numerator, denominator):
        if not spec:
            continue
        try:
            measure(t, spec, dt.date(2000, 1, 1), dt.date(2000, 12, 31), date_field, scope)
        except ValidationError:
            raise
        except Exception:
            # The mistakes above are named; JSON of the right shape but the wrong types (a date
            # compared with text, `"all": null`, `"any": []`, a sum of a text column) escapes as
            # whatever Ibis or Python raises. Building touches no data, so any exception means the
            # same thing: this definition cannot be computed.
            raise ValidationError(
                _("条件或度量的写法无法计算：请对照说明检查比较对象的类型和组合条件的写法")
            ) from None


SCHEMA = ibis.schema(
    {
        "case_id": "int64",
        "case_number": "string",
        "court_id": "int64",
        "court_code": "string",
        "court_name": "string",
        "court_path": "string",
        "type_code": "string",
        "filed_on": "date",
        "closed_on": "date",
        "closure_method": "string",
        "applied_amount": "decimal(18, 2)",
        "realized_amount": "decimal(18, 2)",
        "non_litigation": "boolean",
        "extension_months": "int32",
        "excluded_days": "int32",
        "statutory_due_on": "date",
        "handler_id": "int64",
        "handler_name": "string",
        "overdue_nodes": "int32",
    }
)


# --- Interpretation -----------------------------------------------------------------------------


def add_months(d: Value, n: int) -> Value:
    """zhixing.core.calendar.add_months in Ibis: the same day-number n months later, clamped to that
    month's last day. Built from year/month/day arithmetic, not a backend's interval rules, so DuckDB
    and Spark agree (Spark's add_months and DuckDB's intervals differ on month ends in some versions)."""
    month0 = d.month() - 1 + n
    year = d.year() + month0 // 12
    month = month0 % 12 + 1
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    last = ibis.cases(
        (month == 2, ibis.ifelse(leap, 29, 28)),
        (month.isin([4, 6, 9, 11]), 30),
        else_=31,
    )
    return ibis.date(year, month, ibis.least(d.day(), last))


def case_set(
    t: Table, name: str, start: dt.date, end: dt.date, date_field: str = "closed_on"
) -> BooleanValue:
    """Membership of a case in a set of indicators.md for [start, end] (both inclusive)."""
    s, e = ibis.literal(start), ibis.literal(end)
    not_closed_before_start = t.closed_on.isnull() | (t.closed_on >= s)
    if name == "received":
        return t.filed_on.between(s, e)
    if name == "carried_over":
        return (t.filed_on < s) & not_closed_before_start
    if name == "accepted":
        return (t.filed_on <= e) & not_closed_before_start
    if name == "closed":
        col = t[date_field]
        return col.notnull() & col.between(s, e) & (t.filed_on <= e)
    if name == "pending":
        return (t.filed_on <= e) & not_closed_before_start & (t.closed_on.isnull() | (t.closed_on > e))
    if name == "all":
        return ibis.literal(True)
    raise ValidationError(_("案件集合“%(n)s”无效（应为：%(all)s）") % {"n": name, "all": "、".join(SETS)})


def _column(t: Table, name: str) -> Value:
    if name == "days_to_close":
        return t.closed_on.delta(t.filed_on, unit="day")
    if name not in COLUMNS:
        raise ValidationError(_("快照中没有字段“%(n)s”") % {"n": name})
    return t[name]


def _operand(t: Table, v: Any) -> Any:
    if isinstance(v, dict):
        if set(v) != {"column"}:
            raise ValidationError(_('比较对象应为常量或 {"column": 字段名}'))
        return _column(t, v["column"])
    return v


def condition(t: Table, cond: Any, end: dt.date) -> BooleanValue:
    """The Ibis boolean of a `where` condition; a null comparison counts as false."""
    if not isinstance(cond, dict):
        raise ValidationError(_("条件应为对象：%(c)s") % {"c": cond})
    parts: list[BooleanValue] = []
    for key, v in cond.items():
        if key == "all":
            parts.extend(condition(t, c, end) for c in v)
        elif key == "any":
            alts = [condition(t, c, end) for c in v]
            expr = alts[0]
            for a in alts[1:]:
                expr = expr | a
            parts.append(expr)
        elif key == "not":
            parts.append(~condition(t, v, end))
        elif key == "filed_more_than_months_before_end":
            parts.append((add_months(t.filed_on, int(v)) < ibis.literal(end)).fill_null(False))
        else:
            col = _column(t, key)
            if isinstance(v, list):
                expr = col.isin(v)
            elif isinstance(v, dict) and v and set(v) <= set(_OPS) and "column" not in v:
                exprs = [_OPS[op](col, _operand(t, operand)) for op, operand in v.items()]
                expr = exprs[0]
                for x in exprs[1:]:
                    expr = expr & x
            else:
                expr = col == _operand(t, v)
            parts.append(expr.fill_null(False))
    result: BooleanValue = ibis.literal(True)
    for p in parts:
        result = result & p
    return result


def scoped(t: Table, scope: Iterable[str]) -> BooleanValue:
    """Cases of the definition's type codes, never 销案 (indicators.md "Case sets")."""
    return t.type_code.isin(list(scope)) & (t.closure_method != WITHDRAWN).fill_null(True)


def check_part(spec: Any) -> None:
    """A numerator or denominator is an object with a set, and perhaps a condition and a measure."""
    if not isinstance(spec, dict) or "set" not in spec:
        raise ValidationError(_("分子、分母应为含“set”的对象"))
    unknown = set(spec) - {"set", "where", "measure"}
    if unknown:
        raise ValidationError(_("分子、分母中有无效的键：%(k)s") % {"k": "、".join(sorted(unknown))})


def membership(t: Table, spec: dict, start: dt.date, end: dt.date, date_field: str, scope) -> BooleanValue:
    """Which cases a numerator or denominator counts."""
    check_part(spec)
    expr = scoped(t, scope) & case_set(t, spec["set"], start, end, date_field)
    if spec.get("where"):
        expr = expr & condition(t, spec["where"], end)
    return expr


def aggregate(t: Table, spec: dict, where: BooleanValue) -> Value:
    """The measure of a numerator or denominator over the cases `where` selects."""
    m = spec.get("measure", "count")
    if m == "count":
        return t.case_id.count(where=where)
    if isinstance(m, dict) and set(m) == {"sum"}:
        col = _column(t, m["sum"])
        return col.sum(where=where).fill_null(0)
    raise ValidationError(_('度量应为 "count" 或 {"sum": 字段名}'))


def measure(t: Table, spec: dict, start: dt.date, end: dt.date, date_field: str, scope) -> Value:
    """The aggregate (to use in group_by().aggregate) of a numerator or denominator."""
    return aggregate(t, spec, membership(t, spec, start, end, date_field, scope))

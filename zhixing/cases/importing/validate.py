"""Checking every row of an import file before anything is written (shared/formats/case-import.md).

`validate` reads the platform once (courts, the case numbers of the file that already exist, the users
a handler name may mean) and returns a Plan: the rows that are good, ready for the bulk write of
`zhixing.cases.actions.importing`, and every problem as (row, column label, reason in Chinese).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.core.identity import IdentityCheck, check_identity
from zhixing.core.rules import name_problem
from zhixing.core.rulesettings import MissingRuleSetting
from zhixing.courts import queries as court_queries
from zhixing.courts import rules as court_rules
from zhixing.courts.models import Court, RoleGrant, User

from .. import rules
from ..models import Case, Party
from . import cells
from .cells import CellError
from .columns import ERRORS_KEY, LABELS, read_header
from .planning import Planner
from .reader import Table
from .rows import CaseRow, NewCourt, PartyRow, Plan, RowError

MAX_AMOUNT = Decimal("9999999999999999.99")  # Case amount fields: 18 digits, 2 decimals
MAX_EXTENSION_MONTHS = 600
MAX_EXCLUDED_DAYS = 36500
CHUNK = 900  # keeps `IN (…)` lists under SQLite's variable limit


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _safe_text(value: object) -> str:
    try:
        return cells.text(value)
    except CellError:
        return ""


def canonical_number(number: rules.CaseNumber) -> str:
    """The form stored: the canonical one (full-width brackets); a legacy number as written, with its
    brackets made full-width too so that the same number is recognised however it was typed."""
    return number.text.replace("(", "（").replace(")", "）") if number.legacy else number.text


def _parse_number(text: str) -> rules.CaseNumber | str:
    """The parsed number, or why it does not parse."""
    try:
        return rules.parse_case_number(text)
    except rules.InvalidCaseNumber as e:
        return str(e)


_TYPES_LONGEST_FIRST = sorted(rules.ENFORCEMENT_TYPES, key=len, reverse=True)


def legacy_type_code(number: str) -> str | None:
    """A pre-2016 `字第` number has no type-code field: the enforcement type is the longest known code
    (rules §1.3) that the part before `字第` ends with, e.g. `（2013）保执复字第5号` → 执复."""
    head = number.split("字第", 1)[0]
    for code in _TYPES_LONGEST_FIRST:
        if head.endswith(code):
            return code
    return None


class _Context:
    """What the checks read from the platform, loaded once per file."""

    def __init__(
        self,
        planner: Planner,
        parsed: dict[str, rules.CaseNumber | str],
        numbers: list[str],
        handler_names: set[str],
    ):
        courts = list(Court.objects.only("id", "code", "name", "path"))
        self.court_by_code = {c.code: c for c in courts}
        self.court_by_name = {c.name: c for c in courts}
        self.court_by_id = {c.pk: c for c in courts}
        self.planner = planner
        self.parsed = parsed
        self.existing: dict[str, str] = {}  # case number → status
        for chunk in _chunks(sorted(set(numbers))):
            self.existing.update(
                Case.objects.filter(case_number__in=chunk).values_list("case_number", "status")
            )
        # A handler is an officer of the case's court or of a court above it (actions.assign_handler):
        # a name in the sheet links to a user of that court only when their officer role reaches it.
        from ..permissions import HANDLING_ROLES

        self.users: dict[tuple[int, str], list[int]] = defaultdict(list)
        for chunk in _chunks(sorted(handler_names)):
            officer_paths: dict[int, list[str]] = defaultdict(list)
            for uid, path in RoleGrant.objects.filter(
                user__full_name__in=chunk, user__is_active=True, role__in=HANDLING_ROLES
            ).values_list("user_id", "court__path"):
                officer_paths[uid].append(path)
            for pk, court_id, name, court_path in User.objects.filter(
                full_name__in=chunk, is_active=True, court__isnull=False
            ).values_list("id", "court_id", "full_name", "court__path"):
                if any(court_path.startswith(p) for p in officer_paths[pk]):
                    self.users[(court_id, name)].append(pk)
        self._identities: dict[str, IdentityCheck] = {}
        self.today = timezone.localdate()

    def new_court(self, code: str) -> Court:
        """Stands for a court the import will create, for the rule settings that apply to it: it has
        the path of the nearest court above it that the platform knows (courts.actions.create_court)."""
        above = court_queries.court_above(code, self.court_by_code)
        return Court(code=code, path=above.path if above is not None else "")

    def identity(self, code: str) -> IdentityCheck:
        res = self._identities.get(code)
        if res is None:
            res = self._identities[code] = check_identity(code, self.today)
        return res


class _Row:
    """Checks of one row; collects every problem instead of stopping at the first."""

    def __init__(self, number: int, values: dict[str, object]):
        self.number = number
        self.values = values
        self.errors: list[RowError] = []
        self.unreadable: set[str] = set()  # keys whose cell the reader could not read (already reported)

    def error(self, key: str, reason: str) -> None:
        self.errors.append(RowError(self.number, LABELS.get(key, key), reason))

    def get(self, key: str, parse: Callable[[object], object], required: bool = False):
        if key in self.unreadable:
            return None
        value = self.values.get(key)
        if cells.is_blank(value):
            if required:
                self.error(key, _("必填项为空"))
            return None
        try:
            return parse(value)
        except CellError as e:
            self.error(key, str(e))
            return None


def _text(limit: int):
    def parse(value: object) -> str:
        s = cells.text(value)
        if len(s) > limit:
            raise CellError(_("内容超过%(n)d个字") % {"n": limit})
        return s

    return parse


_TEXT = {n: _text(n) for n in (20, 30, 60, 80)}


def _court_name(value: object) -> str:
    name = _TEXT[60](value)
    problem = name_problem(name)
    if problem:
        raise CellError(problem)
    return name


def validate(
    table: Table,
    *,
    update: bool = False,
    create_courts: bool = False,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """Check the whole table. Nothing is written."""
    today = today or timezone.localdate()
    header = read_header(table.header)
    plan = Plan(header.texts, table)
    if header.problems:
        plan.errors = [RowError(1, col, why) for col, why in header.problems]
        plan.file_level = True
        return plan
    index = header.index()
    width = len(header.keys)
    unnamed = [pos for pos, key in enumerate(header.keys) if key is None]
    number_pos, handler_pos = index["case_number"], index.get("handler")
    # Parsed once here (the platform is asked about all the numbers at once) and again by nobody.
    parsed = {
        t: _parse_number(t)
        for t in (_safe_text(c[number_pos]) for _n, c in table.rows if number_pos < len(c))
    }
    ctx = _Context(
        plan.planner,
        parsed,
        [canonical_number(p) for p in parsed.values() if isinstance(p, rules.CaseNumber)],
        {
            _safe_text(c[handler_pos])
            for _n, c in table.rows
            if handler_pos is not None and handler_pos < len(c)
        },
    )
    seen: dict[str, list[int]] = defaultdict(list)
    rows: list[CaseRow] = []
    errors: list[RowError] = []
    for i, (number, raw) in enumerate(table.rows):
        values = {key: raw[pos] for key, pos in index.items() if pos < len(raw)}
        row = _Row(number, values)
        for pos, why in table.cell_errors.get(number, {}).items():  # e.g. a formula with no value
            key = header.keys[pos] if pos < width else None
            if key != ERRORS_KEY:
                row.errors.append(
                    RowError(number, LABELS[key] if key else _("第%(n)d列") % {"n": pos + 1}, why)
                )
                row.unreadable.add(key or "")
        for pos in [*unnamed, *range(width, len(raw))]:
            if pos < len(raw) and not cells.is_blank(raw[pos]):
                row.errors.append(
                    RowError(number, _("第%(n)d列") % {"n": pos + 1}, _("该列没有列名，但填写了内容"))
                )
        case_row = _check_row(row, ctx, plan, update=update, create_courts=create_courts, today=today)
        errors += row.errors
        if case_row is not None:
            seen[case_row.case_number].append(number)
            if not row.errors:
                rows.append(case_row)
        if progress and (i + 1) % 1000 == 0:
            progress(1000)
    if progress:
        progress(len(table.rows) % 1000)
    duplicated: set[int] = set()
    for case_number, where in seen.items():
        if len(where) > 1:
            for n in where:
                others = "、".join(str(o) for o in where if o != n)
                errors.append(
                    RowError(
                        n,
                        LABELS["case_number"],
                        _("案号“%(c)s”在文件中重复出现（另见第%(o)s行）") % {"c": case_number, "o": others},
                    )
                )
                duplicated.add(n)
    plan.errors = sorted(errors, key=lambda e: e.row)  # stable: keeps column order within a row
    plan.rows = [r for r in rows if r.row not in duplicated]
    return plan


def _check_row(row: _Row, ctx: _Context, plan: Plan, *, update, create_courts, today) -> CaseRow | None:
    parsed = row.get("case_number", _TEXT[60], required=True)
    number = None
    if parsed is not None:
        result = ctx.parsed.get(parsed) or _parse_number(parsed)
        if isinstance(result, str):
            row.error("case_number", result)
        else:
            number = result
    type_code = ""
    text = ""
    if number is not None:
        text = canonical_number(number)
        type_code = (legacy_type_code(text) if number.legacy else number.type_code) or ""
        if not type_code:
            row.error("case_number", _("旧式案号“%(c)s”中找不到执行案件类型代字（如“执”）") % {"c": text})
        elif not rules.is_enforcement_type(type_code):
            row.error(
                "case_number",
                _("类型代字“%(t)s”不是执行案件类型（应为：%(all)s）")
                % {"t": type_code, "all": "、".join(rules.ENFORCEMENT_TYPES)},
            )
        status = ctx.existing.get(text)
        if status is not None and not update:
            row.error(
                "case_number", _("案号“%(c)s”已存在于平台中（如需按文件更新，请使用 --update）") % {"c": text}
            )
    court_name = row.get("court_name", _court_name, required=True)
    court_id, court_code = _check_court(row, ctx, plan, number, court_name, create_courts)

    filed_on = row.get("filed_on", cells.parse_date, required=True)
    if filed_on is not None and filed_on > today:
        row.error("filed_on", _("立案日期 %(d)s 晚于今天") % {"d": filed_on})
    parties = _check_parties(row, ctx, filed_on or today)
    basis_number = row.get("basis_number", _TEXT[80]) or ""
    cause = row.get("cause", _TEXT[60]) or ""

    applied = row.get("applied_amount", cells.parse_amount, required=True)
    realized = row.get("realized_amount", cells.parse_amount)
    for key, amount in (("applied_amount", applied), ("realized_amount", realized)):
        if amount is not None and amount > MAX_AMOUNT:
            row.error(key, _("金额过大"))
    if applied is not None and realized is not None and cells.realized_too_high(realized, applied):
        row.error(
            "realized_amount",
            _("已执行到位金额 %(r)s 元超过申请执行标的金额 %(a)s 元的两倍，利息不能解释，请核对")
            % {"r": realized, "a": applied},
        )

    closed_on = row.get("closed_on", cells.parse_date)
    method_text = row.get("closure_method", _TEXT[20])
    method = ""
    if method_text:
        method = rules.closure_method_from_text(method_text) or ""
        if not method:
            row.error(
                "closure_method",
                _("未知的结案方式“%(m)s”（应为：%(all)s，或“终本”）")
                % {"m": method_text, "all": "、".join(rules.CLOSURE_LABELS.values())},
            )
    if closed_on is not None:
        if not method_text:
            row.error("closure_method", _("填写了结案日期时必须填写结案方式"))
        if filed_on is not None and closed_on < filed_on:
            row.error("closed_on", _("结案日期 %(c)s 早于立案日期 %(f)s") % {"c": closed_on, "f": filed_on})
        if closed_on > today:
            row.error("closed_on", _("结案日期 %(d)s 晚于今天") % {"d": closed_on})
    elif method_text and cells.is_blank(row.values.get("closed_on")):
        row.error("closed_on", _("填写了结案方式时必须填写结案日期"))
    reopening = closed_on is None and cells.is_blank(row.values.get("closed_on"))
    if number is not None and ctx.existing.get(text) == Case.CLOSED and reopening and update:
        row.error("closed_on", _("该案在平台中已结案，导入不能将其改为未结"))

    extension = row.get("extension_months", lambda v: cells.parse_count(v, MAX_EXTENSION_MONTHS))
    excluded = row.get("excluded_days", lambda v: cells.parse_count(v, MAX_EXCLUDED_DAYS))
    handler_name = row.get("handler", _TEXT[30]) or ""
    handler_id = None
    if handler_name and court_id is not None:
        candidates = ctx.users.get((court_id, handler_name), [])
        handler_id = candidates[0] if len(candidates) == 1 else None

    if number is not None and not row.errors and closed_on is None:
        # The deadlines of a pending case need the rule settings in force. (A year the calendar does
        # not cover gives provisional deadlines, not an error: core.calendar.provisional_due.)
        # A court the import creates has no settings of its own yet: those of the courts above it
        # that the platform knows apply (it will hang under the nearest of them), else the nationwide.
        court = ctx.court_by_id[court_id] if court_id is not None else ctx.new_court(court_code)
        try:
            ctx.planner.plan(type_code, court, filed_on, filed_on if handler_name else None)
        except MissingRuleSetting as e:
            row.error("filed_on", str(e))
    if number is None or row.errors:
        return (
            None if number is None else _stub(row.number, text)  # still counted for duplicate detection
        )
    return CaseRow(
        row=row.number,
        case_number=text,
        legacy=number.legacy,
        year=number.year,
        type_code=type_code,
        serial=number.serial,
        court_code=court_code,
        court_name=court_name,
        court_id=court_id,
        filed_on=filed_on,
        parties=parties,
        basis_number=basis_number,
        cause=cause,
        applied_amount=applied,
        realized_amount=realized if realized is not None else Decimal("0.00"),
        closed_on=closed_on,
        closure_method=method,
        extension_months=extension or 0,
        excluded_days=excluded or 0,
        handler_name=handler_name,
        handler_id=handler_id,
        exists=text in ctx.existing,
    )


def _stub(number: int, case_number: str) -> CaseRow:
    """A bad row that parsed as far as its case number: kept only so duplicates are reported."""
    return CaseRow(
        number, case_number, False, 0, "", None, "", "", None, dt.date.min, [], "", "",
        Decimal(0), Decimal(0), None, "", 0, 0, "", None,
    )  # fmt: skip


def _check_court(row: _Row, ctx: _Context, plan: Plan, number, name, create_courts) -> tuple[int | None, str]:
    """The 执行法院 must be the court whose code is in the case number (rules §1.1, §1.2). A legacy
    number has no court code: the court is found by its name."""
    if number is None or not name:
        return None, ""
    by_name = ctx.court_by_name.get(name)
    if number.legacy:
        if by_name is None:
            row.error(
                "court_name",
                _("平台中没有名为“%(n)s”的法院；旧式案号不含法院代字，无法自动建立，请先在平台中建立该法院")
                % {"n": name},
            )
            return None, ""
        return by_name.pk, by_name.code
    code = number.court_code
    by_code = ctx.court_by_code.get(code)
    if by_code is not None:
        if by_code.name != name:
            row.error(
                "court_name",
                _("执行法院“%(n)s”与案号中的法院代字“%(c)s”（%(cn)s）不一致")
                % {"n": name, "c": code, "cn": by_code.name},
            )
            return None, ""
        return by_code.pk, code
    if by_name is not None:
        row.error(
            "court_name",
            _("执行法院“%(n)s”的法院代字为“%(bc)s”，与案号中的法院代字“%(c)s”不一致")
            % {"n": name, "bc": by_name.code, "c": code},
        )
        return None, ""
    if not create_courts:
        row.error(
            "court_name",
            _("平台中没有法院代字为“%(c)s”的法院（%(n)s）；如需随导入建立该法院，请使用 --create-courts")
            % {"c": code, "n": name},
        )
        return None, ""
    try:
        parsed = court_rules.parse_court_code(code)
    except court_rules.InvalidCourtCode as e:
        row.error("case_number", str(e))
        return None, ""
    planned = plan.new_courts.get(code)
    if planned is None:
        clash = next((c for c in plan.new_courts.values() if c.name == name), None)
        if clash is not None:
            row.error(
                "court_name",
                _("文件中法院“%(n)s”先以法院代字“%(a)s”出现，此处案号的代字为“%(c)s”，不一致")
                % {"n": name, "a": clash.code, "c": code},
            )
            return None, ""
        plan.new_courts[code] = NewCourt(code, name, parsed.level)
    elif planned.name != name:
        row.error(
            "court_name",
            _("文件中法院代字“%(c)s”已对应法院“%(a)s”，此处为“%(n)s”，不一致")
            % {"c": code, "a": planned.name, "n": name},
        )
        return None, ""
    return None, code


def _ids(value: object, count: int) -> list[str]:
    return cells.parse_ids(value, count)


def _check_parties(row: _Row, ctx: _Context, on: dt.date) -> list[PartyRow]:
    """Names and ID numbers of both sides. The person-or-unit reading is that of filing
    (actions.filing.validated_party): the ID's kind when there is one, else a name longer than four
    characters is a unit. Codes are checked once per file (a bank or a builder recurs in many cases)."""
    parties: list[PartyRow] = []
    counts: dict[str, int] = {}
    for role, names_key, ids_key in (
        (Party.APPLICANT, "applicants", "applicant_ids"),
        (Party.DEBTOR, "debtors", "debtor_ids"),
    ):
        names = row.get(names_key, cells.parse_names, required=True)
        if not names:
            continue
        counts[names_key] = len(names)
        ids = row.get(ids_key, functools.partial(_ids, count=len(names))) or [""] * len(names)
        for pos, (name, code) in enumerate(zip(names, ids, strict=True)):
            if not code:
                kind = Party.UNIT if len(name) > 4 else Party.PERSON
                parties.append(PartyRow(role, pos, kind, name, "", "", None))
                continue
            res = ctx.identity(code)
            why = res.error if not res.valid else ""
            if res.valid and res.birth_date is not None and res.birth_date > on:
                why = _("出生日期 %(b)s 晚于立案日期") % {"b": res.birth_date}
            if why:
                row.error(ids_key, _("第%(i)d个证件号码“%(c)s”：%(m)s") % {"i": pos + 1, "c": code, "m": why})
                continue
            kind = Party.PERSON if res.is_person else Party.UNIT
            parties.append(PartyRow(role, pos, kind, name, res.normalized, res.kind, res.birth_date))
    problem = rules.parties_problem(sum(counts.values()))
    if problem:
        row.error(max(counts, key=lambda k: counts[k]), problem)
    return parties


__all__ = [
    "CaseRow",
    "NewCourt",
    "PartyRow",
    "Plan",
    "RowError",
    "canonical_number",
    "legacy_type_code",
    "validate",
]

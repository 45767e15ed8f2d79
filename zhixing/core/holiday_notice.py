"""A year's holidays as the State Council's notice gives them (rules §14.4–14.6), read and checked whole.

The notice (国务院办公厅关于某年部分节假日安排的通知) is a short list: each festival's days off as a
range, and the weekend days worked in exchange (调休上班). An administrator enters it as that list,
pasted as CSV from a spreadsheet or written as YAML, never day by day:

    名称,放假开始,放假结束,调休上班
    元旦,2027-01-01,2027-01-01,
    春节,2027-02-06,2027-02-13,2027-02-14 2027-02-20

    year: 2027
    source: 国务院办公厅关于2027年部分节假日安排的通知
    holidays:
      - {名称: 元旦, 放假开始: 2027-01-01, 放假结束: 2027-01-01}
      - {name: 春节, start: 2027-02-06, end: 2027-02-13, workdays: [2027-02-14, 2027-02-20]}

Dates may be written 2027-02-06, 2027/2/6 or 2027年2月6日. `parse` turns the text into a Notice or
raises ValidationError listing every problem (with its line) in Chinese; nothing is half-read. Pure
functions: no database (the action in core.actions checks what the database must add: the year is not
declared yet).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A notice is a dozen lines; anything far larger is not one (and must not cost memory to reject).
MAX_TEXT_CHARS = 20_000
MAX_RANGES = 20
# The longest festival break in any notice so far is 8–9 days (春节, 国庆 with 中秋); a longer range is
# a typing error (a wrong month), not a holiday.
MAX_RANGE_DAYS = 15

_NAME = ("名称", "name")
_START = ("放假开始", "开始", "start", "from")
_END = ("放假结束", "结束", "end", "to")
_WORKDAYS = ("调休上班", "上班", "workdays")
_KEYS = set(_NAME + _START + _END + _WORKDAYS)
_DATE = re.compile(r"^\s*(\d{4})\s*(?:-|/|年)\s*(\d{1,2})\s*(?:-|/|月)\s*(\d{1,2})\s*日?\s*$")
_SPLIT = re.compile(r"[\s,，、;；]+")


@dataclass(frozen=True)
class Festival:
    name: str
    start: dt.date
    end: dt.date
    workdays: tuple[dt.date, ...] = ()
    line: int = 0

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)]


@dataclass(frozen=True)
class Notice:
    year: int
    festivals: tuple[Festival, ...]
    source: str = ""
    problems: tuple[str, ...] = field(default=(), compare=False)

    def holidays(self) -> list[tuple[dt.date, str]]:
        """Every day off (weekends inside a range included: the calendar lists 法定节假日含相连周末)."""
        return [(d, f.name) for f in self.festivals for d in f.days()]

    def workdays(self) -> list[tuple[dt.date, str]]:
        return [(d, f.name) for f in self.festivals for d in f.workdays]


def parse_date(text: Any) -> dt.date | None:
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    m = _DATE.match(str(text or ""))
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _pick(row: dict, names: tuple[str, ...]) -> Any:
    for n in names:
        if n in row and row[n] not in (None, ""):
            return row[n]
    return None


class _Reader:
    def __init__(self, year: int | None):
        self.year = year
        self.problems: list[str] = []
        self.festivals: list[Festival] = []

    def fail(self, line: int, message: str) -> None:
        self.problems.append(_("第 %(line)d 行：%(message)s") % {"line": line, "message": message})

    def date(self, line: int, what: str, value: Any) -> dt.date | None:
        d = parse_date(value)
        if d is None:
            self.fail(
                line,
                _("%(what)s“%(value)s”不是日期（应写作 2027-01-01 或 2027年1月1日）")
                % {"what": what, "value": "" if value is None else value},
            )
        return d

    def festival(self, line: int, row: dict) -> None:
        name = str(_pick(row, _NAME) or "").strip()
        if not name:
            self.fail(line, _("缺少节日名称"))
        elif len(name) > 40 or any(ord(c) < 32 for c in name):
            self.fail(line, _("节日名称不能超过 40 个字，也不能含控制字符"))
        start = self.date(line, _("放假开始日期"), _pick(row, _START))
        end = self.date(line, _("放假结束日期"), _pick(row, _END) or _pick(row, _START))
        raw = _pick(row, _WORKDAYS)
        items = raw if isinstance(raw, list) else [p for p in _SPLIT.split(str(raw or "")) if p]
        workdays = [self.date(line, _("调休上班日"), v) for v in items]
        if not name or start is None or end is None or None in workdays:
            return
        if end < start:
            self.fail(line, _("放假结束日期 %(end)s 早于开始日期 %(start)s") % {"end": end, "start": start})
            return
        if (end - start).days + 1 > MAX_RANGE_DAYS:
            self.fail(
                line,
                _("放假 %(n)d 天，超过 %(max)d 天，请核对日期")
                % {"n": (end - start).days + 1, "max": MAX_RANGE_DAYS},
            )
            return
        self.festivals.append(Festival(name, start, end, tuple(d for d in workdays if d), line))


def _rows_from_text(text: str) -> tuple[int | None, str, list[tuple[int, dict]]]:
    """(year, source, [(line, row)]) from CSV or YAML."""
    stripped = text.strip()
    if stripped.startswith(("year:", "年份:", "年度:", "holidays:", "source:", "{")) or "\nholidays:" in text:
        return _rows_from_yaml(stripped)
    rows: list[tuple[int, dict]] = []
    header: list[str] | None = None
    try:
        lines = list(csv.reader(stripped.splitlines()))
    except csv.Error:
        raise ValidationError(_("CSV 格式有误（引号或换行不成对），无法读取"))
    for i, cells in enumerate(lines, start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if header is None and not rows and set(cells) & _KEYS:
            header = cells  # a first row naming the columns; otherwise the columns are in the usual order
            continue
        keys = header or ["名称", "放假开始", "放假结束", "调休上班"]
        rows.append((i, dict(zip(keys, cells, strict=False))))
    return None, "", rows


def _rows_from_yaml(text: str) -> tuple[int | None, str, list[tuple[int, dict]]]:
    import yaml

    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("第 %(line)d 行") % {"line": mark.line + 1} if mark else ""
        raise ValidationError(_("YAML 格式有误%(where)s，无法读取") % {"where": where})
    if not isinstance(doc, dict) or not isinstance(doc.get("holidays", doc.get("节假日")), list):
        raise ValidationError(
            _("YAML 应包含 holidays（节假日）列表，每项写明名称、放假开始、放假结束、调休上班")
        )
    year = doc.get("year", doc.get("年份", doc.get("年度")))
    if year is not None and not (isinstance(year, int) and not isinstance(year, bool)):
        raise ValidationError(_("年份“%(year)s”应为四位数字") % {"year": year})
    source = str(doc.get("source", doc.get("来源", "")) or "")
    items: list = doc.get("holidays", doc.get("节假日")) or []
    rows = [(i, item if isinstance(item, dict) else {}) for i, item in enumerate(items, start=1)]
    return year, source, rows


def parse(text: str, year: int | None = None, source: str = "") -> Notice:
    """The notice in `text` (CSV or YAML), for `year` (or the year its dates give). Raises
    ValidationError with every problem found; returns only a notice that passed `problems`."""
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(_("内容过长（超过 %(n)d 字），不像一份节假日通知") % {"n": MAX_TEXT_CHARS})
    if "\x00" in text:
        raise ValidationError(_("内容含有空字符（NUL），请粘贴纯文本"))
    file_year, file_source, rows = _rows_from_text(text)
    if year is not None and file_year is not None and year != file_year:
        raise ValidationError(_("文件写明的年份 %(a)d 与所选年份 %(b)d 不一致") % {"a": file_year, "b": year})
    if not rows:
        raise ValidationError(_("没有读到任何节假日：每行写明名称、放假开始、放假结束、调休上班"))
    if len(rows) > MAX_RANGES:
        raise ValidationError(_("节假日超过 %(n)d 项，不像一份节假日通知") % {"n": MAX_RANGES})
    reader = _Reader(year or file_year)
    for line, row in rows:
        reader.festival(line, row)
    if reader.problems:
        raise ValidationError(reader.problems)
    years = {d.year for f in reader.festivals for d in (f.start, f.end)}
    the_year = year or file_year or (years.pop() if len(years) == 1 else None)
    if the_year is None:
        raise ValidationError(_("日期跨越多个年份，请写明年份"))
    notice = Notice(the_year, tuple(reader.festivals), (source or file_source).strip()[:80])
    found = problems(notice)
    if found:
        raise ValidationError(found)
    return notice


def problems(notice: Notice) -> list[str]:
    """What makes a notice impossible: dates outside its year, make-up days not on a weekend or inside
    a break, breaks that overlap, a day listed twice."""
    out: list[str] = []
    year = notice.year
    if not notice.festivals:
        out.append(_("没有任何节假日"))
    seen: dict[dt.date, str] = {}
    for f in notice.festivals:
        where = (
            _("第 %(line)d 行（%(name)s）：") % {"line": f.line, "name": f.name} if f.line else f.name + "："
        )
        if f.start.year != year or f.end.year != year:
            out.append(where + _("放假日期应在 %(year)d 年内") % {"year": year})
        for d in f.days():
            if d in seen:
                out.append(where + _("%(d)s 与“%(other)s”的放假日期重叠") % {"d": d, "other": seen[d]})
            seen.setdefault(d, f.name)
    worked: set[dt.date] = set()
    for f in notice.festivals:
        where = (
            _("第 %(line)d 行（%(name)s）：") % {"line": f.line, "name": f.name} if f.line else f.name + "："
        )
        for d in f.workdays:
            if d in worked:
                out.append(where + _("调休上班日 %(d)s 重复列出") % {"d": d})
            elif d.year != year:
                out.append(where + _("调休上班日 %(d)s 应在 %(year)d 年内") % {"d": d, "year": year})
            elif d.weekday() < 5:
                out.append(where + _("调休上班日 %(d)s 不是周末，无需调休") % {"d": d})
            elif d in seen:
                out.append(
                    where + _("调休上班日 %(d)s 同时是“%(other)s”的放假日") % {"d": d, "other": seen[d]}
                )
            worked.add(d)
    return out

"""The public search (公开查询; issue 11 item 4, rules §7.1.6, §11.4) over credit.PublicEntry: by full
name (exact), by identity code (exact), or both (AND); a partial name (substring) needs
rules.PUBLIC_NAME_MIN characters. Results are the published records only (rules.PUBLISHED_FIELDS), the
identity code masked, newest first, PAGE_SIZE a page, counted up to COUNT_CAP ("1000+").

Two statements a search, whatever it finds: the page of the chosen kind, and the capped count of every
kind (the page's tabs). The indexes they use: btrees on `id_code` and `name` (the model), a pg_trgm GIN
index on PostgreSQL and an FTS5 trigram table on SQLite for a partial name, and (kind, published_on,
id) for the newest of a partial name that matches very many rows (credit migration 0002). A partial
search is also bounded in time (PARTIAL_SECONDS)."""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import OperationalError, connection, transaction
from django.utils.translation import gettext as _

from zhixing.core.identity import check_uscc, mask_identity, ric15_to_18
from zhixing.credit import rules
from zhixing.credit.models import PublicEntry

PAGE_SIZE = 50
COUNT_CAP = 1000
MAX_PAGE = COUNT_CAP // PAGE_SIZE
# A partial name as common as 有限公司's parts matches millions of rows; such a search stops after this
# long and asks for more of the name, so that no one holds a server for seconds (exact matches never do).
PARTIAL_SECONDS = 2.0
PROGRESS_STEPS = 20_000  # SQLite: virtual-machine steps between two looks at the clock
NAME_MAX = 100
KINDS = [k for k, _label in PublicEntry.KINDS]
FIELDS = [name for name, _label in rules.PUBLISHED_FIELDS]
TABLE = PublicEntry._meta.db_table
FTS = "credit_publicentry_fts"  # credit migration 0002 (SQLite)
_RESIDENT_18 = re.compile(r"\d{17}[\dX]")
_RESIDENT_15 = re.compile(r"\d{15}")


class SearchError(ValueError):
    """Input the search refuses; the message is Chinese, for the page and the API's 400."""


@dataclass(frozen=True)
class Query:
    name: str = ""
    codes: tuple[str, ...] = ()  # the identity code's forms to match (18-digit, and its 15-digit form)
    partial: bool = False


@dataclass
class Result:
    kind: str
    page: int
    rows: list[dict[str, Any]]
    counts: dict[str, int] = field(default_factory=dict)  # per kind, capped at COUNT_CAP + 1

    @property
    def count(self) -> int:
        return min(self.counts.get(self.kind, 0), COUNT_CAP)

    @property
    def capped(self) -> bool:
        return self.counts.get(self.kind, 0) > COUNT_CAP

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // PAGE_SIZE))


def count_label(n: int) -> str:
    return f"{COUNT_CAP}+" if n > COUNT_CAP else str(n)


def code_forms(id_code: str) -> tuple[str, ...]:
    """The stored forms an identity code may match: a unit code upper-cased; a resident ID as 18 digits
    (a 15-digit one converted, core.identity.ric15_to_18) and, for a 20th-century birth, its 15-digit
    legacy form too, in case a row kept it."""
    code = re.sub(r"\s", "", id_code or "").upper()
    if _RESIDENT_15.fullmatch(code):
        return (ric15_to_18(code), code)
    if _RESIDENT_18.fullmatch(code):
        return (code, code[:6] + code[8:17]) if code[6:8] == "19" else (code,)
    return (code,)


def parse(name: str, id_code: str, partial: bool = False) -> Query:
    """The query for these inputs, or SearchError with the reason in Chinese."""
    name = (name or "").strip()
    code = re.sub(r"\s", "", id_code or "").upper()
    if len(name) > NAME_MAX or len(code) > 30:
        raise SearchError(_("输入过长，请核对姓名/名称和证件号码"))
    if partial and not name:
        raise SearchError(_("部分匹配需要输入姓名/名称的一部分"))
    if partial and len(name) < rules.PUBLIC_NAME_MIN:
        raise SearchError(_("按部分姓名/名称查询至少输入 %(n)d 个字") % {"n": rules.PUBLIC_NAME_MIN})
    problem = rules.search_problem(name, code)
    if problem:
        raise SearchError(problem)
    if code and not (_RESIDENT_15.fullmatch(code) or _RESIDENT_18.fullmatch(code) or check_uscc(code).valid):
        raise SearchError(_("证件号码格式不正确"))
    return Query(name=name, codes=code_forms(code) if code else (), partial=partial)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(query: Query) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    if query.codes:
        parts.append(f"id_code IN ({', '.join(['%s'] * len(query.codes))})")
        params.extend(query.codes)
    if query.name and not query.partial:
        parts.append("name = %s")
        params.append(query.name)
    elif query.name:
        if connection.vendor == "postgresql":
            parts.append("name LIKE %s")  # the pg_trgm GIN index
            params.append(f"%{_escape_like(query.name)}%")
        else:
            # The FTS5 trigram table: a quoted phrase is a substring match of 3 characters or more.
            parts.append(f"id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)")
            params.append('"' + query.name.replace('"', '""') + '"')
    return " AND ".join(parts), params


def published(record: Any) -> dict[str, Any]:
    """Only the published fields of a stored record, the identity code masked even if a row held it whole."""
    if isinstance(record, str):
        record = json.loads(record)
    record = record or {}
    out = {name: record.get(name, "") for name in FIELDS}
    out["id_code_masked"] = mask_identity(str(out["id_code_masked"] or ""))
    return out


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Statements inside are cancelled after `seconds` (OperationalError): statement_timeout, local to a
    savepoint, on PostgreSQL; a progress handler on SQLite (no transaction: a SQLite transaction here
    begins IMMEDIATE, taking the write lock, which a read must not)."""
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, true)",
                [f"{max(1, int(seconds * 1000))}ms"],  # 0 would mean no limit at all
            )
            before = cursor.fetchone()[0]
            yield
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])
        return
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.monotonic() + seconds
    raw.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)


def search(query: Query, kind: str | None = None, page: int = 1) -> Result:
    """The capped counts of every kind and one page of `kind` (without one: the first kind that has
    results, else the dishonest list): two statements (on PostgreSQL a partial name adds the two that
    set and reset its time limit)."""
    if kind is not None and kind not in KINDS:
        raise SearchError(_("查询类别不正确"))
    if not query.partial:
        return _search(query, kind, page)
    try:
        with _time_limit(PARTIAL_SECONDS):
            return _search(query, kind, page)
    except OperationalError as e:
        raise SearchError(_("符合条件的记录过多，请输入更完整的姓名/名称，或加上证件号码")) from e


def _search(query: Query, kind: str | None, page: int) -> Result:
    page = min(max(1, page), MAX_PAGE)
    where, params = _where(query)
    with connection.cursor() as cursor:
        capped = " UNION ALL ".join(
            f"SELECT {i} AS k, COUNT(*) AS n FROM (SELECT 1 FROM {TABLE} WHERE kind = %s AND {where}"
            f" LIMIT %s) AS c{i}"
            for i in range(len(KINDS))
        )
        cursor.execute(capped, [p for k in KINDS for p in (k, *params, COUNT_CAP + 1)])
        counts = {KINDS[int(i)]: int(n) for i, n in cursor.fetchall()}
        if kind is None:
            kind = next((k for k in KINDS if counts.get(k)), PublicEntry.DISHONEST)
        cursor.execute(
            f"SELECT record FROM {TABLE} WHERE kind = %s AND {where}"
            " ORDER BY published_on DESC, id DESC LIMIT %s OFFSET %s",
            [kind, *params, PAGE_SIZE, (page - 1) * PAGE_SIZE],
        )
        rows = [published(r[0]) for r in cursor.fetchall()]
    return Result(kind=kind, page=page, rows=rows, counts=counts)

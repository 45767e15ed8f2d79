"""The shapes the checks hand to the bulk write and to the errors sheet."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from .planning import Planner
from .reader import Table


@dataclass
class RowError:
    row: int
    column: str  # the Chinese label of the column (or the header text for header problems)
    reason: str

    def __str__(self) -> str:
        return _("第%(r)d行 %(c)s：%(m)s") % {"r": self.row, "c": self.column, "m": self.reason}


class PartyRow(NamedTuple):
    role: str
    position: int  # within its side, in the order of the sheet
    kind: str
    name: str
    id_number: str
    id_kind: str
    birth_date: dt.date | None


@dataclass
class CaseRow:
    """One good row: everything the bulk write needs, parsed and checked."""

    row: int
    case_number: str
    legacy: bool
    year: int
    type_code: str
    serial: int | None
    court_code: str
    court_name: str
    court_id: int | None  # None: a court the import creates (--create-courts)
    filed_on: dt.date
    parties: list[PartyRow]  # applicants then debtors
    basis_number: str
    cause: str
    applied_amount: Decimal
    realized_amount: Decimal
    closed_on: dt.date | None
    closure_method: str
    extension_months: int
    excluded_days: int
    handler_name: str
    handler_id: int | None
    exists: bool = False


@dataclass
class NewCourt:
    code: str
    name: str
    level: str


@dataclass
class Plan:
    header: list[str]
    table: Table
    rows: list[CaseRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_courts: dict[str, NewCourt] = field(default_factory=dict)
    file_level: bool = False  # the header is wrong: no row was checked
    planner: Planner = field(default_factory=Planner)  # deadlines worked out while checking, for the write

    @property
    def bad_rows(self) -> set[int]:
        return {e.row for e in self.errors}

    def errors_by_row(self) -> dict[int, list[RowError]]:
        out: dict[int, list[RowError]] = defaultdict(list)
        for e in self.errors:
            out[e.row].append(e)
        return out

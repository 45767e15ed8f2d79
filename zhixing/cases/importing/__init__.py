"""Reading and checking a case import file (shared/formats/case-import.md) before anything is written.

table = read_table(path)          # .xlsx (first sheet) or .csv (UTF-8, with or without BOM)
plan = validate(table, update=…, create_courts=…)
plan.errors                        # every problem: row (header = 1), column label, reason in Chinese
plan.rows                          # the good rows, for zhixing.cases.actions.import_cases
"""

from .columns import COLUMNS, ERRORS_LABEL
from .reader import FileError, Table, read_table
from .rows import CaseRow, NewCourt, PartyRow, Plan, RowError
from .sheets import write_errors, write_template
from .validate import validate

__all__ = [
    "COLUMNS",
    "ERRORS_LABEL",
    "CaseRow",
    "FileError",
    "NewCourt",
    "PartyRow",
    "Plan",
    "RowError",
    "Table",
    "read_table",
    "validate",
    "write_errors",
    "write_template",
]

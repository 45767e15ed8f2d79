"""Helpers for the import tests (no tests here): sheets written as a clerk would, and the command run
as `zhixing import-cases` runs it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from tests.conftest import APPLICANT_ID, DEBTOR_UNIT_ID
from zhixing.cases.importing import COLUMNS

LABELS = [c.label for c in COLUMNS]
KEYS = [c.key for c in COLUMNS]
# More valid identity codes (GB 11643 / GB 32100 check characters computed by python-stdnum).
PERSON_2 = "130602198507150018"
UNIT_2 = "91130600MA07L0Q037"

XIONGAN = "河北雄安新区中级人民法院"


def row(**kw) -> dict[str, object]:
    """A good pending row of 冀96, keyed by English key; keyword arguments override."""
    base: dict[str, object] = {
        "case_number": "（2025）冀96执100号",
        "court_name": XIONGAN,
        "filed_on": "2025-03-05",
        "applicants": "王申请",
        "applicant_ids": APPLICANT_ID,
        "debtors": "雄安某建设有限公司",
        "debtor_ids": DEBTOR_UNIT_ID,
        "basis_number": "（2024）冀96民初88号",
        "cause": "追索劳动报酬纠纷",
        "applied_amount": "50,000.00",
        "realized_amount": "",
        "closed_on": "",
        "closure_method": "",
        "extension_months": "",
        "excluded_days": "",
        "handler": "张执行",
    }
    base.update(kw)
    return base


def good_rows() -> list[dict[str, object]]:
    return [
        row(),
        row(
            case_number="(2024)冀96执保7号",  # half-width brackets
            filed_on="2024/7/1",
            applicants="李某；刘某",
            applicant_ids=f"{PERSON_2}；",
            debtors="保定某贸易有限公司",
            debtor_ids=UNIT_2,
            basis_number="",
            cause="买卖合同纠纷",
            applied_amount="1200000",
            handler="",
        ),
        row(
            case_number="（2023）冀96执5号",
            filed_on="2023-02-10",
            basis_number="（2022）冀96民初1号",
            applied_amount="80000",
            realized_amount="12,345.67",
            closed_on="2023-09-30",
            closure_method="终本",
            extension_months="1",
            excluded_days="15",
        ),
    ]


def write_csv(path: Path, rows: list[dict], header: list[str] | None = None, bom: bool = False) -> Path:
    header = header or LABELS
    keys = [KEYS[LABELS.index(h)] if h in LABELS else h for h in header]
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(header)
        for r in rows:
            out.writerow([r.get(k, "") for k in keys])
    return path


def write_xlsx(path: Path, rows: list[dict], header: list[str] | None = None) -> Path:
    header = header or LABELS
    keys = [KEYS[LABELS.index(h)] if h in LABELS else h for h in header]
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append([r.get(k) if r.get(k) != "" else None for k in keys])
    wb.save(path)
    return path


def run(path: Path, *args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `zhixing import-cases PATH ARGS…`."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_cases", str(path), *args, "--no-progress", stdout=out, stderr=err)
        code = 0
    except CommandError as e:
        err.write(str(e))
        code = e.returncode
    return code, out.getvalue(), err.getvalue()


def read_sheet(path: Path) -> list[list[object]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return list(csv.reader(f))
    wb = load_workbook(path, read_only=True)
    return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]


def xl_date(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)

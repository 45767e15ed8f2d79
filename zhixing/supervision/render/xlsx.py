"""The bulletin as a workbook (openpyxl): indicators, rankings and the case lists, one sheet each.
Court names and other text are written as text, never as formulas (core.sheets)."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from openpyxl import Workbook

from zhixing.core.sheets import xlsx_row

from .labels import cell, indicator_kinds, indicator_names


def write(made, path: str) -> None:
    data = json.loads(made.content)
    names, kinds = indicator_names(data), indicator_kinds(data)
    keys = list(data["courts"][0]["indicators"]) if data["courts"] else []
    wb = Workbook()
    ws = wb.active
    ws.title = _("指标")
    period = data["period"]
    ws.append(xlsx_row(ws, [_("执行质效周通报"), period["week"], f"{period['start']} — {period['end']}"]))
    ws.append(xlsx_row(ws, [_("法院代字"), _("法院名称"), _("范围"), *[names.get(k, k) for k in keys]]))
    for c in data["courts"]:
        scope = _("辖区") if c["area"] else _("本院")
        cells = [cell(c["indicators"][k], kinds.get(k, "rate")) for k in keys]
        ws.append(xlsx_row(ws, [c["court_code"], c["court_name"], scope, *cells]))
    ranks = wb.create_sheet(_("排名"))
    ranks.append(xlsx_row(ranks, [_("指标"), _("范围"), _("上级法院"), _("法院代字"), _("名次"), _("数值")]))
    for group in data.get("rankings", []):
        for e in group["ranks"]:
            scope = _("辖区") if group["area"] else _("本院")
            ranks.append(
                xlsx_row(
                    ranks,
                    [
                        names.get(group["indicator"], group["indicator"]),
                        scope,
                        group["parent_code"] or "",
                        e["court_code"],
                        e["rank"],
                        e["value"],
                    ],
                )
            )
    for key, numbers in data.get("lists", {}).items():
        sheet = wb.create_sheet(names.get(key, key))
        sheet.append(xlsx_row(sheet, [_("案号")]))
        for n in numbers:
            sheet.append(xlsx_row(sheet, [n]))
    wb.save(path)

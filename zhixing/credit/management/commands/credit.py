"""`zhixing credit`: credit measures for operators (contract of issue 11 item 9).

    zhixing credit check --id CODE --ground N --on YYYY-MM-DD

prints one line of JSON, {"allowed": true|false, "reasons": [...], "term_end": "YYYY-MM-DD" | null}:
whether a debtor with that identity code may be listed on ground N (1–6, the order of rules §7.1.1) on
that date by the rules that need no case file (rules.listing_check, the function the listing action
calls). It reads no case and no table.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zhixing.core.commands import OperatorCommand

from ... import rules
from .. import export_cmd


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(_("日期“%(text)s”无效，应为 YYYY-MM-DD，例如 2026-09-30") % {"text": text})


def parse_ground(text: str) -> int:
    text = text.strip()
    if not text.isascii() or not text.isdigit() or int(text) not in rules.GROUNDS:
        raise CommandError(
            _("失信情形“%(text)s”无效，应为 1 至 6 的整数（失信规定第一条所列六项）") % {"text": text}
        )
    return int(text)


class Command(OperatorCommand):
    requires_system_checks: list[str] = []
    help = _("信用惩戒：检查能否纳入失信被执行人名单（check）；导出失信信息文件（export）")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{check,export}")
        check = sub.add_parser("check", help=_("按不需要案卷的规则检查能否纳入失信被执行人名单"))
        check.add_argument("--id", dest="id_code", required=True, help=_("被执行人的证件号码"))
        check.add_argument("--ground", required=True, help=_("失信情形：1 至 6，按失信规定第一条的顺序"))
        check.add_argument("--on", required=True, help=_("决定日期，YYYY-MM-DD"))
        export_cmd.add_parser(sub)

    def handle(self, *args, **options):
        if options["subcommand"] == "check":
            return self.check(options)
        if options["subcommand"] == "export":
            return export_cmd.run(options, self.stdout)
        raise CommandError(_("未知的子命令“%(name)s”") % {"name": options["subcommand"]})

    def check(self, options) -> None:
        on = parse_date(options["on"])
        ground = parse_ground(options["ground"])
        result = rules.listing_check(options["id_code"], ground, on)
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))

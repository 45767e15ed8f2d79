"""`zhixing relief`: judicial relief for operators (issue 14, rules §9).

    zhixing relief cap --province CODE --year YEAR --unexecuted AMOUNT

prints the relief cap (36 × the province's average monthly wage for YEAR, never above the unexecuted
AMOUNT) as a string with two decimals, e.g. `288000.00`, and nothing else; fails (exit 1, a Chinese
message on stderr) when that province's wage for that year is not set.

    zhixing relief set-wage --province CODE --year YEAR --monthly AMOUNT [--source TEXT]

sets (or corrects) the province's average monthly wage of employees for YEAR; CODE is the province's
court code, e.g. `冀`.

    zhixing relief report --court CODE --year YEAR [--xlsx FILE]

relief paid in YEAR by the court and the courts below it, per court (applications, people, amount
paid, recovered): one line of JSON (amounts as two-decimal strings), and an Excel workbook with --xlsx.

A bad argument (unknown province, not a number, a negative amount) is refused with a Chinese message on
stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zhixing.core.actors import CLI
from zhixing.core.commands import OperatorCommand
from zhixing.core.money import InvalidAmount, parse_yuan
from zhixing.courts.models import Court

from ...actions import relief as actions

SUBCOMMANDS = ("cap", "set-wage", "report")


def _refusal(exc: ValidationError) -> CommandError:
    return CommandError("；".join(str(m) for m in exc.messages))


def _amount(text: str | None, what: str, flag: str, positive: bool = False) -> Decimal:
    if text is None or not str(text).strip():
        raise CommandError(_("缺少%(what)s（%(flag)s）") % {"what": what, "flag": flag})
    try:
        value = parse_yuan(text, allow_negative=True)
    except InvalidAmount as exc:
        raise CommandError(_("%(what)s：%(error)s") % {"what": what, "error": exc}) from None
    if value < 0 or (positive and value == 0):
        raise CommandError(
            _("%(what)s“%(text)s”无效：应为%(kind)s的金额")
            % {"what": what, "text": text, "kind": _("大于零") if positive else _("不小于零")}
        )
    return value


def _required(options: dict, key: str, what: str, flag: str) -> str:
    value = (options.get(key) or "").strip()
    if not value:
        raise CommandError(_("缺少%(what)s（%(flag)s）") % {"what": what, "flag": flag})
    return value


def _write(path: str, data: bytes) -> None:
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise CommandError(_("无法写入文件“%(path)s”：%(error)s") % {"path": path, "error": exc.strerror})


class Command(OperatorCommand):
    requires_system_checks: list[str] = []
    help = _(
        "司法救助：计算救助上限（cap）；设置省份职工月平均工资（set-wage）；按年度统计救助发放（report）"
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        """argparse's own refusals (an unknown option or subcommand) in Chinese and with exit code 1 too."""
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parsers = [parser]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
        for p in parsers:
            p.error = self._parse_error(p)  # type: ignore[method-assign]
        return parser

    @staticmethod
    def _parse_error(parser):
        def error(message: str):
            text = _("命令参数有误：%(detail)s（用法见 zhixing relief --help）") % {"detail": message}
            if getattr(parser, "called_from_command_line", False):
                sys.stderr.write(text + "\n")
                sys.exit(1)
            raise CommandError(text)

        return error

    def add_arguments(self, parser):
        # Every argument is validated in handle() so that every refusal is in Chinese (argparse's are English).
        sub = parser.add_subparsers(dest="subcommand", metavar="{cap,set-wage,report}")
        cap = sub.add_parser(
            "cap", help=_("救助上限：36个月职工月平均工资，且不超过未执行到位金额；输出两位小数")
        )
        cap.add_argument("--province", metavar="CODE", help=_("省份代字，如 冀"))
        cap.add_argument("--year", metavar="YEAR", help=_("工资年度，如 2025"))
        cap.add_argument("--unexecuted", metavar="AMOUNT", help=_("未执行到位金额（元）"))
        wage = sub.add_parser("set-wage", help=_("设置某省某年度职工月平均工资"))
        wage.add_argument("--province", metavar="CODE", help=_("省份代字，如 冀"))
        wage.add_argument("--year", metavar="YEAR", help=_("工资年度，如 2025"))
        wage.add_argument("--monthly", metavar="AMOUNT", help=_("月平均工资（元）"))
        wage.add_argument("--source", metavar="TEXT", default="", help=_("数据来源，如统计公报"))
        rep = sub.add_parser("report", help=_("某法院（含辖区法院）某年度司法救助发放统计，输出一行 JSON"))
        rep.add_argument("--court", metavar="CODE", help=_("法院代字，如 冀96"))
        rep.add_argument("--year", metavar="YEAR", help=_("统计年度，如 2026"))
        rep.add_argument("--xlsx", metavar="FILE", help=_("另存为 Excel 文件"))

    def handle(self, *args, **options):
        name = options.get("subcommand")
        if name not in SUBCOMMANDS:
            raise CommandError(_("请指定子命令：cap、set-wage 或 report"))
        try:
            if name == "cap":
                self.cap(options)
            elif name == "set-wage":
                self.set_wage(options)
            else:
                self.report(options)
        except ValidationError as exc:
            raise _refusal(exc) from None

    def cap(self, options) -> None:
        province = actions.check_province(_required(options, "province", _("省份代字"), "--province"))
        year = actions.check_year(_required(options, "year", _("工资年度"), "--year"))
        unexecuted = _amount(options.get("unexecuted"), _("未执行到位金额"), "--unexecuted")
        self.stdout.write(f"{actions.cap(province, year, unexecuted):.2f}")

    def set_wage(self, options) -> None:
        province = actions.check_province(_required(options, "province", _("省份代字"), "--province"))
        year = actions.check_year(_required(options, "year", _("工资年度"), "--year"))
        monthly = _amount(options.get("monthly"), _("月平均工资"), "--monthly", positive=True)
        row = actions.set_wage(province, year, monthly, actor=CLI, source=options.get("source") or "")
        self.stdout.write(
            _("已设置%(name)s（%(code)s）%(year)s年度职工月平均工资：%(monthly)s 元")
            % {
                "name": actions.province_name(province),
                "code": province,
                "year": year,
                "monthly": f"{row.monthly:,.2f}",
            }
        )

    def report(self, options) -> None:
        code = _required(options, "court", _("法院代字"), "--court")
        year = actions.check_year(_required(options, "year", _("统计年度"), "--year"))
        court = Court.objects.filter(code=code).first()
        if court is None:
            raise CommandError(_("没有代字为“%(code)s”的法院") % {"code": code})
        courts = Court.objects.filter(path__startswith=court.path)
        rows = actions.yearly_report(courts, year)
        if options.get("xlsx"):
            from ...views.relief import report_xlsx

            _write(options["xlsx"], report_xlsx(rows, year))
        total = actions.totals(rows)
        data = {
            "court": court.code,
            "year": year,
            "courts": [r.as_json() for r in rows],
            "total": {**total, "amount": f"{total['amount']:.2f}", "recovered": f"{total['recovered']:.2f}"},
        }
        self.stdout.write(json.dumps(data, ensure_ascii=False))

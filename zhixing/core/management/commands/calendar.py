"""`zhixing calendar`: the calendar module for operators (rules §14).

    zhixing calendar due START AMOUNT UNIT   the due date, YYYY-MM-DD only, on stdout
    zhixing calendar years                   the years whose holiday table is complete
    zhixing calendar show YEAR               a year's holidays and make-up working days
    zhixing calendar import FILE [--year Y] [--source TEXT]
                                             declare a year from its State Council notice (CSV or YAML
                                             of festival ranges and make-up days, core.holiday_notice)

`due` fails (non-zero status, a Chinese message on stderr) when the calendar does not cover the dates
or the input is malformed: for an undeclared year it prints the provisional date the platform uses
meanwhile (weekends only) and why it is not final, but never passes it off as the answer.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zhixing.core import actions, calendar, holiday_notice, permissions
from zhixing.core.actors import CLI
from zhixing.core.commands import OperatorCommand
from zhixing.core.models import CalendarYear, Holiday
from zhixing.core.rulesettings import MissingRuleSetting, rule_setting

# The same key as zhixing.cases.settings_keys.ROLL_TO_WORKING_DAY (core may not import cases).
ROLL_KEY = "calendar.roll_to_working_day"
WEEKDAYS = "一二三四五六日"


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise CommandError(
            _("日期“%(text)s”不正确：应为存在的日期，格式 YYYY-MM-DD，例如 2025-08-31") % {"text": text}
        )


def parse_amount(text: str) -> int:
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit():
        raise CommandError(_("期限数量“%(text)s”不正确：应为不小于 0 的整数") % {"text": text})
    return int(text)


def parse_unit(text: str) -> str:
    if text not in calendar.UNITS:
        raise CommandError(
            _("期限单位“%(text)s”不正确：应为 days（日）、working-days（工作日）或 months（月）")
            % {"text": text}
        )
    return text


class Command(OperatorCommand):
    # Reads the database only; the URL and template checks are for the server, not for this.
    requires_system_checks: list[str] = []
    help = _("日历：计算期限届满日（due）、列出已收录年度（years）、显示某年节假日安排（show）")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{due,years,show,import}")
        due = sub.add_parser("due", help=_("计算期限届满日，只输出 YYYY-MM-DD"))
        # Plain strings, checked in handle(), so that every complaint is a Chinese sentence.
        due.add_argument("start", nargs="?", help=_("起算日期 YYYY-MM-DD（当日不计入）"))
        due.add_argument("amount", nargs="?", help=_("期限数量（非负整数）"))
        due.add_argument("unit", nargs="?", help=_("单位：days、working-days 或 months"))
        due.add_argument("--court", help=_("按该法院代字适用规则参数（默认适用全国参数）"))
        sub.add_parser("years", help=_("列出节假日安排已收录完整的年度"))
        show = sub.add_parser("show", help=_("显示某年的法定节假日和调休工作日"))
        show.add_argument("year", nargs="?", help=_("年份，例如 2026"))
        imp = sub.add_parser("import", help=_("按国务院节假日安排通知录入并发布一个年度（CSV 或 YAML）"))
        imp.add_argument("file", nargs="?", help=_("文件：每行 名称,放假开始,放假结束,调休上班"))
        imp.add_argument("--year", help=_("年份（默认取文件中的年份或日期所在年份）"))
        imp.add_argument("--source", default="", help=_("来源，例如通知的标题和文号"))

    def handle(self, *args, **options):
        sub = options["subcommand"]
        if sub == "due":
            self.due(options)
        elif sub == "years":
            self.years()
        elif sub == "import":
            self.import_notice(options)
        else:
            self.show(options.get("year"))

    def due(self, options) -> None:
        missing = [n for n in ("start", "amount", "unit") if not options.get(n)]
        if missing:
            raise CommandError(_("用法：zhixing calendar due 起算日期 数量 单位，例如 2025-08-31 6 months"))
        start = parse_date(options["start"])
        amount = parse_amount(options["amount"])
        unit = parse_unit(options["unit"])
        court = None
        if options.get("court"):
            court = permissions.ask("court_by_code", options["court"].strip())
            if court is None:
                raise CommandError(_("法院代字“%(code)s”不存在") % {"code": options["court"]})
        try:
            roll = bool(rule_setting(ROLL_KEY, court, start))
        except MissingRuleSetting as exc:
            raise CommandError(str(exc))
        try:
            answer = calendar.provisional_due(start, amount, unit, roll=roll)
        except (OverflowError, ValueError):
            raise CommandError(_("期限超出可计算的日期范围"))
        if answer.provisional:
            years = "、".join(str(y) for y in sorted(answer.undeclared_years))
            raise CommandError(
                _(
                    "日历未收录 %(years)s 年的节假日安排，该期限不是最终结果：暂定 %(date)s"
                    "（仅按周末休息计算）；管理员录入该年安排（zhixing calendar import）后再计算。"
                )
                % {"date": answer.on.isoformat(), "years": years}
            )
        self.stdout.write(answer.on.isoformat())

    def years(self) -> None:
        rows = CalendarYear.objects.order_by("year").values_list("year", "source")
        if not rows:
            raise CommandError(_("日历尚未收录任何年度的节假日安排"))
        for year, source in rows:
            self.stdout.write(f"{year}\t{source}" if source else str(year))

    def show(self, text: str | None) -> None:
        if not text or not text.strip().isascii() or not text.strip().isdigit():
            raise CommandError(_("年份“%(text)s”不正确：应为四位数字，例如 2026") % {"text": text or ""})
        year = int(text)
        rows = Holiday.objects.filter(date__year=year).order_by("date")
        counts = {Holiday.HOLIDAY: 0, Holiday.WORKDAY: 0}
        for h in rows:
            counts[h.kind] += 1
            label = _("放假") if h.kind == Holiday.HOLIDAY else _("调休上班")
            self.stdout.write(f"{h.date.isoformat()}\t周{WEEKDAYS[h.date.weekday()]}\t{label}\t{h.name}")
        if year not in calendar.covered_years():
            raise CommandError(str(calendar.CalendarNotCovered(year)))
        self.stdout.write(
            _("%(year)d 年：法定节假日（含相连周末）%(h)d 天，调休上班 %(w)d 天")
            % {"year": year, "h": counts[Holiday.HOLIDAY], "w": counts[Holiday.WORKDAY]}
        )

    def import_notice(self, options) -> None:
        path = options.get("file")
        if not path:
            raise CommandError(_("用法：zhixing calendar import 文件 [--year 年份] [--source 来源]"))
        year = None
        if options.get("year"):
            text = options["year"].strip()
            if not text.isascii() or not text.isdigit():
                raise CommandError(_("年份“%(text)s”不正确：应为四位数字，例如 2027") % {"text": text})
            year = int(text)
        try:
            with open(path, "rb") as fh:
                raw = fh.read(holiday_notice.MAX_TEXT_CHARS * 4 + 1)
        except OSError as exc:
            raise CommandError(_("无法读取文件“%(path)s”：%(error)s") % {"path": path, "error": exc.strerror})
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError(_("文件不是 UTF-8 编码的文本"))
        try:
            notice = holiday_notice.parse(text, year=year, source=options.get("source") or "")
            # The command line is the operator's own: the named system actor 系统·命令行, audited as such.
            row = actions.declare_year(notice, actor=CLI)
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError("\n".join(messages))
        self.stdout.write(
            _("已发布 %(year)d 年日历：放假 %(h)d 天，调休上班 %(w)d 天")
            % {"year": row.year, "h": len(notice.holidays()), "w": len(notice.workdays())}
        )

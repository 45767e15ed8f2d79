"""`zhixing measures`: coercive measures and field operations for operators (issue 13).

    zhixing measures scan

runs the hourly measures job now (zhixing.measures.scans.run: every active police agency is asked for
the receipts and decisions its feed holds for our referrals) and prints its counts as one line of JSON.

    zhixing measures report --court CODE --month YYYY-MM [--xlsx FILE] [--pdf FILE]

the monthly report of measures of a court and the courts below it (fines with their amounts and what
was paid, detentions with their days, summons, searches, exit bans, reward notices, referrals sent and
their outcomes): printed as one line of JSON (amounts as two-decimal strings), and written as an Excel
workbook and/or a PDF when --xlsx / --pdf name a file.

A bad argument is refused with a Chinese message on stderr and exit code 1.
"""

from __future__ import annotations

import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zhixing.core.commands import OperatorCommand
from zhixing.core.pdf import FontNotFound
from zhixing.courts.models import Court

from ... import reports
from ...queries import monthly_measures


def _write(path: str, data: bytes) -> None:
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise CommandError(_("无法写入文件“%(path)s”：%(error)s") % {"path": path, "error": exc.strerror})


class Command(OperatorCommand):
    requires_system_checks: list[str] = []
    help = _("强制措施与外勤：立即运行强制措施扫描（scan）；按月统计强制措施并导出 Excel、PDF（report）")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{scan,report}")
        sub.add_parser(
            "scan",
            help=_(
                "立即运行每小时的强制措施扫描：从各公安机关拉取移送案件的受案和立案决定报文；输出一行 JSON"
            ),
        )
        rep = sub.add_parser(
            "report",
            help=_("某法院（含辖区法院）某月的强制措施统计，输出一行 JSON，可另存为 Excel 和 PDF"),
        )
        # Validated in handle() so that every refusal is in Chinese (argparse's own are English).
        rep.add_argument("--court", metavar="CODE", help=_("法院代字，如 冀96"))
        rep.add_argument("--month", metavar="YYYY-MM", help=_("统计月份，如 2026-11"))
        rep.add_argument("--xlsx", metavar="FILE", help=_("另存为 Excel 文件"))
        rep.add_argument("--pdf", metavar="FILE", help=_("另存为 PDF 文件"))

    def handle(self, *args, **options):
        if options["subcommand"] == "scan":
            from ... import scans

            self.stdout.write(json.dumps(scans.run(), ensure_ascii=False, default=str))
            return None
        if options["subcommand"] == "report":
            return self.report(options)
        raise CommandError(_("未知的子命令“%(name)s”") % {"name": options["subcommand"]})

    def report(self, options) -> None:
        code = (options.get("court") or "").strip()
        if not code:
            raise CommandError(_("缺少法院代字（--court，如 冀96）"))
        text = options.get("month")
        if not text:
            raise CommandError(_("缺少统计月份（--month YYYY-MM）"))
        month = reports.parse_month(text)
        if month is None:
            raise CommandError(_("月份“%(text)s”无效，应为 YYYY-MM") % {"text": text})
        court = Court.objects.filter(code=code).first()
        if court is None:
            raise CommandError(_("没有代字为“%(code)s”的法院") % {"code": code})
        report = monthly_measures(court, month)
        if options.get("xlsx"):
            _write(options["xlsx"], reports.to_xlsx(report))
        if options.get("pdf"):
            try:
                data = reports.to_pdf(report)
            except FontNotFound as exc:
                raise CommandError(str(exc))
            _write(options["pdf"], data)
        self.stdout.write(json.dumps(reports.as_json(report), ensure_ascii=False))

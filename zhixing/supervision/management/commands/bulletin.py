"""`zhixing bulletin`: the weekly bulletin (周通报) of shared/domain/indicators.md.

    zhixing bulletin --week 2026-W47 [--court 冀96] [--format json|html|xlsx|pdf] [-o FILE] [--remake]
                     [--engine duckdb|spark]

The year to date through the Sunday of that ISO week, for every court (or the court and the courts
below it). A bulletin already stored for that week and court is shown again exactly as it was made;
`--remake` makes a new one from a fresh snapshot (and so sees every edit since).
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zhixing.core.commands import OperatorCommand
from zhixing.courts.actors import CLI
from zhixing.courts.models import Court
from zhixing.supervision import actions, engine, queries, rules
from zhixing.supervision.render import html as render_html
from zhixing.supervision.render import pdf as render_pdf
from zhixing.supervision.render import xlsx as render_xlsx

FORMATS = ("json", "html", "xlsx", "pdf")


class Command(OperatorCommand):
    help = _("生成或再次显示执行质效周通报")

    def add_arguments(self, parser):
        parser.add_argument("--week", required=True, help=_("ISO 周次，如 2026-W47"))
        parser.add_argument("--court", help=_("只含此法院及其辖区（法院代字，如 冀96）"))
        parser.add_argument("--format", choices=FORMATS, default="json", help=_("输出格式"))
        parser.add_argument("-o", "--output", help=_("输出文件（json、html 缺省为标准输出）"))
        parser.add_argument(
            "--remake", action="store_true", help=_("重新生成快照和通报，而不是显示已存的通报")
        )
        parser.add_argument(
            "--engine",
            choices=engine.BACKENDS,
            default="duckdb",
            help=_("计算引擎：duckdb（本机，缺省）或 spark（PySpark，ZHIXING_SPARK_MASTER 指定集群）"),
        )

    def handle(self, *args, **opts):
        try:
            year, number = rules.parse_week(opts["week"])
        except rules.InvalidWeek as e:
            raise CommandError(str(e)) from None
        week = rules.week_label(year, number)
        court = None
        if opts["court"]:
            court = Court.objects.filter(code=opts["court"].strip()).first()
            if court is None:
                raise CommandError(_("没有代字为“%(c)s”的法院") % {"c": opts["court"]})
        made = None if opts["remake"] else queries.stored_bulletin(week, court)
        if made is None:
            try:
                made = actions.make_bulletin(week, court=court, actor=CLI, backend=opts["engine"])
            except RuntimeError as e:  # the engine cannot start (Spark without Java)
                raise CommandError(str(e)) from None
            self.stderr.write(
                _("已生成 %(w)s 周通报（快照 %(n)d 件）") % {"w": week, "n": made.snapshot.rows}
            )
        fmt, out = opts["format"], opts["output"]
        if fmt == "xlsx":
            if not out:
                raise CommandError(_("xlsx 格式需要用 -o 指定输出文件"))
            render_xlsx.write(made, out)
            return
        if fmt == "pdf":
            if not out:
                raise CommandError(_("pdf 格式需要用 -o 指定输出文件"))
            body = render_pdf.render(made)
            with open(out, "wb") as f:
                f.write(body)
            return
        text = made.content if fmt == "json" else render_html.render(made)
        if out:
            with open(out, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        else:
            self.stdout.write(text, ending="")

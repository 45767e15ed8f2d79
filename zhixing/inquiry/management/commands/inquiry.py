"""`zhixing inquiry`: network inquiry for operators (contract of issue 10).

    zhixing inquiry batch [--court CODE] [--scope open|terminated-due] [--wait]

starts a batch (for one court, or for every court with cases in scope) and, with --wait, drives the
delivery until every request is answered or has used up its retries, then prints the counts per
institution; it exits non-zero if any request is unanswered.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zhixing.core.commands import OperatorCommand
from zhixing.courts.actors import CLI
from zhixing.courts.models import Court

from ... import queries, rules
from ...actions import drive, start_batch
from ...actions.batches import open_cases, reinquiry_due
from ...models import InquiryBatch, InquiryRequest

SCOPES = {"open": InquiryBatch.OPEN, "terminated-due": InquiryBatch.TERMINATED_DUE}


def find_court(code: str) -> Court:
    court = Court.objects.filter(code=code).first()
    if court is None:
        court = next((c for c in Court.objects.all() if rules.signer_code(c.code) == code), None)
    if court is None:
        raise CommandError(_("没有代字为“%(code)s”的法院") % {"code": code})
    return court


class Command(OperatorCommand):
    requires_system_checks: list[str] = []
    help = _("网络查控：发起批量查询（batch）")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{batch}")
        batch = sub.add_parser("batch", help=_("发起批量网络查控"))
        batch.add_argument("--court", help=_("法院代字（默认：每个有相应案件的法院）"))
        batch.add_argument(
            "--scope",
            choices=list(SCOPES),
            default="open",
            help=_("open：全部未结案件；terminated-due：到期复查的终本案件"),
        )
        batch.add_argument("--wait", action="store_true", help=_("等待全部回执并输出各机构统计"))
        batch.add_argument("--timeout", type=float, default=3600, help=_("--wait 最长等待秒数"))

    def handle(self, *args, **options):
        scope = SCOPES[options["scope"]]
        if options["court"]:
            courts = [find_court(options["court"])]
        else:
            pick = open_cases if scope == InquiryBatch.OPEN else reinquiry_due
            courts = [c for c in Court.objects.order_by("path") if pick(c).exists()]
        batches = [start_batch(court, scope, actor=CLI) for court in courts]
        for b in batches:
            self.stdout.write(
                _(
                    "批次 #%(id)s（%(court)s，%(scope)s）：案件 %(cases)d 件，被执行人 %(debtors)d 人，请求 %(requests)d 个"
                )
                % {
                    "id": b.pk,
                    "court": b.court.name,
                    "scope": b.get_scope_display(),
                    "cases": b.cases,
                    "debtors": b.debtors,
                    "requests": b.requests,
                }
            )
        if not options["wait"]:
            return
        unanswered = 0
        for b in batches:
            drive(b, timeout=options["timeout"])
            b.refresh_from_db()
            self.stdout.write(_("批次 #%(id)s：%(status)s") % {"id": b.pk, "status": b.get_status_display()})
            header = [
                _("机构"),
                _("连接"),
                _("请求"),
                _("已答复"),
                _("失败"),
                _("未完成"),
                _("查询人数"),
                _("有财产"),
                _("财产数"),
            ]
            self.stdout.write("\t".join(str(h) for h in header))
            for row in queries.batch_progress(b):
                self.stdout.write(
                    "\t".join(
                        str(v)
                        for v in (
                            row.name,
                            row.link,
                            row.requests,
                            row.answered,
                            row.failed,
                            row.outstanding,
                            row.queried,
                            row.hits,
                            row.assets,
                        )  # fmt: skip
                    )
                )
            unanswered += (
                InquiryRequest.objects.filter(batch=b).exclude(status=InquiryRequest.ANSWERED).count()
            )
        if unanswered:
            raise CommandError(_("有 %(n)d 个查询请求在重试后仍未得到答复") % {"n": unanswered})

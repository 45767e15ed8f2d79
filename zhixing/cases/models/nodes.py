"""Process nodes (流程节点) and the catalogue of their kinds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NodeKind(models.Model):
    """A kind of process node. The catalogue is seeded from rules §3.2; other apps add their own kinds
    in their migrations (a new row, no code change here).

    The deadline is `amount_setting` (a RuleSetting key holding a number) in `unit` after the date the
    `anchor` names: the filing date, the date a handler was assigned, or the date another node was
    done (anchor "node:<code>"). Kinds with no `amount_setting` are records without a deadline (a
    measure taken, a document sent) that the closing checks read.
    """

    FILED = "filed"
    HANDLER_ASSIGNED = "handler_assigned"
    UNITS = [("days", _("日")), ("working-days", _("工作日")), ("months", _("月"))]

    code = models.CharField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("节点名称"), max_length=40)
    anchor = models.CharField(_("起算点"), max_length=40, blank=True)
    amount_setting = models.CharField(_("期限参数"), max_length=80, blank=True)
    unit = models.CharField(_("单位"), max_length=14, choices=UNITS, default="days")
    created_on_filing = models.BooleanField(_("立案时生成"), default=False)
    applies_to = models.JSONField(_("适用案件类型"), default=list)
    order = models.PositiveSmallIntegerField(_("顺序"), default=100)
    source = models.CharField(_("依据"), max_length=120, blank=True)
    # Whether recording this node is disclosed to the parties in the party portal and by SMS (rules
    # §11.1–11.2: every node notified, non-disclosure the exception).
    disclosed = models.BooleanField(_("向当事人公开"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("节点类型")
        verbose_name_plural = _("节点类型")

    def __str__(self) -> str:
        return self.name


class Node(models.Model):
    # No single-column indexes on the foreign keys: the unique (case, kind, sequence) index serves
    # lookups by case, and every extra index is rewritten for each of the million rows the overdue
    # scan marks (benchmarks/README.md).
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="nodes", verbose_name=_("案件"), db_index=False
    )
    kind = models.ForeignKey(NodeKind, on_delete=models.PROTECT, verbose_name=_("节点"), db_index=False)
    sequence = models.PositiveSmallIntegerField(default=0)  # the n-th of a repeating kind (re-inquiry)
    due_on = models.DateField(_("期限"), null=True, blank=True)
    # The deadline fell in (or was counted across) a year whose holidays were not yet declared: it
    # counted weekends only and is recomputed when the year is declared (core.calendar.provisional_due).
    due_provisional = models.BooleanField(_("暂定期限"), default=False)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("办理人"),
        db_index=False,
    )
    overdue_since = models.DateField(_("超期标记日"), null=True, blank=True)
    # A node left open when its case closed (or, for a re-inquiry, was resumed) is kept, cancelled,
    # so that the file still shows what was left undone and why: "结案（执行完毕）".
    cancelled_on = models.DateField(_("取消日期"), null=True, blank=True)
    cancelled_reason = models.CharField(_("取消原因"), max_length=60, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        ordering = ["case", "kind__order", "sequence"]
        verbose_name = _("流程节点")
        verbose_name_plural = _("流程节点")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "sequence"], name="node_unique_per_case"),
        ]
        indexes = [
            # The overdue scan and the command centre read open nodes by deadline only (open: neither
            # done nor cancelled; a query must say both for PostgreSQL to use it).
            models.Index(
                fields=["due_on"],
                condition=Q(done_on__isnull=True, cancelled_on__isnull=True),
                name="node_open_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind_id}"

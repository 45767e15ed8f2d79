"""Shared kernel models: the holiday table, versioned rule settings and the hash-chained audit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Holiday(models.Model):
    """One date that departs from the Monday–Friday week (rules §14.4–14.6).

    `kind` is a public holiday (a day off, even on a weekday) or a make-up working day (调休, a weekend
    day that is worked). A year is only trusted when a CalendarYear row says it is known.
    """

    HOLIDAY = "holiday"
    WORKDAY = "workday"
    KINDS = [(HOLIDAY, _("法定节假日")), (WORKDAY, _("调休工作日"))]

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=KINDS)
    name = models.CharField(_("名称"), max_length=40, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class CalendarYear(models.Model):
    """A year whose holiday table is complete. The calendar refuses dates in any other year."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=80, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("已发布年度日历")
        verbose_name_plural = _("已发布年度日历")

    def __str__(self) -> str:
        return str(self.year)


class RuleSetting(models.Model):
    """A number a rule reads that varies by court or is not nationally confirmed (ARCHITECTURE §1).

    Versioned: the row with the latest `effective_from` on or before the date asked about wins, and a
    row scoped to a court (which reaches the courts below it) beats a nationwide row.
    """

    key = models.CharField(_("规则键"), max_length=80, db_index=True)
    value = models.JSONField(_("取值"))
    effective_from = models.DateField(_("生效日期"))
    court = models.ForeignKey(
        settings.ZHIXING_COURT_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("适用法院"),
    )
    description = models.CharField(_("说明"), max_length=200, blank=True)
    source = models.CharField(_("依据"), max_length=120, blank=True)

    class Meta:
        ordering = ["key", "-effective_from"]
        verbose_name = _("规则参数")
        verbose_name_plural = _("规则参数")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "effective_from", "court"], name="rulesetting_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}={self.value} ({self.effective_from})"


class AuditEntry(models.Model):
    """Append-only audit log. Each entry stores the hash of the one before and its own HMAC under a key
    kept outside the database, so an edit or a deletion breaks the chain and `zhixing check` finds it
    (see core.audit)."""

    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("操作人")
    )
    action = models.CharField(_("操作"), max_length=60)
    object_type = models.CharField(_("对象类型"), max_length=40, blank=True)
    object_id = models.CharField(_("对象"), max_length=64, blank=True)
    detail = models.JSONField(_("内容"), default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # The id of the key `hash` is an HMAC under (core.auditkey); "" on entries made before the chain
    # was keyed, whose `hash` is a plain SHA-256.
    key_id = models.CharField(max_length=16, blank=True, default="")
    # The Chinese name of the named system actor (core.actors.SystemActor, e.g. 系统·导入) that wrote the
    # entry, where there is no user; "" on a user's entries and on entries from before it was kept.
    # Hashed only when set, so those older entries verify as they did.
    system_actor = models.CharField(_("系统执行者"), max_length=40, blank=True, default="")

    class Meta:
        ordering = ["id"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def __str__(self) -> str:
        from .audit import label  # audit imports these models

        return f"#{self.pk} {label(self.action)}"


class AuditHead(models.Model):
    """The single row that names the last entry of the chain: appends lock it, so entries are
    written one after another, and deleting the newest entries is caught by comparing with it."""

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)
    # An HMAC over the three fields above under key `key_id`: rewriting the head to match deleted
    # entries needs the key ("" on a head last written before the chain was keyed).
    key_id = models.CharField(max_length=16, blank=True, default="")
    mac = models.CharField(max_length=64, blank=True, default="")


class PeriodicJob(models.Model):
    """A periodic scan. Workers claim a run with a conditional UPDATE on `next_run_at`, so however
    many workers run, each due run is enqueued once (ARCHITECTURE §6)."""

    name = models.CharField(max_length=60, unique=True)
    interval_seconds = models.PositiveIntegerField()
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class CacheStamp(models.Model):
    """A generation number per table that processes keep in memory (the calendar, rule settings,
    node kinds): bumped in the transaction that changes the table, so every other process (the other
    web workers, `zhixing worker`) sees the change within seconds instead of at its next restart
    (core.stamps)."""

    name = models.CharField(max_length=40, primary_key=True)
    generation = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}@{self.generation}"

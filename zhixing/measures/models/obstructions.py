"""What a debtor did against the execution (妨害执行行为): the facts condition 5 of 终本 asks to have
been met by a measure or a referral (rules §2.3 art 1 item 5, art 2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import rules


class Obstruction(models.Model):
    """One act of a party against the execution, recorded by the handler. It is met (handled) when a
    coercive measure or a referral names it, or, for a missing debtor, when a summons or a search found
    them; 终本 waits while one is not met (closing check in actions/obstructions.py)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="obstructions")
    party = models.ForeignKey(
        "cases.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="obstructions"
    )
    kind = models.CharField(_("妨害执行行为"), max_length=20, choices=rules.OBSTRUCTIONS)
    occurred_on = models.DateField(_("发生日期"))
    description = models.CharField(_("情况"), max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"))
    # Met by a measure or a referral (their actions set it), or for a missing debtor found.
    handled_on = models.DateField(_("依法处理日期"), null=True, blank=True)
    handled_how = models.CharField(_("处理方式"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("妨害执行行为")
        verbose_name_plural = _("妨害执行行为")
        ordering = ["occurred_on", "id"]
        indexes = [models.Index(fields=["case", "handled_on"], name="obstruction_case_handled")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"

"""The referral of a refusal to enforce to the police (拒执罪移送, rules §10.3): the transfer letter, the
execution-status note and the evidence bundle, and the clocks of 法发〔2025〕8号 and 法〔2018〕147号."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import rules
from .obstructions import Obstruction


class Referral(models.Model):
    (
        DRAFTED,
        APPROVED,
        SENT,
        RECEIVED,
        FILED,
        NOT_FILED,
        ESCALATED,
        PRIVATE,
        PROSECUTED,
        CONVICTED,
        PERFORMED,
        WITHDRAWN,
    ) = (
        "drafted",
        "approved",
        "sent",
        "received",
        "filed",
        "not_filed",
        "escalated",
        "private",
        "prosecuted",
        "convicted",
        "performed",
        "withdrawn",
    )
    STATUSES = [
        (DRAFTED, _("拟移送")),
        (APPROVED, _("已批准移送")),
        (SENT, _("已移送公安")),
        (RECEIVED, _("公安已接收")),
        (FILED, _("公安已立案")),
        (NOT_FILED, _("公安不予立案")),
        (ESCALATED, _("已提请检察监督")),
        (PRIVATE, _("转自诉")),
        (PROSECUTED, _("已提起公诉")),
        (CONVICTED, _("已判决有罪")),
        (PERFORMED, _("起诉前履行")),
        (WITHDRAWN, _("撤回移送")),
    ]

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="referrals")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="referrals")
    suspects = models.CharField(_("犯罪嫌疑人"), max_length=200)
    crime = models.CharField(_("涉嫌罪名"), max_length=12, choices=rules.CRIMES)
    facts = models.TextField(_("涉嫌犯罪事实"))
    obstructions = models.ManyToManyField(Obstruction, blank=True, related_name="referrals")
    status = models.CharField(_("状态"), max_length=12, choices=STATUSES, default=DRAFTED)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_on = models.DateField(_("拟稿日期"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    police_unit = models.CharField(_("公安机关"), max_length=100)
    # The police agency it was sent to over HTTP (blank: delivered by hand and recorded here).
    agency = models.ForeignKey(
        "measures.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    # The agency's reference for it, and the last of its signed messages applied (the feed's cursor).
    agency_ref = models.CharField(_("公安受案编号"), max_length=64, blank=True)
    last_seq = models.PositiveIntegerField(_("已处理报文序号"), default=0)
    letter = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_note = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The evidence bundle as sent: [{"title", "kind", "sha256", "number"}...], and its own fingerprint.
    bundle = models.JSONField(_("证据材料清单"), default=list)
    bundle_sha256 = models.CharField(_("证据清单指纹"), max_length=64, blank=True)
    sent_on = models.DateField(_("移送日期"), null=True, blank=True)
    received_on = models.DateField(_("公安接收日期"), null=True, blank=True)
    receipt_number = models.CharField(_("受案回执号"), max_length=60, blank=True)
    complex_case = models.BooleanField(_("重大疑难复杂"), default=False)
    decision_due_on = models.DateField(_("立案决定期限"), null=True, blank=True)
    decided_on = models.DateField(_("公安决定日期"), null=True, blank=True)
    notice_due_on = models.DateField(_("不立案告知期限"), null=True, blank=True)
    noticed_on = models.DateField(_("收到不立案告知日期"), null=True, blank=True)
    reply_on = models.DateField(_("收到书面答复日期"), null=True, blank=True)
    not_filed_reason = models.CharField(_("不立案理由"), max_length=300, blank=True)
    escalated_on = models.DateField(_("提请检察监督日期"), null=True, blank=True)
    procuratorate = models.CharField(_("检察机关"), max_length=100, blank=True)
    procuratorate_reply_due_on = models.DateField(_("公安答复检察院期限"), null=True, blank=True)
    ordered_to_file_on = models.DateField(_("检察院通知立案日期"), null=True, blank=True)
    file_by = models.DateField(_("通知立案后立案期限"), null=True, blank=True)
    private_route_on = models.DateField(_("可转自诉日期"), null=True, blank=True)
    private_filed_on = models.DateField(_("自诉立案日期"), null=True, blank=True)
    outcome_on = models.DateField(_("结果日期"), null=True, blank=True)
    outcome_note = models.CharField(_("结果说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("拒执罪移送")
        verbose_name_plural = _("拒执罪移送")
        ordering = ["-drafted_on", "-id"]
        indexes = [
            models.Index(fields=["case"], name="referral_case"),
            models.Index(fields=["status", "decision_due_on"], name="referral_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_crime_display()} {self.suspects}"

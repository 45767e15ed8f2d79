"""Consumption restriction (限制消费令, rules §7.2; addendum §4): the order on a debtor, the persons of a
unit it binds (the legal representative, principal, person directly responsible and actual controller,
addendum §4.9), and permissions for necessary consumption (addendum §4.5, §4.10)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def _user(label: Any) -> models.ForeignKey:
    """Who did a step: a user, or none when a named system actor did it (the audit log names it)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=label,
    )


class Restriction(models.Model):
    PROPOSED, REFUSED, ISSUED, LIFTED = "proposed", "refused", "issued", "lifted"
    STATUSES = [
        (PROPOSED, _("待审批")),
        (REFUSED, _("未批准")),
        (ISSUED, _("已发出")),
        (LIFTED, _("已解除")),
    ]
    LIVE = (PROPOSED, ISSUED)

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="restrictions")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="restrictions")
    # The listing that made the order mandatory (rules §7.2.1), if any.
    listing = models.ForeignKey(
        "credit.Listing", null=True, blank=True, on_delete=models.PROTECT, related_name="restrictions"
    )
    applicant_requested = models.BooleanField(_("依申请"), default=False)
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=PROPOSED)
    proposed_by = _user(_("提请人"))
    proposed_on = models.DateField(_("提请日期"))
    decided_by = _user(_("签发人"))
    decided_on = models.DateField(_("签发日期"), null=True, blank=True)
    refusal_reason = models.CharField(_("不予批准理由"), max_length=200, blank=True)
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_reason = models.CharField(_("解除事由"), max_length=24, blank=True)
    lifted_on = models.DateField(_("解除日期"), null=True, blank=True)
    lifted_by = _user(_("解除人"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = _("限制消费令")
        verbose_name_plural = _("限制消费令")
        constraints = [
            models.UniqueConstraint(
                fields=["party"],
                condition=Q(status__in=("proposed", "issued")),
                name="credit_restriction_one_live",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.party_id}"


class RestrictedPerson(models.Model):
    """A natural person a unit's order binds (addendum §4.9). `released_on`: a former legal
    representative released on proof that they neither control nor answer for the debt (§4.10)."""

    restriction = models.ForeignKey(Restriction, on_delete=models.CASCADE, related_name="persons")
    capacity = models.CharField(_("身份"), max_length=24)
    name = models.CharField(_("姓名"), max_length=100)
    id_code = models.CharField(_("身份证号码"), max_length=20)
    released_on = models.DateField(_("解除日期"), null=True, blank=True)

    class Meta:
        ordering = ["restriction", "id"]
        verbose_name = _("限制消费人员")
        verbose_name_plural = _("限制消费人员")

    def __str__(self) -> str:
        return self.name


class ConsumptionPermit(models.Model):
    """Permission for a necessary consumption under an order (addendum §4.5: apply and act only after
    approval), for the debtor or one of a unit's bound persons, with its reason."""

    REQUESTED, GRANTED, DENIED = "requested", "granted", "denied"
    STATUSES = [(REQUESTED, _("待审批")), (GRANTED, _("已准许")), (DENIED, _("不予准许"))]

    restriction = models.ForeignKey(Restriction, on_delete=models.PROTECT, related_name="permits")
    person = models.ForeignKey(
        RestrictedPerson, null=True, blank=True, on_delete=models.PROTECT, related_name="permits"
    )
    reason = models.CharField(_("事由"), max_length=24)
    item = models.CharField(_("消费事项"), max_length=100)
    detail = models.CharField(_("说明"), max_length=300, blank=True)
    valid_from = models.DateField(_("有效期自"))
    valid_to = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=REQUESTED)
    requested_on = models.DateField(_("申请日期"))
    recorded_by = _user(_("登记人"))
    decided_by = _user(_("审批人"))
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = _("必要消费许可")
        verbose_name_plural = _("必要消费许可")

    def __str__(self) -> str:
        return self.item

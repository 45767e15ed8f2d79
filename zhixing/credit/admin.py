"""The administrator's pages of credit measures (Django admin), built like zhixing/core/admin.py.

Listings, restrictions, corrections, certificates, public entries and pushes are written only by the
credit actions (which check permission, keep the public entries and pushes in step and append the
audit entry): here they are read-only. The agencies (联合惩戒单位) are configured here: a save calls
actions.pushes.register_agency, which checks the role and appends the audit entry. An agency is never
deleted (its pushes refer to it): it is switched off with "启用"."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zhixing.core.admin import ActionAdmin, NationwideAdmin
from zhixing.core.identity import mask_identity

from . import rules
from .models import (
    Agency,
    Certificate,
    ConsumptionPermit,
    Correction,
    Listing,
    PublicEntry,
    Push,
    RestrictedPerson,
    Restriction,
)


class ReadOnlyAdmin(ActionAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class CorrectionInline(ReadOnlyInline):
    model = Correction
    fields = ["ground", "status", "filed_on", "review_due_on", "correct_due_on", "corrected_on"]
    readonly_fields = fields


@admin.register(Listing)
class ListingAdmin(ReadOnlyAdmin):
    list_display = [
        "case",
        "debtor",
        "ground",
        "status",
        "proposed_on",
        "decided_on",
        "publish_on",
        "removal_due_on",
    ]
    list_filter = ["status", "ground"]
    search_fields = ["case__case_number", "party__name"]
    list_select_related = ["case", "party"]
    exclude = ["record"]
    inlines = [CorrectionInline]

    @admin.display(description=_("被执行人"))
    def debtor(self, obj: Listing) -> str:
        return obj.party.name


class PersonInline(ReadOnlyInline):
    model = RestrictedPerson
    fields = ["capacity", "name", "masked_code", "released_on"]
    readonly_fields = fields

    @admin.display(description=_("身份证号码"))
    def masked_code(self, obj: RestrictedPerson) -> str:
        return mask_identity(obj.id_code)


class PermitInline(ReadOnlyInline):
    model = ConsumptionPermit
    fields = ["person", "reason", "item", "valid_from", "valid_to", "status", "decided_on"]
    readonly_fields = fields


@admin.register(Restriction)
class RestrictionAdmin(ReadOnlyAdmin):
    list_display = ["case", "debtor", "status", "proposed_on", "decided_on", "lifted_on"]
    list_filter = ["status"]
    search_fields = ["case__case_number", "party__name"]
    list_select_related = ["case", "party"]
    inlines = [PersonInline, PermitInline]

    @admin.display(description=_("被执行人"))
    def debtor(self, obj: Restriction) -> str:
        return obj.party.name


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ["listing", "ground_label", "status", "filed_on", "review_due_on", "correct_due_on"]
    list_filter = ["status"]

    @admin.display(description=_("纠正事由"))
    def ground_label(self, obj: Correction) -> str:
        return rules.CORRECTION_GROUNDS.get(obj.ground, obj.ground)


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["case", "party", "issued_on", "applicant_confirmed_on"]
    list_select_related = ["case", "party"]


@admin.register(PublicEntry)
class PublicEntryAdmin(ReadOnlyAdmin):
    list_display = ["kind", "name", "masked", "published_on"]
    list_filter = ["kind"]
    search_fields = ["name"]
    exclude = ["id_code", "record"]

    @admin.display(description=_("证件号码"))
    def masked(self, obj: PublicEntry) -> str:
        return obj.record.get("id_code_masked", "") if isinstance(obj.record, dict) else ""


@admin.register(Push)
class PushAdmin(ReadOnlyAdmin):
    list_display = ["key", "agency", "action", "status", "attempts", "due_on", "created_at", "acked_at"]
    list_filter = ["status", "action", "agency"]
    list_select_related = ["agency"]
    search_fields = ["key"]
    exclude = ["payload"]


@admin.register(Agency)
class AgencyAdmin(NationwideAdmin):
    list_display = ["code", "name", "kind", "url", "active"]
    list_filter = ["kind", "active"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        from .actions.pushes import register_agency

        saved = register_agency(
            obj.code,
            obj.name,
            obj.kind,
            obj.url,
            obj.public_key,
            actor=request.user,
            subscribes=list(obj.subscribes or []),
            active=obj.active,
        )
        obj.pk = saved.pk

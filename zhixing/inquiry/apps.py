from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiryConfig(AppConfig):
    name = "zhixing.inquiry"
    label = "inquiry"
    verbose_name = _("网络查控")

    def ready(self) -> None:
        # audit_kinds and events declare this app's kinds; checks registers its invariants with
        # `zhixing check`; panels puts the 网络查控 panel on the case page (cases cannot import inquiry).
        from . import audit_kinds, checks, events, panels  # noqa: F401

        panels.register()

        # The closing of a case releases its measures (case_effects.on_case_event; cases cannot import
        # inquiry).
        from zhixing.cases.events import case_event

        from .actions import case_effects

        case_event.connect(case_effects.on_case_event, dispatch_uid="inquiry.closing")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "zhixing.credit"
    label = "credit"
    verbose_name = _("信用惩戒")

    def ready(self) -> None:
        # The event and audit kinds of this app, declared once with their Chinese labels.
        # The particulars of the 失信 decision, the 限制消费令 and the certificate reach their
        # templates through documents' context extras (documents cannot import credit).
        from zhixing.documents.rendering import register_context

        from . import audit_decisions, audit_kinds, documents, events  # noqa: F401

        register_context(documents.context)

        # What the platform sees by itself and that starts a removal deadline (actions/triggers.py),
        # and the daily scan, registered with the periodic jobs.
        from zhixing.cases.events import case_event

        from . import scans  # noqa: F401
        from .actions import triggers

        case_event.connect(triggers.on_case_event, dispatch_uid="credit.triggers")

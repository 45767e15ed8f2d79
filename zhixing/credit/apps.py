from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "zhixing.credit"
    label = "credit"
    verbose_name = _("信用惩戒")

    def start_simulators(self, folder, trust, actor) -> list:
        """The reference credit agencies (issue 11 item 3), for `zhixing simulators`: started under
        `folder`/agencies on the institutions' trust file and registered as Agency rows."""
        from . import reference

        return reference.start_all(folder / "agencies", trust, actor)

    def ready(self) -> None:
        # The event and audit kinds of this app, declared once with their Chinese labels.
        # The particulars of the 失信 decision, the 限制消费令 and the certificate reach their
        # templates through documents' context extras (documents cannot import credit).
        from zhixing.documents.rendering import register_context

        from . import audit_decisions, audit_kinds, checks, documents, events  # noqa: F401

        register_context(documents.context)

        # What the platform sees by itself and that starts a removal deadline (actions/triggers.py),
        # and the daily scan, registered with the periodic jobs.
        from zhixing.cases.events import case_event

        from . import scans  # noqa: F401
        from .actions import triggers

        case_event.connect(triggers.on_case_event, dispatch_uid="credit.triggers")

        # 终本 cases appear on the public page when they close and vanish when resumed (rules §11.4).
        from .actions import terminated

        case_event.connect(terminated.on_case_event, dispatch_uid="credit.terminated")

        # The 信用惩戒 panel of the case page (cases cannot import credit).
        from . import panels

        panels.register()

        # The demo's listings, restrictions and certificates, once its cases are built (demo.py).
        from zhixing.cases.demo import demo_built

        from . import demo

        demo_built.connect(demo.on_demo_built, dispatch_uid="credit.demo")

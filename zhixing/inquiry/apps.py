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

        # The orders of a control ruling (rulings.py) reach the document's template through this.
        from zhixing.documents.rendering import register_context

        from . import rulings

        register_context(rulings.context)

        # The closing of a case releases its measures (case_effects.on_case_event), and the demo's
        # inquiries and measures are made once its cases are built (cases cannot import inquiry).
        from zhixing.cases.demo import demo_built
        from zhixing.cases.events import case_event

        from . import demo
        from .actions import case_effects

        case_event.connect(case_effects.on_case_event, dispatch_uid="inquiry.closing")
        demo_built.connect(demo.on_demo_built, dispatch_uid="inquiry.demo")

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

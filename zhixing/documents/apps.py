from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "zhixing.documents"
    label = "documents"
    verbose_name = _("法律文书")

    def ready(self) -> None:
        # Registers this app's invariants with `zhixing check`.
        from zhixing.cases import panels

        from . import audit_kinds, checks, events  # noqa: F401  (declare this app's audit and event kinds)
        from .templatetags.documents_tags import case_panel

        panels.register("documents", case_panel)

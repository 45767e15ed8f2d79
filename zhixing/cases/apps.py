from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "zhixing.cases"
    label = "cases"
    verbose_name = _("执行案件")

    def ready(self) -> None:
        # Registers this app's invariants with `zhixing check`.
        # Provisional deadlines are counted again in the transaction that declares their year.
        from zhixing.core.calendar import year_declared

        from . import audit_kinds, checks  # noqa: F401  (audit_kinds: declares this app's audit actions)
        from .actions.nodes import on_year_declared

        year_declared.connect(on_year_declared, dispatch_uid="cases.recompute_provisional")

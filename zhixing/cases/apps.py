from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "zhixing.cases"
    label = "cases"
    verbose_name = _("执行案件")

    def ready(self) -> None:
        # Registers this app's invariants with `zhixing check`.
        from . import checks  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "zhixing.credit"
    label = "credit"
    verbose_name = _("信用惩戒")

    def ready(self) -> None:
        # audit_kinds and events declare this app's kinds (they are imported once they exist).
        import importlib

        for module in ("audit_kinds", "events", "checks", "panels", "wiring"):
            try:
                importlib.import_module(f"{self.name}.{module}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{self.name}.{module}":
                    raise

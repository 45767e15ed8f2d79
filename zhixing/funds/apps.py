from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "zhixing.funds"
    label = "funds"
    verbose_name = _("案款管理")

    def ready(self) -> None:
        # audit_kinds declares this app's audit actions; checks registers the ledger's invariants
        # with `zhixing check`; signals give each new case its account.
        from . import audit_kinds, checks, signals  # noqa: F401

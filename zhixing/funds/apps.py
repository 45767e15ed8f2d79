from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "zhixing.funds"
    label = "funds"
    verbose_name = _("案款管理")

    def ready(self) -> None:
        # audit_kinds declares this app's audit actions; checks registers the ledger's invariants
        # with `zhixing check`; signals give each new case its account; demo adds the case funds of
        # `zhixing demo` once its cases are built (cases, below funds, cannot call it).
        from zhixing.cases.demo import demo_built

        from . import audit_kinds, checks, demo, signals  # noqa: F401

        demo_built.connect(demo.on_demo_built, dispatch_uid="funds.demo")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "zhixing.funds"
    label = "funds"
    verbose_name = _("案款管理")

    def ready(self) -> None:
        # audit_kinds declares this app's audit actions; checks registers the ledger's invariants with
        # `zhixing check`. The apps below funds cannot call it, so it plugs in here: its panel on the
        # case page, the case's account and payment code on the execution notice, and the case funds
        # of `zhixing demo` once its cases are built.
        from zhixing.cases.demo import demo_built
        from zhixing.documents import rendering

        from . import audit_kinds, checks, demo, panels, payment  # noqa: F401

        panels.register()
        rendering.register_context(payment.notice_context)
        demo_built.connect(demo.on_demo_built, dispatch_uid="funds.demo")

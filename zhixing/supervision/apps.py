from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "zhixing.supervision"
    label = "supervision"
    verbose_name = _("执行质效与监督")

    def ready(self) -> None:
        from . import audit_kinds  # noqa: F401  (declares this app's audit actions)

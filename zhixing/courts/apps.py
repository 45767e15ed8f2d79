from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourtsConfig(AppConfig):
    name = "zhixing.courts"
    label = "courts"
    verbose_name = _("法院与人员")

    def ready(self) -> None:
        from . import audit_kinds  # noqa: F401  (declares this app's audit actions)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourtsConfig(AppConfig):
    name = "zhixing.courts"
    label = "courts"
    verbose_name = _("法院与人员")

    def ready(self) -> None:
        from . import audit_kinds, seams  # noqa: F401  (audit_kinds declares this app's audit actions)

        # core asks courts who administers what through its seam (zhixing.core.permissions).
        seams.connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReliefConfig(AppConfig):
    name = "zhixing.relief"
    label = "relief"
    verbose_name = _("专项行动、和解与司法救助")

    def ready(self) -> None:
        # The event and audit kinds of this app, declared once with their Chinese labels; the seams
        # into the apps below (case-page panels, the demo, scans) in wiring.py.
        from . import audit_kinds, events, wiring  # noqa: F401

        wiring.connect()

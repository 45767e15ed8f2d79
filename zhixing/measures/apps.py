from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "zhixing.measures"
    label = "measures"
    verbose_name = _("强制措施与外勤")

    def start_simulators(self, folder, trust, actor) -> list:
        """The reference police bureau and border administration (issue 13), for `zhixing simulators`:
        started under `folder`/police on the institutions' trust file and registered as Agency rows."""
        from . import reference

        return reference.start_all(folder / "police", trust, actor)

    def ready(self) -> None:
        # The event and audit kinds of this app, declared once with their Chinese labels.
        # 终本 condition 5 reads the obstructions and what met them (cases cannot import measures);
        # `zhixing check` proves every evidence file still has its fingerprint; the measure documents
        # reach their templates through documents' context extras.
        from . import audit_kinds, events, wiring  # noqa: F401

        wiring.connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisposalConfig(AppConfig):
    name = "zhixing.disposal"
    label = "disposal"
    verbose_name = _("财产处置")

    def start_simulators(self, folder, trust, actor) -> list:
        """The reference auction platforms (issue 12 item 3), for `zhixing simulators`: started under
        `folder`/auction on the institutions' trust file and registered as Platform rows."""
        from . import reference

        return reference.start_all(folder / "auction", trust, actor)

    def ready(self) -> None:
        # The event and audit kinds of this app, declared once with their Chinese labels.
        from . import audit_kinds, events  # noqa: F401

        # The 财产处置 panel of the case page (cases cannot import disposal).
        from .panels import register as register_panel

        register_panel()

        # The confirmation ruling, the transfer notice and the distribution plan reach their templates
        # through documents' context extras (documents cannot import disposal); 终本 waits while a
        # disposal of the case is open (cases cannot import disposal either).
        from zhixing.cases import closing_checks
        from zhixing.documents.rendering import register_context

        from . import documents
        from .actions.outcomes import closing_problems

        register_context(documents.context)
        closing_checks.register("disposal", closing_problems)

        # The hourly scan: due network-inquiry reports and the platforms' messages (scans.py).
        from . import scans  # noqa: F401
        from .demo import connect as connect_demo  # the demo's disposals, once its cases are built

        connect_demo()

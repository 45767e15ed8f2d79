from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "zhixing.portal"
    label = "portal"
    verbose_name = _("公开与当事人服务")

    def ready(self) -> None:
        # audit_kinds and events declare this app's kinds; the parties get an SMS when a disclosed node
        # of their case is reached (cases cannot import portal: it listens to case_event).
        from zhixing.cases.demo import demo_built
        from zhixing.cases.events import case_event

        from . import actions, audit_kinds, demo, events  # noqa: F401

        case_event.connect(actions.on_case_event, dispatch_uid="portal.node_sms")
        # The parties' mobiles in the demo, after the credit demo (app order) made its cases.
        demo_built.connect(demo.on_demo_built, dispatch_uid="portal.demo")

    def start_simulators(self, folder, trust, actor) -> list:
        """`zhixing simulators` asks each app for its reference services (inquiry cannot import portal):
        the reference SMS gateway under <folder>/sms on the courts' trust file, registered as the active
        SMS gateway. Returns the running processes (inquiry.reference.Running)."""
        from . import reference

        return reference.start_for_simulators(folder, trust, actor)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "zhixing.portal"
    label = "portal"
    verbose_name = _("公开与当事人服务")

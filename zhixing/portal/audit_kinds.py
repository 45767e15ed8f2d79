"""The audit actions of the party portal, declared once with their Chinese labels (zhixing.core.audit)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.core import audit

_CASE = _("案号")

audit.declare(
    "portal.register_gateway",
    _("登记短信网关"),
    {"code": _("网关代码"), "name": _("名称"), "url": _("接口地址"), "active": _("启用")},
)
audit.declare(
    "portal.set_party_phone",
    _("登记当事人手机号码"),
    {"case": _CASE, "party": _("当事人"), "old": _("原号码"), "new": _("新号码")},
)
audit.declare(
    "portal.read_party_phone",
    _("查看当事人手机号码"),
    {"case": _CASE, "party": _("当事人"), "purpose": _("用途")},
)
audit.declare(
    "portal.sign_in",
    _("当事人登录"),
    {"case": _CASE, "party": _("当事人"), "role": _("诉讼地位"), "client": _("客户端地址")},
)

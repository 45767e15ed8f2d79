"""The audit actions this app writes, declared once with their Chinese labels (zhixing.core.audit)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.core import audit

_CODE, _NAME, _COURT, _USERNAME, _REASON = _("代码"), _("名称"), _("法院"), _("用户名"), _("理由")
_ACCESS = {"username": _USERNAME, "court": _COURT, "active": _("有效"), "reason": _REASON}
_GRANT = {"user": _("用户"), "court": _COURT, "role": _("角色")}

audit.declare("court.create", _("新建法院"), {"code": _CODE, "name": _NAME, "parent": _("上级法院")})
audit.declare(
    "court.move",
    _("调整上级法院"),
    {"code": _CODE, "parent": _("上级法院"), "courts": _("随之移动的法院数"), "reason": _REASON},
)
audit.declare("department.create", _("新建部门"), {"name": _NAME})
audit.declare("user.create", _("新建用户"), {"username": _USERNAME, "roles": _("角色"), "court": _COURT})
audit.declare("user.activate", _("恢复用户"), _ACCESS)
audit.declare("user.deactivate", _("停用用户"), _ACCESS)
audit.declare("user.superuser", _("设置超级管理员"), {"username": _USERNAME, "reason": _REASON})
audit.declare("user.demo_password", _("设置演示密码"), {"users": _("用户数")})
audit.declare("role.grant", _("授予角色"), _GRANT)
audit.declare("role.revoke", _("撤销角色"), _GRANT)
audit.declare("token.issue", _("签发接口令牌"), {"username": _USERNAME, "rotated": _("重新签发")})

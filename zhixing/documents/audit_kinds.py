"""The audit actions this app writes, declared once with their Chinese labels (zhixing.core.audit).
The case events are declared in zhixing.documents.events."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.core import audit

audit.declare(
    "document.issue",
    _("签发文书"),
    {
        "case": _("案号"),
        "kind": _("文书"),
        "number": _("文书编号"),
        "version": _("版次"),
        "issued_on": _("签发日期"),
        "sha256": _("文件摘要"),
    },
)
audit.declare("document.read", _("查阅文书"), {"case": _("案号"), "number": _("文书编号")})

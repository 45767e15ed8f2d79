"""`zhixing audit-key [show|rotate]`: the keys the audit chain is signed with (README "Audit log").

`show` prints the id of the configured key, of the key the chain was last signed with, and of the
retired keys known for verifying older entries (ids only, never a key).

`rotate` with the file-based key retires `DATA_DIR/audit_key` as `audit_key.<id>`, writes a new one
and records the change in the chain (an `audit.rotate_key` entry signed by the new key). With
`ZHIXING_AUDIT_KEY` the operator changes the environment instead (new key there, the old one added to
`ZHIXING_AUDIT_KEYS_RETIRED`) and `rotate` only records the change; so does it when the configured
key already differs from the chain's (an interrupted rotation, or the first run after upgrading from
the unkeyed chain).
"""

from __future__ import annotations

import os

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zhixing.core import audit, auditkey
from zhixing.core.commands import OperatorCommand
from zhixing.core.models import AuditHead


class Command(OperatorCommand):
    requires_system_checks: list[str] = []
    help = _("查看或轮换审计日志的签名密钥")

    def add_arguments(self, parser):
        parser.add_argument("what", nargs="?", choices=["show", "rotate"], default="show")

    def handle(self, *args, **options):
        if options["what"] == "rotate":
            self.rotate()
        self.show()

    def show(self) -> None:
        ring = auditkey.reload()
        head = AuditHead.objects.filter(pk=1).first()
        self.stdout.write(_("当前审计密钥：%(id)s") % {"id": ring.current_id})
        if head is not None and head.count:
            self.stdout.write(
                _("审计链最后签名所用密钥：%(id)s") % {"id": head.key_id or _("（未签名的旧式哈希）")}
            )
        retired = sorted(k for k in ring.keys if k != ring.current_id)
        self.stdout.write(_("已停用的审计密钥：%(ids)s") % {"ids": "、".join(retired) or _("无")})

    def rotate(self) -> None:
        head = AuditHead.objects.filter(pk=1).first()
        ring = auditkey.reload()
        pending = head is not None and head.count and head.key_id != ring.current_id
        if not pending:
            if os.environ.get(auditkey.ENV):
                raise CommandError(
                    _(
                        "审计密钥由环境变量 %(env)s 提供：请先把新密钥设为 %(env)s、把原密钥加入 "
                        "%(retired)s，再执行本命令记录轮换"
                    )
                    % {"env": auditkey.ENV, "retired": auditkey.RETIRED_ENV}
                )
            old, new = auditkey.rotate_file_key()
            self.stdout.write(_("已停用密钥 %(old)s，新密钥为 %(new)s") % {"old": old, "new": new})
        try:
            entry = audit.record_rotation()
        except audit.AuditKeyError as exc:
            raise CommandError(str(exc))
        if entry is not None:
            self.stdout.write(
                _("已在审计链中记录密钥轮换：%(old)s → %(new)s")
                % {"old": entry.detail["from"] or _("（未签名的旧式哈希）"), "new": entry.detail["to"]}
            )

"""`zhixing check`: run every registered invariant check (zhixing.core.checks) and fail on any break.

Exit status 0 when every check passes; otherwise each problem is printed in Chinese on stderr and the
status is 1, so cron jobs and CI can act on it.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zhixing.core import checks
from zhixing.core.commands import OperatorCommand


class Command(OperatorCommand):
    # Reads the database only; the URL and template checks are for the server, not for this.
    requires_system_checks: list[str] = []
    help = _("检查审计日志哈希链及各项数据一致性规则，发现问题时以非零状态退出")

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help=_("只列出已登记的检查项"))

    def handle(self, *args, **options):
        if options["list"]:
            for name in checks.registered():
                self.stdout.write(name)
            return
        broken = 0
        for name, problems in checks.run_all():
            if not problems:
                self.stdout.write(_("【%(name)s】通过") % {"name": name})
                continue
            broken += len(problems)
            for problem in problems:
                self.stderr.write(_("【%(name)s】%(problem)s") % {"name": name, "problem": problem})
        if broken:
            raise CommandError(_("完整性检查未通过：共发现 %(n)d 处问题") % {"n": broken})
        self.stdout.write(_("完整性检查通过"))

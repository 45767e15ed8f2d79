"""`zhixing check`: run every registered invariant check (zhixing.core.checks) and fail on any break.

Exit status 0 when every check passes; otherwise each problem is printed in Chinese on stderr and the
status is 1, so cron jobs and CI can act on it.

`zhixing check --deploy` runs Django's deployment checklist instead (`manage.py check --deploy`: the
secret key, DEBUG, HTTPS settings, cookies, headers …) on the configuration alone, without the
database, so it can vet a deployment's environment before the first migration. It prints nothing
and exits 0 when the configuration passes; any warning or error is printed and the status is 1.
"""

from __future__ import annotations

from django.core import checks as django_checks
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
        parser.add_argument(
            "--deploy", action="store_true", help=_("改为运行 Django 的生产部署检查（只检查配置）")
        )

    def handle(self, *args, **options):
        if options["deploy"]:
            self.deploy_check()
            return
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
        for name, found in checks.warnings():
            for warning in found:
                self.stderr.write(_("【警告·%(name)s】%(warning)s") % {"name": name, "warning": warning})
        if broken:
            raise CommandError(_("完整性检查未通过：共发现 %(n)d 处问题") % {"n": broken})
        self.stdout.write(_("完整性检查通过"))

    def deploy_check(self) -> None:
        """Django's checks with the deployment ones, no database. Silent when clean (Django's own
        `check` prints a summary line even then); each finding is Django's own text."""
        found = [
            m
            for m in django_checks.run_checks(include_deployment_checks=True)
            if not m.is_silenced() and m.level >= django_checks.WARNING
        ]
        for message in found:
            self.stderr.write(str(message))
        if found:
            raise CommandError(_("部署检查未通过：共 %(n)d 项") % {"n": len(found)})

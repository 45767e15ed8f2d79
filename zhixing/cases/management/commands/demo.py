"""`zhixing demo [--cases N] [--seed S] [--reset]`: a believable province of demo data.

Builds the courts of Hebei's high court, three intermediate courts and their basic courts, staff with
demo logins for every role, and N enforcement cases filed over the last two years in every state,
all through the actions. Prints the demo logins and the address to open.
"""

from __future__ import annotations

import time
import unicodedata
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from tqdm import tqdm

from zhixing.cases import catalogue, rules
from zhixing.cases.actions.common import today
from zhixing.cases.demo import ASSUMED_CODES, DEMO_PASSWORD, build_demo
from zhixing.cases.models import Case
from zhixing.core import calendar, rulesettings
from zhixing.courts.models import Court

URL = "http://127.0.0.1:8000"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


class Command(BaseCommand):
    help = _("生成演示数据：法院、人员及演示账号、近两年各种状态的执行案件")

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=2000, help=_("案件数量（默认 2000）"))
        parser.add_argument("--seed", type=int, default=2026, help=_("随机种子，同一种子生成相同的数据"))
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_("清空数据库（SQLite 删除数据库文件，PostgreSQL 重建 public 模式）后重新迁移并生成"),
        )

    def handle(self, *args, cases: int, seed: int, reset: bool, verbosity: int = 1, **options):
        if cases < 1:
            raise CommandError(_("案件数量应为正整数"))
        if reset:
            self._reset()
        self._migrate_if_needed()
        courts, existing = Court.objects.count(), Case.objects.count()
        if courts or existing:
            self.stdout.write(
                _(
                    "数据库中已有数据（%(courts)d 个法院，%(cases)d 件案件），不再生成演示数据。"
                    "如需重新生成，请使用 zhixing demo --reset（将清空整个数据库）。"
                )
                % {"courts": courts, "cases": existing}
            )
            return
        started = time.perf_counter()
        # With DEBUG on, Django keeps the text of every statement; the demo runs hundreds of
        # thousands of them, and logging them costs time and memory for nothing.
        debug, settings.DEBUG = settings.DEBUG, False
        try:
            with tqdm(
                total=cases, desc=_("生成案件"), unit=_("件"), disable=None if verbosity else True
            ) as bar:
                result = build_demo(cases, seed=seed, progress=bar.update)
        finally:
            settings.DEBUG = debug
        elapsed = time.perf_counter() - started
        if verbosity:
            self._report(result, elapsed)

    # --- reset ----------------------------------------------------------------------------------

    def _reset(self) -> None:
        """Start from an empty, freshly migrated database. `flush` is not enough: it would also empty
        the tables the data migrations seed (holidays, node kinds, rule settings)."""
        vendor = connection.vendor
        if vendor == "sqlite":
            name = str(connection.settings_dict["NAME"])
            if name == ":memory:" or "mode=memory" in name:
                raise CommandError(_("内存数据库无需重置"))
            connections.close_all()
            for suffix in ("", "-wal", "-shm"):
                Path(name + suffix).unlink(missing_ok=True)
            self.stdout.write(_("已删除数据库文件 %(name)s") % {"name": name})
        elif vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("DROP SCHEMA public CASCADE")
                cur.execute("CREATE SCHEMA public")
            self.stdout.write(
                _("已清空 PostgreSQL 数据库 %(name)s") % {"name": connection.settings_dict["NAME"]}
            )
        else:
            raise CommandError(_("不支持重置 %(vendor)s 数据库，请手工清空后再运行") % {"vendor": vendor})
        call_command("migrate", interactive=False, verbosity=0)
        # In-process caches hold rows of the database that is gone.
        catalogue.clear_cache()
        calendar.clear_cache()
        rulesettings.clear_cache()

    def _migrate_if_needed(self) -> None:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write(_("数据库尚未迁移，正在迁移……"))
            call_command("migrate", interactive=False, verbosity=0)

    # --- report ---------------------------------------------------------------------------------

    def _report(self, result, elapsed: float) -> None:
        out = self.stdout.write
        stats: Counter = result.stats
        out("")
        out(
            _("演示数据已生成：%(n)d 件案件（截至 %(end)s），用时 %(s).1f 秒。")
            % {"n": result.cases, "end": result.end.isoformat(), "s": elapsed}
        )
        closed = ", ".join(
            f"{label} {stats.get('closed:' + code, 0)}" for code, label in rules.CLOSURE_LABELS.items()
        )
        out(_("  已结：%(closed)s") % {"closed": closed})
        out(
            _(
                "  执保 %(pres)d 件，执恢 %(res)d 件；延长审批 %(ext)d 次；扣除期限 %(exc)d 段（其中 %(open)d 段尚未结束）"
            )
            % {
                "pres": stats.get("type:执保", 0),
                "res": stats.get("type:执恢", 0),
                "ext": stats.get("extensions", 0),
                "exc": stats.get("excluded_ended", 0) + stats.get("excluded_open", 0),
                "open": stats.get("excluded_open", 0),
            }
        )
        out(_("  超期扫描标记超期节点 %(n)d 个") % {"n": result.overdue_marked})
        if stats.get("later:cases"):
            # Stories of the apps built on cases (a settlement broken and resumed) file 执恢 cases too.
            out(_("  其后的演示情节另立执恢案件 %(n)d 件") % {"n": stats["later:cases"]})
        if result.end < today():
            out(
                _("  注意：节假日日历只收录到 %(y)d 年，演示情节截至 %(end)s。")
                % {"y": result.end.year, "end": result.end.isoformat()}
            )
        out(
            _(
                "  注意：法院代字 %(codes)s 为推定（规则 §1.2.8：雄安新区中级人民法院的代字未见于案号）；"
                "雄安新区三个县法院沿用原保定代字（规则 §1.2.5）。"
            )
            % {"codes": "、".join(ASSUMED_CODES)}
        )
        out("")
        out(_("演示账号（密码均为 %(pw)s）：") % {"pw": DEMO_PASSWORD})
        headers = (_("用户名"), _("姓名"), _("角色"), _("法院"), _("密码"))
        rows = [(u, n, role, court, DEMO_PASSWORD) for u, n, role, court in result.org.logins]
        widths = [max(_width(str(row[i])) for row in [headers, *rows]) for i in range(5)]
        out("  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)))
        out("  ".join("-" * w for w in widths))
        for row in rows:
            out("  ".join(_pad(str(c), w) for c, w in zip(row, widths, strict=True)))
        out("")
        out(_("启动：zhixing serve，然后打开 %(url)s") % {"url": URL})

"""`zhixing import-cases`: import a sheet of cases (shared/formats/case-import.md).

    zhixing import-cases FILE [--create-courts] [--update] [--skip-invalid] [--errors FILE]
    zhixing import-cases --template FILE.xlsx     write the blank template (or FILE.csv: the header only)

Exit status: 0 when the file was imported (with --skip-invalid: also when bad rows were skipped, as long
as at least one row was good or the file had no rows); 1 when nothing was imported because of errors.
Problems go to stderr, one line each (第N行 列：原因); the summary goes to stdout; the progress bar to
stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from zhixing.cases.actions import import_cases
from zhixing.cases.importing import FileError, Plan, read_table, validate, write_errors, write_template
from zhixing.core.calendar import CalendarNotCovered
from zhixing.core.commands import OperatorCommand
from zhixing.core.rulesettings import MissingRuleSetting
from zhixing.courts.actors import IMPORT


class Command(OperatorCommand):
    help = _("导入案件表（.xlsx 或 .csv），格式见《案件导入模板》")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help=_("要导入的 .xlsx 或 .csv 文件"))
        parser.add_argument("--create-courts", action="store_true", help=_("建立平台中尚没有的法院"))
        parser.add_argument("--update", action="store_true", help=_("按文件更新平台中已有的案号"))
        parser.add_argument("--skip-invalid", action="store_true", help=_("跳过错误的行，导入其余的行"))
        parser.add_argument("--errors", metavar="FILE", help=_("把有错误的行写入此文件（.xlsx 或 .csv）"))
        parser.add_argument("--template", metavar="FILE", help=_("写出空白导入模板（.xlsx 或 .csv）后退出"))
        parser.add_argument("--no-progress", action="store_true", help=_("不显示进度条"))

    def handle(self, *args, **opts):
        if opts["template"]:
            write_template(opts["template"])
            self.stdout.write(_("已写出导入模板：%(p)s") % {"p": opts["template"]})
            return
        if not opts["file"]:
            raise CommandError(_("请指定要导入的文件，或用 --template FILE 写出空白模板"))
        self.quiet = opts["no_progress"]
        source = Path(opts["file"])
        try:
            table = read_table(source)
        except FileError as e:
            self.stderr.write(str(e))
            self._summary(0, 0, 0, 1)
            raise CommandError(_("文件无法读取，未导入任何案件"), returncode=1)
        with self._bar(len(table.rows), _("检查")) as bar:
            plan = validate(
                table, update=opts["update"], create_courts=opts["create_courts"], progress=bar.update
            )
        bad = len(plan.bad_rows)
        for error in plan.errors:
            self.stderr.write(str(error))
        skipping = opts["skip_invalid"] and not plan.file_level
        if plan.errors and opts["errors"]:
            written = write_errors(opts["errors"], plan, only_bad=skipping)
            self.stderr.write(_("错误清单已写入 %(p)s（%(n)d 行）") % {"p": opts["errors"], "n": written})
        if plan.errors and (not skipping or not plan.rows):
            self._summary(0, 0, 0, bad)
            raise CommandError(
                _("文件有 %(n)d 行错误，未导入任何案件；请改正后重新导入") % {"n": bad}
                if not skipping
                else _("没有可导入的正确行（%(n)d 行错误）") % {"n": bad},
                returncode=1,
            )
        result = self._write(plan, source, opts["update"])
        self._summary(len(result.created), len(result.updated), len(result.unchanged), bad)
        if result.courts_created:
            self.stdout.write(_("新建法院：%(c)s") % {"c": "、".join(result.courts_created)})
        if bad:
            self.stdout.write(_("已跳过 %(n)d 行错误行，其余各行已导入") % {"n": bad})

    def _write(self, plan: Plan, source: Path, update: bool):
        try:
            with self._bar(len(plan.rows), _("导入")) as bar:
                return import_cases(
                    plan.rows,
                    source=source.name,
                    new_courts=plan.new_courts,
                    update=update,
                    actor=IMPORT,
                    progress=bar.update,
                    planner=plan.planner,  # deadlines already worked out while checking
                )
        except (ValidationError, PermissionDenied, CalendarNotCovered, MissingRuleSetting) as e:
            messages = getattr(e, "messages", None) or [str(e)]
            for m in messages:
                self.stderr.write(m)
            raise CommandError(_("导入失败，未导入任何案件"), returncode=1)

    def _bar(self, total: int, desc: str) -> tqdm:
        return tqdm(total=total, desc=desc, unit=_("行"), file=sys.stderr, disable=self.quiet, leave=True)

    def _summary(self, created: int, updated: int, unchanged: int, bad: int) -> None:
        self.stdout.write(
            _("新增 %(c)d 件，更新 %(u)d 件，未变 %(k)d 件，错误 %(e)d 行")
            % {"c": created, "u": updated, "k": unchanged, "e": bad}
        )

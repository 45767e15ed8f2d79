"""`zhixing credit export`: the dishonest list's records as a file (issue 11 item 3; layout in
zhixing.credit.export). A subcommand of `zhixing credit`, kept in its own module:

    # in commands/credit.py
    from ..export_cmd import add_parser, run
    add_parser(sub)                                   # in add_arguments
    if options["subcommand"] == "export": return run(options, self.stdout)   # in handle
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zhixing.core.actors import CLI

from .. import export
from ..models import Agency


def add_parser(sub: Any) -> Any:
    parser = sub.add_parser("export", help=_("导出失信信息文件（CSV 或 JSON Lines，证件号码已遮蔽）"))
    parser.add_argument("--agency", default="", help=_("联合惩戒单位代码（缺省：全部）"))
    parser.add_argument("--since", default="", help=_("只导出该日及以后公布、变更或删除的，YYYY-MM-DD"))
    parser.add_argument("--format", dest="format", choices=export.FORMATS, default="csv", help=_("文件格式"))
    parser.add_argument("--out", required=True, help=_("输出文件"))
    return parser


def run(options: dict[str, Any], stdout: Any) -> None:
    agency = None
    if options.get("agency"):
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(_("没有代码为“%(code)s”的联合惩戒单位") % {"code": options["agency"]})
    since = None
    if options.get("since"):
        try:
            since = dt.date.fromisoformat(options["since"].strip())
        except ValueError:
            raise CommandError(
                _("日期“%(text)s”无效，应为 YYYY-MM-DD，例如 2026-09-30") % {"text": options["since"]}
            ) from None
    try:
        count = export.export_file(options["out"], options["format"], actor=CLI, agency=agency, since=since)
    except OSError as err:
        raise CommandError(
            _("无法写入“%(path)s”：%(error)s") % {"path": options["out"], "error": err}
        ) from err
    stdout.write(_("已导出 %(count)d 条记录到 %(path)s") % {"count": count, "path": options["out"]})

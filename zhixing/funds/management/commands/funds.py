"""`zhixing funds`: case funds for operators (contracts of issue 9, checked independently).

    zhixing funds accounts --json          {"pooled": [{court_code, account_number}],
                                            "cases": [{case_number, account_number, balance}]}
    zhixing funds import-statement FILE    camt.053 or the CSV layout; all or nothing; repeats skipped
    zhixing funds report --json            pooled, case and suspense balances; unidentified and overdue
    zhixing funds fee AMOUNT               the execution fee for an applied amount (rules §2.1.12)
    zhixing funds interest PRINCIPAL LAST_DAY PAID_ON
                                           the late-performance interest of rules §5.16

Amounts print as strings with two decimals.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.core.commands import OperatorCommand
from zhixing.core.money import InvalidAmount, parse_yuan
from zhixing.courts.models import Court

from ... import queries, rules
from ...actions.statements import StatementRefused, import_statement
from ...actors import STATEMENT
from ...statement import MAX_BYTES


def _amount(text: str | None, what: str):
    try:
        return parse_yuan(text)
    except InvalidAmount as exc:
        raise CommandError(f"{what}：{exc.messages[0] if hasattr(exc, 'messages') else exc}")


def _date(text: str | None, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        raise CommandError(
            _("%(what)s“%(text)s”不正确：应为存在的日期，格式 YYYY-MM-DD") % {"what": what, "text": text}
        )


def _money(value) -> str:
    return f"{value:.2f}"


class Command(OperatorCommand):
    requires_system_checks: list[str] = []
    help = _(
        "案款：专户与案件账号（accounts）、导入银行对账单（import-statement）、汇总（report）、执行费（fee）、迟延履行利息（interest）"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="subcommand", required=True, metavar="{accounts,import-statement,report,fee,interest}"
        )
        acc = sub.add_parser("accounts", help=_("列出专户和每个案件的账号与余额"))
        acc.add_argument("--json", action="store_true", help=_("以 JSON 输出"))
        imp = sub.add_parser(
            "import-statement", help=_("导入银行对账单（camt.053 XML 或 CSV），全部成功或全部不导入")
        )
        imp.add_argument("file", nargs="?", help=_("对账单文件"))
        rep = sub.add_parser("report", help=_("专户、案件账户、待认领款余额，不明款和超期款"))
        rep.add_argument("--json", action="store_true", help=_("以 JSON 输出"))
        rep.add_argument("--on", help=_("统计日期 YYYY-MM-DD（默认今天）"))
        fee = sub.add_parser("fee", help=_("按申请执行金额计算执行申请费"))
        fee.add_argument("amount", nargs="?", help=_("申请执行金额（元）"))
        interest = sub.add_parser("interest", help=_("计算迟延履行期间的加倍部分债务利息"))
        interest.add_argument("principal", nargs="?", help=_("未履行的金钱债务（元）"))
        interest.add_argument("last_day", nargs="?", help=_("履行期间最后一日 YYYY-MM-DD"))
        interest.add_argument("paid_on", nargs="?", help=_("实际履行日 YYYY-MM-DD"))

    def handle(self, *args, **options):
        getattr(self, options["subcommand"].replace("-", "_"))(options)

    def accounts(self, options) -> None:
        codes = dict(Court.objects.values_list("id", "code"))
        pools = queries.pool_numbers()
        pooled = [
            {"court_code": codes[cid], "account_number": number}
            for cid, number in sorted(pools.items(), key=lambda item: codes[item[0]])
        ]
        if options["json"]:
            # Streamed: one case per line inside the array, so a million cases never sit in memory.
            out = self.stdout
            out.write('{"pooled": ' + json.dumps(pooled, ensure_ascii=False) + ', "cases": [', ending="")
            first = True
            for number, account, balance in queries.iter_case_accounts():
                item = {"case_number": number, "account_number": account, "balance": _money(balance)}
                out.write(("" if first else ",\n") + json.dumps(item, ensure_ascii=False), ending="")
                first = False
            out.write("]}")
            return
        for p in pooled:
            self.stdout.write(f"{p['court_code']}\t{p['account_number']}")
        for number, account, balance in queries.iter_case_accounts():
            self.stdout.write(f"{number}\t{account}\t{_money(balance)}")

    def import_statement(self, options) -> None:
        path = options.get("file")
        if not path:
            raise CommandError(_("用法：zhixing funds import-statement 文件"))
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(_("无法读取文件“%(path)s”：%(error)s") % {"path": path, "error": exc.strerror})
        try:
            result = import_statement(data, path.rsplit("/", 1)[-1], actor=STATEMENT)
        except StatementRefused as exc:
            raise CommandError(
                _("对账单未导入（%(n)d 处问题）：\n") % {"n": len(exc.problems)} + "\n".join(exc.problems)
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("\n".join(getattr(exc, "messages", [str(exc)])))
        self.stdout.write(
            _(
                "专户 %(acc)s：入账 %(posted)d 笔（其中不明款 %(un)d 笔），已入账跳过 %(skipped)d 笔，确认发放 %(debits)d 笔"
            )
            % {
                "acc": result.account,
                "posted": result.posted,
                "un": result.unidentified,
                "skipped": result.skipped,
                "debits": result.debits_confirmed,
            }
        )
        for line in result.differences:
            self.stdout.write(_("差异：") + line)

    def report(self, options) -> None:
        on = _date(options["on"], _("统计日期")) if options.get("on") else timezone.localdate()
        data = queries.report(on).as_json()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(_("专户余额：%(v)s 元") % {"v": data["pooled_balance"]})
        self.stdout.write(_("案件账户合计：%(v)s 元") % {"v": data["case_balance_total"]})
        self.stdout.write(_("待认领款：%(v)s 元") % {"v": data["suspense_balance"]})
        self.stdout.write(_("执行费：%(v)s 元") % {"v": data["fees_balance"]})
        self.stdout.write(_("罚款（待上缴）：%(v)s 元") % {"v": data["fines_balance"]})
        self.stdout.write(_("司法救助资金（待发放）：%(v)s 元") % {"v": data["relief_balance"]})
        self.stdout.write(
            _("不明款：%(n)d 笔，%(v)s 元")
            % {"n": data["unidentified"]["count"], "v": data["unidentified"]["amount"]}
        )
        self.stdout.write(
            _("超期款：%(n)d 笔，%(v)s 元") % {"n": data["overdue"]["count"], "v": data["overdue"]["amount"]}
        )

    def fee(self, options) -> None:
        if not options.get("amount"):
            raise CommandError(_("用法：zhixing funds fee 申请执行金额"))
        self.stdout.write(_money(rules.execution_fee(_amount(options["amount"], _("申请执行金额")))))

    def interest(self, options) -> None:
        if not all(options.get(k) for k in ("principal", "last_day", "paid_on")):
            raise CommandError(_("用法：zhixing funds interest 本金 履行期间最后一日 实际履行日"))
        principal = _amount(options["principal"], _("本金"))
        last_day = _date(options["last_day"], _("履行期间最后一日"))
        paid_on = _date(options["paid_on"], _("实际履行日"))
        self.stdout.write(_money(rules.late_interest(principal, last_day, paid_on)))

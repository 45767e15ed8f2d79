"""`zhixing disposal`: disposal of seized property for operators (contract of issue 12 item 9).

    zhixing disposal terms --kind movable|real-estate --reference PRICE --round 1|2
                           [--previous-start PRICE] [--start PRICE]

prints one line of JSON, {"min_start_price": "…", "notice_days": N} and, with --start,
"deposit_min" and "deposit_max": the lowest start price of that round (round 1: 70% of the reference
price, rounded up to the fen, rules §8.3; round 2: 80% of the previous start price, rules §8.12 —
without --previous-start, of the lowest first start), the days of notice before bidding (rules §8.5,
§8.12) and the deposit range for that start price (5%–20%, rules §8.7). Only rules.min_start_price,
rules.notice_days and rules.deposit_range are used; no table is read. --previous-start is accepted
but ignored for round 1. Amounts print as strings with two decimals.

A bad argument is refused with a Chinese message on stderr and exit code 1.

    zhixing disposal scan

runs the hourly disposal job now (zhixing.disposal.scans.run: the network-inquiry reports due or in
are collected, every platform holding a round is asked for the messages the webhook missed) and prints
its counts as one line of JSON, {"reports_ended", "messages", "refused", "unreachable"}.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zhixing.core.commands import OperatorCommand
from zhixing.core.money import InvalidAmount, parse_yuan

from ... import rules

# The kinds an operator may name: the contract's two (other property rights have real estate's periods).
TERMS_KINDS = (rules.MOVABLE, rules.REAL_ESTATE)


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def parse_price(text: str | None, what: str, *, positive: bool = True) -> Decimal:
    """A price in yuan (up to two decimals); refused in Chinese when missing, malformed, negative or zero."""
    if text is None:
        raise CommandError(_("缺少%(what)s") % {"what": what})
    try:
        value = parse_yuan(text)
    except InvalidAmount as exc:
        raise CommandError(_("%(what)s无效：%(why)s") % {"what": what, "why": exc})
    if positive and value <= 0:
        raise CommandError(_("%(what)s“%(text)s”无效：应大于零") % {"what": what, "text": text})
    return value


def parse_kind(text: str | None) -> str:
    if text is None:
        raise CommandError(_("缺少财产类别（--kind movable 或 real-estate）"))
    kind = text.strip()
    if kind not in TERMS_KINDS:
        raise CommandError(
            _("财产类别“%(text)s”无效，应为 movable（动产）或 real-estate（不动产）") % {"text": text}
        )
    return kind


def parse_round(text: str | None) -> int:
    if text is None:
        raise CommandError(_("缺少拍卖轮次（--round 1 或 2）"))
    text = text.strip()
    if not text.isascii() or not text.isdigit() or int(text) not in rules.ROUNDS:
        raise CommandError(
            _("拍卖轮次“%(text)s”无效，应为 1（第一次拍卖）或 2（流拍后的第二次拍卖）；两次流拍后为变卖")
            % {"text": text}
        )
    return int(text)


def terms(
    kind: str, reference: Decimal, round_no: int, previous_start: Decimal | None, start: Decimal | None
) -> dict:
    """The JSON object of `zhixing disposal terms`, keys in the contract's order."""
    floor = rules.min_start_price(reference, round_no, previous_start if round_no == 2 else None)
    out: dict = {"min_start_price": _money(floor), "notice_days": rules.notice_days(kind, round_no)}
    if start is not None:
        low, high = rules.deposit_range(start)
        out["deposit_min"] = _money(low)
        out["deposit_max"] = _money(high)
    return out


class Command(OperatorCommand):
    requires_system_checks: list[str] = []
    help = _("财产处置：计算拍卖起拍价下限、公告期和保证金范围（terms）；立即运行财产处置扫描（scan）")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{terms,scan}")
        t = sub.add_parser(
            "terms",
            help=_("按网络司法拍卖规定计算起拍价下限、公告天数和保证金范围，输出一行 JSON"),
            description=_(
                "输出 JSON：min_start_price（起拍价下限，两位小数的字符串）、notice_days（公告天数，整数），"
                "给出 --start 时另有 deposit_min、deposit_max（保证金下限和上限）。"
                "第一次拍卖起拍价不低于参考价的70%；第二次拍卖不低于前次起拍价的80%。"
            ),
        )
        # Validated in handle() so that every refusal is in Chinese (argparse's own are English).
        t.add_argument(
            "--kind",
            metavar="movable|real-estate",
            help=_("财产类别：movable（动产，公告15日/再次拍卖7日）或 real-estate（不动产，30日/15日）"),
        )
        t.add_argument("--reference", metavar="PRICE", help=_("参考价（元）"))
        t.add_argument("--round", dest="round_no", metavar="1|2", help=_("拍卖轮次：1 或 2"))
        t.add_argument(
            "--previous-start",
            dest="previous_start",
            metavar="PRICE",
            help=_(
                "第二次拍卖时前次（第一次）拍卖的起拍价（元）；未给出时按第一次起拍价的下限（参考价的70%%）计算；"
                "第一次拍卖时可以给出，但不起作用"
            ),
        )
        t.add_argument(
            "--start",
            metavar="PRICE",
            help=_("拟定的起拍价（元），给出时输出保证金范围（起拍价的5%%至20%%）"),
        )

        sub.add_parser(
            "scan",
            help=_(
                "立即运行每小时的财产处置扫描：收取到期的网络询价报告，从各平台拉取漏收的报文；"
                "输出一行 JSON：reports_ended、messages、refused、unreachable"
            ),
        )

    def handle(self, *args, **options):
        if options["subcommand"] == "terms":
            return self.terms(options)
        if options["subcommand"] == "scan":
            from ... import scans

            self.stdout.write(json.dumps(scans.run(), ensure_ascii=False))
            return None
        raise CommandError(_("未知的子命令“%(name)s”") % {"name": options["subcommand"]})

    def terms(self, options) -> None:
        kind = parse_kind(options.get("kind"))
        reference = parse_price(options.get("reference"), _("参考价"))
        round_no = parse_round(options.get("round_no"))
        previous = options.get("previous_start")
        previous_start = parse_price(previous, _("前次起拍价")) if previous is not None else None
        start_text = options.get("start")
        start = parse_price(start_text, _("起拍价")) if start_text is not None else None
        result = terms(kind, reference, round_no, previous_start, start)
        self.stdout.write(json.dumps(result, ensure_ascii=False))

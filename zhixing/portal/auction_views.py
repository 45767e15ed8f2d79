"""The public notice of an online judicial auction (/public/auctions/<id>/; issue 12 item 8, rules
§8.5): what the platform publishes of a round — the court and case number, the lot on its platform, the
property, start price, increment, deposit, the notice day and the bidding times, the special warnings
of art 14 — and, once it closed, its outcome. No login, no session, no staff navigation (ARCHITECTURE
§9), rate-limited per client address like the public search (zhixing.core.public).

Only a round the platform has published is shown: a draft, a plan awaiting the panel or one decided
but not yet listed is a 404, as is any id that does not exist. Nothing here names a party or carries an
identity code or a telephone number; the buyer appears only as a masked name."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhixing.core.public import public_page
from zhixing.disposal import queries
from zhixing.disposal.models import Auction

RATE_SETTING = "ZHIXING_PUBLIC_RATE_PER_MINUTE"
RATE_DEFAULT = 30
rate_limited = public_page("public-auction", RATE_SETTING, RATE_DEFAULT)


def mask_name(name: str) -> str:
    """A buyer's name on a public page: its first character, the rest hidden (张** / 雄***)."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def warnings(auction: Auction) -> list[str]:
    """The special warnings every notice carries (拍卖规定 art 14, rules §8.5; art 24 and 34)."""
    return [
        _(
            "拍卖财产以实物现状为准，法院不承担拍卖财产的瑕疵担保责任，竞买人应自行实地查看并了解财产现状、权属及可能存在的瑕疵。"
        ),
        _(
            "竞买人须以真实身份实名注册并交纳保证金后方可参加竞买；拍卖成交后，买受人的真实身份将在网络司法拍卖平台上公示。"
        ),
        _(
            "买受人悔拍的，其交纳的保证金不予退还，依次用于支付拍卖产生的费用损失、弥补重新拍卖价款低于原拍卖价款的差价，冲抵本案被执行人的债务；悔拍人不得参加该财产的再次竞买。"
        ),
        _(
            "人民法院、网络服务提供者、承担拍卖辅助工作的社会机构或者组织及其工作人员，以及上述人员的近亲属，不得竞买该财产。"
        ),
        _("竞价期间最后五分钟内有出价的，竞价结束时间自该出价时点顺延五分钟。"),
        _("未成交竞买人交纳的保证金在竞价程序结束后二十四小时内退还或者解冻。"),
    ]


@require_GET
@rate_limited
def auction_notice(request, auction_id: int):
    auction = queries.public_auction(auction_id)
    if auction is None:
        raise Http404(_("没有该拍卖公告"))
    disposal = auction.disposal
    case = disposal.case
    closed = auction.status in (Auction.SOLD, Auction.FAILED, Auction.RENEGED)
    return render(
        request,
        "portal/public/auction.html",
        {
            "title": _("%(court)s关于%(what)s的网络司法拍卖公告")
            % {"court": case.court.name, "what": disposal.description},
            "auction": auction,
            "disposal": disposal,
            "court": case.court,
            "case_number": case.case_number,
            "kind_label": disposal.get_kind_display(),
            "holders": len(auction.preemption or []),
            "warnings": warnings(auction),
            "closed": closed,
            "buyer": mask_name(auction.buyer_name) if auction.status == Auction.SOLD else "",
        },
    )

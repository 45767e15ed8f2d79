"""The migrant-worker wage cases' priority list /relief/wage-cases/ (rules §10.1.1 festival push, §10.1.2
priority payout; the command centre watches it, any reading role may open it): the open wage cases of
the courts the user may read, with the money received and not yet paid out, its payout deadline,
over-clock first; the counts at the top and the days left to pay it all out before the Spring Festival.
`?court=CODE` narrows it to a court and those below it, `?awaiting=1` to the cases with money awaiting
payout, `?format=xlsx` downloads every row. Read in a fixed number of queries (queries.wage)."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import today
from zhixing.cases.views.base import days_text, paginate, render_page, staff_view, yuan
from zhixing.cases.views.export import xlsx_response

from .. import permissions
from ..queries import wage as queries

STATE_BADGES = {
    queries.OVERDUE: "text-bg-danger",
    queries.DUE: "text-bg-warning",
    queries.HELD: "text-bg-secondary",
    queries.NONE: "text-bg-light border",
}


def state_label(state: str) -> str:
    """The payout state of a row, in Chinese."""
    return str(
        {
            queries.OVERDUE: _("超期未发放"),
            queries.DUE: _("待发放"),
            queries.HELD: _("暂缓发放"),
            queries.NONE: _("无待发放款"),
        }[state]
    )


def listing(request):
    """(the user's courts, the chosen court, awaiting only, the cases, the courts listed, today) of the
    request; a user without a role that reads the list anywhere is refused (permissions.check_read_wage_cases)."""
    permissions.check_read_wage_cases(request.user)
    courts, chosen, listed = queries.scope(request.user, request.GET.get("court", ""))
    on = today()
    awaiting_only = request.GET.get("awaiting") == "1"
    return courts, chosen, awaiting_only, queries.wage_cases(listed, on, awaiting_only), listed, on


@staff_view
def wage_cases(request):
    courts, chosen, awaiting_only, cases, listed, on = listing(request)
    fest = queries.festival(on)
    if request.GET.get("format") == "xlsx":
        return _xlsx(cases, on, fest)
    page = paginate(request, cases)
    rows = [queries.row(c, on, fest) for c in page.object_list]
    return render_page(
        request,
        "relief/wage_cases.html",
        {
            "courts": courts,
            "chosen": chosen,
            "awaiting_only": awaiting_only,
            "page": page,
            "rows": [
                {
                    "r": r,
                    "label": state_label(r.state),
                    "badge": STATE_BADGES[r.state],
                    "days": days_text(r.due_on, on) if r.days is not None else "",
                    "awaiting": yuan(r.awaiting),
                    "held": yuan(r.held),
                    "applied": yuan(r.case.applied_amount),
                    "realized": yuan(r.case.realized_amount),
                }
                for r in rows
            ],
            "totals": (totals := queries.totals(listed, on)),
            "awaiting_total": yuan(totals.awaiting),
            "overdue_total": yuan(totals.overdue),
            "festival": fest,
            "on": on,
        },
        active="wage_cases",
    )


def _xlsx(cases, on, fest):
    header = [
        _("案号"), _("执行法院"), _("承办人"), _("立案日期"), _("申请执行金额"), _("已执行到位金额"),
        _("待发放金额"), _("其中暂缓发放"), _("超期未发放金额"), _("最早发放期限"), _("状态"),
        _("距发放期限天数"), _("晚于春节前发放期限"),
    ]  # fmt: skip

    def lines():
        for c in cases.iterator(chunk_size=2000):
            r = queries.row(c, on, fest)
            yield [
                c.case_number,
                c.court.name,
                c.handler_name,
                c.filed_on,
                c.applied_amount,
                c.realized_amount,
                r.awaiting,
                r.held,
                r.overdue_amount,
                r.due_on,
                state_label(r.state),
                r.days,
                _("是") if r.after_festival else "",
            ]

    return xlsx_response(_("涉农民工工资案件"), header, lines(), f"涉农民工工资案件-{on:%Y%m%d}.xlsx")


urls: list = [path("wage-cases/", wage_cases, name="wage_cases")]

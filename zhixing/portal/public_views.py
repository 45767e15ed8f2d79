"""The public search page (公开查询; issue 11 item 4, rules §11.4): one form (name, identity code, partial
match), the three public lists as tabs — 失信被执行人, 限制消费人员, 终结本次执行案件 — and the published
records only, the identity code masked. No login, no session, no staff navigation (ARCHITECTURE §9).

Rate-limited per client address in the cache every server process shares (zhixing.core.public; setting
ZHIXING_PUBLIC_RATE_PER_MINUTE, default 30), which stands in for a captcha: nobody has to solve a picture
puzzle, a screen-reader user included, and a crawler still cannot page through the lists."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhixing.core.public import public_page
from zhixing.credit import rules
from zhixing.credit.models import PublicEntry

from . import search

RATE_SETTING = "ZHIXING_PUBLIC_RATE_PER_MINUTE"
RATE_DEFAULT = 30
# One counter per client for the page and the API (public_api.py): the same searches either way.
rate_limited = public_page("public-search", RATE_SETTING, RATE_DEFAULT)


def rate_limit() -> int:
    from django.conf import settings

    return int(getattr(settings, RATE_SETTING, RATE_DEFAULT))


def _page_number(raw: str | None) -> int:
    try:
        return int(raw or 1)
    except ValueError:
        return 1


def _records(rows: list[dict]) -> list[dict]:
    """Each published record as its name and the other published fields that have a value, labelled."""
    return [
        {
            "name": row["name"],
            "items": [
                (label, row[key])
                for key, label in rules.PUBLISHED_FIELDS
                if key != "name" and row[key] not in ("", None)
            ],
        }
        for row in rows
    ]


@require_GET
@rate_limited
def public_search(request):
    name = (request.GET.get("name") or "").strip()
    id_code = (request.GET.get("id_code") or "").strip()
    partial = request.GET.get("partial") in {"1", "on", "true"}
    kind = request.GET.get("kind") or None
    asked = bool(name or id_code)
    error, result, status = "", None, 200
    if asked:
        try:
            if kind is not None and kind not in search.KINDS:
                kind = None
            result = search.search(
                search.parse(name, id_code, partial), kind, _page_number(request.GET.get("page"))
            )
        except search.SearchError as e:
            error, status = str(e), 400
    base = {"name": name, "id_code": id_code} | ({"partial": "1"} if partial else {})
    labels = dict(PublicEntry.KINDS)
    tabs = []
    pages = []
    if result is not None:
        tabs = [
            {
                "kind": k,
                "label": labels[k],
                "count": search.count_label(result.counts.get(k, 0)),
                "url": "?" + urlencode(base | {"kind": k}),
                "current": k == result.kind,
            }
            for k in search.KINDS
        ]
        if result.pages > 1:
            pages = [
                {
                    "n": n,
                    "url": "?" + urlencode(base | {"kind": result.kind, "page": n}),
                    "current": n == result.page,
                }
                for n in range(1, result.pages + 1)
            ]
    return render(
        request,
        "portal/public/search.html",
        {
            "name": name,
            "id_code": id_code,
            "partial": partial,
            "asked": asked,
            "error": error,
            "result": result,
            "kind_label": labels.get(result.kind, "") if result else "",
            "tabs": tabs,
            "pages": pages,
            "records": _records(result.rows) if result else [],
            "name_min": rules.PUBLIC_NAME_MIN,
            "cap": search.COUNT_CAP,
            "rate": rate_limit(),
            "title": _("失信被执行人、限制消费人员及终本案件公开查询"),
        },
        status=status,
    )

"""The published result as an A4 PDF (WeasyPrint), with the Noto CJK fonts found the way legal
documents find them (zhixing.core.pdf), so there is one font lookup in the platform."""

from __future__ import annotations

from django.template.loader import render_to_string

from zhixing.core import pdf

from . import rules

INDICATOR_LABELS = {
    "closure_rate": "结案率",
    "completion_rate": "执行完毕率",
    "termination_rate": "终本率",
    "actual_execution_rate": "实际执结率",
    "realization_rate": "执行到位率",
    "statutory_period_rate": "法定期限内结案率",
    "average_days": "平均结案用时（天）",
    "resumed_completion_rate": "执行完毕率（执恢）",
}


def indicator_label(key: str) -> str:
    return INDICATOR_LABELS.get(key, key)


def _text(unit: str | None, value) -> str:
    """A stored figure as printed; results frozen before units were stored print as they were."""
    if unit not in (rules.RATE, rules.DAYS):
        return "—" if value in (None, "") else str(value)
    return rules.shown_text(unit, value)


def results_context(results: dict) -> dict:
    config = results.get("indicator_config", {})
    sources = results.get("value_sources") or {}
    names = {k: v.get("name") or indicator_label(k) for k, v in config.items()}
    edits = [
        {
            "court": row["court_name"],
            "indicator": names.get(k, k),
            "reason": src.get("reason", ""),
            "by": src.get("by", ""),
        }
        for row in results["rows"]
        for k, src in sorted((sources.get(row["court_code"]) or {}).items())
        if src.get("source") == "edited"
    ]
    weeks = sorted(
        {
            src.get("week")
            for court in sources.values()
            for src in court.values()
            if src.get("source") == "bulletin" and src.get("week")
        }
    )
    return {
        "r": results,
        "shares": {
            "assessment": _text(rules.RATE, results.get("assessment_weight")),
            "review": _text(rules.RATE, results.get("review_weight")),
        },
        "indicators": [
            {
                "key": k,
                "label": names[k],
                "weight": _text(rules.RATE, v.get("weight")) if v.get("unit") else v.get("weight"),
                "target": _text(v.get("unit"), v.get("target")),
                "lower": v.get("direction") == rules.LOWER,
            }
            for k, v in config.items()
        ],
        "rows": [
            {
                **row,
                "scores_text": "、".join(str(s) for s in row["scores"]),
                "indicator_list": [_text(config[k].get("unit"), row["indicators"].get(k)) for k in config],
            }
            for row in results["rows"]
        ],
        "bulletin_weeks": weeks,
        "edits": edits,
        "quorum": results.get("quorum"),
        "before_meeting": results.get("before_meeting"),
    }


def results_html(results: dict) -> str:
    ctx = results_context(results)
    ctx.update(pdf.font_context())
    return render_to_string("supervision/assessment/results_pdf.html", ctx)


def results_pdf(results: dict) -> bytes:
    return pdf.write_pdf(results_html(results))

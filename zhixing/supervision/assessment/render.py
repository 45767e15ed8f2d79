"""The published result as an A4 PDF (WeasyPrint), with the Noto CJK fonts found the way legal
documents find them (zhixing.documents.rendering), so there is one font lookup in the platform."""

from __future__ import annotations

from django.template.loader import render_to_string

from zhixing.documents.rendering import FAMILIES, find_fonts, font_face_css

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


def results_context(results: dict) -> dict:
    config = results.get("indicator_config", {})
    return {
        "r": results,
        "indicators": [
            {
                "key": k,
                "label": indicator_label(k),
                "weight": v.get("weight"),
                "target": v.get("target"),
                "lower": v.get("direction") == "lower",
            }
            for k, v in config.items()
        ],
        "rows": [
            {
                **row,
                "scores_text": "、".join(str(s) for s in row["scores"]),
                "indicator_list": [row["indicators"].get(k) for k in config],
            }
            for row in results["rows"]
        ],
    }


def results_html(results: dict) -> str:
    ctx = results_context(results)
    ctx.update(font_css=font_face_css(find_fonts()), serif=FAMILIES["serif"], sans=FAMILIES["sans"])
    return render_to_string("supervision/assessment/results_pdf.html", ctx)


def results_pdf(results: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=results_html(results)).write_pdf()

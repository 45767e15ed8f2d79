"""Chinese labels of the bulletin's keys, shared by the HTML and XLSX renderings."""

from django.utils.translation import gettext_lazy as _

FUNDS = {"unidentified_funds": _("未认领款项"), "overdue_funds": _("超期未发放款项")}
LEVELS = {
    "supreme": _("最高人民法院"),
    "high": _("高级人民法院"),
    "intermediate": _("中级人民法院"),
    "basic": _("基层人民法院"),
}


def indicator_names() -> dict[str, str]:
    from zhixing.supervision.models import IndicatorDefinition

    names = {k: str(v) for k, v in FUNDS.items()}
    for key, name in IndicatorDefinition.objects.filter(court=None).values_list("key", "name"):
        names.setdefault(key, name)
    return names


def cell(figure) -> str:
    """A figure as one cell of text: a rate as a percentage with its numerator/denominator."""
    if isinstance(figure, dict) and "value" in figure:
        v = figure["value"]
        shown = "—" if v is None else f"{v * 100:.2f}%"
        return f"{shown}（{figure['numerator']}/{figure['denominator']}）"
    if isinstance(figure, dict) and "amount" in figure:
        return f"{figure['count']} / {figure['amount']}"
    return str(figure)

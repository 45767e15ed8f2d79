"""The filters of cases and nodes, one FilterSet per model shared by the API (DjangoFilterBackend) and the
staff pages, which render its form (as netbox does). A page's FilterSet extends the API's only where the
page asks differently: the court as a choice among the user's courts (with the courts below it) instead
of a court code, the node states an inbox can hold, the node kinds as a list. Node states are filtered by
`queries.state_q`, made from the one definition in `rules.STATE_CONDITIONS`."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from zhixing.courts.models import Court

from . import catalogue, queries, rules
from .actions.common import today
from .forms import FilterForm
from .models import Case, Node, Party
from .serializers import MAX_ID

NODE_STATES = [(s, rules.STATE_LABELS[s]) for s in rules.STATE_CONDITIONS]
URGENCY = ("due_on", "case_id", "kind__order")  # overdue first, then due soon, then by deadline


class IdFilter(filters.NumberFilter):
    """A row id: a whole number within the database's integer range, else a 400 in Chinese (a decimal
    of 23 digits overflowed SQLite's integer and was a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class CourtSubtreeFilter(filters.ModelChoiceFilter):
    """A court chosen among those the page offers (the FilterSet's `courts`), with the courts below it.
    `field_name` is the path to the court."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__path__startswith": value.path})


def search_filter(label, placeholder, **kwargs) -> filters.CharFilter:
    """The search box of a list page (at most 60 characters, trimmed)."""
    return filters.CharFilter(
        label=label, max_length=60, widget=forms.TextInput({"placeholder": placeholder}), **kwargs
    )


class ScopedFilterSet(filters.FilterSet):
    """A FilterSet whose `court` filter offers the courts a page passes (`courts=`), and whose form
    lists its fields in the order of Meta.fields (a page renders them all, cases/_filters.html)."""

    def __init__(self, *args, courts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "court" in self.filters and courts is not None:
            self.filters["court"].queryset = courts

    def get_form_class(self):
        form = super().get_form_class()
        form.field_order = list(self._meta.fields)
        return form


# --- Cases -----------------------------------------------------------------------------------------


class CaseFilter(ScopedFilterSet):
    court = filters.CharFilter(field_name="court__code", label=_("法院代字"))
    status = filters.ChoiceFilter(choices=Case.STATUSES, label=_("状态"), empty_label=_("全部"))
    type_code = filters.CharFilter(label=_("类型代字"))
    year = filters.NumberFilter(label=_("收案年度"))
    handler = filters.CharFilter(field_name="handler__username", label=_("承办人用户名"))
    filed_on = filters.DateFromToRangeFilter(label=_("立案日期范围"))
    case_number = filters.CharFilter(lookup_expr="contains", label=_("案号包含"))
    q = search_filter(_("搜索"), _("案号或当事人名称"), method="filter_q")

    class Meta:
        model = Case
        fields = ["court", "status", "type_code", "year", "handler", "filed_on", "case_number", "q"]
        form = FilterForm

    def filter_q(self, qs: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        """The case number or a party's name contains the text."""
        if not value:
            return qs
        by_party = Party.objects.filter(case=OuterRef("pk"), name__contains=value)
        return qs.filter(Q(case_number__contains=value) | Exists(by_party))


class CaseListFilter(CaseFilter):
    """The case list page: status, a court of the user's (with the courts below it) and a search."""

    type_code = year = handler = filed_on = case_number = None  # the API's alone

    court = CourtSubtreeFilter(
        field_name="court", queryset=Court.objects.none(), label=_("法院"), empty_label=_("全部法院")
    )

    class Meta(CaseFilter.Meta):
        fields = ["status", "court", "q"]


# --- Nodes -----------------------------------------------------------------------------------------


class NodeFilter(ScopedFilterSet):
    case = IdFilter(field_name="case_id", label=_("案件ID"))
    kind = filters.CharFilter(field_name="kind__code", label=_("节点类型代码"))
    state = filters.ChoiceFilter(choices=NODE_STATES, method="filter_state", label=_("状态"))
    mine = filters.BooleanFilter(method="filter_mine", label=_("为 1 时只列本人承办案件的待办节点"))
    q = search_filter(_("案号"), _("案号"), field_name="case__case_number", lookup_expr="contains")

    class Meta:
        model = Node
        fields = ["case", "kind", "state", "mine", "q"]
        form = FilterForm

    def filter_state(self, qs: QuerySet[Node], name: str, value: str) -> QuerySet[Node]:
        """Exactly the nodes whose state (as shown) is `value` today; open states most urgent first."""
        qs = qs.filter(queries.state_q(value, today()))
        return qs.order_by(*URGENCY) if value in rules.OPEN_STATES else qs

    def filter_mine(self, qs: QuerySet[Node], name: str, value: bool | None) -> QuerySet[Node]:
        if not value:
            return qs
        # The caller's inbox: open nodes of the cases they handle, most urgent first.
        inbox = queries.open_nodes().filter(case__handler=self.request.user)
        return (qs & inbox).order_by(*URGENCY)


class InboxFilter(NodeFilter):
    """The inbox page: the states an open node can be in, the node kinds by name, the case number."""

    case = mine = None  # the API's alone

    state = filters.ChoiceFilter(
        choices=[(s, rules.STATE_LABELS[s]) for s in rules.OPEN_STATES],
        method="filter_state",
        label=_("状态"),
        empty_label=_("全部状态"),
    )
    kind = filters.ChoiceFilter(field_name="kind__code", label=_("节点"), empty_label=_("全部节点"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = list(catalogue.labels().items())

    def filter_state(self, qs: QuerySet[Node], name: str, value: str) -> QuerySet[Node]:
        """As the API's, but in the inbox's order: wage cases stay first (queries.INBOX_ORDER)."""
        return super().filter_state(qs, name, value).order_by(*queries.INBOX_ORDER)

    class Meta(NodeFilter.Meta):
        fields = ["state", "kind", "q"]


class CommandFilter(NodeFilter):
    """The command centre's overdue list: the court is one it watches, with the courts below it."""

    case = kind = state = mine = q = None  # the API's alone

    court = CourtSubtreeFilter(
        field_name="case__court", queryset=Court.objects.none(), label=_("法院"), empty_label=_("全部法院")
    )

    class Meta(NodeFilter.Meta):
        fields = ["court"]

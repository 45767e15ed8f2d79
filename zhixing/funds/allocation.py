"""How the money in a case account is shared among several applicants (rules §5.15; the order is the
rule setting funds.allocation_method). The platform keeps one amount applied for per case, so each
applicant's claim is an equal part of it (the first ones take the odd fens), less what has been paid
or asked for them; the available money is then allocated over those claims in the configured way."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from zhixing.cases.models import Case, Party
from zhixing.core.rulesettings import rule_setting

from . import rules, settings_keys
from .models import Payout

ZERO = Decimal("0.00")


def applicants(case: Case) -> list[Party]:
    return list(case.parties.filter(role=Party.APPLICANT).order_by("position", "id"))


def equal_parts(total: Decimal, n: int) -> list[Decimal]:
    """`total` in n parts at the fen, the first ones taking the odd fens: they sum exactly to it."""
    fen = int((total * 100).to_integral_value())
    base, odd = divmod(fen, n)
    return [Decimal(base + (1 if i < odd else 0)) / 100 for i in range(n)]


def shares(case: Case, available: Decimal) -> dict[int, Decimal]:
    """Party id → what a payout to that applicant may draw now. One applicant: all of it."""
    people = applicants(case)
    if len(people) <= 1:
        return {p.pk: available for p in people}
    drawn = dict(
        Payout.objects.filter(case=case, party__isnull=False)
        .exclude(status__in=[Payout.BOUNCED, Payout.REFUSED])
        .values_list("party")
        .annotate(s=Sum("amount"))
    )
    claims = [
        (p.pk, max(ZERO, part - (drawn.get(p.pk) or ZERO)))
        for p, part in zip(people, equal_parts(case.applied_amount or ZERO, len(people)), strict=True)
    ]
    method = rule_setting(settings_keys.ALLOCATION_METHOD, case.court)
    allocated = rules.allocate(max(ZERO, available), claims, method)
    return {pk: allocated.get(pk, ZERO) for pk, _claim in claims}

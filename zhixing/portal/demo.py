"""The portal's part of `zhixing demo`: a mobile number for each debtor of the cases the credit demo
listed, restricted or certified, and for the applicants of a few of them, set through
`set_party_phone` by the case's handler, so a new user can sign in to the party portal (the one-time
code arrives in the reference SMS gateway's inbox). Connected after the credit demo (app order)."""

from __future__ import annotations

import random
from typing import Any

from zhixing.cases.models import Case, Party

from .actions import set_party_phone


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"


def on_demo_built(sender: Any, result: Any, rng: random.Random, **kwargs: Any) -> None:
    cases = (
        Case.objects.filter(handler__isnull=False)
        .filter(pk__in=_credit_cases())
        .select_related("handler")
        .order_by("pk")
    )
    for n, case in enumerate(cases):
        roles = (Party.DEBTOR, Party.APPLICANT) if n % 3 == 0 else (Party.DEBTOR,)
        for party in case.parties.filter(role__in=roles, phone="").order_by("pk"):
            set_party_phone(party, _phone(rng), actor=case.handler)
            result.stats["portal:party_phones"] += 1


def _credit_cases() -> set[int]:
    from zhixing.credit.models import Certificate, Listing, Restriction

    ids: set[int] = set()
    for model in (Listing, Restriction, Certificate):
        ids.update(model.objects.values_list("case_id", flat=True))
    return ids

"""`zhixing demo`: a campaign over the demo province, settlements in every state, relief applications
and the province's wage table, once the cases are built."""

from __future__ import annotations


def connect() -> None:
    pass

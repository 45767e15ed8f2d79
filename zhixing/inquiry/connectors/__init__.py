"""One interface for an outside institution (issue 10 item 1): query; freeze/seal/seize with amount
and term; renew; release; deduct. Every instruction is asynchronous on the wire (PROTOCOL.md): `send`
hands it over under its idempotency key and `fetch` asks for the answer later. The instruction bodies
are built by `instruction` so that the outbox stores exactly what is sent.

`connector_for(institution)` gives the connector of an institution; today every institution speaks
the HTTP protocol of PROTOCOL.md (HttpConnector), whatever its kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .. import rules


class Unavailable(RuntimeError):
    """The institution could not be reached or answered 5xx: try again later."""


class Refused(RuntimeError):
    """The institution refused the instruction for good (4xx): retrying will not help."""


@dataclass(frozen=True)
class Officer:
    name: str
    badge: str


@dataclass(frozen=True)
class LegalDocument:
    number: str
    kind: str
    sha256: str


@dataclass(frozen=True)
class Answer:
    """An institution's answer to one instruction: `done` False while it is still pending."""

    done: bool
    results: list[dict[str, Any]] = field(default_factory=list)
    queried: int = 0
    answered_at: str = ""


class Connector(Protocol):
    def send(self, court: Any, body: dict[str, Any]) -> None:
        """Hand over one instruction (idempotent under body["request_id"])."""

    def fetch(self, court: Any, request_id: str) -> Answer:
        """The answer, verified; raises signing.BadSignature for an answer that does not verify."""


def instruction(
    request_id: str,
    court_code: str,
    officer: Officer,
    action: str,
    items: list[dict[str, Any]],
    document: LegalDocument | None = None,
) -> dict[str, Any]:
    """The body of an instruction (PROTOCOL.md "Requests")."""
    body: dict[str, Any] = {
        "request_id": request_id,
        "court": court_code,
        "officer": {"name": officer.name, "badge": officer.badge},
        "action": action,
        "items": items,
    }
    if document is not None:
        body["document"] = {"number": document.number, "kind": document.kind, "sha256": document.sha256}
    return body


def query_item(ref: str, name: str, id_code: str) -> dict[str, Any]:
    return {"ref": ref, "name": name, "id_code": id_code}


def freeze_item(
    ref: str, asset_id: str, asset_type: str, amount: Any, days: int, case: str = ""
) -> dict[str, Any]:
    """freeze, seal or seize: the institution's kind decides the word; an amount only for money. `case`
    (the case number) lets two cases of one court each place their measure, the later queued (轮候)."""
    item: dict[str, Any] = {"ref": ref, "asset_id": asset_id, "days": int(days)}
    if case:
        item["case"] = case
    if asset_type in rules.MONEY_ASSETS and amount is not None:
        item["amount"] = f"{amount:.2f}"
    return item


def renew_item(ref: str, measure_id: str, days: int) -> dict[str, Any]:
    return {"ref": ref, "measure_id": measure_id, "days": int(days)}


def release_item(ref: str, measure_id: str) -> dict[str, Any]:
    return {"ref": ref, "measure_id": measure_id}


def deduct_item(
    ref: str, measure_id: str, amount: Any, to_account: str, to_sub_account: str
) -> dict[str, Any]:
    return {
        "ref": ref,
        "measure_id": measure_id,
        "amount": f"{amount:.2f}",
        "to_account": to_account,
        "to_sub_account": to_sub_account,
    }


def connector_for(institution: Any) -> Connector:
    from .http import HttpConnector

    return HttpConnector(institution)

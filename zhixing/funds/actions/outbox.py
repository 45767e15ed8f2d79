"""Delivering the outbox to the bank: each pending instruction is claimed with a conditional UPDATE
(so two workers never send the same row at once), posted, and marked done when the bank has it. The
bank books an instruction once per idempotency key, so a crash between sending and marking only
means the next run sends it again, harmlessly."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .. import bank
from ..actors import BANK
from ..models import Outbox
from .payouts import record_payout_result

MAX_ATTEMPTS = 20


def deliver_outbox(limit: int = 100) -> int:
    """Send pending instructions; returns how many the bank accepted."""
    sent = 0
    for row in list(Outbox.objects.filter(status=Outbox.PENDING).order_by("created_at")[:limit]):
        claimed = Outbox.objects.filter(pk=row.pk, status=Outbox.PENDING, attempts=row.attempts).update(
            attempts=F("attempts") + 1
        )
        if not claimed:
            continue  # another worker has it
        try:
            answer = bank.post_payout(row.payload)
        except bank.BankUnavailable as err:
            Outbox.objects.filter(pk=row.pk).update(last_error=str(err)[:300])
            continue
        if answer.status == 200:
            Outbox.objects.filter(pk=row.pk).update(status=Outbox.DONE, sent_at=timezone.now(), last_error="")
            sent += 1
            # The bank may already know the outcome; its notification will say the same (idempotent).
            status = answer.data.get("status")
            if status in ("confirmed", "bounced"):
                with transaction.atomic():
                    record_payout_result(
                        row.key,
                        status == "confirmed",
                        answer.data.get("bank_reference") or answer.data.get("instruction_id") or "",
                        answer.data.get("reason") or "",
                        actor=BANK,
                    )
        else:
            failed = row.attempts + 1 >= MAX_ATTEMPTS or 400 <= answer.status < 500
            Outbox.objects.filter(pk=row.pk).update(
                status=Outbox.FAILED if failed else Outbox.PENDING,
                last_error=f"HTTP {answer.status}: {answer.data.get('error', '')}"[:300],
            )
    return sent

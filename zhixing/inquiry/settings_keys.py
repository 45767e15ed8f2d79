"""Names of the rule settings network inquiry and control reads, with their default values (DEFAULTS).

The seed migration writes DEFAULTS as nationwide rows; a court overrides them in “规则参数”. The
maximum measure terms are national law (rules §6.8) but kept as settings, as the issue asks, so that a
change of the law is a new row with its effective date, not a code change.
"""

from __future__ import annotations

MAX_TERM_DAYS = "inquiry.max_term_days"
RENEWAL_LEAD_DAYS = "inquiry.renewal_lead_days"
RETRY = "inquiry.retry"
CHUNK_SIZE = "inquiry.chunk_size"

DEFAULTS: dict[str, object] = {
    # rules §6.8 (解释 art 485; 查扣冻规定 art 27): deposits 1 year, movables 2, real estate and other
    # property rights 3 years; each renewal no longer than the same maximum.
    MAX_TERM_DAYS: {"deposit": 365, "movable": 730, "real_estate": 1095, "other_right": 1095},
    # issue 10 item 5: a renewal reminder 30 days ahead of expiry (no national figure; rules §3.2 asks
    # a delegating court to renew a measure with less than a month left).
    RENEWAL_LEAD_DAYS: 30,
    # ARCHITECTURE §8: the outbox retries with exponential back-off (rules.backoff_seconds).
    RETRY: {"base_seconds": 2, "cap_seconds": 600, "max_attempts": 10, "poll_seconds": 1},
    # rules §6.10 / issue 10 item 3: many debtors to a request, as the national network does; ≤ 1,000.
    CHUNK_SIZE: 1000,
}

"""Names of the rule settings the credit app (and the public portal) reads, with their default values
(DEFAULTS). The public search's rate limit is a server setting (ZHIXING_PUBLIC_RATE_PER_MINUTE), as
every public page's is (zhixing.core.public), not a rule.

The seed migration (written by the lead) writes DEFAULTS as nationwide rows; a court overrides them in
“规则参数”. None of these numbers is national law: they are the platform's defaults.
"""

from __future__ import annotations

OTP = "credit.otp"
DEFAULT_GRACE_MONTHS = "credit.default_grace_months"

DEFAULTS: dict[str, object] = {
    # issue 11 item 5: the party portal's one-time SMS code: its length, lifetime, wrong tries allowed
    # and the wait before another code may be sent.
    OTP: {"digits": 6, "ttl_seconds": 300, "max_attempts": 5, "resend_seconds": 60},
    # rules §7.2.6 (法发〔2019〕35号): a grace period of 1–3 months before publication is the court's
    # option; by default none (0). rules.grace_problem checks an override.
    DEFAULT_GRACE_MONTHS: 0,
}

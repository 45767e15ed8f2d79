"""The party portal's numbers and pure checks (rules §11.1–11.2; issue 11 item 5).

The one-time code's numbers are the rule setting `credit.otp` (zhixing.credit.settings_keys.OTP) when it
is seeded; OTP_DEFAULTS below are the same values and stand in until it is (and for any key a court's
row leaves out). The portal session's length is the platform's security choice, not a court's.
"""

from __future__ import annotations

import re

# issue 11 item 5: 6 digits, valid 5 minutes, at most 5 wrong tries, another code not before 60 s.
OTP_DEFAULTS: dict[str, int] = {"digits": 6, "ttl_seconds": 300, "max_attempts": 5, "resend_seconds": 60}
# A party's portal session ends when the browser closes (a session cookie) or 30 minutes after sign-in.
SESSION_SECONDS = 30 * 60

MOBILE = re.compile(r"\A1[3-9][0-9]{9}\Z")  # a mainland mobile number, as the SMS gateway accepts it


def valid_mobile(phone: str) -> bool:
    return bool(MOBILE.match(phone or ""))


def normalize_case_number(text: str) -> str:
    """A case number as a person types it: half-width brackets and spaces allowed
    (`(2026)冀96执1号` → `（2026）冀96执1号`)."""
    text = re.sub(r"\s+", "", text or "")
    return text.replace("(", "（").replace(")", "）").replace("〔", "（").replace("〕", "）")


def normalize_identity(text: str) -> str:
    return re.sub(r"\s+", "", text or "").upper()

"""Names of the rule settings the case-funds app reads, with their default values (DEFAULTS).

Every number here is a configurable default, not a fixed law (rules.md "How to read this file"): the
national payout limit and the local claim, payout and approval figures differ by court. The seed
migration writes DEFAULTS as nationwide rows; a court overrides them in “规则参数”. Values are JSON:
amounts are yuan strings with two places ("50000.00"), read with core.money.parse_yuan.
"""

from __future__ import annotations

PAYOUT_POLICY = "funds.payout_policy"
CLAIM_WORKING_DAYS = "funds.claim_working_days"
PAYOUT_APPROVALS = "funds.payout_approvals"
ALLOCATION_METHOD = "funds.allocation_method"
SUB_ACCOUNT_PREFIX = "funds.sub_account_prefix"
NO_AMOUNT_FEE = "funds.no_amount_fee"

DEFAULTS: dict[str, object] = {
    # addendum §1.2.2 (十个必须 item 7, 2021): 15 working days once payable, within the 2017 rule's 30 days
    # from the arrival notice (addendum §1.1.1, art 10); 10 days after a deferral ends (addendum §1.1.2).
    # Hubei (rules §5.7, local): {"working_days": 10, "small_amount": "50000.00", "small_working_days": 5}.
    PAYOUT_POLICY: {
        "working_days": 15,
        "small_amount": None,
        "small_working_days": None,
        "outer_days": 30,
        "resume_days": 10,
        # rules §10.1.2 (Heilongjiang "四个优先": priority payout; local): a migrant-worker wage case's
        # money is paid within 5 working days (the shorter of this and the clock above).
        "wage_working_days": 5,
    },
    # rules §5.9 / addendum §1.4.3 (康保, local): unidentified money claimed within 3 working days.
    CLAIM_WORKING_DAYS: 3,
    # addendum §1.4.4 (Dalian, local: a higher approver from 100,000 yuan) and §1.4.5 / rules §5.9 (three-level
    # sign-off, local). A band applies when the amount is strictly above "above" (funds.rules.approval_steps).
    PAYOUT_APPROVALS: [
        {"above": "0", "roles": ["judge"]},
        {"above": "100000.00", "roles": ["judge", "leader"]},
        {"above": "1000000.00", "roles": ["judge", "leader", "leader"]},
    ],
    # rules §5.15 (解释 art 514): ordinary claims against an enterprise are paid in order of preservation.
    ALLOCATION_METHOD: "in_order",
    # rules §5.4, §5.11 (一案一账号): no national format; each court sets its bank's digits here.
    SUB_ACCOUNT_PREFIX: "",
    # rules §2.1.12 (诉讼费用交纳办法 art 14(一)): 50–500 yuan per case without an amount; 50 by default.
    NO_AMOUNT_FEE: "50.00",
}

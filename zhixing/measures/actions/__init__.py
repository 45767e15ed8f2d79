"""Every write of measures (ARCHITECTURE §2): each action checks its permission predicate and the rules,
writes, emits a declared case event and appends a declared audit entry, in one transaction.

- obstructions.py: what a debtor did against the execution, and 终本 condition 5;
- coercive.py, rewards.py: summons, fines, detention, search, exit ban, reward notices;
- operations.py, field.py, evidence.py: the register, the roster, operations, the field, evidence;
- referrals.py, referral_feed.py, referral_papers.py: the refusal-to-enforce referral;
- agencies.py: the police bureau and the border administration measures talk to.
"""

from .agencies import register_agency
from .coercive import book_fine, cancel_measure, carry_out, decide_measure, end_measure, propose_measure
from .evidence import add_evidence, open_evidence, supersede_evidence
from .field import check_in, hand_over_cash, record_finding, seize_on_site, take_cash
from .obstructions import closing_problems, record_obstruction
from .operations import (
    add_member,
    add_target,
    add_witness,
    book_equipment,
    cancel_operation,
    close_operation,
    mark_witness,
    plan_operation,
    register_equipment,
    release_booking,
    set_duty,
    set_equipment_state,
    start_operation,
)
from .referral_feed import apply_agency_message, pull_updates
from .referrals import (
    approve_referral,
    draft_referral,
    escalate,
    next_steps,
    overdue_referrals,
    record_decision,
    record_notice,
    record_order_to_file,
    record_outcome,
    record_receipt,
    send_referral,
    take_private_route,
    withdraw_referral,
)
from .rewards import informant_phone, pay_reward, register_informant, verify_lead

__all__ = [
    "add_evidence",
    "add_member",
    "add_target",
    "add_witness",
    "apply_agency_message",
    "approve_referral",
    "book_equipment",
    "book_fine",
    "cancel_measure",
    "cancel_operation",
    "carry_out",
    "check_in",
    "close_operation",
    "closing_problems",
    "decide_measure",
    "draft_referral",
    "end_measure",
    "escalate",
    "hand_over_cash",
    "informant_phone",
    "mark_witness",
    "next_steps",
    "open_evidence",
    "overdue_referrals",
    "pay_reward",
    "plan_operation",
    "propose_measure",
    "pull_updates",
    "record_decision",
    "record_finding",
    "record_notice",
    "record_obstruction",
    "record_order_to_file",
    "record_outcome",
    "record_receipt",
    "register_agency",
    "register_equipment",
    "register_informant",
    "release_booking",
    "seize_on_site",
    "send_referral",
    "set_duty",
    "set_equipment_state",
    "start_operation",
    "supersede_evidence",
    "take_cash",
    "take_private_route",
    "verify_lead",
    "withdraw_referral",
]

"""Every write of measures (ARCHITECTURE §2): each action checks its permission predicate and the rules,
writes, emits a declared case event and appends a declared audit entry, in one transaction."""

from .obstructions import closing_problems, record_obstruction

__all__ = ["closing_problems", "record_obstruction"]

# The police bureau and the border administration (Owner G): their addresses and keys.
from .agencies import register_agency  # noqa: E402

__all__ += ["register_agency"]

# Field operations (Owner B): the register, the roster, planning, bookings, start and close.
from .evidence import add_evidence, open_evidence, supersede_evidence  # noqa: E402
from .field import check_in, hand_over_cash, record_finding, seize_on_site, take_cash  # noqa: E402
from .operations import (  # noqa: E402
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

__all__ += [
    "add_evidence",
    "check_in",
    "hand_over_cash",
    "open_evidence",
    "record_finding",
    "seize_on_site",
    "supersede_evidence",
    "take_cash",
    "add_member",
    "add_target",
    "add_witness",
    "book_equipment",
    "cancel_operation",
    "close_operation",
    "mark_witness",
    "plan_operation",
    "register_equipment",
    "release_booking",
    "set_duty",
    "set_equipment_state",
    "start_operation",
]

# Coercive measures and reward notices (Owner A).
from .coercive import (  # noqa: E402
    book_fine,
    cancel_measure,
    carry_out,
    decide_measure,
    end_measure,
    propose_measure,
)
from .rewards import informant_phone, pay_reward, register_informant, verify_lead  # noqa: E402

__all__ += [
    "book_fine",
    "cancel_measure",
    "carry_out",
    "decide_measure",
    "end_measure",
    "informant_phone",
    "pay_reward",
    "propose_measure",
    "register_informant",
    "verify_lead",
]

# The refusal-to-enforce referral (Owner C): drafting to outcome, and the police's signed messages.
from .referral_feed import apply_agency_message, pull_updates  # noqa: E402
from .referrals import (  # noqa: E402
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

__all__ += [
    "apply_agency_message",
    "approve_referral",
    "draft_referral",
    "escalate",
    "next_steps",
    "overdue_referrals",
    "pull_updates",
    "record_decision",
    "record_notice",
    "record_order_to_file",
    "record_outcome",
    "record_receipt",
    "send_referral",
    "take_private_route",
    "withdraw_referral",
]

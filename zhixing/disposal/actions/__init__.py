"""The actions of disposal (财产处置): each `@transaction.atomic`, takes the keyword `actor`, checks its
permission, writes, emits a declared case event and appends a declared audit entry. One line a module
below, so that the helpers building each part can add theirs without touching another's."""

from .auctions import list_auction, propose_auction, vote_auction  # noqa: F401
from .disposals import resume_auction, start_disposal, suspend_auction  # noqa: F401
from .distribution import (  # noqa: F401
    Payee,
    draw_distribution,
    finalise_distribution,
    notify_distribution,
    object_distribution,
    pay_distribution,
    rule_distribution_objection,
)
from .outcomes import (  # noqa: F401
    apply_forfeit,
    closing_problems,
    confirm_sale,
    refuse_taking,
    release_undisposable,
    send_transfer_notice,
    serve_ruling,
    take_in_payment,
)
from .platforms import register_platform  # noqa: F401
from .prices import (  # noqa: F401
    collect_open_reports,
    collect_reports,
    fail_procedure,
    object_price,
    receive_price_report,
    record_agreement,
    record_report,
    rule_price_objection,
    start_price,
)
from .results import BadMessage, accept_message, pull_messages  # noqa: F401

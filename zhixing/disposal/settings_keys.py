"""Names of the rule settings disposal reads, with their default values (DEFAULTS). The nationally
confirmed numbers of rules §8 are constants in rules.py; these are the numbers no confirmed text in
shared/domain gives, seeded by migration 0002 as nationwide rows a court may override in 规则参数.
"""

from __future__ import annotations

PRICE_OBJECTION_DAYS = "disposal.price_objection_days"
VALUATION_DAYS = "disposal.valuation_days"
DIRECTED_DAYS = "disposal.directed_days"
SALE = "disposal.sale"
BALANCE_DAYS = "disposal.balance_days"
WAGE_FIRST = "disposal.wage_first"

DEFAULTS: dict[str, object] = {
    # 法释〔2018〕15号 art 22 as commonly cited: parties object to a valuation or network-inquiry report
    # within 5 days of receiving it (UNCONFIRMED in shared/domain: a setting).
    PRICE_OBJECTION_DAYS: 5,
    # The valuation agency reports within 30 days (UNCONFIRMED in shared/domain).
    VALUATION_DAYS: 30,
    # A directed inquiry is answered within 3 days (UNCONFIRMED in shared/domain).
    DIRECTED_DAYS: 3,
    # The sale (变卖) on the platform after a second failure (rules §8.13 gives no numbers): its notice
    # days, its period, and its price as a share of the second auction's start (UNCONFIRMED).
    SALE: {"notice_days": 15, "period_days": 60, "price_ratio": "1.00"},
    # The buyer pays the balance within this many days of the auction (the notice states it).
    BALANCE_DAYS: 15,
    # rules §10.1 (wage priority "first in a distribution where the law allows"; local practice,
    # UNCONFIRMED nationally): migrant-worker wage claims are paid first among the ordinary claims.
    WAGE_FIRST: True,
}

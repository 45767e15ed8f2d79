"""Names of the rule settings relief reads, with their default values (DEFAULTS), seeded nationwide by
migration 0002; a court overrides them in 规则参数. Every value here is local or unconfirmed in
shared/domain (rules §9.6, §10.1), so it is a setting, not a rule."""

from __future__ import annotations

SMALL_AMOUNT = "relief.small_amount"
GOVERNMENT_WORDS = "relief.government_words"
SOE_WORDS = "relief.soe_words"
RELIEF_DECISION_WORKING_DAYS = "relief.decision_working_days"

DEFAULTS: dict[str, object] = {
    # rules §10.1.3 (Xiong'an's priority kinds include small-amount cases; the figure is local).
    SMALL_AMOUNT: "50000.00",
    # rules §10.1.1 (government and state-owned debtors): the words a debtor unit's name carries.
    GOVERNMENT_WORDS: ["人民政府", "管理委员会", "委员会", "局", "办事处", "街道"],
    SOE_WORDS: ["国有", "国资", "集团有限公司", "投资控股", "城市建设投资", "城投"],
    # rules §9.6 (UNCONFIRMED: "e.g. 10 working days"): the decision on a relief application.
    RELIEF_DECISION_WORKING_DAYS: 10,
}

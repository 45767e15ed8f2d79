"""Coercive measures (强制措施), field operations (外勤) with their evidence, and the referral of a
refusal to enforce to the police (拒执罪移送): what the bureau does to a debtor who will not pay
(rules §6.13–6.16, §5.3, §10.3, §2.3 condition 5)."""

"""The reference counterparts of the referral and the exit ban (issue 13, rules §10.3 and §6.16): a
public-security bureau (公安机关) that must accept a court's refusal-to-enforce referral and give a receipt,
then decides whether to file, and a border administration (出入境管理机关) that enforces and lifts exit bans.
One HTTP process per agency, speaking PROTOCOL.md.

Run one with ``python -m simulators.police --kind police|border --code XAPSB --name 雄安新区公安局 --port 0
--data-dir DIR --trust FILE``. Standard library plus ``cryptography`` only; built on
``simulators.agencies.service`` and the numbered feed of ``simulators.auction.outbox``.
"""

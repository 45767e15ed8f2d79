"""The reference online judicial-auction platform (网络司法拍卖平台, rules §8): listings from the court,
network price inquiries, real-name bidders with deposits, ascending bidding of at least 24 hours with the
5-minute extension and pre-emption at equal price, and signed results, payments and reneging back to the
court, in order. One HTTP process per platform, speaking PROTOCOL.md.

Run one with ``python -m simulators.auction --code TAOBAO --name 淘宝网司法拍卖 --port 0 --data-dir DIR
--trust FILE``. Standard library plus ``cryptography`` only; built on ``simulators.agencies.service``.
"""

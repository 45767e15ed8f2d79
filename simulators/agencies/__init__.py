"""The reference credit agencies: the subscribers to the court's dishonest-list records (信用办, 征信中心,
民航, 铁路, 市场监管, 公安户籍), one HTTP process each, speaking PROTOCOL.md.

Run one with ``python -m simulators.agencies --kind credit_office --code CREDIT-HE --name
河北省社会信用信息中心 --port 0 --data-dir DIR --trust FILE``. Standard library plus ``cryptography`` only;
``service.py`` is the signed-message skeleton the SMS gateway (``simulators.sms``) shares.
"""

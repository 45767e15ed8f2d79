"""The reference SMS gateway (a stand-in for 12368 and the operators): the court's signed text messages
in, an inbox per phone out (loopback only), each message accepted once. See PROTOCOL.md.

Run it with ``python -m simulators.sms --code SMS-HE --port 0 --data-dir DIR --trust FILE``. Standard
library plus ``cryptography`` only; built on ``simulators.agencies.service``.
"""

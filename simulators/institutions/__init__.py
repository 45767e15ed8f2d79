"""The reference institutions: banks, the real-estate registry, the provident fund centre, vehicle
management and the securities depository, one HTTP process each, speaking PROTOCOL.md.

Run one with ``python -m simulators.institutions --kind bank --code ICBC --name 中国工商银行 --port 0
--data-dir DIR --trust FILE``; see README.md. Standard library plus ``cryptography`` only.
"""

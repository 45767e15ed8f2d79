"""The reference bank: a separate HTTP process holding the court's pooled accounts.

Run it with ``python -m simulators.bank --port 0 --secret S --notify-url URL --pooled ACCOUNT``;
see README.md for the endpoints and the JSON shapes. Python stdlib only.
"""

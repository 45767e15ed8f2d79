"""The reference bank: pooled accounts, payer receipts, payouts, statements; signed HTTP both ways.

Stdlib only. One lock guards all state; notifications go out with the lock released. See README.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import random
import signal
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from simulators.bank.camt import Line, write_camt053

CST = dt.timezone(dt.timedelta(hours=8))
CENT = Decimal("0.01")
CSV_HEADER = [
    "账号",
    "交易流水号",
    "记账日期",
    "借贷标志",
    "金额",
    "币种",
    "子账号",
    "付款人户名",
    "付款人账号",
    "附言",
    "端到端标识",
]
REASON_CLOSED = "收款账户已销户"
REASON_FUNDS = "余额不足"
DEFAULT_OPERATOR = "中国工商银行（数字人民币运营机构）"
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def log(message: str) -> None:
    print(f"bank: {message}", file=sys.stderr, flush=True)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The X-Bank-Signature value: sha256=<hex HMAC-SHA256(secret, b"<timestamp>." + body)>."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signed_headers(secret: str, body: bytes, now: float) -> dict[str, str]:
    timestamp = str(int(now))
    return {
        "Content-Type": "application/json; charset=utf-8",
        "X-Bank-Timestamp": timestamp,
        "X-Bank-Signature": sign(secret, timestamp, body),
    }


def verify(
    secret: str, timestamp: str | None, signature: str | None, body: bytes, now: float, skew: int
) -> str:
    """'' when the signature is good, else why not."""
    if not timestamp or not signature:
        return "missing X-Bank-Timestamp or X-Bank-Signature"
    try:
        moment = int(timestamp)
    except ValueError:
        return "bad X-Bank-Timestamp"
    if abs(now - moment) > skew:
        return "X-Bank-Timestamp too far from the bank's clock"
    if not hmac.compare_digest(sign(secret, timestamp, body), signature):
        return "bad signature"
    return ""


class Problem(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def money(value: Any, name: str = "amount") -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise Problem(400, f"{name} is not a number") from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT):
        raise Problem(400, f"{name} must be positive with at most two decimals")
    return amount.quantize(CENT)


def text(body: dict, name: str, required: bool = False) -> str:
    value = body.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Problem(400, f"{name} must be a string")
    if required and not value:
        raise Problem(400, f"{name} is required")
    return value


@dataclass(frozen=True)
class Entry(Line):
    """A booking on one of the bank's accounts: a statement line, with the account and the sub-account."""

    account: str = field(kw_only=True)
    sub_account: str = field(kw_only=True)


@dataclass
class Payout:
    key: str
    request: dict
    instruction_id: str
    from_account: str
    amount: Decimal
    decision: str  # confirmed | bounced: what the bank will answer once the delay is over
    reason: str
    bank_reference: str | None
    status: str = "accepted"
    calls: int = 1
    at: str | None = None
    delivered: int | None = None
    return_reference: str | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def answer(self) -> dict:
        return {"idempotency_key": self.key, "instruction_id": self.instruction_id, "status": self.status}

    def result(self) -> dict:
        return {
            "idempotency_key": self.key,
            "instruction_id": self.instruction_id,
            "status": self.status,
            "reason": self.reason,
            "bank_reference": self.bank_reference,
            "amount": str(self.amount),
            "at": self.at,
        }


class Bank:
    def __init__(
        self,
        secret: str,
        notify_url: str = "",
        pooled: list[str] | None = None,
        payout_delay: float = 0.0,
        holder_name: str = "执行款专户",
        max_skew: int = 300,
    ):
        self.lock = threading.RLock()
        self.secret = secret
        self.notify_url = notify_url
        self.pooled: list[str] = list(dict.fromkeys(pooled or []))
        self.payout_delay = payout_delay
        self.holder_name = holder_name
        self.max_skew = max_skew
        self.offset = 0.0  # seconds added to the wall clock (tests run on a travelled clock)
        self.nonce = f"{random.randrange(10000):04d}"  # ids stay unique across bank restarts
        self.seq = 0  # never reset: ids stay unique across /control/reset too
        self.reset()

    # --- clock and ids ----------------------------------------------------------------------------
    def timestamp(self) -> float:
        return time.time() + self.offset

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.timestamp(), CST).replace(microsecond=0)

    def set_clock(self, value: Any) -> None:
        if isinstance(value, int | float):
            target = float(value)
        elif isinstance(value, str):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                raise Problem(400, "now must be unix seconds or an ISO datetime") from None
            target = (moment if moment.tzinfo else moment.replace(tzinfo=CST)).timestamp()
        else:
            raise Problem(400, "now must be unix seconds or an ISO datetime")
        with self.lock:
            self.offset = target - time.time()

    def next_id(self, prefix: str, on: dt.date) -> str:
        with self.lock:
            self.seq += 1
            return f"{prefix}{on:%Y%m%d}{self.nonce}{self.seq:06d}"

    # --- state --------------------------------------------------------------------------------------
    def reset(self) -> None:
        with self.lock:
            self.entries: list[Entry] = []
            self.receipts: dict[str, dict] = {}  # transaction_id -> {"body": ..., "delivered": ...}
            self.payouts: dict[str, Payout] = {}
            self.bounce: set[str] = set()
            self.notifications = 0

    def configure(self, body: dict) -> dict:
        with self.lock:
            if "notify_url" in body:
                self.notify_url = text(body, "notify_url")
            if "pooled" in body:
                pooled = body["pooled"]
                if not isinstance(pooled, list) or not all(isinstance(a, str) and a for a in pooled):
                    raise Problem(400, "pooled must be a list of account numbers")
                self.pooled = list(dict.fromkeys(pooled))
            if "payout_delay" in body:
                self.payout_delay = float(body["payout_delay"])
            if "now" in body:
                self.set_clock(body["now"])
            return self.config()

    def config(self) -> dict:
        return {
            "notify_url": self.notify_url,
            "pooled": list(self.pooled),
            "payout_delay": self.payout_delay,
            "now": self.now().isoformat(),
        }

    def balance(self, account: str, before: dt.date | None = None) -> Decimal:
        total = Decimal("0.00")
        for e in self.entries:
            if e.account == account and (before is None or e.booked_on < before):
                total += e.amount if e.direction == "credit" else -e.amount
        return total

    def _require_pooled(self, account: str) -> None:
        if account not in self.pooled:
            raise Problem(404, f"unknown pooled account {account!r}")

    def state(self) -> dict:
        with self.lock:
            accounts = {}
            for account in self.pooled + sorted({e.account for e in self.entries} - set(self.pooled)):
                mine = [e for e in self.entries if e.account == account]
                accounts[account] = {
                    "balance": str(self.balance(account)),
                    "credits": sum(e.direction == "credit" for e in mine),
                    "debits": sum(e.direction == "debit" for e in mine),
                }
            return {
                "accounts": accounts,
                "receipts": [{**r["body"], "delivered": r["delivered"]} for r in self.receipts.values()],
                "payouts": {
                    key: {
                        "status": p.status,
                        "amount": str(p.amount),
                        "calls": p.calls,
                        "instruction_id": p.instruction_id,
                        "reason": p.reason,
                        "delivered": p.delivered,
                    }
                    for key, p in self.payouts.items()
                },
                "notifications": self.notifications,
            }

    # --- notifications ------------------------------------------------------------------------------
    def deliver(self, kind: str, payload: dict) -> int | None:
        """POST the signed payload to <notify-url><kind>; the HTTP status, or None if unreachable."""
        with self.lock:
            base = self.notify_url
            self.notifications += 1
        if not base:
            return None
        url = base if base.endswith("/") else base + "/"
        body = json.dumps(payload, ensure_ascii=False).encode()
        request = urllib.request.Request(
            url + kind, data=body, method="POST", headers=signed_headers(self.secret, body, self.timestamp())
        )
        try:
            with _NO_PROXY.open(request, timeout=10) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (OSError, urllib.error.URLError) as error:
            log(f"{kind} notification to {url + kind} failed: {error}")
            return None
        log(
            f"{kind} notification {payload.get('transaction_id') or payload.get('idempotency_key')} -> {status}"
        )
        return status

    # --- payers pay ---------------------------------------------------------------------------------
    def pay(self, body: dict) -> dict:
        pooled = text(body, "pooled_account", required=True)
        sub_account = text(body, "sub_account")
        amount = money(body.get("amount"))
        channel = text(body, "channel") or "transfer"
        if channel not in ("transfer", "ecny"):
            raise Problem(400, "channel must be 'transfer' or 'ecny'")
        payer_name = text(body, "payer_name")
        payer_account = text(body, "payer_account")
        remittance = text(body, "remittance")
        with self.lock:
            self._require_pooled(pooled)
            now = self.now()
            booked_on = now.date()
            if body.get("booked_on"):
                try:
                    booked_on = dt.date.fromisoformat(text(body, "booked_on"))
                except ValueError:
                    raise Problem(400, "booked_on must be an ISO date") from None
            transaction_id = text(body, "transaction_id") or self.next_id(
                "B" if channel == "transfer" else "E", booked_on
            )
            if transaction_id in self.receipts or any(
                e.transaction_id == transaction_id for e in self.entries
            ):
                raise Problem(409, f"transaction_id {transaction_id} already booked")
            booked_at = dt.datetime.combine(booked_on, now.timetz()).isoformat()
            payload = {
                "transaction_id": transaction_id,
                "channel": channel,
                "pooled_account": pooled,
                "sub_account": sub_account,
                "amount": str(amount),
                "currency": "CNY",
                "payer_name": payer_name,
                "payer_account": payer_account,
                "remittance": remittance,
                "booked_on": booked_on.isoformat(),
                "booked_at": booked_at,
            }
            if channel == "ecny":
                wallet = text(body, "wallet_id") or (
                    payer_account
                    if len(payer_account) == 16 and payer_account.isdigit()
                    else "0031"
                    + str(int(hashlib.sha256((payer_account or payer_name).encode()).hexdigest(), 16))[-12:]
                )
                payload["wallet_id"] = wallet
                payload["operator"] = text(body, "operator") or DEFAULT_OPERATOR
                if not payer_account:
                    payload["payer_account"] = payer_account = wallet
            self.entries.append(
                Entry(
                    account=pooled,
                    transaction_id=transaction_id,
                    direction="credit",
                    amount=amount,
                    booked_on=booked_on,
                    code="TRANSFER" if channel == "transfer" else "ECNY",
                    sub_account=sub_account,
                    debtor_name=payer_name,
                    debtor_account=payer_account,
                    creditor_name=self.holder_name,
                    creditor_account=sub_account or pooled,
                    remittance=remittance,
                )
            )
            self.receipts[transaction_id] = {"body": payload, "delivered": None}
        log(f"booked credit {transaction_id} {amount} to {pooled}/{sub_account or '-'} ({channel})")
        status = self.deliver("receipt", payload)
        with self.lock:
            self.receipts[transaction_id]["delivered"] = status
        return {"transaction_id": transaction_id, "delivered": status}

    def notify_again(self, body: dict) -> dict:
        transaction_id = text(body, "transaction_id", required=True)
        times = int(body.get("times", 1))
        with self.lock:
            receipt = self.receipts.get(transaction_id)
            if receipt is None:
                raise Problem(404, f"unknown transaction_id {transaction_id}")
            payload = receipt["body"]
        statuses: list[int | None] = [None] * times

        def send(i: int) -> None:
            statuses[i] = self.deliver("receipt", payload)

        if body.get("concurrent"):
            start = threading.Barrier(times) if times > 1 else None

            def racer(i: int) -> None:
                if start:
                    start.wait(timeout=10)
                send(i)

            threads = [threading.Thread(target=racer, args=(i,)) for i in range(times)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        else:
            for i in range(times):
                send(i)
        with self.lock:
            good = [s for s in statuses if s is not None and s < 300]
            if good:
                receipt["delivered"] = good[0]
        return {"transaction_id": transaction_id, "statuses": statuses}

    def redeliver(self) -> dict:
        with self.lock:
            receipts = [r for r in self.receipts.values() if r["delivered"] is None or r["delivered"] >= 300]
            payouts = [
                p
                for p in self.payouts.values()
                if p.done.is_set() and (p.delivered is None or p.delivered >= 300)
            ]
        out: dict[str, dict] = {"receipts": {}, "payouts": {}}
        for r in receipts:
            status = self.deliver("receipt", r["body"])
            with self.lock:
                r["delivered"] = status
            out["receipts"][r["body"]["transaction_id"]] = status
        for p in payouts:
            status = self.deliver("payout", p.result())
            with self.lock:
                p.delivered = status
            out["payouts"][p.key] = status
        return out

    # --- payouts ------------------------------------------------------------------------------------
    def payout(self, body: dict) -> dict:
        key = text(body, "idempotency_key", required=True)
        from_account = text(body, "from_account", required=True)
        payee_account = text(body, "payee_account", required=True)
        amount = money(body.get("amount"))
        request = {
            "idempotency_key": key,
            "from_account": from_account,
            "payee_name": text(body, "payee_name"),
            "payee_account": payee_account,
            "payee_bank": text(body, "payee_bank"),
            "amount": str(amount),
            "reference": text(body, "reference"),
        }
        with self.lock:
            existing = self.payouts.get(key)
            if existing is not None:
                if existing.request != request:
                    raise Problem(409, "idempotency key reused with a different instruction")
                existing.calls += 1
                log(f"payout {key} again (call {existing.calls}): {existing.status}")
                return existing.answer()
            self._require_pooled(from_account)
            today = self.now().date()
            if payee_account in self.bounce or payee_account.startswith("0000"):
                decision, reason = "bounced", REASON_CLOSED
            elif self.balance(from_account) < amount:
                decision, reason = "bounced", REASON_FUNDS
            else:
                decision, reason = "confirmed", ""
            bank_reference = None
            if reason != REASON_FUNDS:  # the money leaves the account (and a closed account returns it)
                bank_reference = self.next_id("P", today)
                self.entries.append(
                    Entry(
                        account=from_account,
                        transaction_id=bank_reference,
                        direction="debit",
                        amount=amount,
                        booked_on=today,
                        code="PAYOUT",
                        sub_account="",
                        debtor_name=self.holder_name,
                        debtor_account=from_account,
                        creditor_name=request["payee_name"],
                        creditor_account=payee_account,
                        remittance=request["reference"],
                        end_to_end_id=key,
                    )
                )
            payout = Payout(
                key=key,
                request=request,
                instruction_id=self.next_id("I", today),
                from_account=from_account,
                amount=amount,
                decision=decision,
                reason=reason,
                bank_reference=bank_reference,
            )
            self.payouts[key] = payout
            delay = self.payout_delay
            if delay <= 0:
                self._finish(payout)
            log(f"payout {key} {amount} from {from_account} to {payee_account}: {decision} {reason}".rstrip())
            answer = payout.answer()
        threading.Thread(target=self._push, args=(payout, delay), daemon=True).start()
        return answer

    def _finish(self, payout: Payout) -> None:
        """Settle: the status becomes final; a payee bank's return is booked back as a credit."""
        with self.lock:
            if payout.done.is_set():
                return
            now = self.now()
            payout.status = payout.decision
            payout.at = now.isoformat()
            if payout.reason == REASON_CLOSED:
                payout.return_reference = self.next_id("R", now.date())
                request = payout.request
                self.entries.append(
                    Entry(
                        account=payout.from_account,
                        transaction_id=payout.return_reference,
                        direction="credit",
                        amount=payout.amount,
                        booked_on=now.date(),
                        code="RETURN",
                        sub_account="",
                        debtor_name=request["payee_name"],
                        debtor_account=request["payee_account"],
                        creditor_name=self.holder_name,
                        creditor_account=payout.from_account,
                        remittance=f"退汇：{payout.reason}；{request['reference']}".rstrip("；"),
                        end_to_end_id=payout.key,
                    )
                )
            payout.done.set()

    def _push(self, payout: Payout, delay: float) -> None:
        if delay > 0:
            time.sleep(delay)
        with self.lock:
            if self.payouts.get(payout.key) is not payout:  # reset meanwhile
                return
            self._finish(payout)
            result = payout.result()
        status = self.deliver("payout", result)
        with self.lock:
            payout.delivered = status

    def payout_view(self, key: str) -> dict:
        with self.lock:
            payout = self.payouts.get(key)
            if payout is None:
                raise Problem(404, f"unknown idempotency key {key}")
            return {
                **payout.result(),
                "calls": payout.calls,
                "from_account": payout.from_account,
                "payee_account": payout.request["payee_account"],
                "return_reference": payout.return_reference,
                "delivered": payout.delivered,
            }

    # --- statements ---------------------------------------------------------------------------------
    def statement(self, account: str, on: dt.date, fmt: str) -> tuple[bytes, str]:
        with self.lock:
            self._require_pooled(account)
            opening = self.balance(account, before=on)
            entries = [e for e in self.entries if e.account == account and e.booked_on == on]
            created = self.now()
        if fmt == "csv":
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(CSV_HEADER)
            for e in entries:
                writer.writerow(
                    [
                        account,
                        e.transaction_id,
                        e.booked_on.isoformat(),
                        "贷" if e.direction == "credit" else "借",
                        str(e.amount),
                        "CNY",
                        e.sub_account,
                        e.debtor_name,
                        e.debtor_account,
                        e.remittance,
                        e.end_to_end_id,
                    ]
                )
            return out.getvalue().encode(), "text/csv; charset=utf-8"
        lines: list[Line] = list(entries)
        xml = write_camt053(account, f"STMT-{account}-{on:%Y%m%d}", on, opening, lines, created)
        return xml, "application/xml; charset=utf-8"


class Handler(BaseHTTPRequestHandler):
    server_version = "ReferenceBank/1.0"
    bank: Bank  # set on the subclass made by make_server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        log(f"{self.address_string()} {format % args}")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload: Any) -> None:
        self._send(
            status, json.dumps(payload, ensure_ascii=False).encode(), "application/json; charset=utf-8"
        )

    def _raw(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    @staticmethod
    def _parse(raw: bytes) -> dict:
        try:
            body = json.loads(raw.decode() or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise Problem(400, "body is not JSON") from None
        if not isinstance(body, dict):
            raise Problem(400, "body must be a JSON object")
        return body

    def _dispatch(self, method: str) -> None:
        try:
            url = urllib.parse.urlsplit(self.path)
            path = url.path.rstrip("/") or "/"
            query = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
            if method == "GET":
                self._get(path, query)
            else:
                self._post(path, self._raw())
        except Problem as problem:
            self._json(problem.status, {"error": problem.message})
        except Exception as error:  # a bug in the simulator: say so rather than hang the client
            log(f"error on {method} {self.path}: {error!r}")
            self._json(500, {"error": f"{type(error).__name__}: {error}"})

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        self._dispatch("POST")

    def _get(self, path: str, query: dict[str, str]) -> None:
        bank = self.bank
        if path == "/state":
            self._json(200, bank.state())
        elif path in ("/health", "/control/configure"):
            self._json(200, {"ok": True, **bank.config()})
        elif path.startswith("/payouts/"):
            self._json(200, bank.payout_view(urllib.parse.unquote(path[len("/payouts/") :])))
        elif path == "/statement":
            account = query.get("account", "")
            try:
                on = dt.date.fromisoformat(query["date"]) if query.get("date") else bank.now().date()
            except ValueError:
                raise Problem(400, "date must be YYYY-MM-DD") from None
            fmt = query.get("format", "xml")
            if fmt not in ("xml", "csv"):
                raise Problem(400, "format must be xml or csv")
            body, content_type = bank.statement(account, on, fmt)
            self._send(200, body, content_type)
        else:
            raise Problem(404, f"no such endpoint GET {path}")

    def _post(self, path: str, raw: bytes) -> None:
        bank = self.bank
        if path == "/payouts":
            problem = verify(
                bank.secret,
                self.headers.get("X-Bank-Timestamp"),
                self.headers.get("X-Bank-Signature"),
                raw,
                bank.timestamp(),
                bank.max_skew,
            )
            if problem:
                log(f"rejected payout: {problem}")
                raise Problem(401, problem)
            self._json(200, bank.payout(self._parse(raw)))
            return
        body = self._parse(raw)
        if path == "/pay":
            self._json(200, bank.pay(body))
        elif path == "/control/notify":
            self._json(200, bank.notify_again(body))
        elif path == "/control/redeliver":
            self._json(200, bank.redeliver())
        elif path == "/control/bounce":
            account = text(body, "account", required=True)
            with bank.lock:
                bank.bounce.add(account)
                accounts = sorted(bank.bounce)
            self._json(200, {"bounce": accounts})
        elif path == "/control/configure":
            self._json(200, bank.configure(body))
        elif path == "/control/clock":
            if "now" not in body:
                raise Problem(400, "now is required")
            bank.set_clock(body["now"])
            self._json(200, {"now": bank.now().isoformat()})
        elif path == "/control/reset":
            bank.reset()
            self._json(200, {"ok": True})
        else:
            raise Problem(404, f"no such endpoint POST {path}")


def make_server(bank: Bank, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    handler = type("BankHandler", (Handler,), {"bank": bank})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulators.bank", description="The reference bank.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--secret", required=True, help="HMAC key shared with the platform")
    parser.add_argument("--notify-url", default="", help="the platform's notification base URL")
    parser.add_argument("--pooled", nargs="*", action="extend", default=[], metavar="ACCOUNT")
    parser.add_argument("--payout-delay", type=float, default=0.0, metavar="SECONDS")
    parser.add_argument("--holder-name", default="执行款专户", help="the pooled accounts' holder name")
    parser.add_argument("--max-skew", type=int, default=300, help="signature timestamp tolerance, seconds")
    parser.add_argument("--now", help="start the bank's clock here (unix seconds or ISO datetime)")
    args = parser.parse_args(argv)
    bank = Bank(
        secret=args.secret,
        notify_url=args.notify_url,
        pooled=args.pooled,
        payout_delay=args.payout_delay,
        holder_name=args.holder_name,
        max_skew=args.max_skew,
    )
    if args.now:
        try:
            bank.set_clock(float(args.now))
        except ValueError:
            bank.set_clock(args.now)
    server = make_server(bank, args.host, args.port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"listening on http://{args.host}:{server.server_address[1]}", flush=True)
    log(
        f"pooled {bank.pooled or '-'}; notifying {bank.notify_url or '(nobody)'}; clock {bank.now().isoformat()}"
    )
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
    return 0

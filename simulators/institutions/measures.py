"""Applying instructions: query, freeze (seal, seize), renew, release, deduct (rules §6.8).

Every function here runs inside the store's transaction for one request, on its connection. Dates are the
institution's today in China time (UTC+8). A measure starts today and expires after ``days`` days
(start + days - 1); a renewal adds ``days`` to the expiry; a measure past its expiry has lapsed.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal, InvalidOperation
from typing import Any

from simulators.institutions.holdings import MAX_DAYS, MEASURE_KIND, MONEY_TYPES, Holdings

CST = dt.timezone(dt.timedelta(hours=8))
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
KIND_WORD = {"freeze": "冻结", "seal": "查封", "seize": "扣押"}


def today(now: float) -> dt.date:
    return dt.datetime.fromtimestamp(now, CST).date()


def refuse(ref: str, reason: str) -> dict:
    return {"ref": ref, "ok": False, "reason": reason}


def money(value: Any) -> Decimal | None:
    """A positive amount with at most two decimals, or None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT):
        return None
    return amount.quantize(CENT)


def days_of(item: dict) -> int | None:
    days = item.get("days")
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        return None
    return days


class Book:
    """Measures and deductions over the holdings: one per institution, used under the store's lock."""

    def __init__(self, holdings: Holdings, code: str, db: sqlite3.Connection):
        self.holdings = holdings
        self.code = code
        self.kind_word = MEASURE_KIND[holdings.kind]
        # debtors with a measure or a deduction here: the only ones whose holdings need the database
        self.touched: set[str] = {
            row[0] for row in db.execute("SELECT id_code FROM measures UNION SELECT id_code FROM deductions")
        }

    # --- views ----------------------------------------------------------------------------------------
    def active(self, db: sqlite3.Connection, asset_id: str, on: dt.date) -> list[sqlite3.Row]:
        return db.execute(
            "SELECT * FROM measures WHERE asset_id = ? AND released_on IS NULL AND expiry >= ? ORDER BY seq",
            (asset_id, on.isoformat()),
        ).fetchall()

    def current(self, db: sqlite3.Connection, id_code: str, asset: dict, on: dt.date) -> dict:
        """The asset as it stands: the balance less deductions, every live measure in queue order."""
        if id_code not in self.touched:
            return asset
        deducted = sum(
            (
                Decimal(row[0])
                for row in db.execute(
                    "SELECT amount FROM deductions WHERE asset_id = ?", (asset["asset_id"],)
                )
            ),
            ZERO,
        )
        if deducted:
            asset["value"] = str(max(Decimal(asset["value"]) - deducted, ZERO))
        measures = asset.setdefault("measures", [])
        for row in self.active(db, asset["asset_id"], on):
            measure = {
                "court": row["court"],
                "kind": row["kind"],
                "since": row["start"],
                "position": 0,
                "measure_id": row["measure_id"],
                "expiry": row["expiry"],
            }
            if row["amount"] is not None:
                measure["amount"] = str(Decimal(row["amount"]) - Decimal(row["deducted"]))
            measures.append(measure)
        for position, measure in enumerate(measures, 1):
            measure["position"] = position
        return asset

    def holdings_of(self, db: sqlite3.Connection, id_code: str, on: dt.date) -> list[dict]:
        return [self.current(db, id_code, asset, on) for asset in self.holdings.of(id_code)]

    # --- actions --------------------------------------------------------------------------------------
    def apply(
        self, db: sqlite3.Connection, court: str, request_id: str, action: str, items: list[dict], now: float
    ) -> tuple[list[dict], int | None]:
        on = today(now)
        if action == "query":
            results = []
            for item in items:
                id_code = item.get("id_code")
                if not isinstance(id_code, str) or not id_code:
                    continue
                assets = self.holdings_of(db, id_code, on)
                if assets:
                    results.append({"ref": item.get("ref", ""), "assets": assets})
            return results, len(items)
        handler = {
            "freeze": self.freeze,
            "renew": self.renew,
            "release": self.release,
            "deduct": self.deduct,
        }[action]
        return [handler(db, court, request_id, item, on, now) for item in items], None

    def freeze(
        self, db: sqlite3.Connection, court: str, request_id: str, item: dict, on: dt.date, now: float
    ) -> dict:
        ref = str(item.get("ref", ""))
        word = KIND_WORD[self.kind_word]
        found = self.holdings.asset(str(item.get("asset_id", "")))
        if found is None:
            return refuse(ref, "本机构无此财产（财产编号不存在或已灭失）")
        id_code, asset = found
        days = days_of(item)
        if days is None:
            return refuse(ref, f"{word}期限无效（应为正整数天数）")
        limit = MAX_DAYS[asset["type"]]
        if days > limit:
            return refuse(ref, f"{word}期限{days}日超过法定最长期限{limit}日")
        asset = self.current(db, id_code, asset, on)
        # A court seals once per case: another case of the same court queues behind it (轮候), as another
        # court's would; the same case asking again is told to renew instead.
        case_number = str(item.get("case", ""))[:60]
        mine = [
            m
            for m in self.active(db, asset["asset_id"], on)
            if m["court"] == court and m["case_number"] == case_number
        ]
        if mine:
            return refuse(ref, f"本院已对该财产{word}（措施编号{mine[0]['measure_id']}），请办理续行")
        amount: Decimal | None = None
        if asset["type"] in MONEY_TYPES:
            balance = Decimal(asset["value"])
            if balance <= 0:
                return refuse(ref, "账户余额为零，无可冻结金额")
            if item.get("amount") in (None, ""):
                amount = balance
            else:
                wanted = money(item.get("amount"))
                if wanted is None:
                    return refuse(ref, "冻结金额无效")
                amount = min(wanted, balance)
        position = len(asset.get("measures", [])) + 1
        expiry = on + dt.timedelta(days=days - 1)
        seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM measures").fetchone()[0]
        measure_id = f"{self.code}{on:%Y%m%d}{seq:06d}"
        db.execute(
            "INSERT INTO measures (seq, measure_id, court, asset_id, id_code, type, kind, amount, start, expiry,"
            " position, request_id, ref, case_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                measure_id,
                court,
                asset["asset_id"],
                id_code,
                asset["type"],
                self.kind_word,
                None if amount is None else str(amount),
                on.isoformat(),
                expiry.isoformat(),
                position,
                request_id,
                ref,
                case_number,
            ),
        )
        self.touched.add(id_code)
        out: dict[str, Any] = {"ref": ref, "ok": True, "measure_id": measure_id}
        if amount is not None:
            out["amount"] = str(amount)
        out |= {"start": on.isoformat(), "expiry": expiry.isoformat(), "position": position}
        return out

    def _measure(
        self, db: sqlite3.Connection, court: str, item: dict, on: dt.date
    ) -> tuple[sqlite3.Row | None, str]:
        row = db.execute(
            "SELECT * FROM measures WHERE measure_id = ?", (str(item.get("measure_id", "")),)
        ).fetchone()
        if row is None:
            return None, "措施不存在"
        if row["court"] != court:
            return None, "非本院采取的措施"
        if row["released_on"] is not None:
            return None, f"措施已于{row['released_on']}解除"
        if row["expiry"] < on.isoformat():
            return None, f"措施已于{row['expiry']}到期失效"
        return row, ""

    def renew(
        self, db: sqlite3.Connection, court: str, request_id: str, item: dict, on: dt.date, now: float
    ) -> dict:
        ref = str(item.get("ref", ""))
        row, why = self._measure(db, court, item, on)
        if row is None:
            return refuse(ref, why + ("，不能续行" if "失效" in why else ""))
        days = days_of(item)
        if days is None:
            return refuse(ref, "续行期限无效（应为正整数天数）")
        limit = MAX_DAYS[row["type"]]
        if days > limit:
            return refuse(ref, f"续行期限{days}日超过法定最长期限{limit}日")
        expiry = dt.date.fromisoformat(row["expiry"]) + dt.timedelta(days=days)
        db.execute("UPDATE measures SET expiry = ? WHERE seq = ?", (expiry.isoformat(), row["seq"]))
        return {"ref": ref, "ok": True, "expiry": expiry.isoformat()}

    def release(
        self, db: sqlite3.Connection, court: str, request_id: str, item: dict, on: dt.date, now: float
    ) -> dict:
        ref = str(item.get("ref", ""))
        row = db.execute(
            "SELECT * FROM measures WHERE measure_id = ?", (str(item.get("measure_id", "")),)
        ).fetchone()
        if row is None:
            return refuse(ref, "措施不存在")
        if row["court"] != court:
            return refuse(ref, "非本院采取的措施")
        if row["released_on"] is not None:
            return refuse(ref, f"措施已于{row['released_on']}解除")
        db.execute("UPDATE measures SET released_on = ? WHERE seq = ?", (on.isoformat(), row["seq"]))
        return {"ref": ref, "ok": True}

    def deduct(
        self, db: sqlite3.Connection, court: str, request_id: str, item: dict, on: dt.date, now: float
    ) -> dict:
        ref = str(item.get("ref", ""))
        row, why = self._measure(db, court, item, on)
        if row is None:
            return refuse(ref, why)
        if row["type"] not in MONEY_TYPES or row["amount"] is None:
            return refuse(ref, "该类财产不能扣划，应依法拍卖、变卖")
        wanted = money(item.get("amount"))
        if wanted is None:
            return refuse(ref, "扣划金额无效")
        to_account = item.get("to_account")
        if not isinstance(to_account, str) or not to_account:
            return refuse(ref, "缺少收款账户（to_account）")
        found = self.holdings.asset(row["asset_id"])
        if found is None:
            return refuse(ref, "本机构无此财产（财产编号不存在或已灭失）")
        id_code, asset = found
        balance = Decimal(self.current(db, id_code, asset, on)["value"])
        frozen = Decimal(row["amount"]) - Decimal(row["deducted"])
        take = min(wanted, frozen, balance)
        if take <= 0:
            return refuse(ref, "账户余额为零" if balance <= 0 else "冻结金额已扣划完毕")
        seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM deductions").fetchone()[0]
        transaction_id = f"{self.code}K{on:%Y%m%d}{seq:08d}"
        at = dt.datetime.fromtimestamp(now, CST).replace(microsecond=0).isoformat()
        db.execute(
            "INSERT INTO deductions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                transaction_id,
                row["measure_id"],
                row["asset_id"],
                id_code,
                court,
                str(take),
                to_account,
                str(item.get("to_sub_account") or ""),
                request_id,
                ref,
                at,
            ),
        )
        db.execute(
            "UPDATE measures SET deducted = ? WHERE seq = ?",
            (str(Decimal(row["deducted"]) + take), row["seq"]),
        )
        return {"ref": ref, "ok": True, "amount": str(take), "transaction_id": transaction_id}

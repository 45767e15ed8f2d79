"""What a demo case is about: cause of action, parties with valid codes, amount, enforcement basis."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from zhixing.cases.actions import PartyInput
from zhixing.cases.models import Party

from . import codes, names

# cause, weight, who applies, who owes, median amount in yuan. Applicant/debtor kinds: P person,
# C company, B bank, A administrative agency (non-litigation enforcement). A "+" lets a second debtor
# (a guarantor or joint debtor) join. The wage and labour causes make the livelihood and migrant-wage
# flags appear (rule settings cause.livelihood / cause.migrant_wage).
CAUSES = (
    ("民间借贷纠纷", 22, "P", "P+", 120_000),
    ("买卖合同纠纷", 14, "C", "C+", 260_000),
    ("金融借款合同纠纷", 8, "B", "P+", 380_000),
    ("信用卡纠纷", 5, "B", "P", 42_000),
    ("追索劳动报酬纠纷", 8, "P", "C", 28_000),
    ("劳务合同纠纷", 5, "P", "C", 36_000),
    ("机动车交通事故责任纠纷", 6, "P", "P+", 85_000),
    ("抚养费纠纷", 2, "P", "P", 18_000),
    ("房屋租赁合同纠纷", 5, "C", "P", 60_000),
    ("建设工程施工合同纠纷", 5, "C", "C+", 1_500_000),
    ("物业服务合同纠纷", 3, "C", "P", 6_000),
    ("承揽合同纠纷", 3, "C", "C", 150_000),
    ("股权转让纠纷", 1, "P", "P+", 900_000),
    ("离婚后财产纠纷", 2, "P", "P", 110_000),
    ("借款合同纠纷", 5, "C", "C+", 700_000),
    ("非诉行政执行（行政处罚）", 3, "A", "C", 30_000),
)
MIN_AMOUNT, MAX_AMOUNT = Decimal("2000.00"), Decimal("50000000.00")


@dataclass
class CaseMatter:
    cause: str
    parties: list[PartyInput]
    amount: Decimal
    basis_number: str
    non_litigation: bool
    debtor_is_person: bool


class PartyFactory:
    """Parties with valid codes. A few debtors come back in several cases, as they do in a real
    court (the same firm owes many suppliers), so that search and the credit lists have repeats."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.repeat_debtors: list[PartyInput] = []
        self.basis_numbers: set[str] = set()
        self.counters: dict[tuple[str, int, str], int] = {}

    # --- parties ------------------------------------------------------------------------------

    def person(self, role: str, on: dt.date, division: str) -> PartyInput:
        rng = self.rng
        sex = "M" if rng.random() < 0.62 else "F"
        birth = codes.birth_date(rng, on)
        # Most parties are registered where the court sits; some come from elsewhere in Hebei.
        div = division if rng.random() < 0.7 else rng.choice(list(codes.HEBEI_DIVISIONS))
        return PartyInput(
            role,
            names.person_name(rng, sex, birth.year),
            codes.resident_id(div, birth, sex, rng),
            Party.PERSON,
        )

    def unit(self, role: str, kind: str, division: str, court_city: str) -> PartyInput:
        rng = self.rng
        div = division if rng.random() < 0.75 else rng.choice(list(codes.HEBEI_DIVISIONS))
        if kind == "B":
            name, code = names.bank_name(rng, court_city), codes.uscc(div, rng)
        elif kind == "A":
            county = codes.HEBEI_DIVISIONS.get(division, "")
            name, code = names.agency_name(rng, county), codes.uscc(division, rng, authority="11")
        else:
            name, code = names.company_name(rng), codes.uscc(div, rng)
        return PartyInput(role, name, code, Party.UNIT)

    def side(self, role: str, spec: str, on: dt.date, division: str, city: str) -> list[PartyInput]:
        kind = spec.rstrip("+")
        if role == Party.DEBTOR and self.repeat_debtors and self.rng.random() < 0.06:
            first = self.rng.choice(self.repeat_debtors)
            first = PartyInput(role, first.name, first.id_number, first.kind)
        elif kind == "P":
            first = self.person(role, on, division)
        else:
            first = self.unit(role, kind, division, city)
        out = [first]
        if role == Party.DEBTOR and len(self.repeat_debtors) < 200 and self.rng.random() < 0.05:
            self.repeat_debtors.append(first)
        if spec.endswith("+") and self.rng.random() < 0.22:
            # A guarantor: a person behind a firm's debt, or a second person beside a person.
            out.append(self.person(role, on, division))
        return out

    # --- amount and basis ---------------------------------------------------------------------

    def amount(self, median: int) -> Decimal:
        """Log-normal around the cause's median, clamped to 2,000 – 50,000,000 yuan. Judgments state
        round sums more often than not; interest and costs add cents to the rest."""
        rng = self.rng
        value = math.exp(rng.gauss(math.log(median), 0.95))
        while value > float(MAX_AMOUNT):  # redraw rather than pile cases up on the ceiling
            value = math.exp(rng.gauss(math.log(median), 0.95))
        value = max(float(MIN_AMOUNT), value)
        roll = rng.random()
        if roll < 0.35:
            value = round(value, -3 if value > 20_000 else -2)
        elif roll < 0.6:
            value = round(value)
        return max(MIN_AMOUNT, Decimal(f"{value:.2f}"))

    def _serial(self, court_code: str, year: int, kind: str, top: int) -> int:
        key = (court_code, year, kind)
        n = self.counters.get(key, self.rng.randrange(top // 5, top // 2))
        n += self.rng.randrange(1, 9)
        self.counters[key] = n
        return n

    def basis(
        self,
        cause: str,
        court_code: str,
        filed_on: dt.date,
        county: str,
        preservation: bool,
        agency: str = "",
    ) -> str:
        """The enforcement basis: usually a judgment of the same court (民初) from the year before or
        the same year; a labour arbitration award for wage causes; an administrative penalty decision
        for non-litigation enforcement; for 执保 the preservation ruling."""
        rng = self.rng
        year = filed_on.year if rng.random() < 0.45 else filed_on.year - 1
        while True:
            if preservation:
                if rng.random() < 0.5:
                    n = self._serial(court_code, year, "财保", 400)
                    number = f"（{year}）{court_code}财保{n}号"
                else:
                    n = self._serial(court_code, year, "民初", 12000)
                    number = f"（{year}）{court_code}民初{n}号之一"
            elif cause.startswith("非诉"):
                n = self._serial(court_code, year, "罚", 300)
                number = f"{county[:1]}{names.agency_short(agency)}罚〔{year}〕{n}号"
            elif cause in ("追索劳动报酬纠纷", "劳务合同纠纷") and rng.random() < 0.5:
                n = self._serial(court_code, year, "仲", 600)
                number = f"{county}劳人仲案字〔{year}〕第{n}号"
            else:
                n = self._serial(court_code, year, "民初", 12000)
                number = f"（{year}）{court_code}民初{n}号"
            if number not in self.basis_numbers:
                self.basis_numbers.add(number)
                return number

    def matter(
        self, court_code: str, division: str, city: str, filed_on: dt.date, preservation: bool = False
    ) -> CaseMatter:
        rng = self.rng
        causes = [c for c in CAUSES if not (preservation and c[2] == "A")]
        cause, _w, applicant, debtor, median = rng.choices(causes, [c[1] for c in causes])[0]
        if len(court_code) == 3:
            median *= 8  # intermediate courts enforce their own first-instance judgments: large claims
        parties = self.side(Party.APPLICANT, applicant, filed_on, division, city)
        debtors = self.side(Party.DEBTOR, debtor, filed_on, division, city)
        county = codes.HEBEI_DIVISIONS.get(division, "")
        return CaseMatter(
            cause=cause,
            parties=parties + debtors,
            amount=self.amount(median),
            basis_number=self.basis(
                cause,
                court_code,
                filed_on,
                county,
                preservation,
                agency=parties[0].name if applicant == "A" else "",
            ),
            non_litigation=applicant == "A",
            debtor_is_person=debtors[0].kind == Party.PERSON,
        )

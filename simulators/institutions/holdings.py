"""What an institution holds for a debtor: from a seed file, or generated from the identity code.

Generation is deterministic: ``sha256("<institution code>|<id_code>")`` decides whether the debtor holds
anything here (``hit_rate`` of them do) and seeds the details, so every run, restart and test sees the
same assets. An asset is a dict in the query-answer shape of PROTOCOL.md; generated asset ids are
``<institution code>-<id_code>-<n>`` so an asset can be found again from its id alone.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import math
import random
from decimal import Decimal

KINDS = ("bank", "real_estate", "provident_fund", "vehicle", "securities")
ASSET_TYPE = {
    "bank": "deposit",
    "real_estate": "real_estate",
    "provident_fund": "provident_fund",
    "vehicle": "vehicle",
    "securities": "securities",
}
MEASURE_KIND = {
    "bank": "freeze",
    "real_estate": "seal",
    "provident_fund": "freeze",
    "vehicle": "seize",
    "securities": "freeze",
}
# rules §6.8: deposits (and other money in an account) ≤ 1 year, movables ≤ 2, real estate and other
# property rights (securities) ≤ 3.
MAX_DAYS = {"deposit": 365, "provident_fund": 365, "vehicle": 730, "real_estate": 1095, "securities": 1095}
MONEY_TYPES = {"deposit", "provident_fund", "securities"}
CENT = Decimal("0.01")

OTHER_COURTS = (
    "石家庄市长安区人民法院",
    "保定市竞秀区人民法院",
    "北京市朝阳区人民法院",
    "天津市滨海新区人民法院",
    "廊坊市广阳区人民法院",
    "沧州市运河区人民法院",
)
LENDERS = (
    "中国建设银行股份有限公司雄安分行",
    "中国工商银行股份有限公司保定分行",
    "中国农业银行股份有限公司雄县支行",
    "河北银行股份有限公司雄安分行",
    "保定银行股份有限公司容城支行",
)
PLACES = (
    ("雄安新区", "容城县容东片区", ("金湖未来城", "容和悦秀园", "容西云庭", "白洋淀畔小区")),
    ("雄安新区", "雄县雄州镇", ("温泉花园", "大营新村", "鑫地家园", "富康小区")),
    ("雄安新区", "安新县安新镇", ("白洋淀小区", "新华家园", "荷塘月色")),
    ("保定市", "竞秀区", ("朝阳花园", "东湖湾", "万博广场")),
    ("石家庄市", "长安区", ("翰林观天下", "东胜紫御府", "天山海世界")),
)
VEHICLES = (
    ("小型轿车", "大众牌FV7152BBDBG", "白色", 60000, 180000),
    ("小型轿车", "丰田牌GTM7200E", "黑色", 80000, 220000),
    ("小型普通客车", "别克牌SGM6531UAA1", "银色", 90000, 260000),
    ("小型越野客车", "哈弗牌CC6460RM0L", "白色", 50000, 150000),
    ("重型半挂牵引车", "解放牌CA4250P66K", "红色", 150000, 400000),
    ("轻型厢式货车", "福田牌BJ5045XXY", "蓝色", 30000, 90000),
)
PLATE_CITIES = "AFJBRX"  # 石家庄, 保定, 沧州, 唐山, 廊坊, 雄安
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
STOCKS = ("贵州茅台", "长城汽车", "中国平安", "招商银行", "五粮液", "京东方A", "紫光国微", "华北制药")


def is_person(id_code: str) -> bool:
    """An 18-character resident ID (digits, birth date inside, X check allowed) rather than a USCC."""
    if len(id_code) != 18 or not id_code[:17].isdigit() or not (id_code[17].isdigit() or id_code[17] in "Xx"):
        return False
    try:
        dt.date(int(id_code[6:10]), int(id_code[10:12]), int(id_code[12:14]))
    except ValueError:
        return False
    return True


def _money(rng: random.Random, low: float, high: float) -> str:
    """A log-uniform amount in [low, high), two decimals, never below 0.01."""
    value = Decimal(str(round(10 ** rng.uniform(math.log10(low), math.log10(high)), 2))).quantize(CENT)
    return str(max(value, CENT))


def _other_measures(rng: random.Random, kind: str) -> list[dict]:
    if rng.random() >= 0.1:
        return []
    count = 1 if rng.random() < 0.8 else 2
    start = dt.date(2026, 3, 1)
    out = []
    for position in range(1, count + 1):
        since = start + dt.timedelta(days=rng.randrange(240))
        court = OTHER_COURTS[rng.randrange(len(OTHER_COURTS))]
        out.append(
            {"court": court, "kind": MEASURE_KIND[kind], "since": since.isoformat(), "position": position}
        )
    return out


def _deposit(rng: random.Random, person: bool, n: int) -> dict:
    if person:
        description = ("活期储蓄", "定期储蓄（整存整取）", "借记卡账户")[rng.randrange(3)]
        account = "6222" + "".join(str(rng.randrange(10)) for _ in range(15))
        value = _money(rng, 1, 300000)
    else:
        description = ("单位基本存款账户", "单位一般存款账户", "单位定期存款")[rng.randrange(3)]
        account = "0409" + "".join(str(rng.randrange(10)) for _ in range(15))
        value = _money(rng, 10, 5000000)
    return {"description": description, "account": account, "value": value, "encumbrances": []}


def _real_estate(rng: random.Random, person: bool, n: int) -> dict:
    city, district, estates = PLACES[rng.randrange(len(PLACES))]
    year = 2016 + rng.randrange(10)
    title = f"冀({year}){city}不动产权第{rng.randrange(1, 10000000):07d}号"
    area = Decimal(rng.randrange(4500, 18000)) / 100
    if person:
        where = f"{estates[rng.randrange(len(estates))]}{rng.randrange(1, 30)}号楼{rng.randrange(1, 5)}单元{rng.randrange(1, 28)}{rng.randrange(1, 5):02d}室"
        use = "住宅"
    else:
        area *= 10
        where = f"{estates[rng.randrange(len(estates))]}商业楼{rng.randrange(1, 8)}号"
        use = "商业服务"
    price = Decimal(rng.randrange(6000, 28000))
    value = (area * price).quantize(CENT)
    encumbrances = []
    if rng.random() < 0.4:
        loan = (value * Decimal(rng.randrange(20, 70)) / 100).quantize(CENT)
        encumbrances.append(
            {"kind": "mortgage", "holder": LENDERS[rng.randrange(len(LENDERS))], "amount": str(loan)}
        )
    description = f"{city}{district}{where}（{use}，建筑面积{area.quantize(CENT)}平方米）"
    return {"description": description, "account": title, "value": str(value), "encumbrances": encumbrances}


def _provident_fund(rng: random.Random, person: bool, n: int) -> dict:
    account = "".join(str(rng.randrange(10)) for _ in range(12))
    state = "正常缴存" if rng.random() < 0.8 else "封存"
    return {
        "description": f"住房公积金个人账户（{state}）",
        "account": account,
        "value": _money(rng, 100, 200000),
        "encumbrances": [],
    }


def _vehicle(rng: random.Random, person: bool, n: int) -> dict:
    body, model, colour, low, high = VEHICLES[rng.randrange(len(VEHICLES))]
    tail = "".join(
        PLATE_LETTERS[rng.randrange(len(PLATE_LETTERS))] if rng.random() < 0.3 else str(rng.randrange(10))
        for _ in range(5)
    )
    plate = f"冀{PLATE_CITIES[rng.randrange(len(PLATE_CITIES))]}·{tail}"
    encumbrances = []
    if rng.random() < 0.15:
        encumbrances.append(
            {
                "kind": "mortgage",
                "holder": LENDERS[rng.randrange(len(LENDERS))],
                "amount": _money(rng, 10000, 80000),
            }
        )
    return {
        "description": f"{plate} {body} {model} {colour}",
        "account": plate,
        "value": str(Decimal(rng.randrange(low, high)).quantize(CENT)),
        "encumbrances": encumbrances,
    }


def _securities(rng: random.Random, person: bool, n: int) -> dict:
    shanghai = rng.random() < 0.5
    account = ("A" if shanghai else "0") + "".join(str(rng.randrange(10)) for _ in range(9))
    stocks = rng.sample(STOCKS, rng.randrange(1, 4))
    market = "沪市A股证券账户" if shanghai else "深市A股证券账户"
    return {
        "description": f"{market}（持有{'、'.join(stocks)}）",
        "account": account,
        "value": _money(rng, 500, 2000000),
        "encumbrances": [],
    }


MAKERS = {
    "bank": (_deposit, 3),
    "real_estate": (_real_estate, 2),
    "provident_fund": (_provident_fund, 1),
    "vehicle": (_vehicle, 2),
    "securities": (_securities, 2),
}


def digest(code: str, id_code: str) -> bytes:
    return hashlib.sha256(f"{code}|{id_code}".encode()).digest()


def generate(id_code: str, code: str, kind: str, hit_rate: float) -> list[dict]:
    """The assets ``code`` (an institution of ``kind``) holds for ``id_code``; [] for most debtors."""
    seed = digest(code, id_code)
    if int.from_bytes(seed[:8], "big") / 2**64 >= hit_rate:
        return []
    person = is_person(id_code)
    if kind == "provident_fund" and not person:
        return []  # provident fund accounts are individuals'
    rng = random.Random(int.from_bytes(seed[8:24], "big"))
    maker, most = MAKERS[kind]
    count = 1 if most == 1 or rng.random() < 0.6 else rng.randrange(2, most + 1)
    assets = []
    for n in range(1, count + 1):
        made = maker(rng, person, n)
        asset = {
            "asset_id": f"{code}-{id_code}-{n}",
            "type": ASSET_TYPE[kind],
            "description": made["description"],
            "account": made["account"],
            "value": made["value"],
            "currency": "CNY",
            "encumbrances": made["encumbrances"],
            "measures": _other_measures(rng, kind),
        }
        assets.append(asset)
    return assets


class Holdings:
    """The institution's book of assets: the seed file's when one is given, else generated."""

    def __init__(self, kind: str, code: str, hit_rate: float, seed: dict[str, list[dict]] | None = None):
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        self.kind = kind
        self.code = code
        self.hit_rate = hit_rate
        self.seed: dict[str, list[dict]] | None = None
        self.seed_index: dict[str, str] = {}
        if seed is not None:
            self.seed = {}
            for id_code, assets in seed.items():
                self.seed[id_code] = [self._complete(id_code, n, a) for n, a in enumerate(assets, 1)]
                for asset in self.seed[id_code]:
                    self.seed_index[asset["asset_id"]] = id_code

    def _complete(self, id_code: str, n: int, asset: dict) -> dict:
        out = {
            "asset_id": f"{self.code}-{id_code}-S{n}",
            "type": ASSET_TYPE[self.kind],
            "description": "",
            "account": "",
            "value": "0.00",
            "currency": "CNY",
            "encumbrances": [],
            "measures": [],
        }
        out.update(copy.deepcopy(asset))
        out["value"] = str(Decimal(str(out["value"])).quantize(CENT))
        return out

    def of(self, id_code: str) -> list[dict]:
        """Fresh copies of the debtor's assets here (callers may change them)."""
        if self.seed is not None:
            return copy.deepcopy(self.seed.get(id_code, []))
        return generate(id_code, self.code, self.kind, self.hit_rate)

    def owner(self, asset_id: str) -> str | None:
        if self.seed is not None:
            return self.seed_index.get(asset_id)
        prefix = self.code + "-"
        if not asset_id.startswith(prefix) or asset_id.count("-") < 2:
            return None
        return asset_id[len(prefix) :].rsplit("-", 1)[0]

    def asset(self, asset_id: str) -> tuple[str, dict] | None:
        """(id_code, asset) for an asset id, or None when this institution holds no such asset."""
        id_code = self.owner(asset_id)
        if id_code is None:
            return None
        for asset in self.of(id_code):
            if asset["asset_id"] == asset_id:
                return id_code, asset
        return None

"""Benchmark (issue 11): the public search (zhixing.portal.search) over many public entries; targets on
PostgreSQL at 8,000,000 rows: by identity code p99 ≤ 5 ms, by full name p99 ≤ 20 ms; SQLite at 1,000,000.

    .venv/bin/python benchmarks/public_search.py --rows 1000000                 # SQLite
    DATABASE_URL=postgres://zhixing:zhixing@127.0.0.1:5432/zhixing \\
        .venv/bin/python benchmarks/public_search.py --rows 8000000              # PostgreSQL
    options: --searches 1000 --seed 11 --rebuild (PostgreSQL: rebuild even if the rows are there)
             --cold (PostgreSQL: time without first reading the lookup indexes into shared_buffers)
             --shapes id_code,full_name (some of id_code, full_name, both, partial_name)

PostgreSQL works in a database of its own, `zhixing_bench_public`, on the server DATABASE_URL names
(created and migrated here; reused at the same row count unless --rebuild); never `zhixing`, `test_*`
or the other benchmarks' databases. SQLite works in a fresh temporary data folder.

Set-up: migrations (credit 0002 makes the pg_trgm GIN index or the FTS5 trigram table), then N rows of
credit.PublicEntry written by zhixing.core.bulk.Inserter (COPY on PostgreSQL; on PostgreSQL the name
and identity-code indexes are dropped for the load and built after it, then VACUUM ANALYZE, which
autovacuum would do on a live server). Rows: 80%
persons with valid 18-digit resident IDs and names drawn from weighted pools of 120 surnames (30 of them
double-barrelled or rare) and 400 given-name characters (one or two of them), 20% units (unified social
credit codes and names built from place, word and trade pools); kinds 60% dishonest, 30% restricted,
10% terminated; a published record of the 16 published fields each.

Measured: `--searches` searches of each shape on terms drawn from the rows at random (after 200 warm-up
searches of each), each one `search.search(search.parse(...))` as the page and the API run it, i.e.
both statements (capped counts of the three kinds and the page of 50), wall clock in process:
by identity code, by full name, by both, and by a partial name (3 consecutive characters of a stored
name of 3 characters or more; one that runs past search.PARTIAL_SECONDS is refused as too broad and
counted with its time). Prints p50/p95/p99 in ms and a RESULT line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import harness

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "zhixing_bench_public"
CHUNK = 200_000

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
RARE_SURNAMES = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "宇文", "长孙", "端木",
    "西门", "南宫", "夏侯", "轩辕", "钟离", "澹台", "濮阳", "闻人", "赫连", "呼延", "独孤", "百里", "司徒",
    "申屠", "太史", "万俟", "拓跋",
]  # fmt: skip
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬建国建华志强永刚海燕雪梅晓东丽华"
    "子涵浩然梓萱一诺欣怡宇轩雨桐梓轩思远博文俊杰嘉怡佳琪晨阳天宇若曦梦瑶诗涵雅静欣妍可馨语嫣紫萱昊然皓轩"
    "德福贵才发荣富顺安康宁泰祥瑞丰盛兴旺鹏飞翔宏伟立新志远学文振东春生秋菊冬梅夏荷金凤银花玉兰翠花桂芝"
    "鑫淼森焱垚磊晶琳琦瑶璐璇瑾瑜璟玮珂珊琛琰琨瑛瑶霖霏雯雪露霜云岚峰崇岳山川河江湖海洪涛波浪潮清澄洁"
    "仁义礼智信忠孝廉耻勤俭恭让宽厚温良和睦谦逊诚实守正修齐治平爱民敬业乐群进取开拓创新卓越辉煌灿烂晖"
    "之乎者也而其以于为与所则乃且若即又亦或已将把被叫让给对向往从自至到在由按照依据根凭借关于至于除了"
)
PLACES = "北京 上海 天津 重庆 石家庄 保定 雄安 廊坊 沧州 武汉 宜昌 襄阳 长沙 郑州 济南 青岛 南京 苏州 杭州 宁波 合肥 福州 厦门 广州 深圳 成都 西安 兰州".split()  # noqa: E501
WORDS = "华信 恒通 鑫源 宏达 中联 盛世 天成 瑞丰 金鼎 永安 东方 新华 国泰 长城 远大 博远 兴业 汇丰 嘉禾 安泰 润发 开元 明德 同创 启航 卓越 正合 万达 隆基 宝丰".split()  # noqa: E501
TRADES = "建筑工程 房地产开发 商贸 物流 科技 机械制造 食品 纺织 化工 装饰工程 投资管理 文化传媒 餐饮管理 医药 农业开发".split()  # noqa: E501
AREAS = [
    f"{p:02d}{c:02d}{d:02d}"
    for p in (11, 12, 13, 14, 32, 33, 37, 41, 42, 43, 44, 51, 61)
    for c in range(1, 9)
    for d in range(1, 9)
]  # noqa: E501
W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
PROVINCES = {"11": "北京", "12": "天津", "13": "河北", "14": "山西", "32": "江苏", "33": "浙江", "37": "山东",
             "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "51": "四川", "61": "陕西"}  # fmt: skip


def resident_id(rnd: random.Random) -> str:
    born = dt.date(1945, 1, 1) + dt.timedelta(days=rnd.randrange(0, 365 * 60))
    body = f"{rnd.choice(AREAS)}{born:%Y%m%d}{rnd.randrange(1000):03d}"
    return body + CHECK[sum(int(c) * w for c, w in zip(body, W, strict=True)) % 11]


def uscc_code(rnd: random.Random) -> str:
    body = "91" + rnd.choice(AREAS) + "".join(rnd.choice(USCC_ALPHABET) for _ in range(9))
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_W, strict=True))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


class Names:
    """Person names with a realistic skew: surnames weighted by rank (Zipf-like), rare double surnames,
    one or two given-name characters from a pool of about 400."""

    def __init__(self, rnd: random.Random):
        self.rnd = rnd
        self.surnames = list(SURNAMES) + RARE_SURNAMES
        self.weights = [1 / (i + 1) ** 0.9 for i in range(len(SURNAMES))] + [0.002] * len(RARE_SURNAMES)
        self.given = sorted(set(GIVEN))
        self.gweights = [1 / (i + 1) ** 0.5 for i in range(len(self.given))]
        self.rnd.shuffle(self.gweights)

    def person(self, n: int) -> list[str]:
        sur = self.rnd.choices(self.surnames, self.weights, k=n)
        g = self.rnd.choices(self.given, self.gweights, k=2 * n)
        two = [self.rnd.random() < 0.7 for _ in range(n)]
        return [s + g[2 * i] + (g[2 * i + 1] if two[i] else "") for i, s in enumerate(sur)]

    def unit(self) -> str:
        r = self.rnd
        return f"{r.choice(PLACES)}{r.choice(WORDS)}{r.choice(WORDS)}{r.choice(TRADES)}有限公司"


def generate(start: int, n: int, rnd: random.Random, names: Names, today: dt.date):
    kinds = rnd.choices(["dishonest", "restricted", "terminated"], [6, 3, 1], k=n)
    persons = names.person(n)
    for i in range(n):
        unit = rnd.random() < 0.2
        code = uscc_code(rnd) if unit else resident_id(rnd)
        name = names.unit() if unit else persons[i]
        published = today - dt.timedelta(days=rnd.randrange(0, 3650))
        filed = published - dt.timedelta(days=rnd.randrange(30, 700))
        year = filed.year
        record = {
            "name": name,
            "party_type": "法人或其他组织" if unit else "自然人",
            "id_code_masked": code if unit else code[:6] + "********" + code[-4:],
            "sex": "" if unit else ("男" if int(code[16]) % 2 else "女"),
            "age": "" if unit else str(today.year - int(code[6:10])),
            "legal_representative": names.person(1)[0] if unit else "",
            "province": PROVINCES.get(code[2:4] if unit else code[:2], ""),
            "case_number": f"（{year}）冀96{rnd.randrange(1, 99):02d}执{rnd.randrange(1, 9999)}号",
            "filed_on": filed.isoformat(),
            "court_name": "雄县人民法院",
            "basis_number": f"（{year - 1}）冀96{rnd.randrange(1, 99):02d}民初{rnd.randrange(1, 9999)}号",
            "basis_unit": "雄县人民法院",
            "duty": "支付货款及利息",
            "performance": "全部未履行",
            "conduct": "有履行能力而拒不履行生效法律文书确定义务",
            "published_on": published.isoformat(),
        }
        yield (
            kinds[i], f"bench:{start + i}", 1, name, code, published,
            json.dumps(record, ensure_ascii=False),
        )  # fmt: skip


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings")
    os.environ.setdefault("ZHIXING_DEBUG", "0")
    import django

    django.setup()


PG_INDEXES = {
    "credit_public_name_trgm": "CREATE INDEX credit_public_name_trgm ON credit_publicentry USING gin (name gin_trgm_ops)",  # noqa: E501
    "credit_public_newest": "CREATE INDEX credit_public_newest ON credit_publicentry (kind, published_on DESC, id DESC)",  # noqa: E501
    "credit_public_name_newest": "CREATE INDEX credit_public_name_newest ON credit_publicentry (name, kind, published_on DESC, id DESC)",  # noqa: E501
    "credit_public_id_newest": "CREATE INDEX credit_public_id_newest ON credit_publicentry (id_code, kind, published_on DESC, id DESC)",  # noqa: E501
}


def load(rows: int, seed: int) -> dict[str, float]:
    from django.db import connection, transaction

    from zhixing.core.bulk import Inserter
    from zhixing.credit.models import PublicEntry

    rnd = random.Random(seed)
    names = Names(rnd)
    today = dt.date(2026, 12, 1)
    pg = connection.vendor == "postgresql"
    timings: dict[str, float] = {}
    if pg:
        with connection.cursor() as c:
            for index in PG_INDEXES:
                c.execute(f"DROP INDEX IF EXISTS {index}")
    inserter = Inserter(
        PublicEntry, ["kind", "source", "court_id", "name", "id_code", "published_on", "record"]
    )
    t = time.perf_counter()
    for start in range(0, rows, CHUNK):
        with transaction.atomic():
            inserter.insert(generate(start, min(CHUNK, rows - start), rnd, names, today))
        print(f"  {start + min(CHUNK, rows - start):,} rows, {time.perf_counter() - t:.0f} s", flush=True)
    timings["load_s"] = time.perf_counter() - t
    if pg:
        t = time.perf_counter()
        with connection.cursor() as c:
            c.execute("SET maintenance_work_mem = '1GB'")
            for sql in PG_INDEXES.values():
                c.execute(sql)
        with (
            connection.cursor() as c
        ):  # outside a transaction: VACUUM sets the visibility map, as autovacuum would
            c.execute("VACUUM ANALYZE credit_publicentry")
        timings["index_s"] = time.perf_counter() - t
    return timings


def warm() -> float:
    """Read the two lookup indexes whole through shared_buffers (PostgreSQL), and the table into the
    operating system's cache, as a live server that has been answering searches (or pg_prewarm after a
    restart) would hold them; 200 warm-up searches touch only a few hundred of their pages. Index scans do not use the ring buffer that a
    sequential scan reads through, so the pages stay when shared_buffers can hold them."""
    from django.db import connection

    t = time.perf_counter()
    with connection.cursor() as c:
        c.execute("SET enable_seqscan = off")
        c.execute("SET enable_bitmapscan = off")
        for col in ("id_code", "name"):
            c.execute(f"SELECT COUNT(*) FROM (SELECT {col} FROM credit_publicentry "
                      f"ORDER BY {col}, kind, published_on DESC, id DESC) s")  # fmt: skip
        c.execute("RESET enable_seqscan")
        c.execute("RESET enable_bitmapscan")
        # The table itself (5 GB at 8M rows): a sequential scan goes through a small ring buffer, but the
        # pages it reads stay in the operating system's cache, from which a page of 50 results reads its
        # rows; cold, each of those 50 rows is a disk read (p95 of a full-name search 20 ms, not 3).
        c.execute("SELECT COUNT(record) FROM credit_publicentry")
    return time.perf_counter() - t


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def measure(searches: int, seed: int, only: list[str] | None = None) -> dict[str, dict[str, float]]:
    from django.db import connection

    from zhixing.portal import search

    rnd = random.Random(seed + 1)
    with connection.cursor() as c:
        c.execute("SELECT MAX(id) FROM credit_publicentry")
        top = c.fetchone()[0]
    picks: list[tuple[str, str]] = []
    warm = 200
    while len(picks) < 2 * (searches + warm):
        ids = [rnd.randrange(1, top + 1) for _ in range(2 * (searches + warm))]
        with connection.cursor() as c:
            c.execute(f"SELECT name, id_code FROM credit_publicentry WHERE id IN ({','.join(map(str, ids))})")
            picks.extend(c.fetchall())
    rnd.shuffle(picks)
    long_names = [(n, c) for n, c in picks if len(n) >= 3][: searches + warm]
    picks = picks[: searches + warm]

    def part(name: str) -> str:
        i = rnd.randrange(0, max(1, len(name) - 2))
        return name[i : i + 3]

    shapes = {
        "id_code": lambda n, c: search.parse("", c),
        "full_name": lambda n, c: search.parse(n, ""),
        "both": lambda n, c: search.parse(n, c),
        "partial_name": lambda n, c: search.parse(part(n), "", partial=True),
    }
    out: dict[str, dict[str, float]] = {}
    for shape, make in shapes.items():
        if only and shape not in only:
            continue
        times: list[float] = []
        found = refused = 0
        for i, (name, code) in enumerate(long_names if shape == "partial_name" else picks):
            q = make(name, code)
            t = time.perf_counter()
            try:
                r = search.search(q)
            except search.SearchError:  # a partial name matching too many rows, past its time limit
                r = None
            ms = (time.perf_counter() - t) * 1000
            if i >= warm:
                times.append(ms)
                found += bool(r and r.rows)
                refused += r is None
        out[shape] = {
            "p50": round(pct(times, 50), 2), "p95": round(pct(times, 95), 2), "p99": round(pct(times, 99), 2),
            "max": round(max(times), 2), "searches": len(times), "found": found, "refused": refused,
        }  # fmt: skip
        print(f"  {shape:13} p50 {out[shape]['p50']:7.2f}  p95 {out[shape]['p95']:7.2f}  "
              f"p99 {out[shape]['p99']:7.2f}  max {out[shape]['max']:8.2f} ms  ({found}/{len(times)} found"
              f"{f', {refused} refused as too broad' if refused else ''})",
              flush=True)  # fmt: skip
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=None, help="8,000,000 on PostgreSQL, 1,000,000 on SQLite")
    p.add_argument("--searches", type=int, default=1000)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--rebuild", action="store_true")
    p.add_argument("--cold", action="store_true", help="PostgreSQL: skip reading the indexes in first")
    p.add_argument("--shapes", help="comma-separated: id_code,full_name,both,partial_name (default all)")
    args = p.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    rows = args.rows or (8_000_000 if url else 1_000_000)
    tmp = tempfile.mkdtemp(prefix="zhixing-bench-public-")
    os.environ["ZHIXING_DATA_DIR"] = tmp
    rebuild = True
    if url:
        import psycopg

        try:
            with psycopg.connect(harness.pg_url(url, DB)) as conn:
                have = conn.execute("SELECT COUNT(*) FROM credit_publicentry").fetchone()[0]
            rebuild = args.rebuild or have != rows
        except psycopg.Error:
            have = None
        if rebuild:
            harness.pg_admin(url, DB, f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", f"CREATE DATABASE {DB}")
        os.environ["DATABASE_URL"] = harness.pg_url(url, DB)
    print(harness.machine(url or None, DB) if not rebuild or not url else harness.machine(None, DB))
    _django()
    from django.core.management import call_command

    timings: dict[str, float] = {}
    if rebuild:
        call_command("migrate", verbosity=0, interactive=False)
        print(f"loading {rows:,} rows", flush=True)
        timings = load(rows, args.seed)
        print(f"  load {timings['load_s']:.0f} s" + (f", indexes {timings['index_s']:.0f} s" if url else ""))
    else:
        print(f"reusing {rows:,} rows in {DB}")
    from django.db import connection

    if url and not args.cold:
        timings["warm_s"] = warm()
        print(f"  lookup indexes read into shared_buffers in {timings['warm_s']:.0f} s")
    print(f"{connection.vendor}, {rows:,} rows, {args.searches} searches a shape (ms, both statements):")
    figures = measure(args.searches, args.seed, args.shapes.split(",") if args.shapes else None)
    if url:
        print(harness.machine(url, DB))
    print("RESULT " + json.dumps({"vendor": connection.vendor, "rows": rows, **timings, **figures}))


if __name__ == "__main__":
    main()

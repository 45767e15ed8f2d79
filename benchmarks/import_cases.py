"""Benchmark: `zhixing import-cases` of 100,000 cases into a fresh SQLite database (target ≥ 2,000 cases/s).

    .venv/bin/python benchmarks/import_cases.py [--cases 100000] [--runs 3] [--xlsx] [--seed 7]

Generates a realistic province's history (Hebei-style courts, first-enforcement, resumed and
preservation cases over 2019–2026, about four in five closed, one to three parties a side with valid
resident IDs and unified social credit codes, amounts from a few thousand yuan to millions) as a CSV
(and with --xlsx also as an .xlsx), then for each run: a new temporary ZHIXING_DATA_DIR, migrations,
the courts and their officers, and the import timed in a child process, phase by phase (read, check,
write). Prints each run's cases/s and the median of the runs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = [
    "案号", "执行法院", "立案日期", "申请执行人", "申请执行人证件号码", "被执行人", "被执行人证件号码",
    "执行依据文号", "案由", "申请执行标的金额", "已执行到位金额", "结案日期", "结案方式", "延长期限月数",
    "扣除期限天数", "承办人",
]  # fmt: skip
CITIES = [
    "石家庄市",
    "唐山市",
    "秦皇岛市",
    "邯郸市",
    "邢台市",
    "保定市",
    "张家口市",
    "承德市",
    "沧州市",
    "廊坊市",
    "衡水市",
]
COUNTIES = "长安 桥西 新华 裕华 井陉 正定 行唐 灵寿 高邑 深泽 赞皇 无极 平山 元氏 赵县 辛集 晋州 新乐".split()
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
FIRMS = "华 鑫 盛 达 通 远 恒 泰 隆 兴 昌 丰 源 宏 瑞 祥 安 顺 德 信 诚 嘉 润 联 创 凯 腾 辉 建 晟".split()
TRADES = [
    "建设工程",
    "商贸",
    "房地产开发",
    "物流",
    "机械制造",
    "建材",
    "农业科技",
    "餐饮管理",
    "钢铁",
    "化工",
]
CAUSES = [
    "民间借贷纠纷", "买卖合同纠纷", "金融借款合同纠纷", "追索劳动报酬纠纷", "劳务合同纠纷", "机动车交通事故责任纠纷",
    "建设工程施工合同纠纷", "租赁合同纠纷", "离婚纠纷", "抚养费纠纷", "信用卡纠纷", "服务合同纠纷",
]  # fmt: skip
METHODS = [
    ("执行完毕", 45),
    ("终结本次执行程序", 30),
    ("终本", 10),
    ("终结执行", 10),
    ("销案", 2),
    ("不予执行", 2),
    ("驳回申请", 1),
]
AREA = ["130102", "130104", "130105", "130203", "130602", "130681", "131002", "110105", "410102", "370102"]
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _ric(rng: random.Random) -> str:
    from stdnum.cn import ric

    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
    body = f"{rng.choice(AREA)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")


def _uscc(rng: random.Random) -> str:
    from stdnum.cn import uscc

    body = "91" + rng.choice(AREA) + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _firm(rng: random.Random, city: str) -> str:
    return f"{city[:-1]}{rng.choice(FIRMS)}{rng.choice(FIRMS)}{rng.choice(TRADES)}有限公司"


def courts() -> list[tuple[str, str]]:
    """(code, name): the high court, 11 intermediate courts and Xiong'an, and basic courts."""
    out = [("冀", "河北省高级人民法院"), ("冀96", "河北雄安新区中级人民法院")]
    for i, city in enumerate(CITIES, start=1):
        out.append((f"冀{i:02d}", f"{city}中级人民法院"))
        for j in range(1, 4):
            out.append((f"冀{i:02d}{j:02d}", f"{city[:-1]}{COUNTIES[(i * 3 + j) % len(COUNTIES)]}区人民法院"))
    out += [("冀9601", "雄县人民法院"), ("冀9602", "容城县人民法院"), ("冀9603", "安新县人民法院")]
    return out


def handlers(code: str) -> list[str]:
    rng = random.Random(code)
    return [_person(rng) for _ in range(6)]


def generate(path: Path, n: int, seed: int, today: dt.date) -> None:
    rng = random.Random(seed)
    # The calendar table ends with the last published year: pending cases must fall inside it.
    last = min(today, dt.date(2026, 10, 31))
    first = dt.date(2019, 1, 1)
    span = (last - first).days
    enforcing = [c for c in courts() if len(c[0]) > 1]
    serials: dict[tuple[str, str, int], int] = {}
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for _ in range(n):
            code, name = rng.choice(enforcing)
            type_code = rng.choices(["执", "执恢", "执保"], [80, 10, 10])[0]
            filed = first + dt.timedelta(days=rng.randrange(span))
            key = (code, type_code, filed.year)
            serials[key] = serial = serials.get(key, 0) + rng.choice((1, 1, 1, 2))
            city = CITIES[int(code[1:3]) - 1] if code[1:3] != "96" else "雄安新区"
            sides = []
            for count in (rng.choices((1, 2), (85, 15))[0], rng.choices((1, 2, 3), (70, 22, 8))[0]):
                names, ids = [], []
                for _k in range(count):
                    unit = rng.random() < 0.35
                    names.append(_firm(rng, city) if unit else _person(rng))
                    ids.append((_uscc(rng) if unit else _ric(rng)) if rng.random() < 0.8 else "")
                sides.append(("；".join(names), "；".join(ids) if any(ids) else ""))
            applied = Decimal(int(10 ** rng.uniform(3.3, 6.8) * 100)) / 100
            age = (last - filed).days
            closed = rng.random() < (0.92 if age > 365 else 0.45 if age > 120 else 0.1)
            closed_on = method = ""
            realized = Decimal(0)
            if closed:
                method = rng.choices([m for m, _w in METHODS], [w for _m, w in METHODS])[0]
                closed_on = (filed + dt.timedelta(days=rng.randrange(20, min(age, 700) + 21))).isoformat()
                closed_on = min(closed_on, last.isoformat())
                if method == "执行完毕":
                    realized = applied * Decimal(rng.choice(("1", "1", "1.05", "1.12")))
                elif method in ("终结本次执行程序", "终本"):
                    realized = applied * Decimal(rng.random() * 0.3)
            elif rng.random() < 0.4:
                realized = applied * Decimal(rng.random() * 0.5)
            out.writerow(
                [
                    f"（{filed.year}）{code}{type_code}{serial}号"
                    if rng.random() < 0.8
                    else f"({filed.year}){code}{type_code}{serial}号",
                    name,
                    filed.isoformat() if rng.random() < 0.7 else f"{filed.year}/{filed.month}/{filed.day}",
                    sides[0][0],
                    sides[0][1],
                    sides[1][0],
                    sides[1][1],
                    f"（{filed.year - 1}）{code}民初{rng.randrange(1, 20000)}号"
                    if rng.random() < 0.9
                    else "",
                    rng.choice(CAUSES),
                    f"{applied:,.2f}" if rng.random() < 0.3 else f"{applied:.2f}",
                    f"{realized.quantize(Decimal('0.01'))}" if realized else "",
                    closed_on,
                    method,
                    rng.choices(("", "3", "6"), (90, 8, 2))[0],
                    rng.choices(("", "30", "120"), (85, 10, 5))[0],
                    rng.choice(handlers(code)) if rng.random() < 0.9 else "",
                ]
            )


def to_xlsx(csv_path: Path, xlsx_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("案件")
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        for r in csv.reader(f):
            ws.append(r)
    wb.save(xlsx_path)


def child(path: str) -> None:
    """In a fresh data folder: migrate, create the courts and their officers, then time the import."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # The officers' passwords are not what is measured: a fast hasher keeps the set-up short.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    call_command("migrate", verbosity=0)
    from zhixing.cases.actions import import_cases
    from zhixing.cases.importing import read_table, validate
    from zhixing.courts import actions as court_actions
    from zhixing.courts import actors
    from zhixing.courts import rules as r
    from zhixing.courts.actors import IMPORT

    made: dict[str, object] = {}
    for code, name in courts():
        parent = made.get(
            "冀96" if code.startswith("冀96") and code != "冀96" else code[:3] if len(code) == 5 else "冀"
        )
        made[code] = court = court_actions.create_court(
            code, name, parent=parent if code != "冀" else None, actor=actors.CLI
        )
        for i, person in enumerate(handlers(code)[:4]):  # most handlers are users; some have left
            court_actions.create_user(f"{code}-{i}", person, "x", court, [r.OFFICER], actor=actors.CLI)
    t0 = time.perf_counter()
    table = read_table(path)
    t1 = time.perf_counter()
    plan = validate(table)
    t2 = time.perf_counter()
    assert not plan.errors, [str(e) for e in plan.errors[:5]]
    result = import_cases(
        plan.rows, source=Path(path).name, new_courts=plan.new_courts, planner=plan.planner, actor=IMPORT
    )
    t3 = time.perf_counter()
    print(json.dumps({"cases": len(result.created), "read": t1 - t0, "check": t2 - t1, "write": t3 - t2}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--xlsx", action="store_true", help="also time the same cases read from an .xlsx")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    with tempfile.TemporaryDirectory(prefix="zhixing-import-bench-") as tmp:
        data = Path(tmp) / "cases.csv"
        t = time.perf_counter()
        generate(data, args.cases, args.seed, dt.date.today())
        print(
            f"generated {args.cases} rows in {time.perf_counter() - t:.1f}s ({data.stat().st_size / 1e6:.1f} MB)"
        )
        files = [data]
        if args.xlsx:
            files.append(Path(tmp) / "cases.xlsx")
            to_xlsx(data, files[-1])
        print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, "
              f"Python {platform.python_version()}, {platform.system()}")  # fmt: skip
        for path in files:
            rates = []
            for run in range(1, args.runs + 1):
                env = dict(os.environ, ZHIXING_DATA_DIR=str(Path(tmp) / f"data-{path.suffix[1:]}-{run}"))
                env.pop("DATABASE_URL", None)
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", str(path)],
                    env=env, cwd=ROOT, capture_output=True, text=True, check=False,
                )  # fmt: skip
                if proc.returncode:
                    sys.exit(proc.stderr[-3000:])
                res = json.loads(proc.stdout.strip().splitlines()[-1])
                total = res["read"] + res["check"] + res["write"]
                rates.append(res["cases"] / total)
                print(
                    f"{path.suffix} run {run}: {res['cases']} cases in {total:.1f}s = {rates[-1]:,.0f} cases/s "
                    f"(read {res['read']:.1f}s, check {res['check']:.1f}s, write {res['write']:.1f}s)"
                )
            print(
                f"{path.suffix} median of {len(rates)} runs: {statistics.median(rates):,.0f} cases/s (target ≥ 2,000)"
            )


if __name__ == "__main__":
    main()

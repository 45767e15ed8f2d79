"""`import-cases --create-courts` puts every court it creates in its province's tree (issue 7, What was
seen 3): under the nearest court above it by its code that the platform knows, never at the top; the
province's high court is created when missing; parents first whatever the order of the rows; and a
court the file brings above courts already hung higher up for want of it takes them under it."""

from __future__ import annotations

import itertools
import random

import pytest

from tests.cases.test_import_support import row, run, write_csv
from zhixing.core.models import AuditEntry
from zhixing.courts.models import Court

pytestmark = pytest.mark.django_db

NAMES = {
    "冀": "河北省高级人民法院",
    "冀96": "河北雄安新区中级人民法院",
    "冀0629": "容城县人民法院",
    "冀0632": "安新县人民法院",
    "冀0638": "雄县人民法院",
    "冀06": "保定市中级人民法院",
    "冀0602": "保定市竞秀区人民法院",
}
XIONGAN_TREE = {"冀": None, "冀96": "冀", "冀0629": "冀96", "冀0632": "冀96", "冀0638": "冀96"}
serials = itertools.count(1)


def case_of(code: str, filed: str = "2026-02-02", closed: str = "") -> dict[str, object]:
    """A case of the court `code`, filed early in 2026 (its deadlines inside the declared calendar)."""
    return row(
        case_number=f"（2026）{code}执{next(serials)}号",
        court_name=NAMES[code],
        filed_on=filed,
        closed_on=closed,
        closure_method="执行完毕" if closed else "",
        realized_amount="50000" if closed else "",
        basis_number="",
        handler="",
    )


def tree() -> dict[str, str | None]:
    return {c.code: c.parent.code if c.parent else None for c in Court.objects.select_related("parent")}


def paths_agree_with_parents() -> bool:
    return all(
        c.path == f"{c.parent.path if c.parent else '/'}{c.pk}/"
        for c in Court.objects.select_related("parent")
    )


def import_file(tmp_path, rows, name="courts.csv") -> str:
    code, out, err = run(write_csv(tmp_path / name, rows), "--create-courts")
    assert code == 0, err
    return out


ORDERS = [
    ["冀0638", "冀0632", "冀0629", "冀96", "冀"],  # deepest first
    ["冀96", "冀0629", "冀0632", "冀0638", "冀"],  # as issue 7 lists them
    *(random.Random(seed).sample(list(XIONGAN_TREE), 5) for seed in (1, 2, 3)),
]


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(o) for o in ORDERS])
def test_xiongan_courts_in_any_row_order_make_one_tree(tmp_path, order):
    assert not Court.objects.exists()
    out = import_file(tmp_path, [case_of(code) for code in order])
    assert tree() == XIONGAN_TREE
    assert paths_agree_with_parents()
    assert {c.code: c.name for c in Court.objects.all()} == {k: NAMES[k] for k in XIONGAN_TREE}
    assert "新建法院：冀、冀0629、冀0632、冀0638、冀96" in out
    assert not AuditEntry.objects.filter(action="court.move").exists()  # parents first: nothing to move


def test_the_high_court_is_created_from_the_province_code_when_the_file_lacks_it(tmp_path):
    out = import_file(tmp_path, [case_of("冀0602")])
    high = Court.objects.get(code="冀")
    assert (high.name, high.level, high.parent) == ("河北省高级人民法院", "high", None)
    # 冀06 is not in the platform: 竞秀 hangs under the nearest court above it that is, never at the top.
    assert tree() == {"冀": None, "冀0602": "冀"}
    assert "新建法院：冀、冀0602" in out


def test_a_court_the_next_file_brings_takes_the_courts_that_waited_for_it(tmp_path):
    import_file(tmp_path, [case_of("冀0602"), case_of("冀0638")], "first.csv")
    assert tree() == {"冀": None, "冀0602": "冀", "冀0638": "冀"}
    import_file(tmp_path, [case_of("冀96"), case_of("冀06")], "second.csv")
    assert tree() == {"冀": None, "冀06": "冀", "冀0602": "冀06", "冀96": "冀", "冀0638": "冀96"}
    assert paths_agree_with_parents()
    moves = {e.detail["code"]: e.detail for e in AuditEntry.objects.filter(action="court.move")}
    assert {k: (m["parent"]["old"], m["parent"]["new"]) for k, m in moves.items()} == {
        "冀0602": ("冀", "冀06"),
        "冀0638": ("冀", "冀96"),
    }


def test_a_court_an_administrator_placed_elsewhere_stays_where_it_is(tmp_path):
    """冀0638 is a Xiong'an court under 冀96 (rules §1.2.5): a later 冀06 (Baoding) does not take it."""
    import_file(tmp_path, [case_of(code) for code in ("冀", "冀96", "冀0638")], "first.csv")
    import_file(tmp_path, [case_of("冀06")], "second.csv")
    assert tree()["冀0638"] == "冀96" and tree()["冀06"] == "冀"
    assert not AuditEntry.objects.filter(action="court.move").exists()

"""Issue 7, Must show: `zhixing import-cases FILE --create-courts` with 冀96, 冀0629, 冀0632, 冀0638 and 冀
in the file (rows in a shuffled order, no court in the platform before): every court's area figures of
the bulletin include the courts below it, the high court's area includes all, and the command centre's
court tree shows each court under its parent.

 court    cases (filed 2026, first enforcement)     own received / closed   area received / closed
 冀       1 closed                                   1 / 1                   9 / 4
 冀96     2, one closed                              2 / 1                   8 / 3
 冀0629   1 pending                                  1 / 0                   1 / 0
 冀0632   2, one closed                              2 / 1                   2 / 1
 冀0638   3, one closed                              3 / 1                   3 / 1
"""

from __future__ import annotations

import io
import json
import random
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.cases.test_import_courts import NAMES, XIONGAN_TREE, case_of, import_file
from zhixing.core.actors import CLI
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as r
from zhixing.courts.models import Court
from zhixing.supervision import centre

pytestmark = pytest.mark.django_db
WEEK = "2026-W20"  # 2026-01-01 to 2026-05-17
OWN = {"冀": (1, 1), "冀96": (2, 1), "冀0629": (1, 0), "冀0632": (2, 1), "冀0638": (3, 1)}
AREA = {"冀": (9, 4), "冀96": (8, 3), "冀0629": (1, 0), "冀0632": (2, 1), "冀0638": (3, 1)}


def cases() -> list[dict[str, object]]:
    out = []
    for code, (received, closed) in OWN.items():
        for i in range(received):
            out.append(case_of(code, f"2026-0{i + 2}-02", "2026-04-30" if i < closed else ""))
    random.Random(7).shuffle(out)
    return out


@pytest.fixture
def imported(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    assert not Court.objects.exists()
    rows = cases()
    assert [row["court_name"] for row in rows[:3]] != [NAMES["冀"], NAMES["冀96"], NAMES["冀0629"]]
    import_file(tmp_path, rows, "xiongan.csv")
    return tmp_path


def bulletin(tmp_path, *args: str) -> dict:
    out = tmp_path / "bulletin.json"
    call_command("bulletin", "--week", WEEK, *args, "-o", str(out), stderr=io.StringIO())
    return json.loads(out.read_text(encoding="utf-8"))


def figures(data: dict, area: bool) -> dict[str, tuple[int, int]]:
    return {
        c["court_code"]: (c["indicators"]["received"], c["indicators"]["closed"])
        for c in data["courts"]
        if c["area"] == area
    }


def test_every_courts_area_in_the_bulletin_includes_the_courts_below_it(imported):
    data = bulletin(imported)
    assert figures(data, area=False) == OWN
    assert figures(data, area=True) == AREA
    # Each area is the sum of its own figures and the areas of the courts right below it.
    own, area = figures(data, False), figures(data, True)
    for code in XIONGAN_TREE:
        children = [c for c, p in XIONGAN_TREE.items() if p == code]
        assert area[code] == tuple(own[code][i] + sum(area[c][i] for c in children) for i in range(2)), code
    # The high court's area is the whole province: every imported case.
    assert area["冀"] == (sum(v[0] for v in OWN.values()), sum(v[1] for v in OWN.values()))
    # And the bulletin of 冀96 alone holds 冀96 and its three county courts.
    scoped = bulletin(imported, "--court", "冀96", "--remake")
    assert {c["court_code"] for c in scoped["courts"]} == {"冀96", "冀0629", "冀0632", "冀0638"}
    assert figures(scoped, area=True)["冀96"] == AREA["冀96"]


def tree_rows(html: str) -> list[tuple[str, int]]:
    """(court code, depth) of each row of the centre's court tree, in page order."""
    return [
        (code, int(depth))
        for code, depth in re.findall(
            r'<tr class="court-row" data-code="([^"]+)">\s*<td style="padding-left: (\d+)\.5em">', html
        )
    ]


def test_the_command_centres_court_tree_shows_the_imported_courts_under_their_parents(imported, client):
    leader = court_actions.create_user(
        "gao", "高院长", "pw-gao", Court.objects.get(code="冀"), [r.LEADER], actor=CLI
    )
    client.force_login(leader)
    resp = client.get(reverse("centre:live"))
    assert resp.status_code == 200
    rows = tree_rows(resp.content.decode())
    assert sorted(code for code, _depth in rows) == sorted(XIONGAN_TREE)
    # The parent of each row is the nearest row above it one level up.
    parents: dict[str, str | None] = {}
    stack: list[str] = []
    for code, depth in rows:
        del stack[depth:]
        parents[code] = stack[-1] if stack else None
        stack.append(code)
    assert parents == XIONGAN_TREE
    # The same from the read behind the page.
    watched = centre.court_tree(centre.watched_courts(leader), {})
    assert {row.court.code: (row.depth, row.court.parent_id is None) for row in watched} == {
        "冀": (0, True),
        "冀96": (1, False),
        "冀0629": (2, False),
        "冀0632": (2, False),
        "冀0638": (2, False),
    }

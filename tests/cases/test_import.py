"""`zhixing import-cases`: good files import; bad files import nothing and say why, row by row
(shared/formats/case-import.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.cases.test_import_support import (
    KEYS,
    LABELS,
    PERSON_2,
    good_rows,
    read_sheet,
    row,
    run,
    write_csv,
    write_xlsx,
    xl_date,
)
from zhixing.cases import queries, rules
from zhixing.cases.models import Case, CaseEvent, Node, Party, SerialCounter
from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_good_csv_imports_every_case_with_parties_trail_and_serials(tmp_path, cast, file_case):
    code, out, err = run(write_csv(tmp_path / "旧系统.csv", good_rows()))
    assert code == 0, err
    assert "新增 3 件，更新 0 件，未变 0 件，错误 0 行" in out
    first = Case.objects.get(case_number="（2025）冀96执100号")
    assert (first.type_code, first.serial, first.year, first.status) == ("执", 100, 2025, Case.PENDING)
    assert first.handler == cast.officer and first.handler_assigned_on == dt.date(2025, 3, 5)
    assert first.applied_amount == Decimal("50000.00") and first.is_migrant_wage
    assert first.basis.number == "（2024）冀96民初88号" and first.imported_from == "旧系统.csv"
    assert first.statutory_due_on == dt.date(2025, 9, 5)
    preserved = Case.objects.get(case_number="（2024）冀96执保7号")  # stored with full-width brackets
    names = list(preserved.parties.filter(role=Party.APPLICANT).values_list("name", "id_number", "kind"))
    assert names == [("李某", PERSON_2, Party.PERSON), ("刘某", "", Party.PERSON)]
    assert preserved.handler is None and preserved.handler_name == ""
    closed = Case.objects.get(case_number="（2023）冀96执5号")
    assert closed.closure_method == rules.TERMINATED_THIS_ROUND and closed.realized_amount == Decimal(
        "12345.67"
    )
    assert closed.statutory_due_on == dt.date(2023, 9, 10) + dt.timedelta(days=15)  # 6 + 1 months, + 15 days
    for case in (first, preserved, closed):
        assert CaseEvent.objects.filter(case=case, kind="imported").count() == 1
        # The event names who wrote it: the import, not "nobody" (issue 8 item 2).
        made = CaseEvent.objects.get(case=case, kind="imported")
        assert (made.actor_id, made.system_actor) == (None, "系统·导入")
        entry = AuditEntry.objects.get(action="case.import", object_id=str(case.pk))
        assert entry.detail["file"] == "旧系统.csv"
    # Filing continues after the highest imported serial.
    assert SerialCounter.objects.get(court=first.court, type_code="执", year=2025).last == 100
    assert file_case(filed_on=dt.date(2025, 12, 1)).case_number == "（2025）冀96执101号"


def test_xlsx_with_english_keys_in_another_order_and_excel_dates(tmp_path, courts):
    header = list(reversed(KEYS))
    rows = good_rows()
    rows[0]["filed_on"] = xl_date("2025-03-05")
    rows[0]["applied_amount"] = 50000  # a number cell
    rows[2]["closed_on"] = xl_date("2023-09-30")
    code, out, err = run(write_xlsx(tmp_path / "cases.xlsx", rows, header=header))
    assert code == 0, err
    assert Case.objects.count() == 3
    assert Case.objects.get(case_number="（2025）冀96执100号").filed_on == dt.date(2025, 3, 5)
    assert Case.objects.get(case_number="（2023）冀96执5号").closed_on == dt.date(2023, 9, 30)


def test_csv_with_bom_and_mixed_headers(tmp_path, courts):
    header = [LABELS[i] if i % 2 else KEYS[i] for i in range(len(KEYS))]
    code, _out, err = run(write_csv(tmp_path / "bom.csv", good_rows(), header=header, bom=True))
    assert code == 0, err
    assert Case.objects.count() == 3


def test_template_written_by_the_command_imports_once_filled(tmp_path, courts):
    template = tmp_path / "模板.xlsx"
    code, out, _err = run(template, "--template", str(template))
    sheet = read_sheet(template)
    assert sheet[0] == LABELS and len(sheet) == 1
    from openpyxl import load_workbook

    wb = load_workbook(template)
    notes = [r[1] for r in wb["填写说明"].iter_rows(min_row=2, max_row=17, values_only=True)]
    assert notes == KEYS  # both header forms explained
    ws = wb.worksheets[0]
    for r in good_rows():
        ws.append([r[k] or None for k in KEYS])
    wb.save(template)
    assert run(template)[0] == 0
    assert Case.objects.count() == 3


BAD = [
    row(case_number="（2025）冀96执1号", filed_on="2025-13-01"),
    row(case_number="（2025）冀96民初2号"),
    row(case_number="（2025）冀96执3号", applicant_ids="110105194912310021"),
    row(case_number="（2025）冀96执4号", debtors="甲公司；乙公司"),
    row(case_number="（2025）冀96执5号", closed_on="2025-01-01", closure_method="执行完毕"),
    row(case_number="（2025）冀96执6号", closed_on="2025-06-01", closure_method="和解"),
    row(case_number="（2025）冀96执7号", realized_amount="100000.01"),
    row(case_number="（2025）冀96执8号", extension_months="-1", excluded_days="2.5"),
    row(case_number="（2025）冀96执9号", closed_on="2025-06-01"),
    row(case_number="（2025）冀96执10号", closure_method="销案"),
    row(case_number="（2025）冀96执11号", applied_amount="12.345"),
]
BAD_CELLS = [
    (3, "立案日期"),
    (4, "案号"),
    (5, "申请执行人证件号码"),
    (6, "被执行人证件号码"),
    (7, "结案日期"),
    (8, "结案方式"),
    (9, "已执行到位金额"),
    (10, "延长期限月数"),
    (10, "扣除期限天数"),
    (11, "结案方式"),
    (12, "结案日期"),
    (13, "申请执行标的金额"),
]


def test_bad_rows_import_nothing_and_every_problem_is_named(tmp_path, courts):
    code, out, err = run(write_csv(tmp_path / "bad.csv", [row(), *BAD]))
    assert code == 1
    assert Case.objects.count() == 0 and AuditEntry.objects.filter(action="case.import").count() == 0
    assert "新增 0 件，更新 0 件，未变 0 件，错误 11 行" in out
    lines = [line for line in err.splitlines() if line.startswith("第")]
    assert sorted(
        {(int(line[1 : line.index("行")]), line.split(" ")[1].split("：")[0]) for line in lines}
    ) == sorted(BAD_CELLS)
    assert "第4行 案号：类型代字“民初”不是执行案件类型" in err
    assert "第7行 结案日期：结案日期 2025-01-01 早于立案日期 2025-03-05" in err
    assert "未导入任何案件" in err


@pytest.mark.parametrize("name", ["errors.xlsx", "errors.csv"])
def test_errors_sheet_can_be_corrected_and_submitted_again(tmp_path, courts, name):
    source = write_xlsx(tmp_path / "in.xlsx", [row(), BAD[0], row(case_number="（2025）冀96执12号")])
    errors = tmp_path / name
    assert run(source, "--errors", str(errors))[0] == 1
    sheet = read_sheet(errors)
    assert sheet[0] == LABELS + ["错误原因"]
    assert [bool(r[-1]) for r in sheet[1:]] == [False, True, False]  # every row: correct and resubmit
    assert sheet[2][-1].startswith("第3行 立案日期：日期“2025-13-01”格式不正确") or "不存在" in sheet[2][-1]
    fixed = [dict(zip(LABELS, r[:-1], strict=True)) for r in sheet[1:]]
    fixed[1]["立案日期"] = "2025-01-13"
    again = write_csv(
        tmp_path / "again.csv", [{KEYS[LABELS.index(k)]: v or "" for k, v in r.items()} for r in fixed]
    )
    assert run(again)[0] == 0
    assert Case.objects.count() == 3


def test_skip_invalid_imports_good_rows_and_writes_only_the_bad_ones(tmp_path, courts):
    errors = tmp_path / "bad-rows.csv"
    code, out, _err = run(
        write_csv(tmp_path / "mixed.csv", [row(), *BAD[:3]]), "--skip-invalid", "--errors", str(errors)
    )
    assert code == 0
    assert "新增 1 件，更新 0 件，未变 0 件，错误 3 行" in out and "跳过 3 行" in out
    assert list(Case.objects.values_list("case_number", flat=True)) == ["（2025）冀96执100号"]
    sheet = read_sheet(errors)
    assert [r[0] for r in sheet[1:]] == ["（2025）冀96执1号", "（2025）冀96民初2号", "（2025）冀96执3号"]
    assert all(r[-1] for r in sheet[1:])


def test_same_case_number_twice_in_a_file_is_refused(tmp_path, courts):
    rows = [row(), row(case_number="(2025)冀96执100号", applied_amount="1")]
    code, _out, err = run(write_csv(tmp_path / "dup.csv", rows), "--skip-invalid", "--update")
    assert code == 1 and Case.objects.count() == 0
    assert "第2行 案号：案号“（2025）冀96执100号”在文件中重复出现（另见第3行）" in err
    assert "第3行 案号" in err


def test_existing_case_number_needs_update(tmp_path, courts):
    path = write_csv(tmp_path / "c.csv", [row()])
    assert run(path)[0] == 0
    code, _out, err = run(path)
    assert code == 1 and "第2行 案号：案号“（2025）冀96执100号”已存在于平台中" in err
    assert run(path, "--update")[0] == 0


def test_unknown_court_is_an_error_unless_created(tmp_path, courts):
    rows = [
        row(case_number="（2025）冀9602执1号", court_name="容城县人民法院", handler=""),
        row(case_number="（2025）鄂2802执9号", court_name="利川市人民法院", handler=""),
    ]
    path = write_csv(tmp_path / "new-courts.csv", rows)
    code, _out, err = run(path)
    assert (
        code == 1 and "第2行 执行法院：平台中没有法院代字为“冀9602”的法院" in err and "--create-courts" in err
    )
    code, out, err = run(path, "--create-courts")
    assert code == 0, err
    assert "新建法院：冀9602、鄂、鄂2802" in out  # 鄂 with it: no court stands outside its province
    rongcheng = Case.objects.get(case_number="（2025）冀9602执1号").court
    assert (rongcheng.name, rongcheng.level, rongcheng.parent) == ("容城县人民法院", "basic", courts.xiongan)
    assert rongcheng.path.startswith(courts.xiongan.path)
    lichuan = Case.objects.get(case_number="（2025）鄂2802执9号").court
    assert lichuan.level == "basic" and lichuan.parent.code == "鄂"
    assert (lichuan.parent.name, lichuan.parent.parent) == ("湖北省高级人民法院", None)
    # The courts and the cases were made by the named system actor, and the audit log says so.
    made = AuditEntry.objects.get(action="court.create", object_id=str(rongcheng.pk))
    assert (made.actor_id, made.system_actor) == (None, "系统·导入")
    assert AuditEntry.objects.filter(action="case.import", system_actor="系统·导入").exists()


def test_court_name_must_agree_with_the_code_in_the_case_number(tmp_path, courts):
    rows = [
        row(court_name="石家庄市中级人民法院"),
        row(case_number="（2025）冀9603执1号", court_name="雄县人民法院"),
    ]
    code, _out, err = run(write_csv(tmp_path / "c.csv", rows), "--create-courts")
    assert code == 1 and Case.objects.count() == 0
    assert (
        "第2行 执行法院：执行法院“石家庄市中级人民法院”与案号中的法院代字“冀96”（河北雄安新区中级人民法院）不一致"
        in err
    )
    assert (
        "第3行 执行法院：执行法院“雄县人民法院”的法院代字为“冀9601”，与案号中的法院代字“冀9603”不一致" in err
    )


def test_old_pending_case_arrives_with_overdue_nodes(tmp_path, cast):
    assert run(write_csv(tmp_path / "old.csv", [row(filed_on="2025-01-06")]))[0] == 0
    case = Case.objects.get()
    nodes = {n.kind.code: n for n in case.nodes.select_related("kind")}
    assert nodes["assign_handler"].done_on == dt.date(2025, 1, 6)
    assert nodes["execution_notice"].due_on == dt.date(2025, 1, 9)
    today = dt.date(2026, 11, 22)
    assert {queries.node_state(n, today, 3) for c, n in nodes.items() if c != "assign_handler"} == {
        rules.OVERDUE
    }
    inbox = queries.inbox_nodes(cast.officer, state=rules.OVERDUE, on=today)
    assert inbox.count() == len(nodes) - 1


def test_closed_case_arrives_closed_without_open_nodes_and_legacy_numbers_keep_their_text(tmp_path, courts):
    rows = [
        row(
            case_number="（2023）冀96执5号",
            filed_on="2023-02-10",
            closed_on="2023-03-01",
            closure_method="终本",
        ),
        row(
            case_number="(2014)冀96执字第00012号",
            filed_on="2014-05-06",
            closed_on="2015-01-05",
            closure_method="执行完毕",
        ),
    ]
    assert run(write_csv(tmp_path / "closed.csv", rows))[0] == 0
    ttr = Case.objects.get(case_number="（2023）冀96执5号")
    assert ttr.status == Case.CLOSED and ttr.closed_on == dt.date(2023, 3, 1)  # the 终本 gates do not apply
    assert not Node.objects.filter(
        case__status=Case.CLOSED, done_on__isnull=True, cancelled_on__isnull=True
    ).exists()
    legacy = Case.objects.get(case_number="（2014）冀96执字第00012号")
    assert (legacy.legacy_number, legacy.type_code, legacy.serial, legacy.year) == (True, "执", None, 2014)
    assert legacy.court == courts.xiongan


def test_a_wrong_header_or_an_unreadable_file_imports_nothing(tmp_path, courts):
    header = [*LABELS, "备注"]
    header.remove("立案日期")
    errors = tmp_path / "header-errors.csv"
    code, _out, err = run(write_csv(tmp_path / "h.csv", [row()], header=header), "--errors", str(errors))
    assert code == 1 and Case.objects.count() == 0
    assert "第1行 备注：未知的列“备注”" in err and "第1行 立案日期：缺少必填列“立案日期”" in err
    assert read_sheet(errors)[0] == ["行号", "列", "错误原因"]
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(",".join(LABELS).encode("gbk"))
    code, _out, err = run(gbk)
    assert code == 1 and "UTF-8" in err
    code, _out, err = run(tmp_path / "cases.xls")
    assert code == 1 and "找不到文件" in err


def test_handler_is_linked_only_to_the_one_user_of_that_court_with_that_name(tmp_path, cast, courts):
    from zhixing.courts import actions as court_actions
    from zhixing.courts import rules as r

    court_actions.create_user(
        "chen2", "陈执行", "pw", courts.xiongan, [r.OFFICER], actor=CLI
    )  # a second 陈执行
    rows = [
        row(),
        row(case_number="（2025）冀96执101号", handler="陈执行"),
        row(case_number="（2025）冀96执102号", handler="赵无名"),
    ]
    assert run(write_csv(tmp_path / "h.csv", rows))[0] == 0
    linked = dict(Case.objects.values_list("handler_name", "handler"))
    assert linked == {"张执行": cast.officer.pk, "陈执行": None, "赵无名": None}
    # A named handler counts as assigned on the filing date, linked or not.
    assert set(Case.objects.values_list("handler_assigned_on", flat=True)) == {dt.date(2025, 3, 5)}

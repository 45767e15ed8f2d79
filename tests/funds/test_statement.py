"""Bank statements of the pooled case-funds account: camt.053 and CSV read into entries, every bad
entry named (zhixing/funds/STATEMENT_CSV.md)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from zhixing.funds import statement as statement_pkg
from zhixing.funds.statement import (
    MAX_BYTES,
    Statement,
    StatementEntry,
    StatementError,
    parse_statement,
    write_camt053,
)

DATA = Path(__file__).parent / "data"
DOC = Path(statement_pkg.__file__).parent.parent / "STATEMENT_CSV.md"
POOL = "13050161990000000888"


def entry(line: int, where: str, transaction_id: str, amount: str, **fields: object) -> StatementEntry:
    values: dict = {
        "direction": "credit", "currency": "CNY", "booked_on": date(2026, 11, 30), "sub_account": "",
        "payer_name": "", "payer_account": "", "remittance": "", "end_to_end_id": "",
    }  # fmt: skip
    values.update(fields)
    return StatementEntry(
        line=line, where=where, account=POOL, transaction_id=transaction_id, amount=Decimal(amount), **values
    )


SAMPLE_XML = [
    entry(
        1, "第1笔（AcctSvcrRef B20261130000001）", "B20261130000001", "50000.00",
        sub_account="13050161990000000888001", payer_name="张三", payer_account="6222020200112233445",
        remittance="(2026)冀9601执123号 执行款",
    ),
    entry(
        2, "第2笔（AcctSvcrRef B20261130000002）", "B20261130000002", "12834.50",
        sub_account="13050161990000000888002", payer_name="河北某某建筑工程有限公司",
        payer_account="130501619900000012345", remittance="(2026)冀9601执456号 案款",
    ),
    entry(
        3, "第3笔（AcctSvcrRef B20261130000003-1）", "B20261130000003-1", "10000.00",
        payer_name="李四", payer_account="6217000010001234567", remittance="(2026)冀9601执789号",
    ),
    entry(
        4, "第4笔（AcctSvcrRef B20261130000003-2）", "B20261130000003-2", "20000.00",
        sub_account="13050161990000000888003", payer_name="王五", payer_account="6228480010009876543",
    ),
    entry(
        6, "第6笔（AcctSvcrRef B20261130000006）", "B20261130000006", "30000.00", direction="debit",
        remittance="发还案款 (2026)冀9601执123号", end_to_end_id="PAYOUT-2026-000042",
    ),
]  # fmt: skip


def refused(data: bytes | str) -> list[str]:
    with pytest.raises(StatementError) as caught:
        parse_statement(data.encode() if isinstance(data, str) else data)
    assert caught.value.problems
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


# --- camt.053 --------------------------------------------------------------------------------------


def camt(
    entries: str, ns: str = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08", acct: str | None = None
) -> str:
    acct = f"<Acct><Id><Othr><Id>{POOL}</Id></Othr></Id></Acct>" if acct is None else acct
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="{ns}"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-12-01T06:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>S1</Id>{acct}{entries}</Stmt></BkToCstmrStmt></Document>"
    )


def ntry(ref: str = "R1", amount: str = "100.00", ccy: str = "CNY", ind: str = "CRDT", day: str = "2026-11-30",
         tx: str = "<TxDtls/>", sts: str = "<Sts><Cd>BOOK</Cd></Sts>") -> str:  # fmt: skip
    ref_xml = f"<AcctSvcrRef>{ref}</AcctSvcrRef>" if ref else ""
    day_xml = f"<BookgDt><Dt>{day}</Dt></BookgDt>" if day else ""
    return (
        f'<Ntry><Amt Ccy="{ccy}">{amount}</Amt><CdtDbtInd>{ind}</CdtDbtInd>{sts}{day_xml}{ref_xml}'
        f"<NtryDtls>{tx}</NtryDtls></Ntry>"
    )


def test_the_sample_camt053_reads_every_booked_entry_and_skips_the_pending_one():
    statement = parse_statement((DATA / "camt053_sample.xml").read_bytes(), "camt053_sample.xml")
    assert statement == Statement(account=POOL, statement_id="STMT20261130001", entries=SAMPLE_XML)
    assert "B20261130000005" not in {e.transaction_id for e in statement.entries}  # PDNG


@pytest.mark.parametrize("version", ["02", "13"])
def test_camt053_versions_read_alike_whatever_the_namespace(version):
    ns = f"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}"
    # 001.02 writes Sts as text and the debtor's name directly; 001.13 as Sts/Cd and Dbtr/Pty/Nm.
    sts = "<Sts>BOOK</Sts>" if version == "02" else "<Sts><Cd>BOOK</Cd></Sts>"
    dbtr = "<Dbtr><Nm>赵六</Nm></Dbtr>" if version == "02" else "<Dbtr><Pty><Nm>赵六</Nm></Pty></Dbtr>"
    tx = (
        f"<TxDtls><Refs><EndToEndId>E2E-1</EndToEndId></Refs><RltdPties>{dbtr}"
        "<DbtrAcct><Id><Othr><Id>6222</Id></Othr></Id></DbtrAcct>"
        "<CdtrAcct><Id><Othr><Id>888001</Id></Othr></Id></CdtrAcct></RltdPties>"
        "<RmtInf><Ustrd>案号</Ustrd><Ustrd>执行款</Ustrd></RmtInf></TxDtls>"
    )
    [got] = parse_statement(camt(ntry(tx=tx, sts=sts), ns=ns).encode()).entries
    assert got == entry(
        1, "第1笔（AcctSvcrRef R1）", "R1", "100.00", payer_name="赵六", payer_account="6222",
        sub_account="888001", remittance="案号 执行款", end_to_end_id="E2E-1",
    )  # fmt: skip


def test_notprovided_names_and_end_to_end_ids_read_as_empty():
    tx = (
        "<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
        "<RltdPties><Dbtr><Pty><Nm>NOTPROVIDED</Nm></Pty></Dbtr></RltdPties></TxDtls>"
    )
    [got] = parse_statement(camt(ntry(tx=tx)).encode()).entries
    assert (got.payer_name, got.end_to_end_id) == ("", "")


def test_camt053_without_namespace_and_with_iban_account_reads():
    doc = camt(ntry(), acct="<Acct><Id><IBAN>CN0012345</IBAN></Id></Acct>").replace(
        ' xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"', ""
    )
    assert parse_statement(doc.encode()).account == "CN0012345"


def test_a_gbk_declared_camt053_reads():
    doc = camt(ntry(tx="<TxDtls><RltdPties><Dbtr><Pty><Nm>张三</Nm></Pty></Dbtr></RltdPties></TxDtls>"))
    data = doc.replace('encoding="UTF-8"', 'encoding="GBK"').encode("gbk")
    assert parse_statement(data).entries[0].payer_name == "张三"
    assert refused(data.replace(b"GBK", b"GB2312") + "\U0001f600".encode()) == [
        "XML 文件声明的编码为 GB2312，但内容不是该编码"
    ]


def test_a_booking_date_time_with_an_offset_is_taken_in_beijing_time():
    doc = camt(
        ntry(day="").replace(
            "<AcctSvcrRef>", "<BookgDt><DtTm>2026-11-30T17:00:00Z</DtTm></BookgDt><AcctSvcrRef>"
        )
    )
    assert parse_statement(doc.encode()).entries[0].booked_on == date(2026, 12, 1)


def test_bad_camt053_entries_are_each_named():
    doc = camt(
        ntry("R1", amount="12,3a")
        + ntry("R2", amount="0.00")
        + ntry("R3", amount="-5.00")
        + ntry("R4", amount="1.234")
        + ntry("R5", amount="1000000000000.01")
        + ntry("R6", ccy="USD")
        + ntry("R7", ind="XXXX")
        + ntry("R8", day="2026-02-30")
        + ntry("R9", day="")
        + ntry("")
        + ntry("R1")
        + ntry("R11", amount="5.00")
    )
    problems = refused(doc)
    expected = [
        ("第1笔（AcctSvcrRef R1）", "12,3a", "不是有效金额"),
        ("第2笔（AcctSvcrRef R2）", "0.00", "大于零"),
        ("第3笔（AcctSvcrRef R3）", "-5.00", "不是有效金额"),
        ("第4笔（AcctSvcrRef R4）", "1.234", "两位小数"),
        ("第5笔（AcctSvcrRef R5）", "1000000000000.01", "过大"),
        ("第6笔（AcctSvcrRef R6）", "USD", "CNY"),
        ("第7笔（AcctSvcrRef R7）", "XXXX", "借贷标志"),
        ("第8笔（AcctSvcrRef R8）", "2026-02-30", "记账日期"),
        ("第9笔（AcctSvcrRef R9）", "缺少记账日期", ""),
        ("第10笔", "缺少交易流水号", "AcctSvcrRef"),
        ("第11笔（AcctSvcrRef R1）", "第1笔", "重复"),
    ]
    assert len(problems) == len(expected), problems
    for problem, (where, a, b) in zip(problems, expected, strict=True):
        assert problem.startswith(where) and a in problem and b in problem, problem


def test_a_batch_entry_needs_a_reference_and_an_amount_per_transaction():
    two = (
        '<TxDtls><Refs><AcctSvcrRef>R1-1</AcctSvcrRef></Refs><Amt Ccy="CNY">40.00</Amt></TxDtls>'
        '<TxDtls><Amt Ccy="CNY">60.00</Amt></TxDtls>'
    )
    assert refused(camt(ntry(tx=two))) == ["第2笔：该记账含2条明细（TxDtls），每条明细须有自己的 AcctSvcrRef"]
    no_amount = "<TxDtls><Refs><AcctSvcrRef>R1-1</AcctSvcrRef></Refs></TxDtls>" * 1 + (
        "<TxDtls><Refs><AcctSvcrRef>R1-2</AcctSvcrRef></Refs></TxDtls>"
    )
    assert refused(camt(ntry(tx=no_amount))) == [
        "第1笔（AcctSvcrRef R1-1）缺少金额",
        "第2笔（AcctSvcrRef R1-2）缺少金额",
    ]
    wrong_sum = two.replace("<Amt", "<Refs><AcctSvcrRef>R1-2</AcctSvcrRef></Refs><Amt", 2).replace(
        "<Refs><AcctSvcrRef>R1-1</AcctSvcrRef></Refs><Refs><AcctSvcrRef>R1-2</AcctSvcrRef></Refs>",
        "<Refs><AcctSvcrRef>R1-1</AcctSvcrRef></Refs>",
    )
    [problem] = refused(camt(ntry(tx=wrong_sum, amount="90.00")))
    assert "第1至2笔" in problem and "100.00" in problem and "90.00" in problem


def test_pending_information_and_future_entries_are_skipped_an_unknown_status_is_refused():
    doc = camt(
        ntry("R1", sts="<Sts><Cd>PDNG</Cd></Sts>") + ntry("R2", sts="<Sts>INFO</Sts>")
        + ntry("R3", sts="<Sts><Cd>FUTR</Cd></Sts>") + ntry("R4")
    )  # fmt: skip
    assert [(e.line, e.transaction_id) for e in parse_statement(doc.encode()).entries] == [(4, "R4")]
    assert refused(camt(ntry("R1", sts="<Sts>HELD</Sts>"))) == ["第1笔（AcctSvcrRef R1）状态“HELD”无法识别"]


def test_broken_xml_is_one_message_with_line_and_column():
    [problem] = refused(camt(ntry()).replace("</Stmt>", ""))
    assert re.search(r"XML 格式错误（第1行第\d+列）", problem)


def test_not_a_statement_and_no_account_are_refused():
    camt052 = camt(ntry()).replace("BkToCstmrStmt", "BkToCstmrAcctRpt")
    assert refused(camt052) == ["不是 camt.053 对账单：缺少 Document/BkToCstmrStmt"]
    assert refused("<html><body>登录</body></html>") == ["不是 camt.053 对账单：缺少 Document/BkToCstmrStmt"]
    problems = refused(camt(ntry() + ntry("R2", amount="x"), acct=""))
    assert problems[0] == "第1个对账单（Stmt）缺少对账账户（Stmt/Acct）"
    assert problems[1].startswith("第2笔（AcctSvcrRef R2）金额“x”")


ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Document><BkToCstmrStmt><Stmt><Id>&lol3;</Id></Stmt></BkToCstmrStmt></Document>"""
EXTERNAL = """<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Document><BkToCstmrStmt><Stmt><Id>&x;</Id></Stmt></BkToCstmrStmt></Document>"""
PLAIN_DTD = '<?xml version="1.0"?><!DOCTYPE Document SYSTEM "camt.dtd"><Document/>'


@pytest.mark.parametrize("doc", [ENTITY_BOMB, EXTERNAL, PLAIN_DTD], ids=["bomb", "external", "dtd"])
def test_a_dtd_or_entity_is_refused_cleanly(doc):
    [problem] = refused(doc)
    assert "DTD" in problem and "拒绝" in problem


# --- CSV -------------------------------------------------------------------------------------------

SAMPLE_CSV = [
    entry(
        2, "第2行", "B20261130000001", "50000.00", sub_account="13050161990000000888001", payer_name="张三",
        payer_account="6222020200112233445", remittance="(2026)冀9601执123号 执行款",
    ),
    entry(
        3, "第3行", "B20261130000002", "12834.50", sub_account="13050161990000000888002",
        payer_name="河北某某建筑工程有限公司", payer_account="130501619900000012345",
        remittance="(2026)冀9601执456号 案款",
    ),
    entry(
        4, "第4行", "B20261130000003", "10000.00", payer_name="李四", payer_account="6217000010001234567",
        remittance="(2026)冀9601执789号",
    ),
    entry(
        6, "第6行", "B20261130000006", "30000.00", direction="debit",
        remittance="发还案款 (2026)冀9601执123号", end_to_end_id="PAYOUT-2026-000042",
    ),
]  # fmt: skip


def test_the_sample_csv_reads_with_its_line_numbers_and_an_unknown_column_ignored():
    data = (DATA / "statement_sample.csv").read_bytes()
    statement = parse_statement(data)
    assert (statement.account, statement.entries) == (POOL, SAMPLE_CSV)
    assert re.fullmatch(r"CSV-[0-9a-f]{16}", statement.statement_id)
    assert parse_statement(data).statement_id == statement.statement_id


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_gb18030_and_bom_csv_read_alike(encoding):
    text = (DATA / "statement_sample.csv").read_text("utf-8")
    assert parse_statement(text.encode(encoding)).entries == SAMPLE_CSV


def test_english_headers_in_any_order_and_crlf_lines():
    text = (
        "Amount,ACCOUNT,transaction_id,booked_on,direction,currency,payer_name,payer_account,remittance\r\n"
        f"1.5,{POOL},T1,2026-11-30,crdt,cny,某某,62,附言\r\n"
    )
    [got] = parse_statement(text.encode()).entries
    assert got == entry(2, "第2行", "T1", "1.50", payer_name="某某", payer_account="62", remittance="附言")


def test_the_documented_example_parses():
    block = re.search(r"```csv\n(.*?)```", DOC.read_text("utf-8"), re.S)
    assert block is not None
    entries = parse_statement(block.group(1).encode()).entries
    assert [(e.transaction_id, e.direction, e.amount) for e in entries] == [
        ("B20261130000001", "credit", Decimal("50000.00")),
        ("B20261130000002", "credit", Decimal("12834.50")),
        ("B20261130000006", "debit", Decimal("30000.00")),
    ]


HEADER = "账号,交易流水号,记账日期,借贷标志,金额,币种,付款人户名,付款人账号,附言\n"


def row(tid: str = "T1", amount: str = "100.00", ccy: str = "CNY", ind: str = "贷", day: str = "2026-11-30",
        account: str = POOL) -> str:  # fmt: skip
    return f"{account},{tid},{day},{ind},{amount},{ccy},张三,6222,附言\n"


def test_bad_csv_rows_are_each_named():
    text = HEADER + "".join([
        row("T1", amount='"12,3a"'), row("T2", amount="0"), row("T3", amount="-1"), row("T4", amount="1.234"),
        row("T5", amount="10000000000000"), row("T6", ccy="USD"), row("T7", ind="收"), row("T8", day="2026/11/30"),
        row("T9", day=""), row(""), row("T1"), row("T12", account="999"), row("T13", amount=""),
    ])  # fmt: skip
    problems = refused(text)
    expected = [
        ("第2行（流水号 T1）", "12,3a"),
        ("第3行（流水号 T2）", "大于零"),
        ("第4行（流水号 T3）", "大于零"),
        ("第5行（流水号 T4）", "1.234"),
        ("第6行（流水号 T5）", "过大"),
        ("第7行（流水号 T6）", "USD"),
        ("第8行（流水号 T7）", "收"),
        ("第9行（流水号 T8）", "2026/11/30"),
        ("第10行（流水号 T9）", "缺少记账日期"),
        ("第11行", "缺少交易流水号"),
        ("第12行（流水号 T1）", "第2行"),
        ("第13行", "第2行的账号"),
        ("第14行（流水号 T13）", "缺少金额"),
    ]
    assert len(problems) == len(expected), problems
    for problem, (where, part) in zip(problems, expected, strict=True):
        assert problem.startswith(where) and part in problem, problem
    assert "重复" in problems[10] and "999" in problems[11]


def test_missing_columns_are_named_and_a_ragged_row_refused():
    [problem] = refused("账号,交易流水号,金额,币种,备注\n")
    assert problem.startswith("表头缺少必需的列")
    for name in ("记账日期", "借贷标志", "付款人户名", "付款人账号", "附言"):
        assert name in problem
    assert "子账号" not in problem and "端到端标识" not in problem
    assert refused(HEADER + row() + "a,b\n") == ["第3行有2列，与表头的9列不一致"]
    assert refused("金额,金额\n")[0] == "表头第1列和第2列都是“金额”"


def test_empty_and_oversized_files_are_refused(monkeypatch):
    assert refused(b"") == ["文件为空：CSV 须有表头行"]
    assert refused(b" \n\n") == ["文件为空：CSV 须有表头行"]
    assert "20 MB" in refused(b"x" * (MAX_BYTES + 1))[0]
    monkeypatch.setattr(statement_pkg.csv, "MAX_ENTRIES", 2)
    assert refused(HEADER + row("T1") + row("T2") + row("T3")) == ["对账单超过 2 行，请分批导入"]
    monkeypatch.setattr(statement_pkg.camt, "MAX_ENTRIES", 2)
    assert refused(camt(ntry("R1") + ntry("R2") + ntry("R3"))) == ["对账单超过 2 笔交易，请分批导入"]


def test_a_header_only_file_is_an_empty_statement():
    assert parse_statement(HEADER.encode()).entries == []


# --- Writing ---------------------------------------------------------------------------------------


def test_write_camt053_round_trips_the_sample_and_refuses_what_the_schema_cannot_hold():
    created = datetime(2026, 12, 1, 6, 0)
    data = write_camt053(POOL, "STMT1", SAMPLE_XML, created)
    assert data.startswith(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">'
    )
    back = parse_statement(data)
    assert (back.account, back.statement_id) == (POOL, "STMT1")
    keep = ["transaction_id", "direction", "amount", "booked_on", "sub_account", "payer_name", "remittance"]
    assert [[getattr(e, k) for k in keep] for e in back.entries] == [
        [getattr(e, k) for k in keep] for e in SAMPLE_XML
    ]
    assert [e.line for e in back.entries] == [1, 2, 3, 4, 5]
    assert b"<Cd>CLBD</Cd>" in data and b"62834.50" in data  # closing = 0 + credits - debits
    with pytest.raises(ValueError):
        write_camt053(POOL, "S" * 36, [], created)
    with pytest.raises(ValueError):
        write_camt053(POOL, "S1", [entry(1, "", "R\x01", "1.00")], created)


def test_a_long_remittance_is_written_in_140_character_pieces():
    long = "执" * 300
    data = write_camt053(POOL, "S1", [entry(1, "", "R1", "1.00", remittance=long)], datetime(2026, 12, 1))
    assert data.count(b"<Ustrd>") == 3
    assert parse_statement(data).entries[0].remittance == " ".join(["执" * 140, "执" * 140, "执" * 20])

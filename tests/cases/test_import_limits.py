"""Limits of an import file, refused in Chinese before anything is written (issue 7, "Security"): file
size, unpacked size and compression ratio of an .xlsx, rows, columns, NUL characters and over-long
cells of a CSV. Parties per case: test_party_limit."""

from __future__ import annotations

import csv
import re
import time
import zipfile

import pytest

from tests.cases.test_import_support import LABELS, good_rows, run, write_csv, write_xlsx
from zhixing.cases.importing import FileError, read_table, reader
from zhixing.cases.models import Case

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def add_member(path, name: str, megabytes: int) -> None:
    """A member of `megabytes` MB of zeros, written in chunks: packs to about 1/230 of its size."""
    chunk = b"0" * MB
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open(name, "w", force_zip64=True) as f:
            for _ in range(megabytes):
                f.write(chunk)


def test_the_limits_are_those_documented():
    assert (reader.MAX_FILE_BYTES, reader.MAX_UNPACKED_BYTES) == (50 * MB, 200 * MB)
    assert (reader.MAX_ROWS, reader.MAX_COLUMNS, reader.MAX_RATIO) == (100_000, 200, 100)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, courts, monkeypatch):
    path = write_csv(tmp_path / "big.csv", good_rows())
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", path.stat().st_size - 1)
    monkeypatch.setattr(reader, "read_csv", lambda data: pytest.fail("read"))
    code, _out, err = run(path)
    assert code == 1 and "MB 的上限" in err and not Case.objects.exists()


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_at_once(tmp_path, courts):
    path = write_xlsx(tmp_path / "bomb.xlsx", good_rows())
    add_member(path, "xl/worksheets/sheet2.xml", 250)
    assert path.stat().st_size < 2 * MB
    started = time.perf_counter()
    with pytest.raises(FileError, match="解压后有 250 MB，超过 200 MB 的上限"):
        read_table(path)
    assert time.perf_counter() - started < 1.0
    code, _out, err = run(path)
    assert code == 1 and "超过 200 MB 的上限" in err and not Case.objects.exists()


def test_an_absurd_compression_ratio_is_refused(tmp_path, courts):
    path = write_xlsx(tmp_path / "ratio.xlsx", good_rows())
    add_member(path, "xl/media/image1.png", 20)
    with pytest.raises(FileError, match=r"“xl/media/image1.png”压缩比异常（\d+ 倍）"):
        read_table(path)


def test_more_rows_than_the_limit_are_refused(tmp_path, courts, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 2)
    code, _out, err = run(write_csv(tmp_path / "rows.csv", good_rows()))
    assert code == 1 and "文件超过 2 行案件（第4行起超出）" in err and not Case.objects.exists()


def test_content_beyond_the_last_column_is_refused_and_blank_cells_there_are_not(tmp_path, courts):
    rows = good_rows()
    header = LABELS + [""] * 250
    path = write_csv(tmp_path / "wide.csv", rows, header=header)
    code, _out, err = run(path)
    assert code == 0, err  # trailing empty cells (a sheet formatted far to the right) are harmless
    Case.objects.all().delete()
    with path.open(encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    table[2][200] = "x"  # a cell in column 201 of row 3
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(table)
    code, _out, err = run(path)
    assert code == 1 and "第3行第201列有内容：导入文件最多 200 列" in err


def test_a_nul_character_in_a_csv_is_refused_with_its_row(tmp_path, courts):
    rows = good_rows()
    rows[1]["applicants"] = "李\x00某"
    code, _out, err = run(write_csv(tmp_path / "nul.csv", rows))
    assert code == 1 and "CSV 文件第3行含有空字符（NUL）" in err
    assert not Case.objects.exists()


def test_an_over_long_cell_is_refused_in_chinese(tmp_path, courts):
    path = write_csv(tmp_path / "quote.csv", good_rows())
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("张执行", '"张执行', 1)  # an opening quote never closed
    path.write_text("\n".join(lines + ["某" * 140_000]), encoding="utf-8")
    code, _out, err = run(path)
    assert code == 1 and "CSV 文件第4行有一个单元格超过 131072 个字符" in err
    assert "field larger" not in err and not re.search(r"[A-Za-z]{6,}", err.replace("CSV", ""))

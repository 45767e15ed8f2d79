"""The PDF basics documents and supervision share (zhixing.core.pdf): finding the CJK fonts."""

from __future__ import annotations

import pytest

from zhixing.core import pdf


def test_fonts_are_found_in_a_directory_named_by_the_setting(settings, tmp_path, monkeypatch):
    (tmp_path / "NotoSansCJK-Regular.ttc").write_bytes(b"")
    settings.ZHIXING_CJK_FONT_DIRS = [str(tmp_path)]
    monkeypatch.setattr(pdf, "FONT_DIRS", [])
    fonts = pdf.find_fonts()
    assert fonts == {"sans": tmp_path / "NotoSansCJK-Regular.ttc"}
    css = pdf.font_face_css(fonts)
    assert '"NotoSerifCJK"' in css and (tmp_path / "NotoSansCJK-Regular.ttc").as_uri() in css


def test_without_a_cjk_font_the_refusal_is_chinese(settings, tmp_path, monkeypatch):
    settings.ZHIXING_CJK_FONT_DIRS = [str(tmp_path / "no-fonts")]
    monkeypatch.setattr(pdf, "FONT_DIRS", [])
    with pytest.raises(pdf.FontNotFound, match="未找到中文字体文件"):
        pdf.font_context()

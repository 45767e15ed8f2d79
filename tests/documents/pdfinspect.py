"""Look inside a PDF without a PDF library: enough to see which fonts it embeds."""

from __future__ import annotations

import io
import re
import zlib


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects with every deflated stream inflated (WeasyPrint packs the font dictionaries
    into compressed object streams, so the raw bytes alone do not show them)."""
    parts = [pdf]
    for m in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", m.end())
        try:
            parts.append(zlib.decompressobj().decompress(pdf[m.end() : end]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def embedded_fonts(pdf: bytes) -> list[str]:
    """Names of the fonts whose descriptor carries an embedded font program (/FontFile, /FontFile2 or
    /FontFile3)."""
    objects = pdf_objects(pdf)
    names = []
    for m in re.finditer(rb"/Type\s*/FontDescriptor(.*?)>>", objects, re.S):
        body = m.group(1)
        name = re.search(rb"/FontName\s*/([^\s/<>\[\]]+)", body)
        if name and re.search(rb"/FontFile[23]?\s", body):
            names.append(name.group(1).decode("latin-1"))
    return names


def embedded_font_programs(pdf: bytes) -> list[str]:
    """PostScript names (name table, ID 6) read from the font programs embedded in the PDF: this is the
    font file itself speaking, not the name the PDF gives it."""
    from fontTools.ttLib import TTFont

    names = []
    for m in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", m.end())
        try:
            data = zlib.decompressobj().decompress(pdf[m.end() : end])
            font = TTFont(io.BytesIO(data), lazy=True)
            names.append(str(font["name"].getDebugName(6)))
        except Exception:  # not a font program
            continue
    return names

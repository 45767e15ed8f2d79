"""Invariants of the documents app, run by `zhixing check` (registered in zhixing.core.checks)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from zhixing.core.checks import register

from .queries import broken_files


@register("法律文书文件与指纹一致")
def document_files_match_fingerprints() -> Iterator[str]:
    """The public verification page vouches for the SHA-256 recorded at issue; a stored PDF that is
    missing or differs from it means the file was replaced or damaged after issue."""
    for doc, actual in broken_files():
        if actual is None:
            yield _("文书 %(number)s 的 PDF 文件缺失") % {"number": doc.number}
        else:
            yield _("文书 %(number)s 的 PDF 文件指纹 %(actual)s 与签发时记录的 %(expected)s 不符") % {
                "number": doc.number,
                "actual": actual,
                "expected": doc.sha256,
            }

"""Render a legal document to an A4 PDF with WeasyPrint from a Django template.

Chinese text needs a CJK font embedded in the PDF, or a reader without one shows empty boxes. The
Noto CJK files are found at run time in a short list of known places (Debian's fonts-noto-cjk and the
paths other distributions use, after any directory named in ZHIXING_CJK_FONT_DIRS) and referenced by
@font-face, so the output does not depend on what fontconfig happens to know. The .ttc collections
hold the Japanese face first; `<html lang="zh-CN">` makes the shaper apply the font's `locl` feature,
which swaps in the Simplified Chinese glyph forms.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from zhixing.cases.models import Party
from zhixing.core.money import format_yuan

from . import rules

# File names of the Noto CJK collections, by role. The body needs a serif or a sans regular face;
# the bold serif (titles) is optional: without it the title is set in the regular face.
FONT_FILES = {
    "serif": ["NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular.otf"],
    "serif_bold": ["NotoSerifCJK-Bold.ttc", "NotoSerifCJKsc-Bold.otf"],
    "sans": ["NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf"],
}
# Where distributions put them: Debian/Ubuntu (fonts-noto-cjk), Arch (noto-fonts-cjk), Fedora
# (google-noto-*-cjk-fonts), Alpine (font-noto-cjk), and a user's own font folder.
FONT_DIRS = [
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-serif-cjk-fonts",
    "/usr/share/fonts/google-noto-sans-cjk-fonts",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/noto",
    "~/.local/share/fonts",
    "~/.fonts",
]
# The CSS family names double as the embedded font names, so a PDF shows which font it carries.
FAMILIES = {"serif": "NotoSerifCJK", "sans": "NotoSansCJK"}


class FontNotFound(RuntimeError):
    """No CJK font file was found: a PDF without one would show no Chinese text."""


def font_dirs() -> list[Path]:
    extra = getattr(settings, "ZHIXING_CJK_FONT_DIRS", None) or os.environ.get("ZHIXING_CJK_FONT_DIRS", "")
    if isinstance(extra, str):
        extra = [p for p in extra.split(os.pathsep) if p]
    return [Path(p).expanduser() for p in [*extra, *FONT_DIRS]]


def find_fonts(dirs: list[Path] | None = None) -> dict[str, Path]:
    """The font file for each role that has one. Raises FontNotFound when neither a serif nor a sans
    regular face exists."""
    dirs = font_dirs() if dirs is None else dirs
    found: dict[str, Path] = {}
    for role, names in FONT_FILES.items():
        for d in dirs:
            hit = next((d / n for n in names if (d / n).is_file()), None)
            if hit is not None:
                found[role] = hit
                break
    if "serif" not in found and "sans" not in found:
        raise FontNotFound(
            _(
                "未找到中文字体文件（%(files)s），无法生成文书 PDF。已查找的目录：%(dirs)s。"
                "请安装 Debian 软件包 fonts-noto-cjk，或设置环境变量 ZHIXING_CJK_FONT_DIRS 指向存放上述字体文件的目录。"
            )
            % {
                "files": "、".join(FONT_FILES["serif"] + FONT_FILES["sans"]),
                "dirs": "、".join(str(d) for d in dirs),
            }
        )
    return found


def font_face_css(fonts: dict[str, Path]) -> str:
    """@font-face rules for the fonts found; the body family falls back to sans when serif is missing."""
    serif = fonts.get("serif") or fonts["sans"]
    rules_css = [f'@font-face {{ font-family: "{FAMILIES["serif"]}"; src: url("{serif.as_uri()}"); }}']
    if "serif_bold" in fonts:
        rules_css.append(
            f'@font-face {{ font-family: "{FAMILIES["serif"]}"; font-weight: bold; '
            f'src: url("{fonts["serif_bold"].as_uri()}"); }}'
        )
    sans = fonts.get("sans") or serif
    rules_css.append(f'@font-face {{ font-family: "{FAMILIES["sans"]}"; src: url("{sans.as_uri()}"); }}')
    return "\n".join(rules_css)


def public_base_url() -> str:
    """Where the public verification page is reached from outside (printed in the QR code)."""
    default = os.environ.get("ZHIXING_PUBLIC_URL", "http://127.0.0.1:8000")
    return str(getattr(settings, "ZHIXING_PUBLIC_URL", default) or default).rstrip("/")


def verification_url(code: str) -> str:
    return public_base_url() + reverse("verify:detail", args=[code])


def qr_data_uri(url: str) -> str:
    import segno

    # Error level M survives a stamp or a fold across the code; SVG keeps it sharp at any print size.
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2)


@dataclass(frozen=True)
class Draft:
    """What a document says, fixed before it is rendered."""

    kind: rules.DocumentKind
    number: str
    verification_code: str
    issued_on: dt.date
    version: int


def document_context(case, draft: Draft, issuer, *, perform_days: int, report_days: int) -> dict:
    """Everything the document templates print, as plain values (the templates hold no logic)."""
    parties = list(case.parties.all())
    debtors = [p for p in parties if p.role == Party.DEBTOR]
    applicants = [p for p in parties if p.role == Party.APPLICANT]
    has_unit = any(p.kind == Party.UNIT for p in debtors)
    return {
        "font_css": font_face_css(find_fonts()),
        "serif": FAMILIES["serif"],
        "sans": FAMILIES["sans"],
        "court_name": case.court.name,
        "title": str(draft.kind.title),
        "number": draft.number,
        "case_number": case.case_number,
        "version": draft.version,
        "debtors": "、".join(p.name for p in debtors),
        "applicants": "、".join(p.name for p in applicants),
        "you": rules.address_form([p.kind for p in debtors]),
        "has_unit_debtor": has_unit,
        "cause": case.cause or _("执行"),
        "basis": case.basis.number if case.basis_id else "",
        "filed_on": _("%(y)d年%(m)d月%(d)d日")
        % {"y": case.filed_on.year, "m": case.filed_on.month, "d": case.filed_on.day},
        "amount": format_yuan(case.applied_amount),
        "perform_period": rules.performance_period_text(perform_days),
        "report_days": report_days,
        "handler_name": case.handler_name or "",
        "issuer_name": getattr(issuer, "full_name", "") or "",
        "issued_on_cn": rules.chinese_date(draft.issued_on),
        "verification_code": draft.verification_code,
        "verify_url": verification_url(draft.verification_code),
        "verify_entry": public_base_url() + reverse("verify:form"),
        "qr": qr_data_uri(verification_url(draft.verification_code)),
    }


def render_pdf(kind: rules.DocumentKind, context: dict) -> bytes:
    """The PDF bytes of a document of `kind`, from template `documents/pdf/<kind>.html`."""
    from weasyprint import HTML

    html = render_to_string(f"documents/pdf/{kind.code}.html", context)
    return HTML(string=html).write_pdf()

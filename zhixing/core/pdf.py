"""PDF basics every app that prints shares: the Noto CJK fonts and WeasyPrint (ARCHITECTURE: WeasyPrint
with Noto CJK fonts). They live in core so that documents (legal documents) and supervision (bulletins,
assessment reports) both import them downward, not one from the other (issue 8 item 3).

Chinese text needs a CJK font embedded in the PDF, or a reader without one shows empty boxes. The
Noto CJK files are found at run time in a short list of known places (Debian's fonts-noto-cjk and the
paths other distributions use, after any directory named in ZHIXING_CJK_FONT_DIRS) and referenced by
@font-face, so the output does not depend on what fontconfig happens to know. The .ttc collections
hold the Japanese face first; `<html lang="zh-CN">` makes the shaper apply the font's `locl` feature,
which swaps in the Simplified Chinese glyph forms.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

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


def font_context() -> dict[str, str]:
    """What a PDF template needs to set its text in the CJK fonts: the @font-face rules and the serif
    and sans family names. Raises FontNotFound when there is no CJK font."""
    return {"font_css": font_face_css(find_fonts()), "serif": FAMILIES["serif"], "sans": FAMILIES["sans"]}


def write_pdf(html: str) -> bytes:
    """The PDF bytes of an HTML page (WeasyPrint, imported only when a PDF is made)."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()

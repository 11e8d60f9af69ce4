"""The embedded Unicode font (DejaVu Sans) for every PDF the app draws with reportlab."""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from inspector.paths import FONTS_DIR

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}


class FontMissing(FileNotFoundError):
    """A shipped font file is not where resources/fonts should have it."""


@cache
def register_fonts() -> None:
    """Register the DejaVu family with reportlab once per process (Polish, Romanian, Cyrillic)."""
    for name, file in _FILES.items():
        path = FONTS_DIR / file
        if not path.is_file():
            raise FontMissing(f"The font file {path} is missing.")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD
    )

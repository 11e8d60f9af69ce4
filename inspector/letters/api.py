"""The public entry points: which letters exist in which languages, and rendering them."""

from __future__ import annotations

from inspector.letters import templates
from inspector.letters.compose import compose
from inspector.letters.model import KINDS, LetterContext, LetterError


def available_languages(kind: str) -> tuple[str, ...]:
    """Languages in which the letter *kind* exists, e.g. ("nl", "en", "pl", "uk", "ro")."""
    return templates.available_languages(kind)


def render(kind: str, lang: str, context: LetterContext, fmt: str = "pdf") -> bytes:
    """The letter *kind* in *lang* as PDF or DOCX bytes; raises :class:`LetterError`."""
    if kind not in KINDS:
        raise LetterError(f"Unknown letter kind {kind!r}; known kinds: {', '.join(KINDS)}.")
    if fmt not in ("pdf", "docx"):
        raise LetterError(f"Unknown output format {fmt!r}; use 'pdf' or 'docx'.")
    letter = compose(kind, lang, context)
    if fmt == "pdf":
        from inspector.letters.pdf_out import render_pdf

        return render_pdf(letter)
    from inspector.letters.docx_out import render_docx

    return render_docx(letter)

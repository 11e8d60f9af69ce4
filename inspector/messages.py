"""Bilingual (nl/en) officer messages with a stable code: registration, ID and list checks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BilingualMessage:
    """One readable sentence in Dutch and English, plus a code that tests and callers match on."""

    code: str
    nl: str
    en: str

    def text(self, lang: str) -> str:
        """The Dutch text for ``nl``; English for every other language (officer-facing text)."""
        return self.nl if lang == "nl" else self.en

    def as_dict(self) -> dict[str, str]:
        """The LocalizedText shape used elsewhere in the app: ``{"nl": ..., "en": ...}``."""
        return {"nl": self.nl, "en": self.en}

    def __str__(self) -> str:
        return self.en

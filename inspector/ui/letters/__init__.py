"""Letters in the window: the panel that previews, prints and saves an inspection's letters."""

from __future__ import annotations

from inspector.ui.letters.panel import LetterPanel

__all__ = ["LetterPanel"]

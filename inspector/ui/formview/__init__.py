"""Generic questionnaire screens: any form file as section pages, one widget per field type."""

from __future__ import annotations

from inspector.ui.formview.view import AUTOSAVE_MS, FormView

__all__ = ["AUTOSAVE_MS", "FormView"]

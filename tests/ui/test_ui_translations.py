"""Interface translations: every visible string has a Dutch translation that keeps its
placeholders, and the compiled .qm matches the .ts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from inspector.ui import i18n


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_interface_string_is_translated(tmp_path: Path, lang: str) -> None:
    current = tmp_path / f"inspector_{lang}.ts"
    shutil.copy(i18n.ts_path(lang), current)
    # lupdate on the current sources: a string added in code without a translation shows up
    # as unfinished here.
    i18n.update(lang, current)
    assert i18n.problems(current) == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_compiled_translation_is_current(tmp_path: Path, lang: str) -> None:
    fresh = i18n.release(lang, target=tmp_path / "fresh.qm")
    assert i18n.qm_path(lang).read_bytes() == fresh.read_bytes(), (
        "run: python -m inspector.ui.i18n release"
    )


def test_dutch_is_loaded_by_default(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    from inspector.ui.app import install_translation

    assert install_translation(qapp, "nl")
    assert QCoreApplication.translate("InspectionTableModel", "Postcode") == "Postcode"
    assert QCoreApplication.translate("InspectionListPage", "&New inspection") != (
        "&New inspection"
    )
    install_translation(qapp, "en")
    assert QCoreApplication.translate("InspectionListPage", "&New inspection") == (
        "&New inspection"
    )


def test_placeholder_check_catches_a_lost_placeholder(tmp_path: Path) -> None:
    ts = tmp_path / "x.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="nl">'
        "<context><name>C</name><message><source>Try again in {0} s.</source>"
        "<translation>Probeer het later opnieuw.</translation></message></context></TS>",
        encoding="utf-8",
    )
    assert "placeholders differ" in i18n.problems(ts)[0]


def test_plural_texts_of_inherited_parts_are_translated(qapp) -> None:  # type: ignore[no-untyped-def]
    """PySide6 looks a plural up in the object's own class only: the form view's parts and the
    wizard's page base say theirs through translate_in_classes."""
    from inspector.ui.app import install_translation
    from inspector.ui.formview import FormView
    from inspector.ui.registration.details_page import DetailsPage

    assert install_translation(qapp, "nl")
    try:
        assert i18n.translate_in_classes(FormView, "%n missing", "", 1) == "1 ontbreekt"
        assert i18n.translate_in_classes(FormView, "%n missing", "", 3) == "3 ontbreken"
        text = "%n field(s) still to complete or correct, first: {0}"
        assert i18n.translate_in_classes(DetailsPage, text, "", 2).startswith("Nog 2 velden")
        assert i18n.translate_in_classes(FormView, "no such text", None, -1) == "no such text"
    finally:
        install_translation(qapp, "en")

"""Suggested file names: what it is, the address, the date; safe on every file system."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.core.filenames import suggested_file_name

DAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("Controlebrief", "Voorbeeldstraat 12 Gouda", DAY, "pdf", "pl"),
         "Controlebrief - Voorbeeldstraat 12 Gouda - 2026-11-30 (pl).pdf"),
        (("Inschrijfformulier", "Laan 1/3 Gouda", DAY, ".pdf", "kamer 3 v2"),
         "Inschrijfformulier - Laan 1 3 Gouda - 2026-11-30 (kamer 3 v2).pdf"),
        (("Rapport", 'a:b*c?"<>|', DAY, "docx", ""), "Rapport - a b c - 2026-11-30.docx"),
        (("Rapport", "", DAY, "pdf", ""), "Rapport - 2026-11-30.pdf"),
    ],
)  # fmt: skip
def test_names(args: tuple, expected: str) -> None:  # type: ignore[type-arg]
    assert suggested_file_name(*args) == expected


def test_long_addresses_are_cut() -> None:
    name = suggested_file_name("Rapport", "x" * 400, DAY, "pdf")
    assert len(name) <= 160 and name.endswith(".pdf")


def test_a_series_is_numbered_and_names_the_room_never_the_resident() -> None:
    from inspector.core.filenames import series_file_names

    names = series_file_names(
        "Uitnodiging inschrijving BRP", "Voorbeeldweg 1 Panningen", DAY, "pdf",
        [("12", "pl"), ("Chalet 13", "ro"), (None, "uk"), ("12", "pl")],
    )  # fmt: skip
    start = "Uitnodiging inschrijving BRP - Voorbeeldweg 1 Panningen - 2026-11-30"
    assert names == [
        f"{start} (1, kamer 12, pl).pdf",
        f"{start} (2, Chalet 13, ro).pdf",
        f"{start} (3, uk).pdf",
        f"{start} (4, kamer 12, pl).pdf",
    ]
    assert len(set(names)) == len(names)

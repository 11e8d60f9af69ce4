"""Employer's lists as they really come (tests/data/lists, made by LibreOffice and openpyxl):
every row imported must equal the truth; a row left out must be refused with a reason that
names it; a file refused or a choice asked must say what and why."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from inspector.employer_list.importlist import (
    FLAG_DAMAGED_NAME,
    FileError,
    ListOptions,
    read_list,
)

LISTS = Path(__file__).parent.parent / "data" / "lists"
EXPECTED: dict[str, Any] = yaml.safe_load((LISTS / "expected.yaml").read_text(encoding="utf-8"))
TODAY = date.fromisoformat(EXPECTED["today"])
CASES: dict[str, dict[str, Any]] = EXPECTED["cases"]
FIELDS = ("surname", "given_names", "birth_date", "arrival_date", "birth_place",
          "birth_country", "bsn", "room")  # fmt: skip


def test_every_class_has_at_least_two_cases_and_libreoffice_made_some() -> None:
    per_class: dict[int, int] = {}
    for spec in CASES.values():
        per_class[spec["class"]] = per_class.get(spec["class"], 0) + 1
    assert {5, 6, 7, 8, 9} <= set(per_class)
    assert all(count >= 2 for count in per_class.values()), per_class
    made_by_lo = [name for name in CASES if name.startswith("lo-")]
    assert any(n.endswith(".ods") for n in made_by_lo) and "lo-header-variants.xlsx" in CASES
    for spec_name, spec in CASES.items():
        assert (LISTS / spec.get("file", spec_name)).is_file(), spec_name


def _value(row: Any, key: str) -> Any:
    value = getattr(row, key)
    return value.isoformat() if isinstance(value, date) else value


@pytest.mark.parametrize("name", sorted(CASES))
def test_list_gives_the_truth(name: str) -> None:
    spec = CASES[name]
    path = LISTS / spec.get("file", name)
    options = ListOptions(**spec.get("options", {}))
    if "refused" in spec:
        with pytest.raises(FileError) as info:
            read_list(path, today=TODAY, options=options)
        assert info.value.message.code == spec["refused"]
        return
    result = read_list(path, today=TODAY, options=options)
    if "choices" in spec:
        assert [m.code for m in result.choices_needed] == spec["choices"]
        assert result.rows == [] and result.errors == []
        for message in result.choices_needed:
            assert message.nl.endswith(".") and ("Kies" in message.nl)
        return
    assert result.choices_needed == []
    truth = {row["row"]: row for row in spec["rows"]}
    flagged = set(spec.get("flagged", []))
    imported = {row.row_number: row for row in result.rows}
    for number, row in imported.items():
        if FLAG_DAMAGED_NAME in row.flags:
            assert number in flagged, f"row {number} flagged without reason"
            continue
        assert number in truth, f"row {number} imported but not in the truth"
        for key in FIELDS:
            if key in truth[number]:
                assert _value(row, key) == truth[number][key], (number, key)
    refused = {error.row_number for error in result.errors}
    for number in truth:
        assert number in imported or number in refused, f"row {number} lost without a word"
    for error in result.errors:
        assert error.reason.nl.endswith(".")
    assert {n for n, r in imported.items() if FLAG_DAMAGED_NAME in r.flags} == flagged
    assert result.hidden_rows == spec.get("hidden", [])
    summary = result.summary()
    assert f"{result.rows_read} " in summary.en
    if "sheet" in spec:
        assert result.sheet == spec["sheet"]
        assert f"'{spec['sheet']}'" in summary.en
    if spec.get("hidden") and not spec.get("options", {}).get("include_hidden"):
        assert "hidden rows not imported: " + ", ".join(map(str, spec["hidden"])) in summary.en
        assert not set(spec["hidden"]) & set(imported)
    if "unused" in spec:
        assert [name for _position, name in result.unused_columns] == spec["unused"]
        unused = next(w for w in result.warnings if w.code == "unused_columns")
        assert all(f"'{n}'" in unused.nl for n in spec["unused"])
    for code in spec.get("warnings", []):
        assert code in [w.code for w in result.warnings]

"""`inspector forms check`: passes on the shipped forms, fails with clear lines on broken copies."""

from __future__ import annotations

from pathlib import Path

from inspector.__main__ import main
from inspector.paths import FORMS_DIR


def test_shipped_forms_pass(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["forms", "check"]) == 0
    assert "4 forms OK" in capsys.readouterr().out


def test_broken_copy_fails_with_one_line_per_problem(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    text = (FORMS_DIR / "verblijfslocatie.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "verblijfslocatie.yaml"
    broken.write_text(text.replace("type: integer", "type: integr", 1), encoding="utf-8")
    assert main(["forms", "check", str(broken)]) != 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "integr" in line]
    assert len(lines) == 1
    assert "verblijfslocatie.yaml:" in lines[0] and "unknown field type 'integr'" in lines[0]


def test_missing_translation_is_named(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    text = (FORMS_DIR / "betrokkene.yaml").read_text(encoding="utf-8")
    import re

    m = re.search(r"\n(\s+)uk: [^\n]*", text)
    assert m is not None
    broken = tmp_path / "betrokkene.yaml"
    broken.write_text(text[: m.start()] + text[m.end() :], encoding="utf-8")
    assert main(["forms", "check", str(broken)]) != 0
    out = capsys.readouterr().out
    assert "'uk'" in out or "uk" in out.split("\n")[0]

"""Every form file in the repository's forms/ folder loads and its expressions type-check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from inspector.forms import FORMS_DIR, evaluate, load_form

FORM_FILES = sorted(FORMS_DIR.glob("*.yaml"))


@pytest.mark.skipif(not FORM_FILES, reason="forms/ holds no *.yaml files yet")
@pytest.mark.parametrize("path", FORM_FILES, ids=[p.name for p in FORM_FILES])
def test_form_file_loads(path: Path) -> None:
    # load_form parses and type-checks every expression and checks for cycles
    form = load_form(path)
    assert form.id == path.stem
    for f, _parent in form.all_fields():
        for expr in (f.show_if, f.required_if, f.calculate, *(c.expr for c in f.constraints)):
            if expr is not None:
                assert expr.tree is not None
    # an empty form evaluates without errors other than missing answers
    ev = evaluate(form, {}, today=dt.date(2024, 5, 15))
    assert all(i.kind == "missing" for i in ev.issues()), ev.invalid


def test_forms_dir_points_at_the_repository() -> None:
    assert FORMS_DIR.name == "forms"
    assert (FORMS_DIR.parent / "pyproject.toml").exists()

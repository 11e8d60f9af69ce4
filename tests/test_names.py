"""One name, one meaning (#11): no two classes of the package share a name.

Two classes called ``RowError`` or ``CameraDialog`` make a reader (and a traceback) guess which
one is meant, and two Qt classes of one name share one translation context. Migrations are
left out: each is a module of its own that Alembic loads by file.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "inspector"


def class_names(sources: dict[str, str]) -> dict[str, list[str]]:
    """Class name -> the files that define a class of that name (more than one: a clash)."""
    found: dict[str, list[str]] = defaultdict(list)
    for path, text in sources.items():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                found[node.name].append(path)
    return {name: paths for name, paths in found.items() if len(paths) > 1}


def test_no_two_classes_share_a_name() -> None:
    sources = {
        str(p.relative_to(PACKAGE)): p.read_text(encoding="utf-8")
        for p in PACKAGE.rglob("*.py")
        if "migrations" not in p.parts
    }
    assert len(sources) > 100
    assert class_names(sources) == {}


def test_the_check_finds_a_clash() -> None:
    clash = class_names(
        {"a.py": "class RowError:\n    pass\n", "b.py": "class RowError(Exception):\n    pass\n"}
    )
    assert clash == {"RowError": ["a.py", "b.py"]}
    assert class_names({"a.py": "class A:\n    class B: ...\n"}) == {}

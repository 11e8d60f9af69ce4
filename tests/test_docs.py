"""The README shows what is in docs/: every screenshot is in its table (none forgotten, none
named that does not exist)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_lists_every_screenshot() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\(docs/screenshots/([\w.-]+\.png)\)", readme))
    present = {p.name for p in (ROOT / "docs" / "screenshots").glob("*.png")}
    assert sorted(present - named) == [], "screenshots missing from the README's table"
    assert sorted(named - present) == [], "the README names screenshots that do not exist"

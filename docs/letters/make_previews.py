"""Regenerates the PNG previews in docs/letters/ (page 1 of sample letters, 60 dpi)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from inspector.letters import available_languages, render, sample_context  # noqa: E402
from inspector.settings import Municipality  # noqa: E402

OUT = Path(__file__).resolve().parent
JOBS = [("control", lang) for lang in available_languages("control")] + [
    ("report", "nl"),
    ("confirmation", "uk"),
]


def main() -> None:
    municipality = Municipality(meldpunt="meldpunt@voorbeeld.example", website="voorbeeld.example")
    with tempfile.TemporaryDirectory() as tmp:
        for kind, lang in JOBS:
            pdf = Path(tmp) / f"{kind}-{lang}.pdf"
            pdf.write_bytes(render(kind, lang, sample_context(municipality, lang), "pdf"))
            target = OUT / f"{kind}-{lang}"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, target],
                check=True,
            )
            print(f"{target}.png")


if __name__ == "__main__":
    main()

"""Regenerates the PNG previews in docs/letters/ (page 1 of sample letters, 60 dpi)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from inspector.letters import KINDS, available_languages, render, sample_context  # noqa: E402
from inspector.letters.sample import sample_municipality  # noqa: E402

OUT = Path(__file__).resolve().parent
#: Every letter in every language it exists in.
JOBS = [(kind, lang) for kind in KINDS for lang in available_languages(kind)]


def main() -> None:
    municipality = sample_municipality()
    with tempfile.TemporaryDirectory() as tmp:
        for kind, lang in JOBS:
            pdf = Path(tmp) / f"{kind}-{lang}.pdf"
            pdf.write_bytes(render(kind, lang, sample_context(municipality, lang), "pdf"))
            # Every page, so that the whole letter can be read: <kind>-<lang>-<page>.png
            for old in OUT.glob(f"{kind}-{lang}*.png"):
                old.unlink()
            target = OUT / f"{kind}-{lang}"
            subprocess.run(["pdftoppm", "-png", "-r", "60", pdf, target], check=True)
            print(f"{target}-*.png")


if __name__ == "__main__":
    main()

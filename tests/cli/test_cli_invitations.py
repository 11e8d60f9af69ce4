"""`inspector letter invitations`: one file per listed resident, named after what it is."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from inspector.paths import DataPaths
from inspector.settings import load_settings, save_settings

from tests_support import Cli, letter_ready


@pytest.fixture
def cli(cli: Cli) -> Cli:
    """The initialized store (tests/cli/conftest.py) with the letter settings filled in."""
    paths = DataPaths(cli.data)
    save_settings(paths.settings, letter_ready(load_settings(paths.settings)))
    return cli


def test_invitations_by_reference_named_after_what_they_are(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(
        "inspection", "new", "--address", "Voorbeeldweg 1", "--postcode", "5981AA",
        "--city", "Panningen",
    )  # fmt: skip
    iid = out.strip()
    reference = json.loads(cli("inspection", "show", iid, "--json")[1])["reference"]
    listed = tmp_path / "lijst.csv"
    listed.write_text(
        "achternaam;voornamen;geboortedatum;geboorteland;kamer\n"
        "Testowa;Anna;17-05-1990;PL;12\nExemplu;Ion;02-01-1985;RO;Chalet 13\n",
        encoding="utf-8",
    )
    assert cli("residents", "import", iid, str(listed))[0] == 0
    out_dir = tmp_path / "uitnodigingen"
    out_dir.mkdir()
    code, out, err = cli(
        "letter", "invitations", reference, "--when", "2026-12-03 09:30",
        "--place", "Kantine, Voorbeeldweg 1", "--out-dir", str(out_dir),
    )  # fmt: skip
    assert code == 0, err
    assert "Wrote 2 invitation(s)" in out
    start = "Uitnodiging inschrijving BRP - Voorbeeldweg 1 Panningen - 2026-12-03"
    assert sorted(p.name for p in out_dir.iterdir()) == [
        f"{start} (1, kamer 12, pl).pdf",
        f"{start} (2, Chalet 13, ro).pdf",
    ]
    romanian = (out_dir / f"{start} (2, Chalet 13, ro).pdf").read_bytes()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(romanian)).pages)
    assert "Invitație" in text and "Uitnodiging" in text and "Testowa" not in text

"""``inspector letter render``: samples without a store, letters from a store, clear errors."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from inspector.__main__ import main
from inspector.paths import DataPaths
from inspector.storage.models import AuditEvent

from tests_support import PASSWORD, Cli, make_store


@pytest.fixture
def cli(cli_bare: Cli) -> Cli:
    """The command line on an empty data dir (tests/cli/conftest.py)."""
    return cli_bare


def _text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def _store(cli: Any) -> tuple[str, str]:
    ws = make_store(DataPaths(cli.data))
    try:
        insp = ws.inspections.create(
            address="Voorbeeldstraat 1", postcode="1234 AB", city="Voorbeeld"
        )
        for key, value in {"floor_area_m2": 62.0, "persons_present": 7}.items():
            ws.answers.save(insp.id, "verblijfslocatie", 1, key, value)
        resident = ws.residents.add(insp.id, "Testowa Anna", "pl")
        return insp.id, resident.id
    finally:
        ws.close()


def _letters_recorded(cli: Any) -> list[dict[str, Any]]:
    from inspector.core import vault

    ws = vault.unlock(DataPaths(cli.data), PASSWORD)
    try:
        with ws.unit() as s:
            rows = s.scalars(
                select(AuditEvent.details).where(AuditEvent.action == "letter.produced")
            ).all()
        return [json.loads(r) for r in rows]
    finally:
        ws.close()


def test_sample_without_a_store(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "control-pl.pdf"
    code, stdout, err = cli(
        "letter", "render", "--kind", "control", "--lang", "pl", "--format", "pdf",
        "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    assert "sample" in stdout and out.exists()
    text = _text(out)
    assert "PRZYKŁAD" in text and "zmyślone" in text
    assert "Gemeente Voorbeeld" in text
    assert not cli.data.exists()  # a sample creates no store
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_sample_uses_the_municipality_settings(cli: Any, tmp_path: Path) -> None:
    cli.data.mkdir()
    (cli.data / "settings.yaml").write_text(
        "municipality:\n  name: Gemeente Proefdorp\n  phone: '14 0999'\n", encoding="utf-8"
    )
    out = tmp_path / "report.docx"
    code, _, err = cli(
        "letter", "render", "--kind", "report", "--lang", "nl", "--format", "docx",
        "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    assert out.read_bytes()[:2] == b"PK"
    from docx import Document

    body = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "VOORBEELD" in body.upper()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--kind", "brief", "--lang", "nl", "--format", "pdf"), "unknown letter kind 'brief'"),
        (("--kind", "control", "--lang", "de", "--format", "pdf"), "unknown language 'de'"),
        (("--kind", "report", "--lang", "pl", "--format", "pdf"), "exists only in nl"),
        (("--kind", "control", "--lang", "nl", "--format", "odt"), "unknown format 'odt'"),
    ],
)
def test_bad_values_one_line_no_file(
    cli: Any, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "letter.out"
    code, stdout, err = cli("letter", "render", *args, "--out", str(out))
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert not out.exists() and stdout == ""


def test_missing_folder(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "nope" / "x.pdf"
    code, _, err = cli(
        "letter", "render", "--kind", "control", "--lang", "nl", "--format", "pdf",
        "--out", str(out),
    )  # fmt: skip
    assert code == 1 and "does not exist" in err and not out.parent.exists()


def test_from_an_inspection_and_a_resident(cli: Any, tmp_path: Path) -> None:
    iid, rid = _store(cli)
    out = tmp_path / "report.pdf"
    code, _, err = cli(
        "letter", "render", "--kind", "report", "--lang", "nl", "--format", "pdf",
        "--inspection", iid, "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    text = _text(out)
    assert "Voorbeeldstraat 1" in text and "7 personen op 62 m²" in text
    assert "VOORBEELD –" not in text  # not a sample
    out2 = tmp_path / "control.pdf"
    code, _, err = cli(
        "letter", "render", "--kind", "control", "--lang", "pl", "--format", "pdf",
        "--resident", rid, "--out", str(out2),
    )  # fmt: skip
    assert code == 0, err
    assert "Testowa Anna" in _text(out2)
    events = _letters_recorded(cli)
    assert {"kind": "report", "lang": "nl", "format": "pdf", "via": "cli"} in events
    assert {"kind": "control", "lang": "pl", "format": "pdf", "resident": rid, "via": "cli"} in (
        events
    )


@pytest.mark.parametrize("option", ["--inspection", "--resident"])
def test_missing_id_no_file(cli: Any, tmp_path: Path, option: str) -> None:
    _store(cli)
    out = tmp_path / "x.pdf"
    code, _, err = cli(
        "letter", "render", "--kind", "control", "--lang", "nl", "--format", "pdf",
        option, "0000-missing", "--out", str(out),
    )  # fmt: skip
    assert code == 1 and "0000-missing" in err and len(err.strip().splitlines()) == 1
    assert not out.exists() and list(tmp_path.glob("*.part")) == []


def test_confirmation_without_registration(cli: Any, tmp_path: Path) -> None:
    _, rid = _store(cli)
    out = tmp_path / "c.pdf"
    code, _, err = cli(
        "letter", "render", "--kind", "confirmation", "--lang", "pl", "--format", "pdf",
        "--resident", rid, "--out", str(out),
    )  # fmt: skip
    assert code == 1 and "receipt of the declaration" in err and not out.exists()
    assert _letters_recorded(cli) == []


def test_wrong_passphrase_no_file(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    iid, _ = _store(cli)
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", "wrong-password-1")
    out = tmp_path / "r.pdf"
    code, _, err = cli(
        "letter", "render", "--kind", "report", "--lang", "nl", "--format", "pdf",
        "--inspection", iid, "--out", str(out),
    )  # fmt: skip
    assert code == 1 and len(err.strip().splitlines()) == 1 and not out.exists()


def test_no_store_with_an_inspection(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    code, _, err = cli(
        "letter", "render", "--kind", "report", "--lang", "nl", "--format", "pdf",
        "--inspection", "abc", "--out", str(out),
    )  # fmt: skip
    assert code == 1 and len(err.strip().splitlines()) == 1 and not out.exists()


def test_help_lists_the_values(cli: Any, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["letter", "render", "--help"])
    text = capsys.readouterr().out
    for word in ("referral-snf", "nl|en|pl|uk|ro", "pdf|docx", "--inspection", "--resident"):
        assert word in text

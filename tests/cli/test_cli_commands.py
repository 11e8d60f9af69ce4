"""The headless command line: every subcommand, and one clear line for every bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from inspector.__main__ import main

from tests_support import PASSWORD, Cli


@pytest.fixture
def cli(cli_bare: Cli) -> Cli:
    """The command line on an empty data dir (tests/cli/conftest.py)."""
    return cli_bare


def _init(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(
        "init",
        "--officer",
        "Toezichthouder Test",
        "--municipality",
        "Gemeente Voorbeeld",
        "--username",
        "test",
    )
    assert code == 0 and "username: test" in out


def test_init_new_list_show(cli) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    code, out, _ = cli(
        "inspection",
        "new",
        "--address",
        "Voorbeeldstraat 12",
        "--postcode",
        "2801ab",
        "--city",
        "Gouda",
        "--bag-id",
        "0513010000012345",
    )
    assert code == 0
    inspection_id = out.strip()
    code, out, _ = cli("inspection", "list")
    assert code == 0 and "2801 AB" in out and inspection_id in out
    code, out, _ = cli("inspection", "list", "--json")
    items = json.loads(out)
    assert items[0]["id"] == inspection_id
    assert items[0]["bag_ids"] == {"verblijfsobject": "0513010000012345"}
    code, out, _ = cli("inspection", "show", inspection_id, "--json")
    shown = json.loads(out)
    assert shown["address"] == "Voorbeeldstraat 12" and shown["residents"] == []
    code, out, _ = cli("inspection", "show", inspection_id)
    assert code == 0 and "Voorbeeldstraat 12" in out
    code, out, _ = cli("audit", "verify")
    assert code == 0 and "intact" in out


def test_init_refuses_existing_store(cli) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    before = sorted(p.name for p in cli.data.iterdir())
    code, _, err = cli("init", "--officer", "Ander", "--municipality", "Elders")
    assert code == 1 and "already holds a store" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in cli.data.iterdir()) == before


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ("inspection", "new", "--address", "A 1", "--postcode", "12AB", "--city", "X"),
            "not a Dutch postcode",
        ),
        (
            (
                "inspection",
                "new",
                "--address",
                "A 1",
                "--postcode",
                "1234AB",
                "--city",
                "X",
                "--bag-id",
                "12",
            ),
            "16 digits",
        ),
        (("inspection", "show", "does-not-exist"), "no inspection with id"),
    ],
)
def test_bad_input_gives_one_line_and_changes_nothing(cli, args, message) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    code, out, err = cli(*args)
    assert code != 0 and message in err and len(err.strip().splitlines()) == 1
    code, out, _ = cli("inspection", "list", "--json")
    assert json.loads(out) == []


def test_wrong_passphrase_is_refused(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", "not-the-password")
    code, out, err = cli("inspection", "list")
    assert code == 1 and err.strip() == "inspector: wrong username or password" and out == ""


def test_missing_data_dir(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSWORD)
    code = main(["--data-dir", str(tmp_path / "nowhere"), "inspection", "list"])
    err = capsys.readouterr().err
    assert code == 1 and "does not exist" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "nowhere").exists()


def test_data_dir_from_environment(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSWORD)
    monkeypatch.setenv("INSPECTOR_DATA_DIR", str(tmp_path / "env-data"))
    assert main(["init", "--officer", "T Test", "--municipality", "M"]) == 0
    assert (tmp_path / "env-data" / "store.json").exists()


def test_no_password_without_a_terminal(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("INSPECTOR_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys, "stdin", None)
    code = main(
        ["--data-dir", str(tmp_path / "d"), "init", "--officer", "T", "--municipality", "M"]
    )
    assert code == 1 and "INSPECTOR_PASSPHRASE" in capsys.readouterr().err


def test_every_subcommand_explains_itself() -> None:
    for args in (
        ["--help"],
        ["init", "--help"],
        ["inspection", "new", "--help"],
        ["inspection", "list", "--help"],
        ["inspection", "show", "--help"],
        ["audit", "verify", "--help"],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "inspector", *args], capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 0 and "usage: inspector" in proc.stdout, args


def test_tampered_audit_log_fails_verify(cli) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    _init(cli)
    cli("inspection", "new", "--address", "A 1", "--postcode", "1234AB", "--city", "X")
    con = sqlite3.connect(cli.data / "inspector.sqlite3")
    con.execute("DROP TRIGGER audit_event_no_update")
    con.execute("UPDATE audit_event SET record_id='x' WHERE seq=2")
    con.commit()
    con.close()
    code, out, err = cli("audit", "verify")
    assert code == 1 and "broken at event #2" in err


def test_the_cli_reads_the_same_environment_as_the_vault() -> None:
    from inspector import cli, paths
    from inspector.core import vault

    assert (cli.ENV_PASSPHRASE, cli.ENV_OFFICER) == (vault.ENV_PASSPHRASE, vault.ENV_OFFICER)
    assert cli.ENV_DATA_DIR == paths.ENV_DATA_DIR


def test_every_subcommand_in_the_table_builds_its_parser() -> None:
    from inspector.cli import SUBCOMMANDS, build_parser

    parser = build_parser()  # every module loaded
    for name in SUBCOMMANDS:
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args([name, "--help"])
        assert exit_info.value.code == 0

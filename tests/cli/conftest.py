"""The `cli` fixtures of the command-line tests: `inspector` in-process on a temporary data dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests_support import PASSWORD, Cli


@pytest.fixture
def cli_bare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Cli:
    """The command line on an empty data dir (no store yet), passphrase in the environment."""
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSWORD)
    return Cli(tmp_path / "data", capsys)


@pytest.fixture
def cli(cli_bare: Cli) -> Cli:
    """The command line on a store made by ``inspector init`` for a fictitious officer."""
    code, out, err = cli_bare(
        "init", "--officer", "Toezichthouder Test", "--municipality", "Gemeente Voorbeeld",
        "--username", "test",
    )  # fmt: skip
    assert code == 0, out + err
    return cli_bare

"""The static table of subcommands: every entry imports and adds its command; --help lists
them all without importing any; a missing module is an error, never a vanished command."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

import pytest

from inspector.cli import COMMAND_MODULES, build_parser, command_word


@pytest.mark.parametrize("name", sorted(COMMAND_MODULES))
def test_every_table_entry_imports_and_adds_its_command(name: str) -> None:
    module_name, help_line = COMMAND_MODULES[name]
    module = importlib.import_module(module_name)
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    module.add_commands(sub)
    assert name in sub.choices
    assert help_line


def test_every_subcommand_parses_its_own_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(COMMAND_MODULES) <= set(sub.choices)
    for name in COMMAND_MODULES:
        with pytest.raises(SystemExit) as stop:
            build_parser([name]).parse_args([name, "--help"])
        assert stop.value.code == 0


def test_help_lists_every_command_without_importing_their_modules() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from inspector.__main__ import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "from inspector.cli import COMMAND_MODULES\n"
        "loaded = [m for m, _ in COMMAND_MODULES.values() if m in sys.modules]\n"
        "print(out.getvalue()); print('LOADED', loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    for name in COMMAND_MODULES:
        assert f"    {name} " in result.stdout
    assert "LOADED []" in result.stdout


def test_a_missing_module_is_an_error_not_a_missing_command(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from inspector import cli

    monkeypatch.setitem(cli.COMMAND_MODULES, "ghost", ("inspector.cli.ghost", "not there"))
    with pytest.raises(ModuleNotFoundError):
        build_parser(["ghost"])


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["--data-dir", "letter", "forms", "check"], "forms"),
        (["--smoke-test"], None),
        (["-h"], None),
        (["letter", "render"], "letter"),
        (["--", "init"], None),
    ],
)
def test_the_command_word_skips_options(argv: list[str], word: str | None) -> None:
    assert command_word(argv) == word

"""The static table of subcommands: every entry imports and adds its command (so a bundle or
a wheel cannot silently lose one); --help lists them all without importing any."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from inspector.cli import SUBCOMMANDS, build_parser


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_every_table_entry_imports_and_adds_its_command(name: str) -> None:
    help_text, load = SUBCOMMANDS[name]
    module = load()  # an ImportError here fails the test: nothing is swallowed
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    module.add_command(sub, name, help_text)
    assert name in sub.choices
    with pytest.raises(SystemExit) as stop:
        build_parser([name, "--help"]).parse_args([name, "--help"])
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
        "loaded = sorted(m for m in sys.modules if m.startswith('inspector.cli.'))\n"
        "print(out.getvalue()); print('LOADED', loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    for name in SUBCOMMANDS:
        assert f"    {name} " in result.stdout
    assert "LOADED []" in result.stdout


def test_the_bundle_recipe_collects_every_subcommand_module() -> None:
    from pathlib import Path

    spec = (Path(__file__).resolve().parents[2] / ".ci" / "inspector.spec").read_text()
    assert 'collect_submodules("inspector.cli")' in spec

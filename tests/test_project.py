"""The repository itself: README commands, CI script, lint, types, the Qt-free core."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.*?)\n```", text, flags=re.S)


def test_readme_starts_with_two_setup_commands() -> None:
    commands = _readme_commands()
    assert len(commands) >= 2
    start, tests = commands[0], commands[1]
    assert start.rstrip().endswith(".venv/bin/inspector")
    assert tests.rstrip().endswith("python -m pytest")
    for package in (
        "libegl1",
        "libgl1",
        "libxkbcommon0",
        "libglib2.0-0",
        "libfontconfig1",
        "libdbus-1-3",
        "libpulse0",
    ):
        assert package in start and package in tests


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _readme_commands()[1] in ci.splitlines()


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        found = shutil.which(name)
        if found is None:
            pytest.fail(
                f"{name} is not installed; install the test extras: pip install -e '.[test]'"
            )
        return found
    return str(path)


def test_ruff_is_clean() -> None:
    proc = subprocess.run(
        [_tool("ruff"), "check", "inspector", "tests", "benchmarks", "docs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_core_never_imports_qt() -> None:
    proc = subprocess.run(
        [_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_mypy_strict_on_the_core_and_the_ui() -> None:
    proc = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]


def test_mypy_leaves_no_package_out_but_the_migrations() -> None:
    """The screens are checked as strictly as the core (issue 11.8): nothing of inspector.ui is
    excluded or has its errors ignored."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    assert all("migrations" in path for path in config.get("exclude", []))
    for override in config.get("overrides", []):
        if override.get("ignore_errors"):
            assert all("migrations" in module for module in override["module"]), override

"""docs/sync.md's "try it on one machine" runs verbatim, from empty folders."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from service_support import free_port

ROOT = Path(__file__).resolve().parents[2]


def _block() -> str:
    text = (ROOT / "docs" / "sync.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- try-it -->\n```sh\n(.*?)```", text, re.S)
    assert match, "docs/sync.md lost its try-it block"
    return match.group(1)


@pytest.mark.slow
def test_try_it_on_one_machine(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("INSPECTOR_") and k not in ("QT_QPA_PLATFORM",)
    }
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["HOME"] = str(tmp_path)  # no keyring, no platform dirs of the machine
    env["PORT"] = str(free_port())  # the block's default port may be taken on a shared machine
    proc = subprocess.run(
        ["bash", "-c", _block()],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    out = proc.stdout
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "1 records delivered, 0 failed" in out
    assert "records: inspection: 1" in out
    assert re.search(r"Record \S+ \(inspection v1\) opened with (registry|enforcement)-", out)
    assert "Office: outcome processed for record" in out and "verwerkt" in out
    assert "Office (inspection): processed: verwerkt" in out
    assert "Voorbeeldstraat" not in (tmp_path / "service.log").read_text()

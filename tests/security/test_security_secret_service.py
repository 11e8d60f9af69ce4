"""The data key in a real Secret Service (gnome-keyring under dbus-run-session)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = textwrap.dedent(
    """
    set -e
    export HOME="$1"
    export XDG_RUNTIME_DIR="$1/run"; mkdir -p -m 700 "$XDG_RUNTIME_DIR"
    echo -n "ring-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    "$2" - "$3" <<'PY'
    import sys
    from pathlib import Path
    import keyring
    from inspector.core import vault
    from inspector.paths import DataPaths
    from inspector.security import passwords
    passwords.DEFAULT_PARAMS = passwords.KdfParams(2**10, 8, 1)
    backend = keyring.get_keyring()
    print("backend", type(backend).__module__)
    paths = DataPaths(Path(sys.argv[1]))
    ws = vault.initialise(paths, officer_name="T Test", username="t", password="ring-pass-1",
                          municipality="M", key_mode="keyring")
    ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    ws.close()
    ws = vault.unlock(paths, "ring-pass-1", "t")
    print("inspections", len(ws.inspections.list_all()))
    ws.close()
    PY
    """
)


def test_data_key_in_real_secret_service(tmp_path: Path) -> None:
    missing = [t for t in ("dbus-run-session", "gnome-keyring-daemon") if not shutil.which(t)]
    if missing:
        pytest.skip(f"no real Secret Service here: {', '.join(missing)} not installed")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBUS_")}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    proc = subprocess.run(
        [
            "dbus-run-session",
            "--",
            "bash",
            "-c",
            SCRIPT,
            "bash",
            str(tmp_path),
            sys.executable,
            str(tmp_path / "data"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if "backend keyring.backends.SecretService" not in proc.stdout:
        pytest.skip(
            "the Secret Service could not start here: "
            + (proc.stderr.strip().splitlines() or ["no output"])[-1][:200]
        )
    assert proc.returncode == 0, proc.stderr
    assert "inspections 1" in proc.stdout
    assert not (tmp_path / "data" / "datakey.json").exists()

"""Crash safety: a process killed with SIGKILL while writing loses no committed answer."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from inspector.core import vault
from inspector.paths import DataPaths

from tests_support import PASSWORD, make_store

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from inspector.core import vault
    from inspector.paths import DataPaths
    from inspector.security import passwords
    passwords.DEFAULT_PARAMS = passwords.KdfParams(2**10, 8, 1)
    ws = vault.unlock(DataPaths(Path(sys.argv[1])), sys.argv[2], "test")
    inspection_id = sys.argv[3]
    n = 0
    while True:
        n += 1
        ws.answers.save(inspection_id, "verblijfslocatie", 1, f"field_{n}", n)
        # Printed only after the commit returned: every number seen was committed.
        print(n, flush=True)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_while_writing_loses_nothing_committed(data_paths: DataPaths) -> None:
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())  # key file: usable from a subprocess
    ws = make_store(data_paths)
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    ws.close()
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_paths.root), PASSWORD, insp.id],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    seen = 0
    for line in proc.stdout:
        seen = int(line)
        if seen >= 150:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    rest = proc.stdout.read().split()
    proc.stdout.close()
    if rest:
        seen = int(rest[-1])
    assert seen >= 150

    con = sqlite3.connect(data_paths.database)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    again = vault.unlock(data_paths, PASSWORD, "test")
    values = again.answers.load(insp.id, "verblijfslocatie").values
    for n in range(1, seen + 1):
        assert values[f"field_{n}"] == n
    assert again.verify_audit().ok
    assert json.loads(json.dumps(again.db.integrity_check())) == "ok"
    again.close()


def test_wal_mode_is_on(workspace) -> None:  # type: ignore[no-untyped-def]
    with workspace.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY

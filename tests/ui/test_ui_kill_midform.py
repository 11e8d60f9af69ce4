"""The window killed mid-form (SIGKILL): every answer that was on screen comes back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from inspector.core import vault
from inspector.paths import DataPaths

from tests_support import PASSWORD, make_store

SCRIPT = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, sys.argv[3])
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from inspector.core import vault
    from inspector.paths import DataPaths
    from inspector.security import passwords
    passwords.DEFAULT_PARAMS = passwords.KdfParams(2**10, 8, 1)
    from inspector.ui.formview import attachments
    attachments.has_camera = lambda: False
    from inspector.ui.main_window import MainWindow
    from officer_walk import set_field

    app = QApplication([])
    ws = vault.unlock(DataPaths(Path(sys.argv[1])), sys.argv[2], "test")
    window = MainWindow(ws)
    window.show()
    inspection = ws.inspections.list_all()[0]
    window.open_inspection(inspection.id)
    view = window.inspection_page.show_part("verblijfslocatie")
    set_field(view, "floor_area_m2", "62")
    set_field(view, "persons_present", "7")
    for n in range(1, 200):
        bedroom = view.add_repeat_instance("bedrooms")
        index = view.instance_ids("bedrooms").index(bedroom)
        # Typed, then the officer moves on (focus out = commit).
        set_field(view, f"bedrooms[{index}].area_m2", str(n))
        app.processEvents()
        print(n, flush=True)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_window_loses_no_answer(data_paths: DataPaths) -> None:
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())
    ws = make_store(data_paths)
    insp = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    ws.close()
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "QT_QPA_PLATFORM": "offscreen",
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(data_paths.root), PASSWORD, str(Path(__file__).parent)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    seen = 0
    for line in proc.stdout:
        seen = int(line)
        if seen >= 12:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert seen >= 12

    again = vault.unlock(data_paths, PASSWORD, "test")
    assert again.db.integrity_check() == "ok"
    values = again.answers.load(insp.id, "verblijfslocatie").values
    assert values["floor_area_m2"] == 62.0 and values["persons_present"] == 7
    areas = [b.get("area_m2") for b in values["bedrooms"]]
    assert areas[:seen] == [float(n) for n in range(1, seen + 1)]
    again.close()

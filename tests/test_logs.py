"""The log file: ids, counts, durations and states only — never a name, an address or a value."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inspector import logs
from inspector.__main__ import main
from inspector.core.workspace import InvalidInput

from tests_support import PASSWORD

#: Fictitious values that must never reach the log, whatever the visit does with them.
MARKERS = {
    "address": "Zyxmarkerstraat 17",
    "city": "Zyxmarkerdorp",
    "name": "Qwzmarker Anna",
    "surname": "Qwzmarkerowa",
    "answer": "Vxmarker vocht in de kelder",
    "reason": "Vxmarker reden van afronden",
    "bad postcode": "9999 ZYX",
}


@pytest.fixture
def log_file(data_paths: Any) -> Iterator[Path]:
    path = logs.setup(data_paths.logs)
    yield path
    logs.shutdown()


def _read(path: Path) -> str:
    for handler in logging.getLogger("inspector").handlers:
        handler.flush()
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_a_whole_visit_leaves_no_personal_data_in_the_log(workspace: Any, log_file: Path) -> None:
    ws = workspace
    insp = ws.inspections.create(
        address=MARKERS["address"], postcode="1234 AB", city=MARKERS["city"]
    )
    ws.answers.save(insp.id, "verblijfslocatie", 1, "floor_area_m2", 62.0)
    ws.answers.save(insp.id, "verblijfslocatie", 1, "persons_present", 7)
    ws.answers.save(insp.id, "verblijfslocatie", 1, "remarks", MARKERS["answer"])
    resident = ws.residents.add(insp.id, MARKERS["name"], "pl")
    reg = ws.registrations.start(resident.id, consent=True, language="pl", today=date(2026, 11, 30))
    ws.registrations.save_values(reg, {"surname": MARKERS["surname"]})
    ws.letters.render("control", "pl", "pdf", inspection_id=insp.id, via="print")
    with pytest.raises(InvalidInput):
        ws.inspections.create(
            address=MARKERS["address"], postcode=MARKERS["bad postcode"], city="X"
        )
    try:
        raise ValueError(MARKERS["name"])
    except ValueError:
        logging.getLogger("inspector.test").exception("a bug while handling %s", MARKERS["name"])
    logging.getLogger("inspector.test").info(
        "visit done", extra={"count": 7, "surname": MARKERS["surname"], "state": MARKERS["city"]}
    )
    ws.inspections.finalize(
        insp.id, incomplete_reason=MARKERS["reason"], open_points={"missing": 2}
    )

    text = _read(log_file)
    # The visit is there, as bookkeeping: actions, kinds and ids.
    assert "inspection.created" in text and insp.id in text
    assert "resident.created" in text and "inspection.finalized" in text
    assert "answer.saved" not in text  # autosave is DEBUG: a line per field would cost time
    assert "[ValueError at test_logs.py:" in text and "count=7" in text
    for what, marker in MARKERS.items():
        for word in marker.split():
            if word.startswith(("Zyx", "Qwz", "Vx")):
                assert word not in text, f"the {what} reached the log"


def test_the_formatter_keeps_bookkeeping_and_hides_the_rest() -> None:
    uuid = "c56a4180-65aa-42ec-a945-5fd21dec0538"
    record = logging.LogRecord(
        "inspector.x", logging.INFO, __file__, 1, "%s %s %s %s %s", None, None
    )
    record.args = (uuid, "2026-48E0-0001", "inspection.finalized", 12.5, "Jan Kowalski")
    record.state = "finalized"
    record.surname = "Kowalski"  # not a permitted field: dropped
    record.count = "Dorpsstraat 1"  # a permitted field with a value that is no count: hidden
    line = logs.BookkeepingFormatter().format(record)
    assert f"{uuid} 2026-48E0-0001 inspection.finalized 12.5 {logs.HIDDEN}" in line
    assert "state=finalized" in line and f"count={logs.HIDDEN}" in line
    assert "Kowalski" not in line and "Dorpsstraat" not in line
    assert record.args[4] == "Jan Kowalski"  # other handlers see the record as it was


def test_a_lowercase_word_is_hidden_unless_it_is_a_state_or_a_kind() -> None:
    assert logs.safe_value("finalized") == "finalized"
    assert logs.safe_value("id_front") == "id_front"
    assert logs.safe_value("anna") == logs.HIDDEN
    assert logs.safe_value("1234 AB") == logs.HIDDEN


def test_the_command_line_writes_its_log_in_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSWORD)
    try:
        assert (
            main(
                [
                    "--data-dir",
                    str(data),
                    "init",
                    "--officer",
                    "Toezichthouder Test",
                    "--municipality",
                    "Gemeente Voorbeeld",
                    "--username",
                    "test",
                ]
            )
            == 0
        )
        assert (
            main(
                [
                    "--data-dir",
                    str(data),
                    "inspection",
                    "new",
                    "--address",
                    MARKERS["address"],
                    "--postcode",
                    "1234 AB",
                    "--city",
                    MARKERS["city"],
                ]
            )
            == 0
        )
        text = _read(data / "logs" / logs.LOG_NAME)
    finally:
        logs.shutdown()
    assert "inspection.created" in text
    assert "Zyxmarker" not in text

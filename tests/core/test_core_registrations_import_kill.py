"""An import killed at random points (SIGKILL, 50 times) leaves every person whole or absent,
never half; importing the same list again completes it. The kill is real: a forked process."""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from inspector.core import vault
from inspector.paths import DataPaths
from inspector.storage.models import Answer, FormRecord, Resident

from tests_support import PASSWORD, make_store

HEADER = "achternaam;voornamen;datum_aankomst;geboortedatum;geboorteplaats;geboorteland;bsn;kamer"
PEOPLE = 12
FIELDS = {"surname", "given_names", "birth_date", "birth_place", "birth_country", "arrival_date"}


def _list(tmp_path: Path) -> Path:
    rows = [
        f"Testpersoon{i};Proef{i};2025-03-01;1990-01-{i + 1:02d};Gouda;Polen;;{i}"
        for i in range(PEOPLE)
    ]
    path = tmp_path / "lijst.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _import_in_child(paths: DataPaths, inspection_id: str, source: Path) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            ws = vault.unlock(paths, PASSWORD, "test")
            ws.registrations.import_residents(inspection_id, source)
            code = 0
        finally:
            os._exit(code)
    return pid


def _people(ws, inspection_id: str) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    """Per resident of the inspection, the fields of their questionnaire that are filled."""
    with ws.unit() as s:
        residents = s.scalars(select(Resident.id).where(Resident.inspection_id == inspection_id))
        out: dict[str, set[str]] = {r: set() for r in residents}
        rows = s.execute(
            select(FormRecord.resident_id, Answer.field_id)
            .join(Answer, Answer.record_id == FormRecord.id)
            .where(FormRecord.inspection_id == inspection_id)
        )
        for resident_id, field_id in rows:
            out[resident_id].add(field_id)
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")
def test_import_killed_fifty_times_leaves_no_half_person(
    data_paths: DataPaths, tmp_path: Path
) -> None:
    source = _list(tmp_path)
    ws = make_store(data_paths)
    # How long one whole import takes here, to spread the kills over it.
    probe = ws.inspections.create(address="Proefweg 1", postcode="1234 AB", city="X").id
    start = time.perf_counter()
    ws.registrations.import_residents(probe, source)
    duration = time.perf_counter() - start
    ws.close()
    rng = random.Random(20261130)
    half_done = 0
    for round_ in range(50):
        ws = vault.unlock(data_paths, PASSWORD, "test")
        insp = ws.inspections.create(
            address=f"Voorbeeldstraat {round_}", postcode="1234 AB", city="X"
        ).id
        ws.close()
        pid = _import_in_child(data_paths, insp, source)
        time.sleep(rng.uniform(0.0, duration * 1.5))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)

        ws = vault.unlock(data_paths, PASSWORD, "test")
        people = _people(ws, insp)
        # Whole or absent: never a person without their answers.
        assert all(fields == FIELDS for fields in people.values()), people
        half_done += 0 < len(people) < PEOPLE
        report = ws.registrations.import_residents(insp, source)
        assert len(report.created) == PEOPLE - len(people)
        assert len(report.skipped_duplicates) == len(people)
        people = _people(ws, insp)
        assert len(people) == PEOPLE and all(f == FIELDS for f in people.values())
        ws.close()
    # The kills did land in the middle of imports, not only before or after them.
    assert half_done >= 5
    ws = vault.unlock(data_paths, PASSWORD, "test")
    verdict = ws.verify_audit()
    assert verdict.ok, verdict.describe()
    ws.close()


def test_reimport_completes_a_person_cut_off_by_an_older_version(
    data_paths: DataPaths, tmp_path: Path
) -> None:
    """Stores imported before this fix may hold a person without answers: filled in, once."""
    source = _list(tmp_path)
    ws = make_store(data_paths)
    insp = ws.inspections.create(address="Proefweg 1", postcode="1234 AB", city="X").id
    ws.registrations.import_residents(insp, source)
    victim = next(iter(_people(ws, insp)))
    with ws.unit() as s:
        for ans in s.scalars(
            select(Answer)
            .join(FormRecord, FormRecord.id == Answer.record_id)
            .where(FormRecord.resident_id == victim, Answer.field_id.in_(["birth_place", "bsn"]))
        ):
            s.delete(ans)
    report = ws.registrations.import_residents(insp, source)
    assert [rid for _n, rid in report.completed] == [victim]
    assert len(report.skipped_duplicates) == PEOPLE - 1 and not report.created
    assert _people(ws, insp)[victim] == FIELDS
    ws.close()

"""Point 11 of the store review, done for real: a form nested 300 deep, hostile names in an
employer's list, a letter write killed halfway, a letter aimed at a device or a link."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspector.core.letter_context import write_letter

HEADER = "achternaam;voornamen;datum_aankomst;geboortedatum;geboorteplaats;geboorteland;bsn;kamer"


def test_a_form_nested_300_deep_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "diep.yaml"
    path.write_text("id: diep\nversion: 1\nx: " + "[" * 300 + "]" * 300 + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "inspector", "forms", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "nested more than 50 levels" in out
    assert "Traceback" not in out and "RecursionError" not in out


def test_hostile_names_are_flagged_or_refused_by_the_forms_limits(
    workspace, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    filler = [f"Vulling{i};Rij{i};2025-03-01;1990-01-01;Gouda;NL;;" for i in range(120)]
    hostile = [
        "Nul\x00verborgen;Anna;2025-03-01;1990-05-17;Gouda;NL;;",  # NUL after the first 4 KB
        "Omgekeerd\u202etxt.exe;Piotr;2025-03-01;1990-05-18;Gouda;NL;;",  # right-to-left override
        "Onzicht\u200bbaar;Olena;2025-03-01;1990-05-19;Gouda;NL;;",  # zero-width space
        "L" + "a" * 10_000 + ";Ion;2025-03-01;1990-05-20;Gouda;NL;;",  # 10,000 characters
    ]
    path = tmp_path / "lijst.csv"
    path.write_text("\n".join([HEADER, *filler, *hostile]) + "\n", encoding="utf-8")
    assert path.read_bytes().index(b"\x00") > 4096
    insp = workspace.inspections.create(address="Voorbeeldweg 1", postcode="5981AA", city="X").id
    report = workspace.registrations.import_residents(insp, path)
    first = 2 + len(filler)
    rows = {first: "nul", first + 1: "rlo", first + 2: "zwsp", first + 3: "long"}
    created = {n for n, _ in report.created}
    flagged = {n for n, flags in report.flags if "damaged_name" in flags}
    errors = {n: m.code for n, m in report.errors}
    for number in (first + 1, first + 2):
        assert number in created and number in flagged, rows[number]
    nul = first
    assert (nul in created and nul in flagged) or nul in errors
    assert errors.get(first + 3) == "name_too_long" and first + 3 not in created


def test_letter_to_a_device_or_a_link_is_refused(tmp_path: Path) -> None:
    device = Path("/dev/null")
    if not device.exists():
        pytest.skip("no /dev/null here")
    before = os.stat(device)
    with pytest.raises(OSError, match="gewoon bestand"):
        write_letter(device, b"%PDF- fictief")
    assert os.stat(device).st_rdev == before.st_rdev
    link = tmp_path / "brief.pdf"
    target = tmp_path / "elders.txt"
    target.write_text("niet overschrijven")
    link.symlink_to(target)
    with pytest.raises(OSError, match="gewoon bestand"):
        write_letter(link, b"%PDF- fictief")
    assert target.read_text() == "niet overschrijven" and link.is_symlink()
    folder = tmp_path / "map"
    folder.mkdir()
    with pytest.raises(OSError):
        write_letter(folder, b"%PDF- fictief")
    # A regular file and a new name are fine.
    write_letter(tmp_path / "nieuw.pdf", b"%PDF-1")
    write_letter(tmp_path / "nieuw.pdf", b"%PDF-2")
    assert (tmp_path / "nieuw.pdf").read_bytes() == b"%PDF-2"


@pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")
def test_letter_write_killed_at_random_points_leaves_no_plaintext_part(tmp_path: Path) -> None:
    canary = b"KANARIE-brief-inhoud " * 400_000  # ~8 MB: the write takes a while
    out = tmp_path / "brieven"
    out.mkdir()
    target = out / "brief-bewoner.pdf"
    start = time.perf_counter()
    write_letter(target, canary)
    duration = time.perf_counter() - start
    target.unlink()
    rng = random.Random(11)
    named_instant = 0
    for round_ in range(50):
        if round_ % 2:
            target.unlink(missing_ok=True)  # half the rounds write a new name
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                write_letter(target, canary)
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0, duration * 1.2))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        # Only the letter itself, whole, or nothing; a part left (non-Linux) goes at the
        # next write of the same name.
        leftovers = [p for p in out.iterdir() if p != target]
        if sys.platform.startswith("linux"):
            # Only a kill in the instant between naming and renaming over an existing letter
            # can leave a part (and the next write of that letter removes it).
            assert len(leftovers) <= 1
            named_instant += len(leftovers)
            if round_ % 2:
                assert leftovers == []  # a new name is linked complete, in one step
        if target.exists():
            assert target.read_bytes() == canary
        write_letter(target, canary)
        assert [p.name for p in out.iterdir()] == [target.name]
    assert named_instant <= 5

"""On-the-spot registration: the officer's actions with a prefilled resident versus an empty form,
and the time from "Register" to the signed PDF in the scripted walk (offscreen, no human typing).

Run: .venv/bin/python benchmarks/bench_registration.py

Actions are counted by the scripted officer (tests/scripted_officer.py): every click on
a button, choice, check box or field is 1; typed text is 1 keystroke per character plus Tab; a
country is a click, 3 letters and Enter; choosing a scan file is the button plus a double-click.
The same steps are in every scenario: the consent click, the document check (visual check, front
and back scanned from a file), the "Next" buttons and "Sign". The resident's signature strokes
are the resident's, not the officer's, and are not counted. The MRZ is not used (it is optional),
so "Fill empty fields from the MRZ" does not help the empty form either.

Scenarios:
- questionnaire: the resident questionnaire was filled in earlier in the inspection (the normal
  case: the registration form is a copy of it plus the inspection's address);
- employer list: the resident was pre-created from the employer's list (Peel en Maas practice);
- empty: every prefilled answer removed; the officer types the whole form.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from inspector import localtime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The scripted officer is a helper of the tests (tests/scripted_officer.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

RUNS = 3


def _workspace(root: Path):  # type: ignore[no-untyped-def]
    from inspector.core import vault
    from inspector.paths import DataPaths
    from inspector.security import passwords

    # The key derivation is the unlock's cost, not the registration's: keep it cheap here.
    passwords.DEFAULT_PARAMS = passwords.KdfParams(n=2**10, r=8, p=1)
    return vault.initialise(
        DataPaths(root),
        officer_name="Toezichthouder Test",
        username="bench",
        password="bench-pass-1",
        municipality="Gemeente Gouda",
        key_mode="keyfile",
    )


def _scan(path: Path) -> str:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 760), "#dfe9f3")
    ImageDraw.Draw(image).rectangle((60, 100, 360, 480), fill="#b0b0b0")
    image.save(path, "JPEG", quality=90)
    return str(path)


def _resident(ws, scenario: str, tmp: Path, today: dt.date) -> tuple[str, str]:  # type: ignore[no-untyped-def]

    import scripted_officer as scripted

    insp = ws.inspections.create(address="Voorbeeldstraat 12 A", postcode="2801AB", city="Gouda")
    if scenario == "employer list":
        arrival = (today - dt.timedelta(days=20)).isoformat()
        path = tmp / f"list-{insp.id[:8]}.csv"
        path.write_text(
            "achternaam;voornamen;datum_aankomst;geboortedatum;geboorteplaats;geboorteland;"
            f"bsn;kamer\nExemplu;Ion;{arrival};1990-05-17;Brașov;RO;;3\n",
            encoding="utf-8",
        )
        ws.registrations.import_residents(insp.id, path, today=today)
        return insp.id, ws.residents.list_for(insp.id)[0].id
    res = ws.residents.add(insp.id, "Ion Exemplu", "ro", room="3")
    if scenario == "questionnaire":
        for key, value in scripted.questionnaire_answers(today).items():
            ws.answers.save(insp.id, "betrokkene", 1, key, value, resident_id=res.id)
    return insp.id, res.id


def walk(scenario: str, tmp: Path) -> tuple[int, int, float, float]:
    """One registration: (clicks, keystrokes, seconds Register→signed PDF, seconds of sign)."""
    from PySide6.QtWidgets import QApplication

    from inspector.ui.registration import RegistrationWizard
    from inspector.ui.registration.wizard import STEP_DONE

    import scripted_officer as scripted

    app = QApplication.instance() or QApplication([])
    today = localtime.today()
    ws = _workspace(tmp / f"data-{scenario.replace(' ', '-')}-{time.monotonic_ns()}")
    try:
        insp, rid = _resident(ws, scenario, tmp, today)
        front, back = _scan(tmp / "front.jpg"), _scan(tmp / "back.jpg")
        wizard = RegistrationWizard(ws, insp, rid)
        wizard.show()
        app.processEvents()
        officer = scripted.ScriptedOfficer(wizard)
        started = time.perf_counter()
        officer.consent(True)
        if scenario == "empty":
            scripted.clear_prefill(wizard)
        target = scripted.PERSON | scripted.person_dates(today)
        assert officer.details(target), wizard.form_page.form_message.text()
        officer.document(scripted.DOCUMENT, front=front, back=back)
        officer.next_from_document()
        assert wizard.current_step() == 3, wizard.document_page.doc_message.text()
        officer.resident_signs()
        sign_started = time.perf_counter()
        officer.sign()
        finished = time.perf_counter()
        assert wizard.current_step() == STEP_DONE, wizard.signature_page.sign_message.text()
        wizard.close()
        wizard.deleteLater()
        app.processEvents()
        return (
            officer.actions.clicks,
            officer.actions.keystrokes,
            finished - started,
            finished - sign_started,
        )
    finally:
        ws.close()


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="inspector-bench-registration-"))
    results: dict[str, tuple[int, int, float, float]] = {}
    for scenario in ("questionnaire", "employer list", "empty"):
        runs = [walk(scenario, tmp) for _ in range(RUNS)]
        clicks, keys = runs[0][0], runs[0][1]
        assert all((r[0], r[1]) == (clicks, keys) for r in runs), "counts must be stable"
        results[scenario] = (
            clicks,
            keys,
            statistics.median(r[2] for r in runs),
            statistics.median(r[3] for r in runs),
        )
    empty_total = sum(results["empty"][:2])
    print("Officer actions per registration (clicks + keystrokes), Register → signed PDF:")
    for scenario, (clicks, keys, total_s, sign_s) in results.items():
        total = clicks + keys
        print(
            f"  {scenario:<14} {clicks:3d} clicks + {keys:4d} keystrokes = {total:4d} actions"
            f" ({total / empty_total:.0%} of empty)   walk {total_s:.2f} s, sign+PDF {sign_s:.2f} s"
        )
    prefilled = sum(results["questionnaire"][:2])
    ok_actions = prefilled * 3 <= empty_total
    ok_time = all(r[2] < 2.0 for r in results.values())
    print(
        f"Target at most 1/3 of the empty form: {prefilled}/{empty_total} "
        f"{'met' if ok_actions else 'NOT met'}; Register → signed PDF under 2 s: "
        f"{'met' if ok_time else 'NOT met'} (median of {RUNS} runs each)."
    )
    return 0 if ok_actions and ok_time else 1


if __name__ == "__main__":
    sys.exit(main())

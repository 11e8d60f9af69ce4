"""Benchmark of the form screens: page build, section switch, one keystroke (with evaluation).

Run: .venv/bin/python benchmarks/bench_formview.py
The store with 5,000 inspections is created once through the workspace API and kept in a temp
folder (it takes a minute); later runs reuse it. Targets: page build < 100 ms, keystroke < 16 ms.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from inspector.core import vault  # noqa: E402
from inspector.core.workspace import Workspace  # noqa: E402
from inspector.forms import FORMS_DIR, FormDefinition, evaluate, load_forms  # noqa: E402
from inspector.paths import DataPaths  # noqa: E402

N_INSPECTIONS = 5000
PASSWORD = "bench-geheim-123"
STORE = Path(tempfile.gettempdir()) / "inspector-bench-formview"


def _store() -> tuple[Workspace, dict[str, str]]:
    paths = DataPaths(STORE / "data")
    info_file = STORE / "bench.json"
    if info_file.exists() and paths.exists():
        return vault.unlock(paths, PASSWORD, "bench"), json.loads(info_file.read_text())
    if STORE.exists():
        import shutil

        shutil.rmtree(STORE)
    STORE.mkdir(parents=True)
    ws = vault.initialise(
        paths,
        officer_name="Toezichthouder Bench",
        username="bench",
        password=PASSWORD,
        municipality="Gemeente Voorbeeld",
        key_mode="keyfile",
    )
    print(f"creating {N_INSPECTIONS} inspections in {STORE} (once) ...", flush=True)
    start = time.perf_counter()
    last = ""
    for i in range(N_INSPECTIONS):
        insp = ws.inspections.create(
            address=f"Voorbeeldstraat {i + 1}", postcode=f"{2800 + i % 100} AB", city="Gouda"
        )
        last = insp.id
        if i % 50 == 0:
            ws.answers.save(insp.id, "verblijfslocatie", 1, "persons_present", 4 + i % 7)
            ws.answers.save(insp.id, "verblijfslocatie", 1, "floor_area_m2", 40.0 + i % 60)
        if (i + 1) % 1000 == 0:
            print(f"  {i + 1} ({time.perf_counter() - start:.0f} s)", flush=True)
    resident = ws.residents.add(last, "Тестовий Петро", "uk").id
    ws.answers.save(last, "verblijfslocatie", 1, "floor_area_m2", 62.5)
    ws.answers.save(last, "verblijfslocatie", 1, "persons_present", 7)
    for n, (area, persons) in enumerate(((9.5, 2), (12.0, 3), (7.25, 2))):
        inst = ws.answers.add_repeat(last, "verblijfslocatie", 1, "bedrooms")
        ws.answers.save(last, "verblijfslocatie", 1, "area_m2", area, instance_id=inst)
        ws.answers.save(last, "verblijfslocatie", 1, "persons", persons, instance_id=inst)
        ws.answers.save(last, "verblijfslocatie", 1, "beds", persons + n % 2, instance_id=inst)
    info = {"inspection": last, "resident": resident}
    info_file.write_text(json.dumps(info))
    return ws, info


def _stats(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p99 = ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))]
    return f"median {statistics.median(ms):6.2f} ms   p99 {p99:6.2f} ms   max {ms[-1]:6.2f} ms"


def _page_size(form: FormDefinition, section_index: int) -> int:
    return sum(1 + len(f.fields) for f in form.sections[section_index].fields)


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from inspector.ui.app import install_fonts
    from inspector.ui.formview import FormView, attachments

    install_fonts(app)  # type: ignore[arg-type]
    ws, info = _store()
    inspection, resident = info["inspection"], info["resident"]
    print(f"store: {len(ws.inspections.list_all())} inspections")
    forms = load_forms(FORMS_DIR)
    t = _time(attachments.has_camera)
    print(f"camera probe (once per process, QtMultimedia load): {t * 1000:.0f} ms")

    def open_view(form_id: str) -> FormView:
        form = forms[form_id]
        resident_form = form.audience == "resident"
        view = FormView(
            ws,
            inspection,
            form,
            resident_id=resident if resident_form else None,
            language="uk" if resident_form else "nl",
            show_dutch_beside=resident_form,
        )
        view.resize(1280, 820)
        view.show()
        return view

    # -- every page of every form built from scratch; the slowest page is 'the largest'
    opens: list[float] = []
    per_page: dict[tuple[str, str], list[float]] = {}
    for _ in range(5):
        for form_id, form in forms.items():
            start = time.perf_counter()
            view = open_view(form_id)
            opens.append(time.perf_counter() - start)
            for section in form.sections[1:]:
                t = _time(lambda v=view, s=section.id: v.go_to_section(s))
                per_page.setdefault((form_id, section.id), []).append(t)
            view.close()
            view.deleteLater()
            app.processEvents()
    slowest = max(per_page, key=lambda k: statistics.median(per_page[k]))
    form_id, section_id = slowest
    index = [s.id for s in forms[form_id].sections].index(section_id)
    size = _page_size(forms[form_id], index)
    print(f"\nopen a form view (load answers, evaluate, build first page): {_stats(opens)}")
    print(f"largest page to build: {form_id}/{section_id} ({size} fields), 5 fresh builds:")
    print(f"    {_stats(per_page[slowest])}")
    all_builds = [t for ts in per_page.values() for t in ts]
    print(f"all pages of all forms, first build: {_stats(all_builds)}")

    # -- location questionnaire with 3 bedrooms: build of each page, switching, keystrokes
    for fid in ("verblijfslocatie", "betrokkene"):
        view = open_view(fid)
        first = [_time(lambda s=s.id, v=view: v.go_to_section(s)) for s in view.form.sections]
        app.processEvents()
        switches: list[float] = []
        ids = [s.id for s in view.form.sections]
        for round_ in range(20):
            for sid in ids if round_ % 2 == 0 else reversed(ids):
                switches.append(_time(lambda s=sid, v=view: v.go_to_section(s)))
                app.processEvents()
        print(f"\n{fid}: page first build (all pages): {_stats(first)}")
        print(f"{fid}: switch between built sections:  {_stats(switches)}")

        path = "bedrooms[1].area_m2" if fid == "verblijfslocatie" else "surname"
        view.focus_field(path)
        editor = view.field_editor(path)
        line = editor.line  # type: ignore[union-attr]
        line.setFocus()
        answers = view._answers()
        evals = [_time(lambda f=view.form, a=answers: evaluate(f, a)) for _ in range(200)]
        keys: list[float] = []
        text = "1234567890" if fid == "verblijfslocatie" else "Тестовий"
        for i in range(300):
            ch = text[i % len(text)]
            if i % len(text) == 0:
                line.setText("")
            press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                              Qt.KeyboardModifier.NoModifier, ch)  # fmt: skip
            release = QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_unknown,
                                Qt.KeyboardModifier.NoModifier, ch)  # fmt: skip
            start = time.perf_counter()
            QApplication.sendEvent(line, press)
            QApplication.sendEvent(line, release)
            keys.append(time.perf_counter() - start)
            view._timer.stop()  # timer-free: the save is measured apart
        view.flush()
        saves: list[float] = []
        for i in range(20):
            line.setText(str(10 + i))
            saves.append(_time(view.flush))
        print(f"{fid}: engine evaluate alone:          {_stats(evals)}")
        print(f"{fid}: one keystroke in '{path}' (coerce + evaluate + update widgets):")
        print(f"    {_stats(keys)}")
        print(f"{fid}: autosave of one answer (encrypted commit + audit): {_stats(saves)}")
        view.close()
        view.deleteLater()
        app.processEvents()
    ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

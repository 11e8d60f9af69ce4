"""Failures reach the user in the interface language: no ``str(exc)`` in a widget of ui/.

The rule (docs/architecture.md, "Error kinds"): a screen shows ``operations.error_text(exc)``
(``message_for`` in the interface language), never the exception's own text, which is the
English sentence of the command line (or SQL, or a path).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from inspector import localtime
from inspector.paths import DataPaths

from tests_support import PASSWORD, make_store

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "inspector" / "ui"

#: Places where the exception's English text is passed on on purpose, with the reason.
ALLOWED = {
    # The --smoke-test's line on stderr for the packager (no window, English like the CLI).
    ("app.py", "print"),
    # The worker hands the client's English sentence to the Sync page, whose plain_error
    # classifies it (it is also what the store keeps as the last error) into the interface
    # language; it never reaches a widget as is.
    ("sync_worker.py", "SyncResult"),
}


def _call_name(node: ast.AST) -> str:
    func = node.func if isinstance(node, ast.Call) else None
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _bare(expr: ast.expr, name: str) -> bool:
    """Whether *expr* uses the exception *name* itself or one of its attributes (``exc``,
    ``exc.strerror or exc``), not only as the argument of a call (``error_text(exc)``)."""
    todo: list[ast.AST] = [expr]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Name) and node.id == name:
            return True
        if isinstance(node, ast.Call):
            continue  # what a call makes of it is the call's business (str() is found itself)
        todo.extend(ast.iter_child_nodes(node))
    return False


def _exception_texts(path: Path) -> list[str]:
    """Every ``str(exc)`` / f-string ``{exc}`` / ``.format(exc)`` of a caught exception."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node

    def outer_call(node: ast.AST) -> str:
        up = parents.get(node)
        while up is not None and not isinstance(up, ast.Call):
            up = parents.get(up)
        return _call_name(up) if up is not None else ""

    found = []
    for handler in ast.walk(tree):
        if not (isinstance(handler, ast.ExceptHandler) and handler.name):
            continue
        name = handler.name
        for stmt in handler.body:
            for node in ast.walk(stmt):
                hit = None
                if isinstance(node, ast.Call) and _call_name(node) in ("str", "repr", "format"):
                    if any(_bare(a, name) for a in node.args):
                        hit = node
                elif isinstance(node, ast.FormattedValue) and _bare(node.value, name):
                    hit = node
                if hit is not None and (path.name, outer_call(hit)) not in ALLOWED:
                    found.append(f"{path.relative_to(UI)}:{hit.lineno}")
    return found


def test_no_exception_text_reaches_a_widget() -> None:
    found = [hit for path in sorted(UI.rglob("*.py")) for hit in _exception_texts(path)]
    assert found == [], "show error_text(exc) instead of the exception's text: " + ", ".join(found)


@pytest.mark.parametrize(
    "code",
    [
        "try:\n    f()\nexcept E as exc:\n    label.setText(str(exc))\n",
        "try:\n    f()\nexcept E as exc:\n    label.setText(f'Niet opgeslagen: {exc}')\n",
        "try:\n    f()\nexcept E as exc:\n    box(self.tr('x {0}').format(exc))\n",
        "try:\n    f()\nexcept E as err:\n    say(f'{err.strerror or err}.')\n",
        "try:\n    f()\nexcept E as exc:\n    box(self.tr('x {0}').format(exc.strerror or exc))\n",
    ],
)
def test_the_check_finds_exception_text_in_a_widget(tmp_path: Path, code: str) -> None:
    probe = UI / "probe_for_the_check.py"
    try:
        probe.write_text(code, encoding="utf-8")
        assert _exception_texts(probe) == ["probe_for_the_check.py:4"]
    finally:
        probe.unlink()


def test_the_check_lets_the_translated_text_through() -> None:
    code = "try:\n    f()\nexcept E as exc:\n    label.setText(f'Niet: {error_text(exc)}')\n"
    probe = UI / "probe_for_the_check_ok.py"
    try:
        probe.write_text(code, encoding="utf-8")
        assert _exception_texts(probe) == []
    finally:
        probe.unlink()


pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


@pytest.fixture
def language(qapp):  # type: ignore[no-untyped-def]
    """Set the interface language as install_translation records it; restored afterwards."""
    before = qapp.property("interface_language")

    def choose(lang: str) -> None:
        qapp.setProperty("interface_language", lang)

    choose("nl")
    yield choose
    qapp.setProperty("interface_language", before)


@pytest.mark.parametrize(
    ("lang", "start"),
    [
        ("nl", "De gegevenssleutel van deze opslag ontbreekt in de sleutelbos"),
        ("en", "The data key of this store is missing from the OS keyring"),
    ],
)
def test_unlock_without_the_data_key_says_so_in_the_interface_language(  # type: ignore[no-untyped-def]
    qtbot, data_paths: DataPaths, language, lang: str, start: str
) -> None:
    from inspector.security.keystore import KeyringKeyStore
    from inspector.ui.dialogs import UnlockDialog

    language(lang)

    ws = make_store(data_paths)
    store_id = ws.meta.store_id
    ws.close()
    KeyringKeyStore(store_id).delete()  # the keyring lost it (a new profile, a reset)
    dialog = UnlockDialog(data_paths)
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.form.username, "test")
    QTest.keyClicks(dialog.form.password, PASSWORD)
    qtbot.mouseClick(dialog.form.unlock_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    text = dialog.form.error.text()
    assert dialog.workspace is None and dialog.form.error.isVisible()
    assert text.startswith(start), text


def test_first_start_with_a_refused_keyring_says_so_in_dutch(
    qtbot, data_paths, monkeypatch, language
) -> None:  # type: ignore[no-untyped-def]
    import keyring
    import keyring.errors

    from inspector.ui.dialogs import FirstRunDialog

    def refuse(*_args: object) -> None:
        raise keyring.errors.PasswordSetError("refused by the test")

    monkeypatch.setattr(keyring, "set_password", refuse)
    dialog = FirstRunDialog(data_paths)
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.municipality, "Gemeente Voorbeeld")
    QTest.keyClicks(dialog.officer_name, "Toezichthouder Test")
    QTest.keyClicks(dialog.password, PASSWORD)
    QTest.keyClicks(dialog.password2, PASSWORD)
    if dialog.keyfile_ok.isVisible():
        pytest.skip("no keyring in this environment: the key file is used")
    box = dialog.findChild(QDialogButtonBox)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    text = dialog.error.text()
    assert dialog.workspace is None, "the store was made although the keyring refused"
    assert text.startswith("De sleutelbos van het besturingssysteem weigert"), text
    assert not data_paths.exists()  # all or nothing


def test_a_refused_registration_start_is_dutch(qtbot, workspace, monkeypatch, language) -> None:  # type: ignore[no-untyped-def]

    from inspector.ui.registration import RegistrationWizard

    shown: list[str] = []

    def fake(_parent: object, _title: str, text: str, *_a: object) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(fake))
    insp = workspace.inspections.create(
        address="Voorbeeldstraat 12 A", postcode="2801AB", city="Gouda"
    )
    res = workspace.residents.add(insp.id, "Testowa Anna", "pl", room="3")
    wizard = RegistrationWizard(workspace, insp.id, res.id, today=localtime.today())
    qtbot.addWidget(wizard)
    wizard.show()
    # Finalized meanwhile (from the inspection page in another window of the same officer).
    workspace.inspections.finalize(insp.id)
    qtbot.mouseClick(wizard.consent_page.consent_yes, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert len(shown) == 1 and "is afgerond" in shown[0], shown
    assert shown[0][0].isupper() and "finalized" not in shown[0]

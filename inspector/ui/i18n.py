"""Interface translations (Qt Linguist): collect strings, check them, compile the .qm files.

python -m inspector.ui.i18n update    # lupdate: add new strings to resources/translations
python -m inspector.ui.i18n release   # lrelease: compile the .ts files to .qm
python -m inspector.ui.i18n check     # list untranslated strings and placeholder mismatches
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject

from inspector.paths import PACKAGE_ROOT, TRANSLATIONS_DIR

#: Interface languages besides the English source texts.
LANGUAGES = ("nl",)
_PLACEHOLDER = re.compile(r"\{\w*\}|%n|%\d")


def translate_in_classes(cls: type, text: str, disambiguation: str | None, n: int) -> str:
    """*text* translated in the context of *cls* or of a class it inherits from.

    ``QObject.tr`` of PySide6 looks a plural text (``n >= 0``) up in the object's own class
    only, while lupdate files it under the class whose method says it: a class that a widget
    inherits from (a part of the form view, the page base of the wizard) overrides ``tr``
    with this.
    """
    fallback = text.replace("%n", str(n)) if n >= 0 else text
    for klass in cls.__mro__:
        if klass is QObject:
            break
        found = QCoreApplication.translate(klass.__name__, text, disambiguation, n)
        if found != fallback:
            return found
    return fallback


def ts_path(lang: str) -> Path:
    return TRANSLATIONS_DIR / f"inspector_{lang}.ts"


def qm_path(lang: str) -> Path:
    return TRANSLATIONS_DIR / f"inspector_{lang}.qm"


def sources() -> list[Path]:
    return sorted(p for p in (PACKAGE_ROOT / "ui").rglob("*.py") if "__pycache__" not in p.parts)


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} not found; it comes with PySide6")
    return found


def update(lang: str, target: Path | None = None) -> Path:
    """Run lupdate: new strings are added as unfinished, removed ones dropped."""
    target = target or ts_path(lang)
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            *map(str, sources()),
            "-ts",
            str(target),
            "-source-language",
            "en",
            "-target-language",
            lang,
            "-locations",
            "none",
            "-no-obsolete",
            "-silent",
        ],
        check=True,
        capture_output=True,
    )
    return target


def release(lang: str, source: Path | None = None, target: Path | None = None) -> Path:
    source = source or ts_path(lang)
    target = target or qm_path(lang)
    subprocess.run(
        [_tool("pyside6-lrelease"), str(source), "-qm", str(target), "-silent"],
        check=True,
        capture_output=True,
    )
    return target


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    finished: bool


def messages(path: Path) -> list[Message]:
    out = []
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            source = msg.findtext("source") or ""
            if tr is None:
                out.append(Message(name, source, "", False))
                continue
            # Plural messages keep their texts in <numerusform> children, one per form.
            forms = [f.text or "" for f in tr.findall("numerusform")] or [tr.text or ""]
            finished = tr.get("type") not in ("unfinished", "vanished", "obsolete")
            for text in forms:
                out.append(Message(name, source, text, finished and bool(text.strip())))
    return out


def problems(path: Path) -> list[str]:
    """Untranslated strings and translations that lose or add a placeholder."""
    found = []
    for m in messages(path):
        if not m.finished:
            found.append(f"{m.context}: untranslated: {m.source!r}")
        elif sorted(_PLACEHOLDER.findall(m.source)) != sorted(_PLACEHOLDER.findall(m.translation)):
            found.append(f"{m.context}: placeholders differ: {m.source!r} -> {m.translation!r}")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    for lang in LANGUAGES:
        if command == "update":
            update(lang)
        elif command == "release":
            release(lang)
        found = problems(ts_path(lang))
        for line in found:
            print(f"{lang}: {line}")
        if command == "check" and found:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

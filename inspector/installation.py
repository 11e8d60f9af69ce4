"""Is the installation whole? The shipped files the app needs, checked by ``--smoke-test``.

A bundle or wheel that lost a data folder used to start and fail later (a letter that "exists
only in ''", a form check that finds nothing, an init that stops half-way). This names every
missing file at once.
"""

from __future__ import annotations

from pathlib import Path

from inspector import LANGUAGES
from inspector.paths import FONTS_DIR, FORMS_DIR, LETTER_TEMPLATES_DIR, RESOURCES_DIR

#: The questionnaires the code refers to by name.
FORMS = ("controlelocatie", "verblijfslocatie", "betrokkene", "inschrijving")
#: Letters for residents exist in every language; the report and referrals in Dutch only.
LETTER_LANGUAGES: dict[str, tuple[str, ...]] = {
    "control": LANGUAGES,
    "receipt": LANGUAGES,
    "confirmation": LANGUAGES,
    "refusal": LANGUAGES,
    "rni-referral": LANGUAGES,
    "invitation": LANGUAGES,
    "report": ("nl",),
    "referral-nla": ("nl",),
    "referral-snf": ("nl",),
}
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")
#: Interface translations (English is the source language and needs no file).
TRANSLATIONS = ("inspector_nl.qm",)


def required_files() -> list[Path]:
    """Every shipped file the app cannot do without."""
    from inspector.storage.db import MIGRATIONS_DIR, SCHEMA_REVISION

    files = [FORMS_DIR / f"{name}.yaml" for name in FORMS]
    for kind, languages in LETTER_LANGUAGES.items():
        files += [LETTER_TEMPLATES_DIR / kind / f"{lang}.yaml" for lang in languages]
    files += [LETTER_TEMPLATES_DIR / "common" / f"{lang}.yaml" for lang in LANGUAGES]
    files.append(LETTER_TEMPLATES_DIR / "letterhead.docx")
    files += [FONTS_DIR / name for name in FONTS]
    files += [RESOURCES_DIR / "translations" / name for name in TRANSLATIONS]
    files.append(RESOURCES_DIR / "texts" / "registration.yaml")
    files += [MIGRATIONS_DIR / "env.py", MIGRATIONS_DIR / "versions" / f"{SCHEMA_REVISION}.py"]
    return files


def problems() -> list[str]:
    """One line per missing or unreadable shipped file or form; empty when all is there."""
    out = [f"missing: {path}" for path in required_files() if not path.is_file()]
    if out:
        return out
    from inspector.forms import FormError, load_form
    from inspector.paths import form_file

    for name in FORMS:
        try:
            load_form(form_file(name))
        except FormError as exc:
            out += [p.as_line() for p in exc.problems]
    from inspector.letters import LetterError
    from inspector.letters.templates import load_labels, load_template

    for kind, languages in LETTER_LANGUAGES.items():
        for lang in languages:
            try:
                load_template(kind, lang)
            except LetterError as exc:
                out.append(str(exc))
    for lang in LANGUAGES:
        try:
            load_labels(lang)
        except LetterError as exc:
            out.append(str(exc))
    return out

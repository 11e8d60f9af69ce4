"""Letter template files: loading, validation, placeholders and the parse cache."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from inspector import LANGUAGES
from inspector.letters.model import KINDS, LetterError
from inspector.paths import LETTER_TEMPLATES_DIR, letter_template_file

#: The shipped letter_templates/ (package data; the top-level folder in a source checkout).
#: A municipality's own copy of a file, in the data dir's custom/letter_templates/, wins.
TEMPLATE_DIR = LETTER_TEMPLATES_DIR


#: Every name a template may use in {{ ... }}, in `when:` or in `unless:`.
PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "municipality_name",
        "municipality",
        "office_department",
        "office_address",
        "office_phone",
        "office_email",
        "office_website",
        "rni_counter",
        "resident_surname",
        "registration_sex",
        "registration_birth_place",
        "registration_birth_country",
        "registration_nationality",
        "registration_arrival",
        "registration_document",
        "declared_date",
        "declared_time",
        "received_by",
        "received_mandate",
        "processing_days",
        "processing_days_unit",
        "invitation_date",
        "invitation_time",
        "invitation_place",
        "invitation_bring",
        "use_not_allowed",
        "consent_text",
        "left_time",
        "interpreter",
        "retention_years",
        "retention_years_unit",
        "legal_findings_count",
        "advice_count",
        "municipality_address",
        "municipality_visiting_address",
        "municipality_phone",
        "municipality_email",
        "municipality_website",
        "meldpunt",
        "letter_date",
        "reference",
        "address",
        "postcode",
        "city",
        "inspection_date",
        "officer_names",
        "officer",
        "partners",
        "accommodation_type",
        "bag_id",
        "floor_area",
        "owner",
        "landlord",
        "employer",
        "joint_control",
        "reports_elsewhere",
        "addressee",
        "resident_name",
        "resident_birth_date",
        "bsn",
        "registration_date",
        "registration_address",
        "registration_postcode",
        "registration_city",
        "room",
        "moved_in_date",
        "persons_present",
        "registered_before",
        "registered_on_site",
        "residents_interviewed",
        "findings_count",
        "breaches_count",
        "snf_findings_count",
        "signals_count",
        "photos_count",
        "bedrooms_count",
        "reg_months",
        "reg_months_unit",
        "reg_window_months",
        "reg_window_unit",
        "reg_days",
        "reg_days_unit",
    }
)

#: Data tables a template can place, with the number of columns each one has.
TABLES: dict[str, int] = {
    "findings": 6,
    "legal_findings": 6,
    "snf_findings": 6,
    "snf_checked": 6,
    "advice_findings": 6,
    "bedrooms": 7,
    "signals": 3,
}

#: Fixed words every language supplies in letter_templates/common/<lang>.yaml.
LABEL_KEYS: frozenset[str] = frozenset(
    {
        "date",
        "reference",
        "page",
        "of",
        "yes",
        "no",
        "none",
        "occupants",
        "sample_mark",
        "sample_line",
        "phone",
        "email",
        "dutch_version_note",
        "dutch_version_heading",
    }
)

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_BLOCK_KINDS = ("heading", "p", "bullets", "facts", "table", "photos", "pagebreak")


@dataclass(frozen=True)
class BlockDef:
    """One block of a letter body as written in the template."""

    kind: str
    texts: tuple[str, ...] = ()
    rows: tuple[tuple[str, str], ...] = ()
    table: str = ""
    columns: tuple[str, ...] = ()
    when: str = ""
    unless: str = ""


@dataclass(frozen=True)
class LetterTemplate:
    """One letter in one language, parsed and validated."""

    kind: str
    lang: str
    path: Path
    title: str
    subject: str
    recipient: tuple[str, ...]
    salutation: str
    body: tuple[BlockDef, ...]
    closing: str
    signature: tuple[str, ...]
    #: Salutations for a named addressee, by sex ("male", "female", "" = not known); empty
    #: where the letter has none (the general salutation is used).
    named_salutations: tuple[tuple[str, str], ...] = ()

    def salutation_for(self, sex: str | None) -> str:
        """The salutation for a named addressee of *sex*, or the general one (None: unnamed)."""
        if sex is None:
            return self.salutation
        found = dict(self.named_salutations)
        return found.get(sex) or found.get("") or self.salutation

    def texts(self) -> list[str]:
        """Every text of the template that may hold placeholders."""
        # Named salutations are left out: a language may address a named person without
        # their name (Polish "Szanowna Pani,"); the loader checks their placeholders.
        out = [self.title, self.subject, *self.recipient, self.salutation, self.closing]
        out.extend(self.signature)
        for block in self.body:
            out.extend(block.texts)
            for label, value in block.rows:
                out.extend((label, value))
            out.extend(block.columns)
        return out

    def placeholders(self) -> frozenset[str]:
        """The names the template uses, in texts and in conditions."""
        names = {m for text in self.texts() for m in _PLACEHOLDER.findall(text)}
        for block in self.body:
            names.update(n for n in (block.when, block.unless) if n)
        return frozenset(names)


def fill(text: str, values: dict[str, str]) -> str:
    """Replace every {{ name }} in *text* by its value."""
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def template_path(kind: str, lang: str, directory: Path | None = None) -> Path:
    """Where the template of *kind* in *lang* lives (without *directory*: the municipality's
    own copy when there is one, else the shipped one)."""
    if directory is None:
        return letter_template_file(f"{kind}/{lang}.yaml")
    return directory / kind / f"{lang}.yaml"


def available_languages(kind: str, directory: Path | None = None) -> tuple[str, ...]:
    """Languages with a template for *kind*, in the standard order."""
    if kind not in KINDS:
        raise LetterError(f"Unknown letter kind {kind!r}; known kinds: {', '.join(KINDS)}.")
    return tuple(lang for lang in LANGUAGES if template_path(kind, lang, directory).is_file())


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LetterError(f"{path}: cannot be read as YAML ({exc.__class__.__name__}).") from exc
    if not isinstance(raw, dict):
        raise LetterError(f"{path}: must hold a mapping.")
    return raw


def _text(path: Path, where: str, value: Any, *, allow_empty: bool = True) -> str:
    if value is None and allow_empty:
        return ""
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise LetterError(f"{path}: {where} must be a non-empty text.")
    _check_placeholders(path, where, value)
    return value


def _texts(path: Path, where: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise LetterError(f"{path}: {where} must be a list of texts.")
    return tuple(_text(path, f"{where}[{i}]", v, allow_empty=False) for i, v in enumerate(value))


def _check_placeholders(path: Path, where: str, text: str) -> None:
    for name in _PLACEHOLDER.findall(text):
        if name not in PLACEHOLDERS:
            raise LetterError(f"{path}: {where} uses the unknown placeholder {{{{ {name} }}}}.")
    rest = _PLACEHOLDER.sub("", text)
    if "{{" in rest or "}}" in rest or "{%" in rest:
        raise LetterError(f"{path}: {where} holds a malformed placeholder; write {{{{ name }}}}.")


def _block(path: Path, index: int, raw: Any) -> BlockDef:
    where = f"body[{index}]"
    if not isinstance(raw, dict):
        raise LetterError(f"{path}: {where} must be a mapping such as {{p: ...}}.")
    kinds = [k for k in raw if k in _BLOCK_KINDS]
    unknown = [k for k in raw if k not in _BLOCK_KINDS and k not in ("when", "unless", "columns")]
    if len(kinds) != 1 or unknown:
        raise LetterError(
            f"{path}: {where} must have exactly one of {', '.join(_BLOCK_KINDS)} "
            f"(plus when/unless/columns)."
        )
    kind = kinds[0]
    names: list[str] = []
    for key in ("when", "unless"):
        name = raw.get(key, "")
        if name and name not in PLACEHOLDERS:
            raise LetterError(f"{path}: {where}.{key} names the unknown value {name!r}.")
        names.append(str(name or ""))
    when, unless = names
    value = raw[kind]
    if kind in ("heading", "p"):
        return BlockDef(
            kind, texts=(_text(path, where, value, allow_empty=False),), when=when, unless=unless
        )
    if kind == "bullets":
        texts = _texts(path, where, value)
        if not texts:
            raise LetterError(f"{path}: {where} must list at least one bullet.")
        return BlockDef(kind, texts=texts, when=when, unless=unless)
    if kind == "facts":
        if not isinstance(value, list) or not value:
            raise LetterError(f"{path}: {where} must list [label, value] pairs.")
        rows = []
        for i, pair in enumerate(value):
            if not (isinstance(pair, list) and len(pair) == 2):
                raise LetterError(f"{path}: {where}.facts[{i}] must be a [label, value] pair.")
            rows.append(
                (
                    _text(path, f"{where}.facts[{i}]", pair[0]),
                    _text(path, f"{where}.facts[{i}]", pair[1]),
                )
            )
        return BlockDef(kind, rows=tuple(rows), when=when, unless=unless)
    if kind == "table":
        if value not in TABLES:
            raise LetterError(f"{path}: {where} names the unknown table {value!r}.")
        columns = _texts(path, f"{where}.columns", raw.get("columns"))
        if len(columns) != TABLES[value]:
            raise LetterError(f"{path}: {where} needs {TABLES[value]} column headings.")
        return BlockDef(kind, table=value, columns=columns, when=when, unless=unless)
    return BlockDef(kind, when=when, unless=unless)


def load_template(kind: str, lang: str, directory: Path | None = None) -> LetterTemplate:
    """Parse and validate the template of *kind* in *lang* (cached per file)."""
    if kind not in KINDS:
        raise LetterError(f"Unknown letter kind {kind!r}; known kinds: {', '.join(KINDS)}.")
    path = template_path(kind, lang, directory)
    if lang not in LANGUAGES or not path.is_file():
        known = ", ".join(available_languages(kind, directory))
        raise LetterError(f"The {kind} letter has no language {lang!r}; available: {known}.")
    return _parse_template(kind, lang, path)


@lru_cache(maxsize=64)
def _parse_template(kind: str, lang: str, path: Path) -> LetterTemplate:
    raw = _read_yaml(path)
    if raw.get("kind") != kind or raw.get("lang") != lang:
        raise LetterError(f"{path}: kind and lang must be {kind!r} and {lang!r}.")
    body = raw.get("body")
    if not isinstance(body, list) or not body:
        raise LetterError(f"{path}: body must be a non-empty list of blocks.")
    return LetterTemplate(
        kind=kind,
        lang=lang,
        path=path,
        title=_text(path, "title", raw.get("title"), allow_empty=False),
        subject=_text(path, "subject", raw.get("subject"), allow_empty=False),
        recipient=_texts(path, "recipient", raw.get("recipient")),
        salutation=_text(path, "salutation", raw.get("salutation")),
        body=tuple(_block(path, i, b) for i, b in enumerate(body)),
        closing=_text(path, "closing", raw.get("closing")),
        signature=_texts(path, "signature", raw.get("signature")),
        named_salutations=tuple(
            (sex, _text(path, key, raw.get(key), allow_empty=False))
            for sex, key in (
                ("male", "salutation_male"),
                ("female", "salutation_female"),
                ("", "salutation_named"),
            )
            if raw.get(key)
        ),
    )


def load_labels(lang: str, directory: Path | None = None) -> dict[str, str]:
    """The fixed words of *lang* (date, page, yes/no, ...), validated and cached."""
    path = (
        letter_template_file(f"common/{lang}.yaml")
        if directory is None
        else directory / "common" / f"{lang}.yaml"
    )
    if lang not in LANGUAGES or not path.is_file():
        raise LetterError(f"There are no letter labels for the language {lang!r}.")
    return _parse_labels(path)


@lru_cache(maxsize=16)
def _parse_labels(path: Path) -> dict[str, str]:
    raw = _read_yaml(path)
    labels = raw.get("labels")
    if not isinstance(labels, dict):
        raise LetterError(f"{path}: labels must be a mapping.")
    missing = LABEL_KEYS - labels.keys()
    extra = labels.keys() - LABEL_KEYS
    if missing or extra:
        problems = f"missing: {', '.join(sorted(missing)) or '-'}; "
        problems += f"extra: {', '.join(sorted(extra)) or '-'}"
        raise LetterError(f"{path}: labels must be exactly the standard keys ({problems}).")
    return {str(k): _text(path, f"labels.{k}", v) for k, v in labels.items()}


@lru_cache(maxsize=8)
def load_organisations(lang: str, directory: Path | None = None) -> dict[str, str]:
    """Names of partner organisations in *lang* (controlelocatie ``partners`` choice ids),
    from ``organisations:`` in letter_templates/common/<lang>.yaml; empty when absent."""
    return _common_mapping("organisations", lang, directory)


#: The documents an invitation can ask for (keys of ``documents:`` in the common files).
INVITATION_DOCUMENTS = (
    "rental_contract",
    "employment_contract",
    "payslip",
    "health_insurance",
    "birth_certificate",
    "marriage_certificate",
)


def load_documents(lang: str, directory: Path | None = None) -> dict[str, str]:
    """The documents an invitation can ask for, as the letter in *lang* names them after
    "also bring" (``documents:`` in letter_templates/common/<lang>.yaml)."""
    return _common_mapping("documents", lang, directory)


def _common_mapping(key: str, lang: str, directory: Path | None) -> dict[str, str]:
    path = (
        letter_template_file(f"common/{lang}.yaml")
        if directory is None
        else directory / "common" / f"{lang}.yaml"
    )
    if lang not in LANGUAGES or not path.is_file():
        return {}
    raw = _read_yaml(path).get(key) or {}
    if not isinstance(raw, dict):
        raise LetterError(f"{path}: {key} must be a mapping.")
    return {str(k): _text(path, f"{key}.{k}", v) for k, v in raw.items()}

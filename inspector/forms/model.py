"""Typed, immutable definitions of a questionnaire: form, sections, fields, choices, texts."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inspector.forms.expressions import CompiledExpression

#: The default language of every text: the municipality's own.
DEFAULT_LANGUAGE = "nl"


class LocalizedText:
    """An immutable mapping language -> text, with a fallback-aware `get`."""

    __slots__ = ("_texts",)

    def __init__(self, texts: Mapping[str, str] | None = None, /, **kwargs: str) -> None:
        merged = dict(texts or {})
        merged.update(kwargs)
        self._texts: tuple[tuple[str, str], ...] = tuple(merged.items())

    def get(self, lang: str, fallback: str = DEFAULT_LANGUAGE) -> str:
        """The text in `lang`, else in `fallback`, else in English, else any, else ''."""
        texts = dict(self._texts)
        for candidate in (lang, fallback, "en"):
            text = texts.get(candidate)
            if text:
                return text
        return next((t for _, t in self._texts if t), "")

    def format(self, **params: object) -> LocalizedText:
        """A copy with `{name}` placeholders filled in every language."""
        return LocalizedText({lang: text.format(**params) for lang, text in self._texts})

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(lang for lang, text in self._texts if text)

    def as_dict(self) -> dict[str, str]:
        return dict(self._texts)

    def __getitem__(self, lang: str) -> str:
        return dict(self._texts)[lang]

    def __contains__(self, lang: object) -> bool:
        return any(lang == key for key, _ in self._texts)

    def __iter__(self) -> Iterator[str]:
        return iter(key for key, _ in self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LocalizedText):
            return NotImplemented
        return dict(self._texts) == dict(other._texts)

    def __hash__(self) -> int:
        return hash(frozenset(self._texts))

    def __repr__(self) -> str:
        return f"LocalizedText({dict(self._texts)!r})"

    def __str__(self) -> str:
        return self.get(DEFAULT_LANGUAGE)


class FieldType(enum.StrEnum):
    """The field types of docs/forms.md."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"
    YES_NO = "yes_no"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    COUNTRY = "country"
    NATIONALITY = "nationality"
    LANGUAGE = "language"
    BSN = "bsn"
    POSTCODE = "postcode"
    PHONE = "phone"
    EMAIL = "email"
    PHOTO = "photo"
    DOCUMENT_SCAN = "document_scan"
    SIGNATURE = "signature"
    NOTE = "note"
    REPEAT = "repeat"


CHOICE_TYPES = frozenset({FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE})
NUMBER_TYPES = frozenset({FieldType.INTEGER, FieldType.DECIMAL})
TEXT_TYPES = frozenset({FieldType.TEXT, FieldType.LONG_TEXT})
ATTACHMENT_TYPES = frozenset({FieldType.PHOTO, FieldType.DOCUMENT_SCAN, FieldType.SIGNATURE})
#: Types whose answer is a list of strings.
LIST_TYPES = frozenset({FieldType.MULTIPLE_CHOICE, FieldType.NATIONALITY})
YES_NO_VALUES = ("yes", "no", "unknown")
UNITS = ("m2", "m", "litres", "eur", "hours")


class Audience(enum.StrEnum):
    OFFICER = "officer"
    RESIDENT = "resident"


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a single or multiple choice field."""

    id: str
    label: LocalizedText
    line: int = 0


@dataclass(frozen=True, slots=True)
class Constraint:
    """A condition that must hold when the field has a value, with the message shown if not."""

    expr: CompiledExpression
    message: LocalizedText
    line: int = 0


@dataclass(frozen=True, eq=False)
class Field:
    """One question (or note, or repeat) of a form."""

    id: str
    type: FieldType
    label: LocalizedText
    hint: LocalizedText | None = None
    unit: str | None = None
    min: int | float | None = None
    max: int | float | None = None
    required: bool = False
    required_if: CompiledExpression | None = None
    show_if: CompiledExpression | None = None
    officer_only: bool = False
    calculate: CompiledExpression | None = None
    constraints: tuple[Constraint, ...] = ()
    choices: tuple[Choice, ...] = ()
    #: Sub-fields of a repeat.
    fields: tuple[Field, ...] = ()
    min_items: int | None = None
    max_items: int | None = None
    item_label: LocalizedText | None = None
    #: date/datetime: the value may not lie after today.
    not_future: bool = False
    #: text types: maximum number of characters.
    max_length: int | None = None
    #: The section the field (or its repeat) belongs to.
    section_id: str = ""
    #: The repeat this field belongs to, or None for a top-level field.
    repeat_id: str | None = None
    line: int = 0

    @property
    def is_repeat(self) -> bool:
        return self.type is FieldType.REPEAT

    @property
    def has_value(self) -> bool:
        """Whether the field holds an answer at all (a note does not)."""
        return self.type is not FieldType.NOTE

    @cached_property
    def choice_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.choices)

    def choice(self, choice_id: str) -> Choice:
        for c in self.choices:
            if c.id == choice_id:
                return c
        raise KeyError(choice_id)

    def sub_field(self, field_id: str) -> Field:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def item_title(self, n: int, lang: str) -> str:
        """The title of the n-th (1-based) instance of a repeat, e.g. 'Slaapkamer 3'."""
        if self.item_label is None:
            return f"{self.label.get(lang)} {n}"
        return self.item_label.get(lang).replace("{n}", str(n))

    def __repr__(self) -> str:
        return f"Field(id={self.id!r}, type={self.type.value!r})"


@dataclass(frozen=True, eq=False)
class Section:
    """A page of a form."""

    id: str
    title: LocalizedText
    fields: tuple[Field, ...] = ()
    show_if: CompiledExpression | None = None
    line: int = 0

    def __repr__(self) -> str:
        return f"Section(id={self.id!r})"


@dataclass(frozen=True, eq=False)
class FormDefinition:
    """A whole questionnaire, as loaded from one YAML file."""

    id: str
    version: int
    audience: Audience
    title: LocalizedText
    sections: tuple[Section, ...]
    description: LocalizedText | None = None
    path: Path | None = None
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def _top_index(self) -> dict[str, Field]:
        return {f.id: f for s in self.sections for f in s.fields}

    @cached_property
    def _section_index(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    def field(self, field_id: str) -> Field:
        """A top-level field by id, or a repeat sub-field by 'repeat.field'. KeyError if absent."""
        if "." in field_id:
            repeat_id, sub_id = field_id.split(".", 1)
            return self.repeat(repeat_id).sub_field(sub_id)
        return self._top_index[field_id]

    def has_field(self, field_id: str) -> bool:
        try:
            self.field(field_id)
        except KeyError:
            return False
        return True

    def repeat(self, repeat_id: str) -> Field:
        """A repeat field by id. KeyError if absent or not a repeat."""
        f = self._top_index[repeat_id]
        if not f.is_repeat:
            raise KeyError(repeat_id)
        return f

    def section(self, section_id: str) -> Section:
        return self._section_index[section_id]

    def top_fields(self) -> Iterator[Field]:
        """Every top-level field in form order (repeats included, their sub-fields not)."""
        for s in self.sections:
            yield from s.fields

    def all_fields(self) -> Iterator[tuple[Field, Field | None]]:
        """Every field in form order as (field, parent repeat or None), sub-fields included."""
        for s in self.sections:
            for f in s.fields:
                yield f, None
                for sub in f.fields:
                    yield sub, f

    def __repr__(self) -> str:
        return f"FormDefinition(id={self.id!r}, version={self.version})"

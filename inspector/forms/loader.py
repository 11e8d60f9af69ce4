"""Loading form YAML files into definitions, with every problem named by file, line and field."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

from inspector import LANGUAGES, OFFICER_LANGUAGES
from inspector.error_kinds import KnownError
from inspector.forms.expressions import (
    BOOLEAN,
    DATE,
    DATETIME,
    KEYWORDS,
    NUMBER,
    REPEAT,
    STRING,
    CompiledExpression,
    ExpressionError,
    ExprType,
    FieldSig,
    Scope,
    compile_expression,
    list_of,
)
from inspector.forms.model import (
    CHOICE_TYPES,
    LIST_TYPES,
    NUMBER_TYPES,
    TEXT_TYPES,
    UNITS,
    YES_NO_VALUES,
    Audience,
    Choice,
    Constraint,
    Field,
    FieldType,
    FormDefinition,
    LocalizedText,
    Section,
)
from inspector.forms.plan import CycleError, build_plan
from inspector.messages import BilingualMessage

MAX_FILE_BYTES: Final = 2_000_000
ID_RE: Final = re.compile(r"[a-z][a-z0-9_]{0,63}")
DEFAULT_MAX_LENGTH: Final = {FieldType.TEXT: 500, FieldType.LONG_TEXT: 10_000}
BIRTH_DATE_IDS: Final = frozenset({"birth_date", "date_of_birth"})

_FORM_KEYS: Final = ("id", "version", "audience", "title", "description", "sections")
_SECTION_KEYS: Final = ("id", "title", "show_if", "fields")
_FIELD_KEYS: Final = (
    "id", "type", "label", "hint", "unit", "min", "max", "required", "required_if", "show_if",
    "officer_only", "calculate", "constraints", "choices", "fields", "min_items", "max_items",
    "item_label", "not_future", "max_length",
)  # fmt: skip
_CALCULABLE: Final[Mapping[FieldType, tuple[ExprType, ...]]] = {
    FieldType.INTEGER: (NUMBER,),
    FieldType.DECIMAL: (NUMBER,),
    FieldType.TEXT: (STRING,),
    FieldType.LONG_TEXT: (STRING,),
    FieldType.SINGLE_CHOICE: (STRING,),
    FieldType.YES_NO: (STRING, BOOLEAN),
    FieldType.DATE: (DATE,),
    FieldType.DATETIME: (DATETIME,),
}


# --------------------------------------------------------------------------------------------
# Problems


@dataclass(frozen=True, slots=True)
class FormProblem:
    """One thing wrong with a form file."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.line:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return f"{', '.join(parts)}: {self.message}"

    def as_line(self) -> str:
        """'forms/x.yaml:42: field 'beds': ...' as `inspector forms check` prints it."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = f" field '{self.field}':" if self.field else ""
        return f"{where}:{what} {self.message}"


class FormError(KnownError):
    """A form (or several) that cannot be loaded; `problems` lists every problem found.

    The problems themselves (file, line, field, what is wrong) are for the maintainer of the
    form files and stay English; the Dutch sentence says what the user can do."""

    def __init__(self, problems: list[FormProblem]) -> None:
        self.problems = problems
        details = "\n".join(str(p) for p in problems)
        super().__init__(
            BilingualMessage(
                "form.invalid",
                "een vragenlijstbestand kan niet worden geladen; laat de beheerder het "
                "herstellen of installeer de app opnieuw:\n" + details,
                details,
            )
        )


# --------------------------------------------------------------------------------------------
# YAML with line numbers


class _Map(dict[Any, Any]):
    line: int = 0
    key_lines: dict[Any, int]


class _Seq(list[Any]):
    line: int = 0
    item_lines: list[int]


#: Deeper nesting than any questionnaire needs; a hostile file must not exhaust the stack.
MAX_YAML_DEPTH = 50


class _Abort(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        self.message = message


class _Loader(yaml.SafeLoader):
    """SafeLoader that remembers lines, reports duplicate keys and refuses aliases."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[int, str]] = []
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _Abort(
                event.start_mark.line + 1, "YAML aliases (*name) are not allowed in form files"
            )
        self.depth += 1
        try:
            if self.depth > MAX_YAML_DEPTH:
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise _Abort(
                    event.start_mark.line + 1,
                    f"the form file is nested more than {MAX_YAML_DEPTH} levels deep",
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


# YAML 1.1 reads yes/no/on/off as booleans; in form files they are plain text (choice ids).
_Loader.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    result = _Map()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            key = str(key)
        if key in result:
            loader.duplicates.append(
                (key_node.start_mark.line + 1, f"the key '{key}' appears twice")
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> _Seq:
    result = _Seq(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def display_name(path: Path) -> str:
    """How problems name a file: its folder and name, e.g. 'forms/verblijfslocatie.yaml'."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


# --------------------------------------------------------------------------------------------
# Building


@dataclass
class _RawField:
    """A field after the structural checks, before its expressions are compiled."""

    data: _Map
    id: str
    type: FieldType
    line: int
    section_id: str
    repeat: _RawField | None = None
    officer_only: bool = False
    subfields: list[_RawField] = field(default_factory=list)
    kwargs: dict[str, Any] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()


@dataclass
class _RawSection:
    data: _Map
    id: str
    line: int
    fields: list[_RawField] = field(default_factory=list)


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return type(value).__name__


class _Builder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = display_name(path)
        self.problems: list[FormProblem] = []
        self.resident = False
        self.valueless: set[str] = set()

    def problem(self, line: int | None, fld: str | None, message: str) -> None:
        self.problems.append(FormProblem(self.file, line, fld, message))

    # -- generic checks

    def check_keys(self, data: _Map, allowed: Iterable[str], fld: str | None, what: str) -> None:
        allowed = tuple(allowed)
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(
                    data.key_lines.get(key, data.line), fld, f"unknown key '{key}' in {what}{hint}"
                )

    def line_of(self, data: _Map, key: str) -> int:
        return data.key_lines.get(key, data.line)

    def get_id(self, data: _Map, what: str, fld: str | None = None) -> str | None:
        value = data.get("id")
        if value is None:
            self.problem(data.line, fld, f"{what} has no 'id'")
            return None
        if not isinstance(value, str) or not ID_RE.fullmatch(value):
            self.problem(
                self.line_of(data, "id"),
                fld,
                f"{what} id {value!r} must be lowercase letters, digits and underscores, "
                "starting with a letter (at most 64 characters)",
            )
            return None
        return value

    def text(
        self,
        data: _Map,
        key: str,
        fld: str | None,
        resident_visible: bool,
        *,
        required: bool,
        owner: str = "",
    ) -> LocalizedText | None:
        value = data.get(key)
        line = self.line_of(data, key)
        what = f"'{key}' of {owner}" if owner else f"'{key}'"
        if value is None:
            if required:
                self.problem(data.line, fld, f"{what} is missing")
            return None
        return self.localized(value, line, fld, what, resident_visible)

    def localized(
        self, value: object, line: int, fld: str | None, what: str, resident_visible: bool
    ) -> LocalizedText | None:
        if isinstance(value, str):
            self.problem(
                line, fld, f"{what} must give a text per language, e.g. {{nl: ..., en: ...}}"
            )
            return None
        if not isinstance(value, dict):
            self.problem(line, fld, f"{what} must be a mapping of language to text")
            return None
        ok = True
        for lang, text in value.items():
            if lang not in LANGUAGES:
                self.problem(
                    line,
                    fld,
                    f"{what} has an unknown language '{lang}' (use {', '.join(LANGUAGES)})",
                )
                ok = False
            elif not isinstance(text, str) or not text.strip():
                self.problem(line, fld, f"{what} in '{lang}' must be a non-empty text")
                ok = False
        needed = LANGUAGES if resident_visible else OFFICER_LANGUAGES
        missing = [lang for lang in needed if lang not in value]
        if missing:
            audience = "a resident-visible" if resident_visible else "an officer"
            self.problem(
                line,
                fld,
                f"{what} lacks the translation in {', '.join(missing)} "
                f"({audience} text needs {', '.join(needed)})",
            )
            ok = False
        return LocalizedText({k: v for k, v in value.items() if isinstance(v, str)}) if ok else None

    def boolean(self, data: _Map, key: str, fld: str | None) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.problem(self.line_of(data, key), fld, f"'{key}' must be true or false")
            return False
        return value

    def number(self, data: _Map, key: str, fld: str | None, *, integer: bool) -> Any:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(self.line_of(data, key), fld, f"'{key}' must be a number")
            return None
        if integer and not isinstance(value, int):
            self.problem(self.line_of(data, key), fld, f"'{key}' must be a whole number")
            return None
        return value

    # -- form

    def build(self, data: object) -> FormDefinition | None:
        if not isinstance(data, _Map):
            self.problem(1, None, "a form file must be a mapping with id, version, title, ...")
            return None
        self.check_keys(data, _FORM_KEYS, None, "the form")
        form_id = self.get_id(data, "the form")
        if form_id is not None and form_id != self.path.stem:
            self.problem(
                self.line_of(data, "id"),
                None,
                f"the form id '{form_id}' must equal the file name '{self.path.stem}'",
            )
        version = data.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            self.problem(
                self.line_of(data, "version"), None, "'version' must be a positive whole number"
            )
            version = None
        audience_raw = data.get("audience")
        audience: Audience | None = None
        try:
            audience = Audience(str(audience_raw))
        except ValueError:
            self.problem(
                self.line_of(data, "audience"), None, "'audience' must be officer or resident"
            )
        self.resident = audience is Audience.RESIDENT
        title = self.text(data, "title", None, self.resident, required=True)
        description = self.text(data, "description", None, self.resident, required=False)

        raw_sections = self.sections(data)
        sigs = self.signatures(raw_sections)
        sections = [self.finish_section(rs, sigs) for rs in raw_sections]
        if self.problems or None in (form_id, version, audience, title):
            return None
        assert form_id is not None and isinstance(version, int) and audience is not None
        assert title is not None
        form = FormDefinition(
            id=form_id,
            version=version,
            audience=audience,
            title=title,
            description=description,
            sections=tuple(s for s in sections if s is not None),
            path=self.path,
        )
        self.check_cycles(form)
        return None if self.problems else form

    def sections(self, data: _Map) -> list[_RawSection]:
        raw = data.get("sections")
        if not isinstance(raw, _Seq) or not raw:
            self.problem(
                self.line_of(data, "sections"), None, "'sections' must be a non-empty list"
            )
            return []
        result: list[_RawSection] = []
        seen_sections: set[str] = set()
        seen_fields: dict[str, int] = {}
        for item, line in zip(raw, raw.item_lines, strict=True):
            if not isinstance(item, _Map):
                self.problem(line, None, "a section must be a mapping with id, title and fields")
                continue
            self.check_keys(item, _SECTION_KEYS, None, "a section")
            sid = self.get_id(item, "a section")
            if sid is None:
                continue
            if sid in seen_sections:
                self.problem(self.line_of(item, "id"), None, f"section id '{sid}' is used twice")
            seen_sections.add(sid)
            rs = _RawSection(item, sid, item.line)
            fields = item.get("fields")
            if not isinstance(fields, _Seq) or not fields:
                self.problem(item.line, None, f"section '{sid}' needs a non-empty list 'fields'")
            else:
                rs.fields = self.fields(fields, sid, None, seen_fields)
            result.append(rs)
        return result

    def fields(
        self,
        items: _Seq,
        section_id: str,
        repeat: _RawField | None,
        seen: dict[str, int],
    ) -> list[_RawField]:
        result: list[_RawField] = []
        for item, line in zip(items, items.item_lines, strict=True):
            if not isinstance(item, _Map):
                self.problem(line, None, "a field must be a mapping with id, type and label")
                continue
            raw = self.field(item, section_id, repeat, seen)
            if raw is not None:
                result.append(raw)
        return result

    def field(
        self, data: _Map, section_id: str, repeat: _RawField | None, seen: dict[str, int]
    ) -> _RawField | None:
        fid = self.get_id(data, "a field")
        name = fid if fid is not None else None
        self.check_keys(data, _FIELD_KEYS, name, f"field '{fid}'")
        if fid is None:
            return None
        if fid in KEYWORDS:
            self.problem(self.line_of(data, "id"), fid, f"'{fid}' is a reserved word")
        if fid in seen:
            where = "in this repeat" if repeat is not None else "in this form"
            self.problem(
                self.line_of(data, "id"),
                fid,
                f"the id is used twice {where} (first on line {seen[fid]})",
            )
        seen[fid] = self.line_of(data, "id")
        type_raw = data.get("type")
        try:
            ftype = FieldType(str(type_raw))
        except ValueError:
            close = difflib.get_close_matches(str(type_raw), [t.value for t in FieldType], n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.problem(self.line_of(data, "type"), fid, f"unknown field type '{type_raw}'{hint}")
            return None
        officer_only = self.boolean(data, "officer_only", fid) or (
            repeat is not None and repeat.officer_only
        )
        raw = _RawField(
            data, fid, ftype, data.line, section_id, repeat=repeat, officer_only=officer_only
        )
        visible = self.resident and not officer_only
        kw = raw.kwargs
        kw["label"] = self.text(data, "label", fid, visible, required=True)
        kw["hint"] = self.text(data, "hint", fid, visible, required=False)
        kw["required"] = self.boolean(data, "required", fid)
        kw["officer_only"] = officer_only

        def only(key: str, allowed: Iterable[FieldType], what: str) -> bool:
            if key not in data:
                return False
            if ftype not in allowed:
                self.problem(self.line_of(data, key), fid, f"'{key}' is only for {what} fields")
                return False
            return True

        if only("unit", (FieldType.DECIMAL,), "decimal"):
            unit = data["unit"]
            if unit not in UNITS:
                self.problem(
                    self.line_of(data, "unit"),
                    fid,
                    f"unknown unit '{unit}' (use {', '.join(UNITS)})",
                )
            else:
                kw["unit"] = unit
        integer = ftype is FieldType.INTEGER
        for key in ("min", "max"):
            if only(key, NUMBER_TYPES, "integer and decimal"):
                kw[key] = self.number(data, key, fid, integer=integer)
        if kw.get("min") is not None and kw.get("max") is not None and kw["min"] > kw["max"]:
            self.problem(self.line_of(data, "max"), fid, "'max' is smaller than 'min'")
        if only("not_future", (FieldType.DATE, FieldType.DATETIME), "date and datetime"):
            kw["not_future"] = self.boolean(data, "not_future", fid)
        elif ftype is FieldType.DATE and "not_future" not in data:
            kw["not_future"] = fid in BIRTH_DATE_IDS or fid.endswith("_birth_date")
        if only("max_length", TEXT_TYPES, "text and long_text"):
            n = self.number(data, "max_length", fid, integer=True)
            if n is not None and n < 1:
                self.problem(self.line_of(data, "max_length"), fid, "'max_length' must be positive")
            kw["max_length"] = n
        elif ftype in TEXT_TYPES:
            kw["max_length"] = DEFAULT_MAX_LENGTH[ftype]
        if ftype is FieldType.NOTE:
            for key in ("required", "required_if", "calculate", "constraints"):
                if key in data:
                    self.problem(self.line_of(data, key), fid, f"a note cannot have '{key}'")
        if "calculate" in data and ftype not in _CALCULABLE and ftype is not FieldType.NOTE:
            self.problem(
                self.line_of(data, "calculate"), fid, f"a {ftype.value} field cannot be calculated"
            )

        # choices
        if ftype in CHOICE_TYPES:
            raw.choices = self.choices(data, fid, visible)
        elif "choices" in data:
            self.problem(
                self.line_of(data, "choices"),
                fid,
                "'choices' is only for single_choice and multiple_choice fields",
            )

        # repeats
        if ftype is FieldType.REPEAT:
            if repeat is not None:
                self.problem(data.line, fid, "a repeat cannot contain another repeat")
            subs = data.get("fields")
            if not isinstance(subs, _Seq) or not subs:
                self.problem(data.line, fid, "a repeat needs a non-empty list 'fields'")
            else:
                raw.subfields = self.fields(subs, section_id, raw, {})
            for key in ("min_items", "max_items"):
                n = self.number(data, key, fid, integer=True)
                if n is not None and n < 0:
                    self.problem(self.line_of(data, key), fid, f"'{key}' cannot be negative")
                kw[key] = n
            if kw["min_items"] is not None and kw["max_items"] is not None:
                if kw["min_items"] > kw["max_items"]:
                    self.problem(
                        self.line_of(data, "max_items"), fid, "'max_items' is below 'min_items'"
                    )
            kw["item_label"] = self.text(data, "item_label", fid, visible, required=False)
        else:
            for key in ("fields", "min_items", "max_items", "item_label"):
                only(key, (FieldType.REPEAT,), "repeat")
        return raw

    def choices(self, data: _Map, fid: str, visible: bool) -> tuple[Choice, ...]:
        raw = data.get("choices")
        if not isinstance(raw, _Seq) or not raw:
            self.problem(self.line_of(data, "choices"), fid, "needs a non-empty list 'choices'")
            return ()
        result: list[Choice] = []
        seen: set[str] = set()
        for item, line in zip(raw, raw.item_lines, strict=True):
            if not isinstance(item, _Map):
                self.problem(line, fid, "a choice must be a mapping with id and label")
                continue
            self.check_keys(item, ("id", "label"), fid, "a choice")
            cid = self.get_id(item, "a choice", fid)
            if cid is None:
                continue
            if cid in seen:
                self.problem(self.line_of(item, "id"), fid, f"choice id '{cid}' is used twice")
            seen.add(cid)
            label = self.text(item, "label", fid, visible, required=True, owner=f"choice '{cid}'")
            if label is not None:
                result.append(Choice(cid, label, item.line))
        return tuple(result)

    # -- expressions

    def signatures(self, sections: list[_RawSection]) -> dict[str, FieldSig]:
        sigs: dict[str, FieldSig] = {}
        for rs in sections:
            for rf in rs.fields:
                if rf.type is FieldType.NOTE:
                    self.valueless.add(rf.id)
                for sub in rf.subfields:
                    if sub.type is FieldType.NOTE:
                        self.valueless.add(sub.id)
                sig = _signature(rf)
                if sig is not None:
                    sigs.setdefault(rf.id, sig)
        return sigs

    def compile(
        self,
        data: _Map,
        key: str,
        fld: str | None,
        scope: Scope,
        expected: tuple[ExprType, ...],
        *,
        source: object = None,
        line: int | None = None,
    ) -> CompiledExpression | None:
        text = data.get(key) if source is None else source
        where = line if line is not None else self.line_of(data, key)
        if isinstance(text, bool):
            text = "true" if text else "false"
        if not isinstance(text, str):
            self.problem(where, fld, f"'{key}' must be an expression in quotes")
            return None
        try:
            return compile_expression(text, scope, expected)
        except ExpressionError as exc:
            self.problem(where, fld, f'{key} "{_clip(text)}": {exc}')
            return None

    def finish_section(self, rs: _RawSection, sigs: dict[str, FieldSig]) -> Section | None:
        scope = Scope(top=sigs, valueless=self.valueless)
        show_if = None
        if "show_if" in rs.data:
            show_if = self.compile(rs.data, "show_if", None, scope, (BOOLEAN,))
            if show_if is None:
                self.problems[-1] = _with_section(self.problems[-1], rs.id)
        visible = self.resident and any(not f.officer_only for f in rs.fields)
        title = self.text(rs.data, "title", None, visible, required=True)
        if title is None:
            return None
        fields = tuple(
            f for f in (self.finish_field(rf, sigs, None) for rf in rs.fields) if f is not None
        )
        return Section(rs.id, title, fields, show_if, rs.line)

    def finish_field(
        self, rf: _RawField, sigs: dict[str, FieldSig], repeat_id: str | None
    ) -> Field | None:
        data, fid = rf.data, rf.id
        scope = Scope(top=sigs, repeat=repeat_id, valueless=self.valueless)
        kw = dict(rf.kwargs)
        for key in ("show_if", "required_if"):
            if key in data:
                kw[key] = self.compile(data, key, fid, scope, (BOOLEAN,))
        if "calculate" in data and rf.type in _CALCULABLE:
            kw["calculate"] = self.compile(data, "calculate", fid, scope, _CALCULABLE[rf.type])
        if rf.type is not FieldType.NOTE:
            kw["constraints"] = self.constraints(rf, sigs, repeat_id)
        subfields: tuple[Field, ...] = ()
        if rf.subfields:
            subfields = tuple(
                f for f in (self.finish_field(s, sigs, fid) for s in rf.subfields) if f is not None
            )
        if kw.get("label") is None:
            return None
        return Field(
            id=fid,
            type=rf.type,
            choices=rf.choices,
            fields=subfields,
            section_id=rf.section_id,
            repeat_id=repeat_id,
            line=rf.line,
            **kw,
        )

    def constraints(
        self, rf: _RawField, sigs: dict[str, FieldSig], repeat_id: str | None
    ) -> tuple[Constraint, ...]:
        raw = rf.data.get("constraints")
        if raw is None:
            return ()
        if not isinstance(raw, _Seq):
            self.problem(
                self.line_of(rf.data, "constraints"), rf.id, "'constraints' must be a list"
            )
            return ()
        own = _signature(rf)
        scope = Scope(top=sigs, repeat=repeat_id, value=own, valueless=self.valueless)
        visible = self.resident and not rf.officer_only
        result: list[Constraint] = []
        for item, line in zip(raw, raw.item_lines, strict=True):
            if not isinstance(item, _Map):
                self.problem(line, rf.id, "a constraint must be a mapping with expr and message")
                continue
            self.check_keys(item, ("expr", "message"), rf.id, "a constraint")
            if "expr" not in item:
                self.problem(item.line, rf.id, "a constraint needs 'expr'")
                continue
            expr = self.compile(item, "expr", rf.id, scope, (BOOLEAN,))
            message = self.text(
                item, "message", rf.id, visible, required=True, owner="a constraint"
            )
            if expr is not None and message is not None:
                result.append(Constraint(expr, message, item.line))
        return tuple(result)

    def check_cycles(self, form: FormDefinition) -> None:
        try:
            build_plan(form)
        except CycleError as exc:
            for cycle in exc.cycles:
                first = cycle[0]
                names = " -> ".join(_node_name(k) for k in cycle)
                line: int | None = None
                fld: str | None = None
                if first.startswith("§"):
                    line = form.section(first[1:]).line
                else:
                    f = form.field(first)
                    line, fld = f.line, f.id
                self.problem(
                    line,
                    fld,
                    f"show_if/calculate expressions depend on each other in a cycle: {names}",
                )


def _node_name(key: str) -> str:
    return f"section '{key[1:]}'" if key.startswith("§") else f"'{key}'"


def _clip(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."


def _with_section(p: FormProblem, section_id: str) -> FormProblem:
    return FormProblem(p.file, p.line, p.field, f"section '{section_id}': {p.message}")


def _expr_type(ftype: FieldType) -> ExprType | None:
    if ftype in NUMBER_TYPES:
        return NUMBER
    if ftype is FieldType.DATE:
        return DATE
    if ftype is FieldType.DATETIME:
        return DATETIME
    if ftype in LIST_TYPES:
        return list_of(STRING)
    if ftype is FieldType.REPEAT:
        return REPEAT
    if ftype is FieldType.NOTE:
        return None
    return STRING


def _signature(rf: _RawField) -> FieldSig | None:
    typ = _expr_type(rf.type)
    if typ is None:
        return None
    choices: frozenset[str] | None = None
    if rf.type in CHOICE_TYPES:
        choices = frozenset(c.id for c in rf.choices)
    elif rf.type is FieldType.YES_NO:
        choices = frozenset(YES_NO_VALUES)
    subs: dict[str, FieldSig] = {}
    for s in rf.subfields:
        sig = _signature(s)
        if sig is not None:
            subs.setdefault(s.id, sig)
    return FieldSig(typ, choices, subs)


# --------------------------------------------------------------------------------------------
# Public entry points


def _read(path: Path) -> tuple[object, list[FormProblem]]:
    file = display_name(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                FormProblem(file, None, None, f"the file is larger than {MAX_FILE_BYTES} bytes")
            ]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [FormProblem(file, None, None, "the file is not UTF-8 text")]
    except OSError as exc:
        return None, [FormProblem(file, None, None, f"cannot read the file ({exc.strerror})")]
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except _Abort as exc:
        return None, [FormProblem(file, exc.line, None, exc.message)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        return None, [FormProblem(file, line, None, f"this is not valid YAML: {what}")]
    except yaml.YAMLError as exc:
        return None, [FormProblem(file, None, None, f"this is not valid YAML: {exc}")]
    finally:
        loader.dispose()
    problems = [FormProblem(file, line, None, msg) for line, msg in loader.duplicates]
    return data, problems


def load_form(path: Path | str) -> FormDefinition:
    """Load and check one form file; FormError listing every problem found."""
    path = Path(path)
    data, problems = _read(path)
    if data is None and problems:
        raise FormError(problems)
    builder = _Builder(path)
    builder.problems.extend(problems)
    form = builder.build(data)
    if builder.problems or form is None:
        raise FormError(sorted(builder.problems, key=lambda p: p.line or 0))
    return form


def load_forms_lenient(
    directory: Path | str | Sequence[Path],
) -> tuple[dict[str, FormDefinition], list[FormProblem]]:
    """Every form in `directory` (or in the list of files) that loads, and the problems of
    those that do not."""
    forms: dict[str, FormDefinition] = {}
    problems: list[FormProblem] = []
    files = (
        sorted(Path(directory).glob("*.yaml"))
        if isinstance(directory, str | Path)
        else list(directory)
    )
    for path in files:
        try:
            form = load_form(path)
        except FormError as exc:
            problems.extend(exc.problems)
        else:
            forms[form.id] = form
    return forms, problems


def load_forms(directory: Path | str | Sequence[Path]) -> dict[str, FormDefinition]:
    """Every form in `directory` by id; FormError with the problems of all files if any fails."""
    forms, problems = load_forms_lenient(directory)
    if problems:
        raise FormError(problems)
    return forms

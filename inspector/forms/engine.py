"""Evaluating answers against a form: visibility, requirement, values, errors, completeness."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from inspector import localtime
from inspector.forms import validators as v
from inspector.forms.expressions import (
    MAX_NUMBER,
    UNKNOWN,
    CompiledExpression,
    Context,
    EvaluationError,
    is_missing,
)
from inspector.forms.messages import message
from inspector.forms.model import (
    ATTACHMENT_TYPES,
    TEXT_TYPES,
    YES_NO_VALUES,
    Field,
    FieldType,
    FormDefinition,
    LocalizedText,
)
from inspector.forms.plan import Step, build_plan

# --------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True, slots=True)
class FieldState:
    """How one field (or one field of one repeat instance) stands after evaluation."""

    path: str
    field: Field
    section_id: str
    visible: bool
    required: bool
    #: The effective value: the checked answer, or the calculated value; None when hidden.
    value: Any
    missing: bool
    #: Every message for this field, the 'required' one included.
    errors: tuple[LocalizedText, ...]

    @property
    def invalid(self) -> bool:
        return bool(self.errors) and not self.missing

    @property
    def calculated(self) -> bool:
        return self.field.calculate is not None


@dataclass(frozen=True, slots=True)
class Issue:
    """An entry of the finalize checklist: where to jump and what to say."""

    section_id: str
    #: 'field' or 'repeat[index].field'; None for a problem of the section itself.
    path: str | None
    field_id: str | None
    kind: str  # "missing" | "invalid"
    message: LocalizedText


@dataclass(frozen=True)
class Evaluation:
    """The outcome of `evaluate`: per-path states, section visibility and the checklist."""

    form: FormDefinition
    fields: Mapping[str, FieldState]
    sections: Mapping[str, bool]
    #: path -> value of every visible calculated field that has a value.
    calculated: Mapping[str, Any]
    #: The effective answers (checked, calculated, hidden ones left out), shaped like answers.
    values: Mapping[str, Any]
    missing: tuple[Issue, ...]
    invalid: tuple[Issue, ...]

    @property
    def is_complete(self) -> bool:
        return not self.missing and not self.invalid

    def state(self, path: str) -> FieldState:
        return self.fields[path]

    def visible(self, path: str) -> bool:
        return self.fields[path].visible

    def required(self, path: str) -> bool:
        return self.fields[path].required

    def value(self, path: str) -> Any:
        return self.fields[path].value

    def errors(self, path: str, lang: str | None = None) -> list[Any]:
        """LocalizedText messages, or plain strings in `lang` when it is given."""
        errs = self.fields[path].errors
        return list(errs) if lang is None else [e.get(lang) for e in errs]

    def issues(self) -> tuple[Issue, ...]:
        return self.missing + self.invalid


@dataclass(frozen=True, slots=True)
class Coerced:
    """What `coerce_value` made of typed text: a value, or an error to show."""

    value: Any
    error: LocalizedText | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def field_path(field_id: str, repeat_id: str | None = None, index: int | None = None) -> str:
    """'field' for a top-level field, 'repeat[index].field' (0-based) inside a repeat."""
    if repeat_id is None:
        return field_id
    return f"{repeat_id}[{index}].{field_id}"


_PATH_RE: Final = re.compile(r"([a-z][a-z0-9_]*)\[(\d+)\]\.([a-z][a-z0-9_]*)")


def parse_path(path: str) -> tuple[str, int | None, str | None]:
    """'beds' -> ('beds', None, None); 'bedrooms[2].beds' -> ('bedrooms', 2, 'beds')."""
    m = _PATH_RE.fullmatch(path)
    if m is None:
        return path, None, None
    return m.group(1), int(m.group(2)), m.group(3)


# --------------------------------------------------------------------------------------------
# Checking typed values


def check_value(field: Field, value: Any, today: dt.date) -> tuple[Any, list[LocalizedText]]:
    """A typed answer as the engine uses it (normalised), or None with the errors it has."""
    t = field.type
    if t in TEXT_TYPES:
        if not isinstance(value, str):
            return None, [message("invalid_text")]
        if field.max_length is not None and len(value) > field.max_length:
            return None, [message("too_long", max=field.max_length)]
        return value, []
    if t is FieldType.INTEGER:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_NUMBER:
            return None, [message("not_an_integer")]
        return _range(field, value)
    if t is FieldType.DECIMAL:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, [message("not_a_number")]
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            return None, [message("not_a_number")]
        return _range(field, float(value))
    if t is FieldType.DATE:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            return None, [message("invalid_date")]
        if field.not_future and not v.is_not_future(value, today):
            return None, [message("date_in_future")]
        return value, []
    if t is FieldType.DATETIME:
        if not isinstance(value, dt.datetime) or value.utcoffset() is None:
            return None, [message("invalid_datetime")]
        value = value.astimezone(dt.UTC)
        if field.not_future and not v.is_not_future(value, today):
            return None, [message("date_in_future")]
        return value, []
    if t is FieldType.YES_NO:
        return (value, []) if value in YES_NO_VALUES else (None, [message("invalid_choice")])
    if t is FieldType.SINGLE_CHOICE:
        ok = isinstance(value, str) and value in field.choice_ids
        return (value, []) if ok else (None, [message("invalid_choice")])
    if t is FieldType.MULTIPLE_CHOICE:
        if not isinstance(value, list | tuple) or not all(
            isinstance(x, str) and x in field.choice_ids for x in value
        ):
            return None, [message("invalid_choice")]
        return list(dict.fromkeys(value)), []
    if t is FieldType.COUNTRY:
        return (value, []) if v.is_valid_country(value) else (None, [message("invalid_country")])
    if t is FieldType.NATIONALITY:
        if not isinstance(value, list | tuple) or not all(v.is_valid_country(x) for x in value):
            return None, [message("invalid_country")]
        return list(dict.fromkeys(value)), []
    if t is FieldType.LANGUAGE:
        ok = v.is_valid_language(value)
        return (value, []) if ok else (None, [message("invalid_language")])
    if t is FieldType.BSN:
        return (value, []) if v.is_valid_bsn(value) else (None, [message("invalid_bsn")])
    if t is FieldType.POSTCODE:
        pc = v.normalize_postcode(value) if isinstance(value, str) else None
        return (pc, []) if pc else (None, [message("invalid_postcode")])
    if t is FieldType.PHONE:
        phone = v.normalize_phone(value) if isinstance(value, str) else None
        return (phone, []) if phone else (None, [message("invalid_phone")])
    if t is FieldType.EMAIL:
        return (value, []) if v.is_valid_email(value) else (None, [message("invalid_email")])
    if t in ATTACHMENT_TYPES:
        ok = isinstance(value, str) and 0 < len(value) <= 200
        return (value, []) if ok else (None, [message("invalid_value")])
    return None, []  # note, repeat: no scalar value


def _range(field: Field, value: int | float) -> tuple[Any, list[LocalizedText]]:
    if field.min is not None and value < field.min:
        return None, [message("too_small", min=field.min)]
    if field.max is not None and value > field.max:
        return None, [message("too_large", max=field.max)]
    return value, []


# --------------------------------------------------------------------------------------------
# Coercing typed text


_INT_RE: Final = re.compile(r"[+-]?[0-9]{1,16}")
_DEC_RE: Final = re.compile(r"[+-]?[0-9]{1,16}(?:\.[0-9]{1,12})?")
_DATE_DMY_RE: Final = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")
_DATE_ISO_RE: Final = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_YES: Final = frozenset({"yes", "ja", "j", "y", "tak", "так", "da"})
_NO: Final = frozenset({"no", "nee", "n", "nie", "ні", "nu"})
_UNKNOWN_WORDS: Final = frozenset({"unknown", "onbekend", "?"})


def _parse_decimal(text: str) -> float | None:
    s = text.replace(" ", "").replace("\u00a0", "")
    if "," in s and "." in s:
        # The separator written last is the decimal one: '1.234,5' and '1,234.5' both work.
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    else:
        s = s.replace(",", ".")
    if not _DEC_RE.fullmatch(s):
        return None
    return float(s)


def parse_date(text: str) -> dt.date | None:
    """'2024-03-01', '1-3-2024', '01/03/2024', '01.03.2024' or '01032024' as a date."""
    s = text.strip()
    m = _DATE_ISO_RE.fullmatch(s)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _DATE_DMY_RE.fullmatch(s)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if len(s) == 8 and s.isdigit():
            return dt.date(int(s[4:]), int(s[2:4]), int(s[:2]))
    except ValueError:
        return None
    return None


def parse_datetime(text: str) -> dt.datetime | None:
    """An ISO date-time, or 'd-m-yyyy HH:MM'; naive times are the municipality's time."""
    s = text.strip()
    value: dt.datetime | None = None
    try:
        value = dt.datetime.fromisoformat(s)
    except ValueError:
        parts = s.split()
        if len(parts) == 2:
            day = parse_date(parts[0])
            m = re.fullmatch(r"([0-9]{1,2})[:.]([0-9]{2})", parts[1])
            if day is not None and m is not None:
                try:
                    value = dt.datetime.combine(day, dt.time(int(m.group(1)), int(m.group(2))))
                except ValueError:
                    return None
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=localtime.zone())
    return value.astimezone(dt.UTC)


def coerce_value(field: Field, raw: Any, *, today: dt.date | None = None) -> Coerced:
    """Turn what the UI has (typed text, or an already typed value) into the answer value.

    Empty text gives Coerced(None). Any problem gives Coerced(None, error) with a message in
    every language.
    """
    today = today or localtime.today()
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Coerced(None)
    if not isinstance(raw, str):
        value, errors = check_value(field, raw, today)
        return Coerced(value, errors[0] if errors else None)
    text = raw.strip()
    t = field.type
    parsed: Any = text
    error_key = "invalid_value"
    if t is FieldType.LONG_TEXT:
        parsed = raw.rstrip()
    elif t is FieldType.INTEGER:
        s = text.replace(" ", "")
        parsed = int(s) if _INT_RE.fullmatch(s) else None
        error_key = "not_an_integer"
    elif t is FieldType.DECIMAL:
        parsed = _parse_decimal(text)
        error_key = "not_a_number"
    elif t is FieldType.DATE:
        parsed = parse_date(text)
        error_key = "invalid_date"
    elif t is FieldType.DATETIME:
        parsed = parse_datetime(text)
        error_key = "invalid_datetime"
    elif t is FieldType.YES_NO:
        word = text.lower()
        parsed = (
            "yes" if word in _YES else "no" if word in _NO else
            "unknown" if word in _UNKNOWN_WORDS else None
        )  # fmt: skip
        error_key = "invalid_choice"
    elif t is FieldType.MULTIPLE_CHOICE:
        parsed = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    elif t is FieldType.COUNTRY:
        parsed = text.upper()
    elif t is FieldType.NATIONALITY:
        parsed = [p.strip().upper() for p in re.split(r"[,;\s]+", text) if p.strip()]
    elif t is FieldType.LANGUAGE:
        parsed = text.lower()
    elif t is FieldType.BSN:
        parsed = v.normalize_bsn(text)
        error_key = "invalid_bsn"
    elif t is FieldType.POSTCODE:
        parsed = v.normalize_postcode(text)
        error_key = "invalid_postcode"
    elif t is FieldType.PHONE:
        parsed = v.normalize_phone(text)
        error_key = "invalid_phone"
    elif t is FieldType.EMAIL:
        parsed = v.normalize_email(text)
        error_key = "invalid_email"
    elif t in (FieldType.NOTE, FieldType.REPEAT):
        return Coerced(None, message("invalid_value"))
    if parsed is None:
        return Coerced(None, message(error_key))
    value, errors = check_value(field, parsed, today)
    return Coerced(value, errors[0] if errors else None)


# --------------------------------------------------------------------------------------------
# Evaluation


def _plan(form: FormDefinition) -> tuple[Step, ...]:
    plan = form._cache.get("plan")
    if plan is None:
        plan = build_plan(form)
        form._cache["plan"] = plan
    assert isinstance(plan, tuple)
    return plan


def _run(expr: CompiledExpression, ctx: Context) -> tuple[Any, LocalizedText | None]:
    try:
        return expr.evaluate(ctx), None
    except EvaluationError as exc:
        return UNKNOWN, message(exc.code)


def _as_field_value(field: Field, value: Any) -> Any:
    """A calculated result in the shape of the field's answers."""
    if value is UNKNOWN or value is None:
        return None
    if field.type is FieldType.INTEGER:
        return int(round(value))
    if field.type is FieldType.DECIMAL:
        return float(value)
    if field.type is FieldType.YES_NO and isinstance(value, bool):
        return "yes" if value else "no"
    return value


class _Pending:
    """A field whose value is settled but whose required/constraint checks are still due."""

    __slots__ = ("path", "field", "visible", "value", "errors", "inst", "index")

    def __init__(
        self,
        path: str,
        field: Field,
        visible: bool,
        value: Any,
        errors: list[LocalizedText],
        inst: dict[str, Any] | None,
        index: int | None,
    ) -> None:
        self.path = path
        self.field = field
        self.visible = visible
        self.value = value
        self.errors = errors
        self.inst = inst
        self.index = index


def evaluate(
    form: FormDefinition, answers: Mapping[str, Any], *, today: dt.date | None = None
) -> Evaluation:
    """Evaluate every condition, calculation and check of `form` against `answers`.

    Pure: `answers` is not changed. Hidden fields count as unanswered in every expression.
    """
    today = today or localtime.today()
    top: dict[str, Any] = {}
    sections: dict[str, bool] = {}
    section_errors: dict[str, list[LocalizedText]] = {}
    pending: dict[str, _Pending] = {}
    raw_items: dict[str, list[Any]] = {}
    base_ctx = Context(top, today)

    for step in _plan(form):
        section = step.section
        if section is not None:
            visible = True
            if section.show_if is not None:
                result, err = _run(section.show_if, base_ctx)
                if err is not None:
                    section_errors.setdefault(section.id, []).append(err)
                visible = result is not False
            sections[section.id] = visible
            continue
        f = step.field
        assert f is not None
        rep = step.repeat
        if rep is None:
            _settle(f, f.id, answers.get(f.id), base_ctx, sections[f.section_id], top,
                    pending, raw_items, None, None, today)  # fmt: skip
            continue
        rep_state = pending[rep.id]
        items = raw_items.get(rep.id, [])
        eff_items = top.get(rep.id) or []
        for i, raw_item in enumerate(items):
            inst = eff_items[i] if rep_state.visible else {}
            raw = raw_item.get(f.id) if isinstance(raw_item, Mapping) else None
            ctx = Context(top, today, inst)
            _settle(f, field_path(f.id, rep.id, i), raw, ctx, rep_state.visible, inst,
                    pending, raw_items, inst, i, today)  # fmt: skip

    states: dict[str, FieldState] = {}
    missing: list[Issue] = []
    invalid: list[Issue] = []
    calculated: dict[str, Any] = {}
    for s in form.sections:
        for err in section_errors.get(s.id, ()):
            invalid.append(Issue(s.id, None, None, "invalid", err))
        for f in s.fields:
            _finish(pending[f.id], top, today, states, missing, invalid, calculated)
            if f.is_repeat:
                for i in range(len(raw_items.get(f.id, ()))):
                    for sub in f.fields:
                        p = pending[field_path(sub.id, f.id, i)]
                        _finish(p, top, today, states, missing, invalid, calculated)
    values = {k: _clean(val) for k, val in top.items() if val is not None}
    return Evaluation(form, states, sections, calculated, values, tuple(missing), tuple(invalid))


def _clean(value: Any) -> Any:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [{k: x for k, x in item.items() if x is not None} for item in value]
    return value


def _settle(
    f: Field,
    path: str,
    raw: Any,
    ctx: Context,
    parent_visible: bool,
    target: dict[str, Any],
    pending: dict[str, _Pending],
    raw_items: dict[str, list[Any]],
    inst: dict[str, Any] | None,
    index: int | None,
    today: dt.date,
) -> None:
    """Settle visibility and value of one field (instance) and store its effective value."""
    errors: list[LocalizedText] = []
    visible = parent_visible
    if visible and f.show_if is not None:
        result, err = _run(f.show_if, ctx)
        if err is not None:
            errors.append(err)
        visible = result is not False
    value: Any = None
    if f.is_repeat:
        items: list[Any] = []
        if isinstance(raw, list | tuple):
            items = list(raw)
        elif not is_missing(raw):
            errors.append(message("invalid_value"))
        raw_items[f.id] = items
        if visible:
            value = [{} for _ in items]
    elif visible:
        if f.calculate is not None:
            result, err = _run(f.calculate, ctx)
            if err is not None:
                errors.append(err)
            value = _as_field_value(f, result)
        elif not is_missing(raw) and f.has_value:
            value, errs = check_value(f, raw, ctx.today)
            errors.extend(errs)
    target[f.id] = value
    pending[path] = _Pending(path, f, visible, value, errors, inst, index)


def _finish(
    p: _Pending,
    top: dict[str, Any],
    today: dt.date,
    states: dict[str, FieldState],
    missing: list[Issue],
    invalid: list[Issue],
    calculated: dict[str, Any],
) -> None:
    """Apply required, range-of-items and constraint checks once every value is known."""
    f = p.field
    if not p.visible:
        states[p.path] = FieldState(p.path, f, f.section_id, False, False, None, False, ())
        return
    errors = p.errors
    ctx = Context(top, today, p.inst, p.value)
    required = f.required
    if not required and f.required_if is not None:
        result, err = _run(f.required_if, ctx)
        if err is not None:
            errors.append(err)
        required = result is True
    if f.is_repeat:
        count = len(p.value or ())
        if f.min_items and f.min_items > 0:
            required = True
        empty = count == 0
        if not empty and f.min_items is not None and count < f.min_items:
            errors.append(message("too_few_items", min=f.min_items))
        if f.max_items is not None and count > f.max_items:
            errors.append(message("too_many_items", max=f.max_items))
    else:
        empty = is_missing(p.value)
    if f.calculate is not None or not f.has_value:
        required = False
    is_missing_now = required and empty and not errors
    if is_missing_now:
        errors.append(message("required"))
    elif not empty and not errors:
        for c in f.constraints:
            result, err = _run(c.expr, ctx)
            if err is not None:
                errors.append(err)
            elif result is False:
                errors.append(c.message)
    if f.calculate is not None and p.value is not None:
        calculated[p.path] = p.value
    states[p.path] = FieldState(
        p.path, f, f.section_id, True, required, p.value, is_missing_now, tuple(errors)
    )
    if is_missing_now:
        missing.append(Issue(f.section_id, p.path, f.id, "missing", errors[-1]))
    elif errors:
        invalid.append(Issue(f.section_id, p.path, f.id, "invalid", errors[0]))


# --------------------------------------------------------------------------------------------
# Version compatibility


def split_answers(
    form: FormDefinition, answers: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(known, removed): answers this form version has fields for, and those it has not.

    `removed` is keyed by path ('old_field', 'bedrooms[1].old_sub') so that nothing an officer
    entered under an earlier version disappears silently.
    """
    known: dict[str, Any] = {}
    removed: dict[str, Any] = {}
    for key, value in answers.items():
        try:
            f = form.field(key) if isinstance(key, str) and "." not in key else None
        except KeyError:
            f = None
        if f is None or not f.has_value:
            removed[str(key)] = value
            continue
        if f.is_repeat and isinstance(value, list | tuple):
            sub_ids = {s.id for s in f.fields if s.has_value}
            items: list[Any] = []
            for i, item in enumerate(value):
                if not isinstance(item, Mapping):
                    items.append(item)
                    continue
                kept: dict[str, Any] = {}
                for sub_key, sub_value in item.items():
                    if sub_key in sub_ids:
                        kept[sub_key] = sub_value
                    else:
                        removed[field_path(str(sub_key), f.id, i)] = sub_value
                items.append(kept)
            known[key] = items
        else:
            known[key] = value
    return known, removed


def iter_paths(form: FormDefinition, answers: Mapping[str, Any]) -> Iterator[tuple[str, Field]]:
    """Every field path of `form` for these answers, in form order."""
    for f in form.top_fields():
        yield f.id, f
        if f.is_repeat:
            items = answers.get(f.id)
            for i in range(len(items) if isinstance(items, list | tuple) else 0):
                for sub in f.fields:
                    yield field_path(sub.id, f.id, i), sub

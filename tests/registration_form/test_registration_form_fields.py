"""Every id the code names in inspector.registration_form.fields exists in the form file."""

from __future__ import annotations

from inspector.core import registrations
from inspector.forms import load_forms
from inspector.paths import form_files
from inspector.registration_form import fields


def _constants() -> dict[str, str]:
    return {
        name: value
        for name, value in vars(fields).items()
        if name.isupper() and isinstance(value, str)
    }


def test_every_named_id_is_in_the_registration_form() -> None:
    form = registrations.registration_form()
    sections = [s.id for s in form.sections]
    missing = []
    for name, value in _constants().items():
        if value in sections:
            continue
        if not form.has_field(value):
            missing.append(f"{name} = {value!r}")
    assert missing == []


def test_the_steps_split_the_form_without_overlap() -> None:
    form = registrations.registration_form()
    sections = [s.id for s in form.sections]
    assert set(fields.DETAILS_SECTIONS) <= set(sections)
    assert not set(fields.DETAILS_SECTIONS) & {fields.DOCUMENT, fields.SIGNING}
    document = next(s for s in form.sections if s.id == fields.DOCUMENT)
    assert fields.DOCUMENT_STEP_FIELDS <= {f.id for f in document.fields}


def _yaml_choices(form_id: str, field_id: str) -> set[str]:
    forms = load_forms(form_files())
    field = forms[form_id].field(field_id)
    return {c.id for c in field.choices}


def test_every_choice_list_matches_the_form_both_ways() -> None:
    form = registrations.registration_form()
    problems = []
    for field_id, choices in fields.CHOICES.items():
        named = set(fields.choice_ids(choices).values())
        in_form = {c.id for c in form.field(field_id).choices}
        problems += [f"{choices.__name__}: {v!r} not a choice of {field_id}"
                     for v in sorted(named - in_form - fields.NOT_OFFERED)]  # fmt: skip
        problems += [f"{field_id}: choice {v!r} has no constant in {choices.__name__}"
                     for v in sorted(in_form - named)]  # fmt: skip
    assert problems == []
    # Every single-choice field of the form has its namespace (a new list gets one).
    single = {f.id for s in form.sections for f in s.fields if f.choices}
    assert single <= set(fields.CHOICES), single - set(fields.CHOICES)


def test_not_offered_ids_are_really_gone_from_the_form() -> None:
    form = registrations.registration_form()
    offered = {c.id for s in form.sections for f in s.fields for c in f.choices}
    assert not fields.NOT_OFFERED & offered


def test_the_resident_questionnaire_uses_the_same_sex_ids() -> None:
    assert _yaml_choices("betrokkene", fields.SEX) == set(fields.choice_ids(fields.Sex).values())

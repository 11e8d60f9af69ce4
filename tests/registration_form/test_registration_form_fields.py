"""Every id the code names in inspector.registration_form.fields exists in the form file."""

from __future__ import annotations

from inspector.core import registrations
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

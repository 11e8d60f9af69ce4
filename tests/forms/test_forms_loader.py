"""Tests of the form loader: problems name file, line and field; valid fixtures load."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.forms import (
    FieldType,
    FormError,
    FormProblem,
    LocalizedText,
    check_files,
    load_form,
    load_forms,
    main_check,
)
from inspector.forms.loader import load_forms_lenient

DATA = Path(__file__).parent / "data"
BROKEN = DATA / "broken"


def problems_of(name: str) -> list[FormProblem]:
    with pytest.raises(FormError) as exc:
        load_form(BROKEN / name)
    return exc.value.problems


def has(problems: list[FormProblem], line: int | None, field: str | None, text: str) -> bool:
    return any(p.line == line and p.field == field and text in p.message for p in problems)


def test_valid_fixtures_load() -> None:
    forms = load_forms(DATA)
    assert set(forms) == {"locatie_test", "bewoner_test"}
    form = forms["locatie_test"]
    assert form.version == 2
    assert form.field("floor_area_m2").unit == "m2"
    assert form.repeat("bedrooms").item_title(3, "nl") == "Slaapkamer 3"
    assert form.field("bedrooms.beds").type is FieldType.INTEGER
    subs = [(f.id, parent.id) for f, parent in form.all_fields() if parent is not None]
    assert ("beds", "bedrooms") in subs
    assert form.field("bedrooms.beds").repeat_id == "bedrooms"
    with pytest.raises(KeyError):
        form.repeat("floor_area_m2")


def test_birth_date_is_not_future_by_default() -> None:
    form = load_form(DATA / "bewoner_test.yaml")
    assert form.field("birth_date").not_future
    assert form.field("kids.birth_date").not_future


def test_localized_text_fallback() -> None:
    text = LocalizedText({"nl": "Ja", "en": "Yes"})
    assert text.get("pl") == "Ja"
    assert text.get("pl", fallback="en") == "Yes"
    assert text.get("en") == "Yes"
    assert set(text) == {"nl", "en"}
    assert LocalizedText({}).get("nl") == ""


def test_many_problems_in_one_pass() -> None:
    problems = problems_of("many_problems.yaml")
    assert all(p.file == "broken/many_problems.yaml" for p in problems)
    assert has(problems, 1, None, "must equal the file name 'many_problems'")
    assert has(problems, 2, None, "'version' must be a positive whole number")
    assert has(problems, 11, "beds", "unknown key 'lable'")
    assert has(problems, 15, "area", "'unit' is only for decimal fields")
    assert has(problems, 19, "remark", "lacks the translation in en")
    assert has(problems, 20, "remark", "'choices' is only for single_choice")
    assert has(problems, 24, "kind", "unknown field type 'single_chioce'")
    assert has(problems, 26, "beds", "used twice")
    assert has(problems, 32, "shown", "unknown field 'bedz'")
    assert has(problems, 36, "mixed", "cannot compare a date with a number")
    assert len(problems) == 10


def test_problem_formats() -> None:
    p = FormProblem("forms/x.yaml", 42, "beds", "something is wrong")
    assert str(p) == "forms/x.yaml, line 42, field 'beds': something is wrong"
    assert p.as_line() == "forms/x.yaml:42: field 'beds': something is wrong"
    assert FormProblem("forms/x.yaml", None, None, "bad").as_line() == "forms/x.yaml: bad"


def test_hostile_expressions_are_load_errors() -> None:
    problems = problems_of("hostile.yaml")
    assert has(problems, 15, "a", "may not start with '_'")
    assert has(problems, 19, "b", "may not start with '_'")
    assert has(problems, 23, "c", "power operator")
    assert has(problems, 27, "d", "numbers only")


def test_cycle() -> None:
    problems = problems_of("cycle.yaml")
    assert len(problems) == 1
    assert problems[0].field == "a" and problems[0].line == 9
    assert "'a' -> 'b' -> 'a'" in problems[0].message


def test_translations_per_audience() -> None:
    problems = problems_of("translations.yaml")
    assert has(problems, 14, "sex", "'label' of choice 'female' lacks the translation in uk")
    assert has(problems, 20, "officer_remark", "lacks the translation in en (an officer text")
    assert has(problems, 24, "hint_missing", "lacks the translation in pl, uk, ro")
    assert len(problems) == 3


def test_yaml_syntax_error_names_the_line() -> None:
    problems = problems_of("not_yaml.yaml")
    assert len(problems) == 1 and problems[0].line == 4
    assert "not valid YAML" in problems[0].message


def test_duplicate_yaml_key() -> None:
    problems = problems_of("duplicate_key.yaml")
    assert has(problems, 11, None, "the key 'type' appears twice")


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(body, encoding="utf-8")
    return path


HEAD = """id: {name}
version: 1
audience: officer
title: {{nl: "T", en: "T"}}
sections:
  - id: main
    title: {{nl: "H", en: "M"}}
    fields:
"""


def form_with(tmp_path: Path, fields: str, name: str = "probe") -> Path:
    return write(tmp_path, name, HEAD.format(name=name) + fields)


def test_yes_no_are_plain_text_in_form_files(tmp_path: Path) -> None:
    path = form_with(
        tmp_path,
        """      - id: q
        type: single_choice
        label: {nl: "Q", en: "Q"}
        choices:
          - id: yes
            label: {nl: "Ja", en: "Yes"}
          - id: no
            label: {nl: "Nee", en: "No"}
      - id: r
        type: text
        label: {nl: "R", en: "R"}
        show_if: "q = 'no'"
""",
    )
    form = load_form(path)
    assert form.field("q").choice_ids == {"yes", "no"}


def test_aliases_are_refused(tmp_path: Path) -> None:
    path = form_with(
        tmp_path,
        """      - id: q
        type: text
        label: &lbl {nl: "Q", en: "Q"}
      - id: r
        type: text
        label: *lbl
""",
    )
    with pytest.raises(FormError, match="aliases"):
        load_form(path)


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ("      - id: q\n        type: repeat\n        label: {nl: Q, en: Q}\n", "non-empty list"),
        ("      - id: q\n        type: single_choice\n        label: {nl: Q, en: Q}\n", "choices"),
        ("      - id: Q\n        type: text\n        label: {nl: Q, en: Q}\n", "lowercase"),
        ("      - id: value\n        type: text\n        label: {nl: Q, en: Q}\n", "reserved"),
        ("      - id: q\n        type: text\n        label: Q\n", "per language"),
        ("      - id: q\n        type: text\n        label: {nl: Q, en: Q, de: Q}\n", "'de'"),
        ("      - id: q\n        type: text\n        label: {nl: Q, en: ''}\n", "non-empty"),
        (
            "      - id: q\n        type: integer\n        min: 5\n        max: 1\n"
            "        label: {nl: Q, en: Q}\n",
            "smaller than 'min'",
        ),
        (
            "      - id: q\n        type: integer\n        label: {nl: Q, en: Q}\n"
            "        calculate: \"'x'\"\n",
            "a number is needed",
        ),
        (
            "      - id: q\n        type: photo\n        label: {nl: Q, en: Q}\n"
            "        calculate: \"'x'\"\n",
            "cannot be calculated",
        ),
        (
            "      - id: q\n        type: text\n        label: {nl: Q, en: Q}\n"
            "        required: yes\n",
            "true or false",
        ),
        (
            "      - id: q\n        type: note\n        label: {nl: Q, en: Q}\n"
            "        required: true\n",
            "a note cannot have 'required'",
        ),
        (
            "      - id: q\n        type: repeat\n        label: {nl: Q, en: Q}\n        fields:\n"
            "          - id: r\n            type: repeat\n            label: {nl: Q, en: Q}\n"
            "            fields:\n              - id: s\n                type: text\n"
            "                label: {nl: Q, en: Q}\n",
            "cannot contain another repeat",
        ),
        (
            "      - id: q\n        type: text\n        label: {nl: Q, en: Q}\n"
            "        show_if: 12\n",
            "in quotes",
        ),
    ],
)
def test_field_checks(tmp_path: Path, fields: str, fragment: str) -> None:
    with pytest.raises(FormError) as exc:
        load_form(form_with(tmp_path, fields))
    assert any(fragment in p.message for p in exc.value.problems), exc.value.problems


def test_section_show_if_cycle_with_own_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "probe",
        HEAD.format(name="probe").replace(
            "    fields:\n", '    show_if: "answered(q)"\n    fields:\n'
        )
        + "      - id: q\n        type: text\n        label: {nl: Q, en: Q}\n",
    )
    with pytest.raises(FormError, match="cycle: section 'main' -> 'q' -> section 'main'"):
        load_form(path)


def test_check_files_and_main_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = load_form(DATA / "locatie_test.yaml").path
    assert good is not None
    assert check_files([good], tmp_path) == []
    lines = check_files([BROKEN / "cycle.yaml"], tmp_path)
    assert lines == [
        "broken/cycle.yaml:9: field 'a': show_if/calculate expressions depend on each other "
        "in a cycle: 'a' -> 'b' -> 'a'"
    ]
    assert main_check([good, DATA / "bewoner_test.yaml"]) == 0
    assert capsys.readouterr().out.strip().endswith("2 forms OK")
    assert main_check([BROKEN / "cycle.yaml"]) == 1
    assert "broken/cycle.yaml:9" in capsys.readouterr().out
    assert main_check(None, forms_dir=DATA) == 0
    assert main_check([tmp_path / "missing.yaml"]) == 1


def test_load_forms_lenient_keeps_the_good_ones() -> None:
    forms, problems = load_forms_lenient(BROKEN)
    assert forms == {}
    assert {p.file for p in problems} >= {"broken/cycle.yaml", "broken/hostile.yaml"}
    with pytest.raises(FormError):
        load_forms(BROKEN)

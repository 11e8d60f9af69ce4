"""Where the shipped data folders are found (checkout, wheel, bundle) and how a municipality
replaces forms, letter templates and its letterhead from the data dir."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document

from inspector import paths


def test_a_source_checkout_reads_the_top_level_folders() -> None:
    for name in paths.DATA_FOLDERS:
        folder = paths.bundled_dir(name)
        assert folder.is_dir()
    assert paths.FORMS_DIR.parent == paths.PROJECT_ROOT


def test_an_installed_package_reads_its_package_data(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    package = tmp_path / "site-packages" / "inspector"
    (package / "_data" / "forms").mkdir(parents=True)
    monkeypatch.setattr(paths, "PACKAGE_ROOT", package)
    assert paths.bundled_dir("forms") == package / "_data" / "forms"
    # A folder the package does not ship falls back to the checkout.
    assert paths.bundled_dir("resources") == paths.PROJECT_ROOT / "resources"
    with pytest.raises(ValueError):
        paths.bundled_dir("../etc")


def test_the_wheel_maps_the_folders_into_the_package() -> None:
    import tomllib

    config = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapping = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert mapping == {name: f"inspector/_data/{name}" for name in paths.DATA_FOLDERS}


def _custom(data_paths) -> Path:  # type: ignore[no-untyped-def]
    custom = data_paths.customisations
    paths.use_customisations(custom)
    return custom


def test_a_municipality_form_replaces_the_shipped_one(data_paths) -> None:  # type: ignore[no-untyped-def]
    custom = _custom(data_paths)
    assert paths.form_file("verblijfslocatie") == paths.FORMS_DIR / "verblijfslocatie.yaml"
    (custom / "forms").mkdir(parents=True)
    own = custom / "forms" / "verblijfslocatie.yaml"
    shutil.copy(paths.FORMS_DIR / "verblijfslocatie.yaml", own)
    assert paths.form_file("verblijfslocatie") == own
    files = paths.form_files()
    assert own in files
    assert len(files) == len(list(paths.FORMS_DIR.glob("*.yaml")))
    paths.use_customisations(None)
    assert paths.form_file("verblijfslocatie") == paths.FORMS_DIR / "verblijfslocatie.yaml"


def test_forms_check_checks_the_municipality_forms(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from inspector.__main__ import main

    data = tmp_path / "data"
    (data / "custom" / "forms").mkdir(parents=True)
    broken = data / "custom" / "forms" / "betrokkene.yaml"
    broken.write_text("id: betrokkene\nversion: x\n", encoding="utf-8")
    assert main(["--data-dir", str(data), "forms", "check"]) == 1
    assert "betrokkene.yaml" in capsys.readouterr().out


def test_a_municipality_letter_template_and_letterhead_are_used(workspace) -> None:  # type: ignore[no-untyped-def]
    from inspector.letters.templates import load_template

    custom = _custom(workspace.paths)
    own = custom / "letter_templates" / "control" / "nl.yaml"
    own.parent.mkdir(parents=True)
    text = (paths.LETTER_TEMPLATES_DIR / "control" / "nl.yaml").read_text(encoding="utf-8")
    own.write_text(text.replace("subject: ", "subject: Eigen tekst Gouda - ", 1), encoding="utf-8")
    assert load_template("control", "nl").path == own
    assert load_template("control", "nl").subject.startswith("Eigen tekst Gouda")

    letterhead = Document(str(paths.LETTER_TEMPLATES_DIR / "letterhead.docx"))
    letterhead.sections[0].header.add_paragraph("Briefpapier van de gemeente zelf")
    letterhead.save(str(custom / "letter_templates" / "letterhead.docx"))
    insp = workspace.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="X")
    data = workspace.letters.render("control", "nl", "docx", inspection_id=insp.id)
    doc = Document(io.BytesIO(data))
    header = "\n".join(p.text for p in doc.sections[0].header.paragraphs)
    assert "Briefpapier van de gemeente zelf" in header
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Eigen tekst Gouda" in body


def test_it_can_name_one_customisation_folder_for_every_user(
    data_paths,
    tmp_path: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    assert data_paths.customisations == data_paths.root / "custom"
    shared = tmp_path / "ProgramData" / "Gemeente" / "inspector"
    monkeypatch.setenv("INSPECTOR_CUSTOM_DIR", str(shared))
    assert data_paths.customisations == shared
    (shared / "forms").mkdir(parents=True)
    own = shared / "forms" / "betrokkene.yaml"
    shutil.copy(paths.FORMS_DIR / "betrokkene.yaml", own)
    paths.use_customisations(data_paths.customisations)
    assert paths.form_file("betrokkene") == own

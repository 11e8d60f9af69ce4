"""`inspector forms check`: load form files and report every problem, one line each."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from inspector.forms.loader import FormError, FormProblem, display_name, load_form


def _targets(paths: Sequence[Path | str] | None, forms_dir: Path | None) -> list[Path]:
    if not paths:
        if forms_dir is None:
            # The forms the app uses: the municipality's own replacing shipped ones.
            from inspector.paths import form_files

            return form_files()
        return sorted(forms_dir.glob("*.yaml"))
    result: list[Path] = []
    for p in map(Path, paths):
        result.extend(sorted(p.glob("*.yaml")) if p.is_dir() else [p])
    return result


def check_files(paths: Sequence[Path | str] | None, forms_dir: Path | None = None) -> list[str]:
    """One line per problem ('forms/x.yaml:42: field 'beds': ...'); empty when all is fine.

    Without `paths`, every *.yaml in `forms_dir` is checked. Form ids must be unique across
    the files checked together.
    """
    lines, _ = _check(paths, forms_dir)
    return lines


def _check(paths: Sequence[Path | str] | None, forms_dir: Path | None) -> tuple[list[str], int]:
    targets = _targets(paths, forms_dir)
    lines: list[str] = []
    seen: dict[str, str] = {}
    for path in targets:
        if not path.exists():
            lines.append(FormProblem(display_name(path), None, None, "no such file").as_line())
            continue
        try:
            form = load_form(path)
        except FormError as exc:
            lines.extend(p.as_line() for p in exc.problems)
            continue
        if form.id in seen:
            lines.append(
                FormProblem(
                    display_name(path),
                    None,
                    None,
                    f"form id '{form.id}' also used by {seen[form.id]}",
                ).as_line()
            )
        seen[form.id] = display_name(path)
    return lines, len(targets)


def main_check(paths: Sequence[Path | str] | None = None, forms_dir: Path | None = None) -> int:
    """Print every problem and a summary; exit code 0 when all forms load, 1 otherwise."""
    lines, count = _check(paths, forms_dir)
    for line in lines:
        print(line)
    if lines:
        print(f"{len(lines)} problem{'s' if len(lines) != 1 else ''} found", file=sys.stderr)
        return 1
    if count == 0:
        print("no form files found", file=sys.stderr)
        return 1
    print(f"{count} form{'s' if count != 1 else ''} OK")
    return 0

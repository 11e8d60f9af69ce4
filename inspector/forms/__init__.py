"""The form engine: questionnaires as data, loaded, checked and evaluated without Qt."""

from __future__ import annotations

from pathlib import Path

from inspector import paths as _paths
from inspector.forms.check import check_files, main_check
from inspector.forms.engine import (
    Coerced,
    Evaluation,
    FieldState,
    Issue,
    check_value,
    coerce_value,
    evaluate,
    field_path,
    iter_paths,
    parse_path,
    split_answers,
)
from inspector.forms.expressions import (
    UNKNOWN,
    CompiledExpression,
    EvaluationError,
    ExpressionError,
)
from inspector.forms.loader import (
    FormError,
    FormProblem,
    load_form,
    load_forms,
    load_forms_lenient,
)
from inspector.forms.model import (
    Audience,
    Choice,
    Constraint,
    Field,
    FieldType,
    FormDefinition,
    LocalizedText,
    Section,
)

#: The shipped forms/ folder (override by passing a directory to the loaders).
FORMS_DIR: Path = _paths.FORMS_DIR

__all__ = [
    "FORMS_DIR",
    "UNKNOWN",
    "Audience",
    "Choice",
    "Coerced",
    "CompiledExpression",
    "Constraint",
    "Evaluation",
    "EvaluationError",
    "ExpressionError",
    "Field",
    "FieldState",
    "FieldType",
    "FormDefinition",
    "FormError",
    "FormProblem",
    "Issue",
    "LocalizedText",
    "Section",
    "check_files",
    "check_value",
    "coerce_value",
    "evaluate",
    "field_path",
    "iter_paths",
    "load_form",
    "load_forms",
    "load_forms_lenient",
    "main_check",
    "parse_path",
    "split_answers",
]

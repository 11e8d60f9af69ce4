"""States are named once (``inspector/states.py``): no state text as a literal where a state is
compared, assigned or listed anywhere else in the package."""

from __future__ import annotations

import ast
from enum import StrEnum
from pathlib import Path

import pytest

from inspector import states

PACKAGE = Path(__file__).resolve().parents[1] / "inspector"
DEFINING_MODULE = PACKAGE / "states.py"


def _state_texts() -> dict[str, list[str]]:
    """Every state's stored text -> the enum members that spell it."""
    texts: dict[str, list[str]] = {}
    for value in vars(states).values():
        if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum:
            for member in value:
                texts.setdefault(member.value, []).append(f"{value.__name__}.{member.name}")
    return texts


STATE_TEXTS = _state_texts()


def _mentions_state(node: ast.AST) -> bool:
    """``x.state``, ``state``, ``row["status"]``, ``o.get("state")``, ``STATE_LABELS``..."""
    name = ""
    if isinstance(node, ast.Name):
        name = node.id
    elif isinstance(node, ast.Attribute):
        name = node.attr
    elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        name = str(node.slice.value)
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ):
        name = str(node.args[0].value)
    elif isinstance(node, ast.Tuple):
        return any(_mentions_state(e) for e in node.elts)
    name = name.lower()
    return "state" in name or "status" in name


def _texts_in(node: ast.AST | None) -> list[ast.Constant]:
    """State texts in *node*; of a dict only its keys (the values are labels), never the text
    handed to ``tr``/``translate`` (a label)."""
    if node is None:
        return []
    if isinstance(node, ast.Constant):
        return [node] if isinstance(node.value, str) and node.value in STATE_TEXTS else []
    if isinstance(node, ast.Dict):
        return [c for key in node.keys for c in _texts_in(key)]
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in ("tr", "translate"):
            return []
    return [c for child in ast.iter_child_nodes(node) for c in _texts_in(child)]


def state_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every state text written as a literal where a state is meant: compared
    with, assigned to, passed as ``state=`` or listed under a name that says state/status."""
    found: list[ast.Constant] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_mentions_state(o) for o in operands):
                for operand in operands:
                    found += _texts_in(operand)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign) and node.value:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_mentions_state(t) for t in targets):
                found += _texts_in(node.value)
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in ("in_", "notin_"):
                if _mentions_state(func.value):
                    for arg in node.args:
                        found += _texts_in(arg)
            for kw in node.keywords:
                if kw.arg == "state":
                    found += _texts_in(kw.value)
    return sorted({(c.lineno, c.value) for c in found})


def test_no_state_text_outside_the_states_module() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == DEFINING_MODULE or "migrations" in path.parts:
            continue  # the migrations describe what was; they stay as written
        for line, text in state_literals(path.read_text(encoding="utf-8")):
            offenders.append(
                f"{path.relative_to(PACKAGE.parent)}:{line}: {text!r} -> "
                f"{' / '.join(STATE_TEXTS[text])}"
            )
    assert not offenders, "state literals (use inspector.states):\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    "source",
    [
        'if row.state == "finalized": pass',
        'done = review.state in ("processed", "returned", "refused")',
        'row.state = "in_progress"',
        'row.assigned_to, row.state = None, "received"',
        'q = q.where(Reg.state.in_(("processed", "refused")))',
        'x = Visit(state="planned")',
        'STATE_LABELS = {"received": "Ontvangen"}',
        'if o.get("state") == "returned": pass',
        'if summary["status"] != "declined": pass',
        'state: str = mapped_column(default="received")',
    ],
)
def test_the_check_finds_a_state_literal(source: str) -> None:
    assert state_literals(source), source


@pytest.mark.parametrize(
    "source",
    [
        'if row.state == InspectionState.FINALIZED: pass',
        'label = "finalized"',  # a word, not compared with a state
        'headers = {"sent": "Verzonden"}',
        'if row.kind == "processed": pass',
        'LABELS_BY_STATE = {S.PLANNED: tr("planned"), S.SENT: ("verstuurd", "sent")}',
    ],
)
def test_the_check_leaves_other_words_alone(source: str) -> None:
    assert not state_literals(source), source

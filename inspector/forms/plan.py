"""The order in which the engine settles sections and fields, and the cycle check behind it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from inspector.forms.model import Field, FormDefinition, Section


class CycleError(Exception):
    """show_if/calculate expressions that depend on each other in a circle."""

    def __init__(self, cycles: list[list[str]]) -> None:
        self.cycles = cycles
        super().__init__("; ".join(" -> ".join(c) for c in cycles))


@dataclass(frozen=True, slots=True)
class Step:
    """One node to settle: a section (its visibility) or a field (visibility and value)."""

    key: str
    section: Section | None = None
    field: Field | None = None
    repeat: Field | None = None


def section_key(section_id: str) -> str:
    return f"§{section_id}"


def field_key(f: Field, repeat: Field | None) -> str:
    return f"{repeat.id}.{f.id}" if repeat is not None else f.id


def _nodes(form: FormDefinition) -> Iterator[tuple[Step, set[str]]]:
    for s in form.sections:
        yield Step(section_key(s.id), section=s), set(s.show_if.deps if s.show_if else ())
        for f in s.fields:
            deps = {section_key(s.id)}
            if f.show_if is not None:
                deps |= f.show_if.deps
            if f.calculate is not None:
                deps |= f.calculate.deps
            yield Step(f.id, field=f), deps
            for sub in f.fields:
                sub_deps = {f.id}
                if sub.show_if is not None:
                    sub_deps |= sub.show_if.deps
                if sub.calculate is not None:
                    sub_deps |= sub.calculate.deps
                yield Step(field_key(sub, f), field=sub, repeat=f), sub_deps


def build_plan(form: FormDefinition) -> tuple[Step, ...]:
    """Every section and field in an order where each comes after what it depends on."""
    steps: dict[str, Step] = {}
    deps: dict[str, set[str]] = {}
    for step, d in _nodes(form):
        steps[step.key] = step
        deps[step.key] = d
    order: list[Step] = []
    state: dict[str, int] = {}  # 1 = in progress, 2 = done
    cycles: list[list[str]] = []

    def visit(key: str, stack: list[str]) -> None:
        state[key] = 1
        stack.append(key)
        for dep in sorted(deps[key]):
            if dep not in steps:
                continue
            if state.get(dep) == 1:
                cycles.append([*stack[stack.index(dep) :], dep])
            elif dep not in state:
                visit(dep, stack)
        stack.pop()
        state[key] = 2
        order.append(steps[key])

    for key in steps:
        if key not in state:
            visit(key, [])
    if cycles:
        raise CycleError(cycles)
    return tuple(order)

"""Tests of the expression language: tokenizer, parser, type checker, evaluator, limits."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.forms.expressions import (
    BOOLEAN,
    DATE,
    MAX_DEPTH,
    NUMBER,
    REPEAT,
    STRING,
    UNKNOWN,
    Binary,
    Call,
    CompiledExpression,
    Context,
    EvaluationError,
    ExpressionError,
    FieldSig,
    Num,
    Ref,
    RepeatPath,
    Scope,
    compile_expression,
    list_of,
    parse,
    unparse,
)

TODAY = dt.date(2024, 5, 15)

SCOPE = Scope(
    top={
        "n": FieldSig(NUMBER),
        "m": FieldSig(NUMBER),
        "s": FieldSig(STRING),
        "kind": FieldSig(STRING, frozenset({"dwelling", "other"})),
        "answer": FieldSig(STRING, frozenset({"yes", "no", "unknown"})),
        "born": FieldSig(DATE),
        "arrived": FieldSig(DATE),
        "nat": FieldSig(list_of(STRING)),
        "bedrooms": FieldSig(
            REPEAT,
            subfields={"area": FieldSig(NUMBER), "beds": FieldSig(NUMBER), "s": FieldSig(STRING)},
        ),
    },
    valueless=frozenset({"intro"}),
)
IN_REPEAT = Scope(top=SCOPE.top, repeat="bedrooms")


def comp(source: str, scope: Scope = SCOPE) -> CompiledExpression:
    return compile_expression(source, scope)


def run(source: str, top: dict[str, object] | None = None, **kw: object) -> object:
    return comp(source).evaluate(Context(top or {}, TODAY, **kw))  # type: ignore[arg-type]


# -- parsing


def test_precedence_and_associativity() -> None:
    tree = parse("1 + 2 * 3 - 4")
    assert unparse(tree) == "((1 + (2 * 3)) - 4)"
    assert unparse(parse("not a = 1 and b or c")) == "(((not (a = 1)) and b) or c)"
    assert unparse(parse("-(-n)")) == "(-(-n))"


def test_double_equals_is_equals() -> None:
    assert parse("a == 1") == parse("a = 1")


def test_repeat_path_and_calls() -> None:
    tree = parse("sum(bedrooms.beds)")
    assert isinstance(tree, Call) and tree.name == "sum"
    assert tree.args == (RepeatPath("bedrooms", "beds", 4),)


def test_positions_are_reported() -> None:
    with pytest.raises(ExpressionError) as exc:
        parse("n + * 2")
    assert exc.value.position == 4
    assert "column 5" in str(exc.value)


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("", "empty"),
        ("n +", "end of the expression"),
        ("(n + 1", "')'"),
        ("n < m < 3", "chained"),
        ("n[0]", "indexing"),
        ("n % 2", "%"),
        ("'open", "not closed"),
        ("1.", "may not end"),
        ("1e9", "invalid number"),
        ("n // 2", "//"),
        ("a.b.c", "attribute access"),
        ("a.b()", "attribute access"),
        ("f(1,)", "unexpected"),
        ("1 2", "unexpected"),
        ("+1", "leading '+'"),
    ],
)
def test_syntax_errors(source: str, fragment: str) -> None:
    with pytest.raises(ExpressionError, match=None) as exc:
        parse(source)
    assert fragment in str(exc.value)


# -- hostile input


HOSTILE = [
    ("__import__('os')", "may not start with '_'"),
    ("n.__class__", "may not start with '_'"),
    ("n ** 99999999", "power operator"),
    ("(" * 10_000 + "1" + ")" * 10_000, "characters long"),
    ("'a' * 1000000000", "numbers only"),
    ("1" * 50, "too long"),
    ("9999999999999999", "too large"),
    ("(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1), "nested"),
    ("-" * (MAX_DEPTH + 1) + "1", "nested"),
    ("not " * (MAX_DEPTH + 1) + "true", "nested"),
    ("+".join(["1"] * 450), "more than"),
    ("eval('1')", "unknown function"),
    ("open('x')", "unknown function"),
    ("exec", "unknown field"),
    ("n.real", "'n' is not a repeat"),
    ("lambda: 1", "':'"),
    ("[1] * 10", "indexing"),
    ("n \\ 2", "backslash"),
]


@pytest.mark.parametrize(("source", "fragment"), HOSTILE)
def test_hostile_expressions_rejected(source: str, fragment: str) -> None:
    with pytest.raises(ExpressionError) as exc:
        comp(source)
    assert fragment in str(exc.value)


@settings(deadline=200, max_examples=50)
@given(st.integers(min_value=MAX_DEPTH + 1, max_value=20_000))
def test_deep_nesting_rejected_quickly(depth: int) -> None:
    with pytest.raises(ExpressionError):
        comp("(" * depth + "n" + ")" * depth)


# -- type checking


@pytest.mark.parametrize(
    ("source", "typ"),
    [
        ("n + 1", NUMBER),
        ("n > 1 and s = 'x'", BOOLEAN),
        ("today()", DATE),
        ("age(born)", NUMBER),
        ("if(n > 1, 'a', s)", STRING),
        ("count(bedrooms)", NUMBER),
        ("count(nat)", NUMBER),
        ("max(bedrooms.area)", NUMBER),
        ("min(born, arrived)", DATE),
        ("selected(nat, 'PL')", BOOLEAN),
        ("answered(s)", BOOLEAN),
        ("round(n / 3, 2)", NUMBER),
        ("days_between(born, today()) > 30", BOOLEAN),
    ],
)
def test_types(source: str, typ: object) -> None:
    assert comp(source).type == typ


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("born > 3", "cannot compare a date with a number"),
        ("n + s", "numbers only"),
        ("n and true", "'and' needs a boolean"),
        ("not n", "'not' needs a boolean"),
        ("nope > 1", "unknown field 'nope'"),
        ("m2 > 1", "did you mean 'm'"),
        ("frobnicate(1)", "unknown function"),
        ("age()", "takes 1 argument"),
        ("today(1)", "takes 0 arguments"),
        ("if(n, 1, 2)", "condition"),
        ("if(n > 1, 1, 'x')", "same type"),
        ("sum(n)", "sum() needs numbers"),
        ("sum(bedrooms.s)", "sum() needs numbers"),
        ("bedrooms.nope", "has no field 'nope'"),
        ("area > 1", "inside repeat 'bedrooms'"),
        ("kind = 'dwelling2'", "not a choice of 'kind'"),
        ("answer = 'ja'", "not a choice"),
        ("value > 1", "only be used in a constraint"),
        ("intro", "is a note"),
        ("count", "is a function"),
        ("nat = 'PL'", "cannot compare"),
        ("round(n, 1.5)", "whole number of digits"),
        ("answered(1)", "needs a field name"),
        ("s < 'b'", "numbers and dates"),
        ("min(n, born)", "one type"),
    ],
)
def test_type_errors(source: str, fragment: str) -> None:
    with pytest.raises(ExpressionError) as exc:
        comp(source)
    assert fragment in str(exc.value)


def test_expected_type_is_checked() -> None:
    with pytest.raises(ExpressionError, match="gives a number, but a boolean is needed"):
        compile_expression("n + 1", SCOPE, BOOLEAN)


def test_deps_are_recorded() -> None:
    assert comp("n > sum(bedrooms.beds) and count(bedrooms) > 0").deps == {
        "n",
        "bedrooms",
        "bedrooms.beds",
    }
    assert compile_expression("area / beds > n", IN_REPEAT).deps == {
        "bedrooms.area",
        "bedrooms.beds",
        "n",
    }


# -- evaluation


def test_arithmetic_and_comparison() -> None:
    assert run("n * 2 + m / 4", {"n": 3, "m": 2}) == 6.5
    assert run("n = 3", {"n": 3}) is True
    assert run("kind != 'other'", {"kind": "dwelling"}) is True


def test_unknown_propagates() -> None:
    assert run("n + 1") is UNKNOWN
    assert run("n > 1") is UNKNOWN
    assert run("not (n > 1)") is UNKNOWN
    assert run("answered(n)") is False
    assert run("answered(n)", {"n": 0}) is True


def test_three_valued_logic() -> None:
    assert run("n > 1 and false") is False
    assert run("n > 1 or true") is True
    assert run("n > 1 and true") is UNKNOWN
    assert run("n > 1 or false") is UNKNOWN


def test_if_is_lazy() -> None:
    assert run("if(n > 0, m / n, 0)", {"n": 0, "m": 5}) == 0
    assert run("if(n > 0, 1, 2)") is UNKNOWN


def test_division_by_zero_is_controlled() -> None:
    with pytest.raises(EvaluationError) as exc:
        run("m / n", {"n": 0, "m": 1})
    assert exc.value.code == "division_by_zero"


def test_overflow_is_controlled() -> None:
    source = " * ".join(["n"] * 10)
    with pytest.raises(EvaluationError) as exc:
        run(source, {"n": 10**14})
    assert exc.value.code == "number_too_large"


def test_bad_runtime_types_become_evaluation_errors() -> None:
    with pytest.raises(EvaluationError):
        run("n + 1", {"n": "not a number"})


def test_dates() -> None:
    top = {"born": dt.date(2000, 5, 16), "arrived": dt.date(2024, 3, 31)}
    assert run("age(born)", top) == 23
    assert run("age(born)", {"born": dt.date(2000, 5, 15)}) == 24
    assert run("days_between(arrived, today())", top) == 45
    assert run("months_between(arrived, today())", top) == 1
    assert run("months_between(today(), arrived)", top) == -1
    assert run("born < arrived", top) is True


def test_today_comes_from_the_context() -> None:
    expr = comp("today()")
    assert expr.evaluate(Context({}, dt.date(1999, 1, 2))) == dt.date(1999, 1, 2)


def test_round_half_up() -> None:
    assert run("round(n, 1)", {"n": 2.25}) == 2.3
    assert run("round(n)", {"n": 2.5}) == 3


def test_selected() -> None:
    assert run("selected(nat, 'PL')", {"nat": ["RO", "PL"]}) is True
    assert run("selected(nat, 'PL')", {"nat": ["RO"]}) is False
    assert run("selected(kind, 'other')", {"kind": "other"}) is True
    assert run("selected(nat, 'PL')") is UNKNOWN


def test_repeat_aggregates_skip_unanswered() -> None:
    top = {"bedrooms": [{"area": 9.0, "beds": 2}, {"area": 6.5}, {"beds": None}]}
    assert run("count(bedrooms)", top) == 3
    assert run("sum(bedrooms.beds)", top) == 2
    assert run("min(bedrooms.area)", top) == 6.5
    assert run("max(bedrooms.area)", top) == 9.0
    assert run("count(bedrooms.area)", top) == 2
    assert run("count(bedrooms)") == 0
    assert run("sum(bedrooms.beds)") == 0
    assert run("max(bedrooms.area)") is UNKNOWN


def test_bare_id_in_repeat_prefers_the_instance() -> None:
    expr = compile_expression("s = 'inner' and n = 1", IN_REPEAT)
    ctx = Context({"s": "outer", "n": 1}, TODAY, inst={"s": "inner"})
    assert expr.evaluate(ctx) is True
    assert expr.evaluate(Context({"s": "inner", "n": 1}, TODAY, inst={})) is UNKNOWN


def test_value_in_constraints() -> None:
    scope = Scope(top=SCOPE.top, value=FieldSig(NUMBER))
    expr = compile_expression("value <= n", scope, BOOLEAN)
    assert expr.evaluate(Context({"n": 3}, TODAY, value=2)) is True
    assert expr.evaluate(Context({"n": 3}, TODAY, value=4)) is False


# -- properties

_NAMES = st.sampled_from(["n", "m", "s", "born", "bedrooms", "nope", "kind"])
_ATOMS = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(str),
    st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda f: f"{f:.3f}"),
    st.sampled_from(["'x'", "'dwelling'", "true", "false", "today()", "value"]),
    _NAMES,
    st.sampled_from(["bedrooms.area", "bedrooms.beds", "count(bedrooms)", "sum(bedrooms.beds)"]),
)


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    ops = st.sampled_from(["+", "-", "*", "/", "=", "!=", "<", "<=", ">", ">=", "and", "or"])
    funcs = st.sampled_from(["age", "round", "if", "min", "max", "answered", "count", "sum"])
    return st.one_of(
        st.tuples(children, ops, children).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        children.map(lambda c: f"({c})"),
        children.map(lambda c: f"not {c}"),
        children.map(lambda c: f"-{c}"),
        st.tuples(funcs, st.lists(children, min_size=0, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
    )


EXPRESSIONS = st.recursive(_ATOMS, _extend, max_leaves=25)
ANSWERS = st.fixed_dictionaries(
    {},
    optional={
        "n": st.one_of(st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6), st.none()),
        "m": st.integers(-100, 100),
        "s": st.text(max_size=5),
        "kind": st.sampled_from(["dwelling", "other"]),
        "born": st.dates(),
        "bedrooms": st.lists(
            st.fixed_dictionaries(
                {}, optional={"area": st.floats(0, 100), "beds": st.integers(0, 10)}
            ),
            max_size=4,
        ),
    },
)


@settings(max_examples=300, deadline=None)
@given(EXPRESSIONS, ANSWERS, st.one_of(st.none(), st.integers(-5, 5)))
def test_random_expressions_never_crash(
    source: str, answers: dict[str, object], val: object
) -> None:
    scope = Scope(top=SCOPE.top, value=FieldSig(NUMBER))
    try:
        expr = compile_expression(source, scope)
    except ExpressionError:
        return
    # The canonical text parses to the same tree, and evaluation is controlled.
    assert parse(unparse(expr.tree)) == expr.tree
    try:
        expr.evaluate(Context(answers, TODAY, value=val))
    except EvaluationError:
        pass


@settings(max_examples=500, deadline=200)
@given(st.text(max_size=300))
def test_garbage_gives_only_controlled_errors(source: str) -> None:
    try:
        compile_expression(source, SCOPE)
    except ExpressionError:
        pass


@settings(max_examples=300, deadline=200)
@given(st.text(alphabet=string.ascii_letters + string.digits + " ()+-*/=<>!.,'\"_", max_size=200))
def test_operator_soup_gives_only_controlled_errors(source: str) -> None:
    try:
        compile_expression(source, SCOPE)
    except ExpressionError:
        pass


def test_unparse_round_trip_simple() -> None:
    tree = parse("if(n > 1, 'it''s', \"x\")".replace("'it''s'", '"it\'s"'))
    assert parse(unparse(tree)) == parse(unparse(parse(unparse(tree))))
    assert isinstance(parse("n = 1"), Binary)
    assert parse("n") == Ref("n", 0)
    assert parse("12") == Num(12, 0)

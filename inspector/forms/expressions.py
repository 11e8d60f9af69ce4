"""The safe expression language of form files: tokenizer, parser, type checker, evaluator.

Nothing here calls Python's eval: text is tokenized, parsed by hand into a small tree, type
checked against the form's fields and compiled into plain closures. Hard limits on length,
tokens, nesting and number size keep hostile input cheap to reject.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final, TypeAlias

MAX_LENGTH: Final = 1000
MAX_TOKENS: Final = 400
MAX_DEPTH: Final = 40
#: Largest magnitude of any number, literal or computed; beyond it evaluation fails.
MAX_NUMBER: Final = 10**15
MAX_NUMBER_LITERAL: Final = 20
MAX_STRING_LITERAL: Final = 200
MAX_ROUND_DIGITS: Final = 10

KEYWORDS: Final = frozenset({"and", "or", "not", "true", "false", "value"})


# --------------------------------------------------------------------------------------------
# Errors and the unknown value


class ExpressionError(Exception):
    """An expression that cannot be loaded: syntax, limits, unknown names or wrong types."""

    def __init__(self, message: str, position: int | None = None) -> None:
        self.message = message
        self.position = position
        where = f" (at column {position + 1})" if position is not None else ""
        super().__init__(f"{message}{where}")


class EvaluationError(Exception):
    """Odd input at run time (division by zero, overflow); the field becomes invalid."""

    def __init__(self, code: str, detail: str = "") -> None:
        self.code = code
        self.detail = detail
        super().__init__(detail or code)


class _Unknown:
    """The value of an expression that depends on a missing answer."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()


def is_missing(value: object) -> bool:
    """True for an absent answer: None, '', an empty list or UNKNOWN."""
    return value is None or value is UNKNOWN or value == "" or value == []


# --------------------------------------------------------------------------------------------
# Types


@dataclass(frozen=True, slots=True)
class ExprType:
    """A static type: number, string, boolean, date, datetime, list (of an item type), repeat."""

    name: str
    item: str | None = None

    def __str__(self) -> str:
        if self.name == "list":
            return f"a list of {self.item}s" if self.item else "a list"
        article = "an" if self.name[0] in "aeiou" else "a"
        return f"{article} {self.name}"


NUMBER: Final = ExprType("number")
STRING: Final = ExprType("string")
BOOLEAN: Final = ExprType("boolean")
DATE: Final = ExprType("date")
DATETIME: Final = ExprType("datetime")
REPEAT: Final = ExprType("repeat")


def list_of(item: ExprType) -> ExprType:
    return ExprType("list", item.name)


@dataclass(frozen=True)
class FieldSig:
    """What the type checker knows of a field: its type, its choices, its sub-fields."""

    type: ExprType
    choices: frozenset[str] | None = None
    subfields: Mapping[str, FieldSig] = field(default_factory=dict)


@dataclass(frozen=True)
class Scope:
    """Where an expression lives: the form's fields, the repeat it is inside, `value`'s type."""

    top: Mapping[str, FieldSig]
    repeat: str | None = None
    value: FieldSig | None = None
    #: Ids that exist but hold no value (notes): a clearer message than 'unknown field'.
    valueless: AbstractSet[str] = frozenset()


# --------------------------------------------------------------------------------------------
# Tokenizer


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # num, str, name, op, eof
    text: str
    pos: int
    value: object = None


_TWO_CHAR_OPS: Final = ("<=", ">=", "!=", "==")
_ONE_CHAR_OPS: Final = frozenset("+-*/=<>(),.")
_FORBIDDEN_CHARS: Final = {
    "[": "indexing with [ ] is not supported",
    "]": "indexing with [ ] is not supported",
    "%": "the % operator is not supported",
    "^": "the ^ operator is not supported",
    "{": "braces are not supported",
    "}": "braces are not supported",
    ";": "';' is not supported: write one expression",
    ":": "':' is not supported",
    "&": "use 'and' instead of '&'",
    "|": "use 'or' instead of '|'",
    "!": "use 'not' or '!=' instead of '!'",
    "\\": "backslashes are not supported",
}


def tokenize(source: str) -> list[Token]:
    """Split an expression into tokens, enforcing the length and token limits."""
    if len(source) > MAX_LENGTH:
        raise ExpressionError(
            f"the expression is {len(source)} characters long; at most {MAX_LENGTH} are allowed"
        )
    tokens: list[Token] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch in " \t\r\n":
            i += 1
            continue
        if len(tokens) >= MAX_TOKENS:
            raise ExpressionError(f"the expression has more than {MAX_TOKENS} parts", i)
        start = i
        if ch.isascii() and (ch.isdigit() or (ch == "." and i + 1 < n and source[i + 1].isdigit())):
            while i < n and source[i].isascii() and source[i].isdigit():
                i += 1
            if i < n and source[i] == ".":
                i += 1
                if not (i < n and source[i].isascii() and source[i].isdigit()):
                    raise ExpressionError("a number may not end with '.'", start)
                while i < n and source[i].isascii() and source[i].isdigit():
                    i += 1
            if i < n and (source[i].isalnum() or source[i] == "_" or source[i] == "."):
                raise ExpressionError(f"invalid number '{source[start : i + 1]}'", start)
            text = source[start:i]
            if len(text) > MAX_NUMBER_LITERAL:
                raise ExpressionError(f"the number '{text[:12]}...' is too long", start)
            number: int | float = float(text) if "." in text else int(text)
            if number > MAX_NUMBER:
                raise ExpressionError(f"the number {text} is too large (at most 10^15)", start)
            tokens.append(Token("num", text, start, number))
            continue
        if ch in "'\"":
            end = source.find(ch, i + 1)
            if end < 0:
                raise ExpressionError("a text in quotes is not closed", start)
            text = source[i + 1 : end]
            if len(text) > MAX_STRING_LITERAL:
                raise ExpressionError(
                    f"a text in quotes may have at most {MAX_STRING_LITERAL} characters", start
                )
            tokens.append(Token("str", source[start : end + 1], start, text))
            i = end + 1
            continue
        if ch.isascii() and (ch.isalpha() or ch == "_"):
            while i < n and source[i].isascii() and (source[i].isalnum() or source[i] == "_"):
                i += 1
            text = source[start:i]
            if text.startswith("_"):
                raise ExpressionError(f"names may not start with '_' ('{text[:40]}')", start)
            tokens.append(Token("name", text, start, text))
            continue
        two = source[i : i + 2]
        if two == "**":
            raise ExpressionError("the power operator '**' is not supported", start)
        if two == "//":
            raise ExpressionError("the operator '//' is not supported; use '/'", start)
        if two in _TWO_CHAR_OPS:
            tokens.append(Token("op", "=" if two == "==" else two, start))
            i += 2
            continue
        if ch in _ONE_CHAR_OPS:
            tokens.append(Token("op", ch, start))
            i += 1
            continue
        reason = _FORBIDDEN_CHARS.get(ch)
        if reason:
            raise ExpressionError(reason, start)
        raise ExpressionError(f"unexpected character {ch!r}", start)
    tokens.append(Token("eof", "", n))
    return tokens


# --------------------------------------------------------------------------------------------
# Syntax tree (positions do not take part in equality: two trees are equal by shape)


def _nocompare() -> Any:
    return field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Num:
    value: int | float
    pos: int = _nocompare()


@dataclass(frozen=True, slots=True)
class Str:
    value: str
    pos: int = _nocompare()


@dataclass(frozen=True, slots=True)
class Bool:
    value: bool
    pos: int = _nocompare()


@dataclass(frozen=True, slots=True)
class Ref:
    """A field reference; `name == 'value'` is the constrained field's own value."""

    name: str
    pos: int = _nocompare()


@dataclass(frozen=True, slots=True)
class RepeatPath:
    """`repeat.field`: the field across every instance of a repeat."""

    repeat: str
    field: str
    pos: int = _nocompare()


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # '-' or 'not'
    operand: Node
    pos: int = _nocompare()


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # + - * / = != < <= > >= and or
    left: Node
    right: Node
    pos: int = _nocompare()


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]
    pos: int = _nocompare()


Node: TypeAlias = Num | Str | Bool | Ref | RepeatPath | Unary | Binary | Call

_COMPARISONS: Final = frozenset({"=", "!=", "<", "<=", ">", ">="})


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def next(self) -> Token:
        tok = self.tokens[self.i]
        if tok.kind != "eof":
            self.i += 1
        return tok

    def at_op(self, *ops: str) -> bool:
        tok = self.peek()
        return tok.kind == "op" and tok.text in ops

    def at_name(self, name: str) -> bool:
        tok = self.peek()
        return tok.kind == "name" and tok.text == name

    def expect_op(self, op: str, what: str) -> Token:
        tok = self.peek()
        if tok.kind == "op" and tok.text == op:
            return self.next()
        raise ExpressionError(f"expected {what}, found {_describe(tok)}", tok.pos)

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(
                f"the expression is nested more than {MAX_DEPTH} levels deep", pos
            )

    def leave(self) -> None:
        self.depth -= 1

    def parse(self) -> Node:
        node = self.expr()
        tok = self.peek()
        if tok.kind != "eof":
            raise ExpressionError(f"unexpected {_describe(tok)}", tok.pos)
        return node

    def expr(self) -> Node:
        self.enter(self.peek().pos)
        left = self.and_expr()
        while self.at_name("or"):
            tok = self.next()
            left = Binary("or", left, self.and_expr(), tok.pos)
        self.leave()
        return left

    def and_expr(self) -> Node:
        left = self.not_expr()
        while self.at_name("and"):
            tok = self.next()
            left = Binary("and", left, self.not_expr(), tok.pos)
        return left

    def not_expr(self) -> Node:
        if self.at_name("not"):
            tok = self.next()
            self.enter(tok.pos)
            node = Unary("not", self.not_expr(), tok.pos)
            self.leave()
            return node
        return self.comparison()

    def comparison(self) -> Node:
        left = self.additive()
        if self.peek().kind == "op" and self.peek().text in _COMPARISONS:
            tok = self.next()
            left = Binary(tok.text, left, self.additive(), tok.pos)
            after = self.peek()
            if after.kind == "op" and after.text in _COMPARISONS:
                raise ExpressionError(
                    "comparisons cannot be chained; combine them with 'and'", after.pos
                )
        return left

    def additive(self) -> Node:
        left = self.multiplicative()
        while self.at_op("+", "-"):
            tok = self.next()
            left = Binary(tok.text, left, self.multiplicative(), tok.pos)
        return left

    def multiplicative(self) -> Node:
        left = self.unary()
        while self.at_op("*", "/"):
            tok = self.next()
            left = Binary(tok.text, left, self.unary(), tok.pos)
        return left

    def unary(self) -> Node:
        if self.at_op("-"):
            tok = self.next()
            self.enter(tok.pos)
            node = Unary("-", self.unary(), tok.pos)
            self.leave()
            return node
        if self.at_op("+"):
            raise ExpressionError("a leading '+' is not supported", self.peek().pos)
        return self.primary()

    def primary(self) -> Node:
        tok = self.next()
        if tok.kind == "num":
            assert isinstance(tok.value, int | float)
            return Num(tok.value, tok.pos)
        if tok.kind == "str":
            assert isinstance(tok.value, str)
            return Str(tok.value, tok.pos)
        if tok.kind == "name":
            if tok.text in ("true", "false"):
                return Bool(tok.text == "true", tok.pos)
            if tok.text in ("and", "or", "not"):
                raise ExpressionError(f"unexpected '{tok.text}'", tok.pos)
            if self.at_op("("):
                return self.call(tok)
            if self.at_op("."):
                dot = self.next()
                attr = self.peek()
                if attr.kind != "name":
                    raise ExpressionError(
                        f"expected a field name after '{tok.text}.', found {_describe(attr)}",
                        attr.pos,
                    )
                self.next()
                if self.at_op(".", "("):
                    raise ExpressionError(
                        "only 'repeat.field' is allowed; there is no attribute access", dot.pos
                    )
                return RepeatPath(tok.text, attr.text, tok.pos)
            return Ref(tok.text, tok.pos)
        if tok.kind == "op" and tok.text == "(":
            node = self.expr()
            self.expect_op(")", "')'")
            return node
        raise ExpressionError(f"unexpected {_describe(tok)}", tok.pos)

    def call(self, name: Token) -> Node:
        self.expect_op("(", "'('")
        self.enter(name.pos)
        args: list[Node] = []
        if not self.at_op(")"):
            args.append(self.expr())
            while self.at_op(","):
                self.next()
                args.append(self.expr())
        self.expect_op(")", "',' or ')'")
        self.leave()
        return Call(name.text, tuple(args), name.pos)


def _describe(tok: Token) -> str:
    if tok.kind == "eof":
        return "the end of the expression"
    return f"'{tok.text[:40]}'"


def parse(source: str) -> Node:
    """Parse an expression into a syntax tree; ExpressionError on anything else."""
    if not isinstance(source, str):
        raise ExpressionError("an expression must be text")
    if not source.strip():
        raise ExpressionError("the expression is empty")
    return _Parser(tokenize(source)).parse()


def unparse(node: Node) -> str:
    """The canonical text of a tree (fully parenthesised), parseable again."""
    match node:
        case Num(value=v):
            return repr(v)
        case Str(value=v):
            return f'"{v}"' if "'" in v else f"'{v}'"
        case Bool(value=v):
            return "true" if v else "false"
        case Ref(name=n):
            return n
        case RepeatPath(repeat=r, field=f):
            return f"{r}.{f}"
        case Unary(op="not", operand=o):
            return f"(not {unparse(o)})"
        case Unary(op=op, operand=o):
            return f"({op}{unparse(o)})"
        case Binary(op=op, left=a, right=b):
            return f"({unparse(a)} {op} {unparse(b)})"
        case Call(name=n, args=args):
            return f"{n}({', '.join(unparse(a) for a in args)})"
    raise AssertionError(node)  # pragma: no cover


# --------------------------------------------------------------------------------------------
# Evaluation context and compiled expressions


class Context:
    """What an expression reads at run time: effective answers, the instance, value, today."""

    __slots__ = ("top", "inst", "value", "today")

    def __init__(
        self,
        top: Mapping[str, Any],
        today: dt.date,
        inst: Mapping[str, Any] | None = None,
        value: Any = None,
    ) -> None:
        self.top = top
        self.inst: Mapping[str, Any] = inst if inst is not None else {}
        self.value = value
        self.today = today


Fn: TypeAlias = Callable[[Context], Any]


@dataclass(frozen=True, eq=False)
class CompiledExpression:
    """A parsed, type-checked expression, ready to evaluate."""

    source: str
    tree: Node
    type: ExprType
    #: Field nodes it reads: 'field' for top-level, 'repeat.field' for repeat sub-fields.
    deps: frozenset[str]
    _fn: Fn = field(repr=False)

    def evaluate(self, ctx: Context) -> Any:
        """The value, or UNKNOWN; EvaluationError on odd input, never anything else."""
        try:
            return self._fn(ctx)
        except EvaluationError:
            raise
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise EvaluationError("failed", type(exc).__name__) from None
        except RecursionError:  # pragma: no cover - bounded by MAX_TOKENS
            raise EvaluationError("failed", "too deep") from None

    def __repr__(self) -> str:
        return f"CompiledExpression({self.source!r}: {self.type})"


def compile_expression(
    source: str, scope: Scope, expected: ExprType | Sequence[ExprType] | None = None
) -> CompiledExpression:
    """Parse, type-check and compile; ExpressionError with a position on any problem."""
    tree = parse(source)
    checker = _Checker(scope)
    typ, fn = checker.check(tree)
    if expected is not None:
        wanted = (expected,) if isinstance(expected, ExprType) else tuple(expected)
        if typ not in wanted:
            names = " or ".join(str(t) for t in wanted)
            raise ExpressionError(f"the expression gives {typ}, but {names} is needed")
    return CompiledExpression(source, tree, typ, frozenset(checker.deps), fn)


# --------------------------------------------------------------------------------------------
# Type checker + compiler into closures


def _num(x: Any) -> Any:
    """Guard every arithmetic result: finite and bounded."""
    if isinstance(x, float) and not math.isfinite(x):
        raise EvaluationError("number_too_large", "number out of range")
    if abs(x) > MAX_NUMBER:
        raise EvaluationError("number_too_large", "number out of range")
    return x


def _as_date(x: Any) -> dt.date:
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    raise EvaluationError("failed", "not a date")


def _months_between(a: dt.date, b: dt.date) -> int:
    if b < a:
        return -_months_between(b, a)
    months = (b.year - a.year) * 12 + (b.month - a.month)
    if b.day < a.day:
        months -= 1
    return months


def _round(x: int | float, digits: int) -> int | float:
    q = Decimal(1).scaleb(-digits)
    rounded = Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP)
    return int(rounded) if digits == 0 else float(rounded)


def _is_answer(v: Any) -> bool:
    return not is_missing(v)


_SCALARS: Final = frozenset({"number", "string", "boolean", "date", "datetime"})
_ORDERED: Final = frozenset({"number", "date", "datetime"})

#: name -> (min args, max args or None)
FUNCTIONS: Final[Mapping[str, tuple[int, int | None]]] = {
    "today": (0, 0),
    "age": (1, 1),
    "days_between": (2, 2),
    "months_between": (2, 2),
    "answered": (1, 1),
    "selected": (2, 2),
    "if": (3, 3),
    "round": (1, 2),
    "count": (1, 1),
    "sum": (1, 1),
    "min": (1, None),
    "max": (1, None),
}


class _Checker:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.deps: set[str] = set()

    # -- name resolution

    def _sub_sigs(self) -> Mapping[str, FieldSig]:
        if self.scope.repeat is None:
            return {}
        rep = self.scope.top.get(self.scope.repeat)
        return rep.subfields if rep else {}

    def resolve(self, node: Ref) -> tuple[FieldSig, Fn]:
        name = node.name
        if name == "value":
            if self.scope.value is None:
                raise ExpressionError("'value' can only be used in a constraint", node.pos)

            def get_value(c: Context) -> Any:
                v = c.value
                return UNKNOWN if is_missing(v) else v

            return self.scope.value, get_value
        subs = self._sub_sigs()
        if name in subs:
            self.deps.add(f"{self.scope.repeat}.{name}")

            def get_inst(c: Context) -> Any:
                v = c.inst.get(name)
                return UNKNOWN if is_missing(v) else v

            return subs[name], get_inst
        if name in self.scope.top:
            self.deps.add(name)
            sig = self.scope.top[name]

            def get_top(c: Context) -> Any:
                v = c.top.get(name)
                return UNKNOWN if is_missing(v) else v

            return sig, get_top
        raise ExpressionError(self._unknown_message(name), node.pos)

    def _unknown_message(self, name: str) -> str:
        if name in FUNCTIONS:
            return f"'{name}' is a function; call it as {name}(...)"
        if name in self.scope.valueless:
            return f"'{name}' is a note and has no value"
        for rep_id, sig in self.scope.top.items():
            if name in sig.subfields:
                return (
                    f"field '{name}' is inside repeat '{rep_id}'; outside it use "
                    f"count({rep_id}), sum({rep_id}.{name}), min(...) or max(...)"
                )
        known = list(self.scope.top) + list(self._sub_sigs())
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown field '{name}'{hint}"

    # -- checking

    def check(self, node: Node) -> tuple[ExprType, Fn]:
        match node:
            case Num(value=v):
                return NUMBER, lambda c: v
            case Str(value=s):
                return STRING, lambda c: s
            case Bool(value=b):
                return BOOLEAN, lambda c: b
            case Ref():
                sig, fn = self.resolve(node)
                return sig.type, fn
            case RepeatPath():
                return self.repeat_path(node)
            case Unary():
                return self.unary(node)
            case Binary():
                return self.binary(node)
            case Call():
                return self.call(node)
        raise AssertionError(node)  # pragma: no cover

    def repeat_path(self, node: RepeatPath) -> tuple[ExprType, Fn]:
        rep_sig = self.scope.top.get(node.repeat)
        if rep_sig is None or rep_sig.type != REPEAT:
            what = "an unknown field" if rep_sig is None else f"not a repeat ({rep_sig.type})"
            raise ExpressionError(
                f"'.' can only name a field of a repeat, e.g. bedrooms.area_m2; "
                f"'{node.repeat}' is {what}",
                node.pos,
            )
        sub = rep_sig.subfields.get(node.field)
        if sub is None:
            close = difflib.get_close_matches(node.field, list(rep_sig.subfields), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ExpressionError(
                f"repeat '{node.repeat}' has no field '{node.field}'{hint}", node.pos
            )
        if sub.type.name == "list" or sub.type == REPEAT:
            raise ExpressionError(
                f"'{node.repeat}.{node.field}' is {sub.type}; it cannot be collected", node.pos
            )
        self.deps.add(node.repeat)
        self.deps.add(f"{node.repeat}.{node.field}")
        rep, fld = node.repeat, node.field

        def collect(c: Context) -> Any:
            items = c.top.get(rep)
            if not isinstance(items, list):
                return []
            out = []
            for item in items:
                if isinstance(item, Mapping):
                    v = item.get(fld)
                    if not is_missing(v):
                        out.append(v)
            return out

        return list_of(sub.type), collect

    def unary(self, node: Unary) -> tuple[ExprType, Fn]:
        typ, fn = self.check(node.operand)
        if node.op == "not":
            self.want(typ, BOOLEAN, node.pos, "'not'")

            def not_(c: Context) -> Any:
                v = fn(c)
                return UNKNOWN if v is UNKNOWN else not v

            return BOOLEAN, not_
        self.want(typ, NUMBER, node.pos, "'-'")

        def neg(c: Context) -> Any:
            v = fn(c)
            return UNKNOWN if v is UNKNOWN else -v

        return NUMBER, neg

    def want(self, got: ExprType, wanted: ExprType, pos: int, what: str) -> None:
        if got != wanted:
            raise ExpressionError(f"{what} needs {wanted}, not {got}", pos)

    def binary(self, node: Binary) -> tuple[ExprType, Fn]:
        op = node.op
        lt, lf = self.check(node.left)
        rt, rf = self.check(node.right)
        if op in ("and", "or"):
            self.want(lt, BOOLEAN, node.pos, f"'{op}'")
            self.want(rt, BOOLEAN, node.pos, f"'{op}'")
            return BOOLEAN, (_and(lf, rf) if op == "and" else _or(lf, rf))
        if op in ("+", "-", "*", "/"):
            if lt != NUMBER or rt != NUMBER:
                bad = lt if lt != NUMBER else rt
                raise ExpressionError(f"'{op}' works on numbers only, not on {bad}", node.pos)
            return NUMBER, _arith(op, lf, rf)
        # comparisons
        if lt != rt:
            raise ExpressionError(f"cannot compare {lt} with {rt}", node.pos)
        if lt.name not in _SCALARS:
            raise ExpressionError(
                f"cannot compare {lt} with '{op}'; use selected(...) or count(...)", node.pos
            )
        if op not in ("=", "!=") and lt.name not in _ORDERED:
            raise ExpressionError(f"'{op}' works on numbers and dates, not on {lt}", node.pos)
        self.check_choice_literal(node.left, node.right)
        self.check_choice_literal(node.right, node.left)
        return BOOLEAN, _compare(op, lf, rf)

    def _sig_of(self, node: Node) -> FieldSig | None:
        if isinstance(node, Ref):
            if node.name == "value":
                return self.scope.value
            subs = self._sub_sigs()
            return subs.get(node.name) or self.scope.top.get(node.name)
        return None

    def check_choice_literal(self, ref: Node, lit: Node) -> None:
        sig = self._sig_of(ref)
        if sig is None or sig.choices is None or not isinstance(lit, Str):
            return
        if lit.value not in sig.choices:
            options = ", ".join(sorted(sig.choices))
            name = ref.name if isinstance(ref, Ref) else "?"
            raise ExpressionError(
                f"'{lit.value}' is not a choice of '{name}' (choices: {options})", lit.pos
            )

    def call(self, node: Call) -> tuple[ExprType, Fn]:
        name, args = node.name, node.args
        if name not in FUNCTIONS:
            close = difflib.get_close_matches(name, list(FUNCTIONS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ExpressionError(f"unknown function '{name[:40]}'{hint}", node.pos)
        lo, hi = FUNCTIONS[name]
        if len(args) < lo or (hi is not None and len(args) > hi):
            if hi is None:
                need = f"at least {lo} argument{'s' if lo != 1 else ''}"
            elif lo == hi:
                need = f"{lo} argument{'s' if lo != 1 else ''}"
            else:
                need = f"{lo} to {hi} arguments"
            raise ExpressionError(f"{name}() takes {need}, not {len(args)}", node.pos)
        method: Callable[[Call], tuple[ExprType, Fn]] = getattr(self, f"fn_{name}")
        return method(node)

    def fn_today(self, node: Call) -> tuple[ExprType, Fn]:
        return DATE, lambda c: c.today

    def _date_arg(self, node: Node, fname: str) -> Fn:
        typ, fn = self.check(node)
        if typ not in (DATE, DATETIME):
            raise ExpressionError(f"{fname}() needs a date, not {typ}", _pos(node))
        return fn

    def fn_age(self, node: Call) -> tuple[ExprType, Fn]:
        fn = self._date_arg(node.args[0], "age")

        def age(c: Context) -> Any:
            v = fn(c)
            if v is UNKNOWN:
                return UNKNOWN
            born, today = _as_date(v), c.today
            return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

        return NUMBER, age

    def fn_days_between(self, node: Call) -> tuple[ExprType, Fn]:
        fa = self._date_arg(node.args[0], "days_between")
        fb = self._date_arg(node.args[1], "days_between")

        def days(c: Context) -> Any:
            a, b = fa(c), fb(c)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            return (_as_date(b) - _as_date(a)).days

        return NUMBER, days

    def fn_months_between(self, node: Call) -> tuple[ExprType, Fn]:
        fa = self._date_arg(node.args[0], "months_between")
        fb = self._date_arg(node.args[1], "months_between")

        def months(c: Context) -> Any:
            a, b = fa(c), fb(c)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            return _months_between(_as_date(a), _as_date(b))

        return NUMBER, months

    def fn_answered(self, node: Call) -> tuple[ExprType, Fn]:
        arg = node.args[0]
        if not isinstance(arg, Ref) or arg.name == "value":
            raise ExpressionError("answered() needs a field name", _pos(arg))
        _, fn = self.check(arg)
        return BOOLEAN, lambda c: fn(c) is not UNKNOWN

    def fn_selected(self, node: Call) -> tuple[ExprType, Fn]:
        ref, lit = node.args
        typ, fn = self.check(ref)
        if typ not in (list_of(STRING), STRING):
            raise ExpressionError(f"selected() needs a choice field, not {typ}", _pos(ref))
        ct, cf = self.check(lit)
        self.want(ct, STRING, _pos(lit), "selected()'s second argument")
        self.check_choice_literal(ref, lit)

        def selected(c: Context) -> Any:
            v, choice = fn(c), cf(c)
            if v is UNKNOWN or choice is UNKNOWN:
                return UNKNOWN
            return choice in v if isinstance(v, list) else v == choice

        return BOOLEAN, selected

    def fn_if(self, node: Call) -> tuple[ExprType, Fn]:
        ct, cf = self.check(node.args[0])
        self.want(ct, BOOLEAN, _pos(node.args[0]), "if()'s condition")
        at, af = self.check(node.args[1])
        bt, bf = self.check(node.args[2])
        if at != bt:
            raise ExpressionError(
                f"if() must give the same type in both branches, not {at} and {bt}", node.pos
            )

        def if_(c: Context) -> Any:
            cond = cf(c)
            if cond is UNKNOWN:
                return UNKNOWN
            return af(c) if cond else bf(c)

        return at, if_

    def fn_round(self, node: Call) -> tuple[ExprType, Fn]:
        xt, xf = self.check(node.args[0])
        self.want(xt, NUMBER, _pos(node.args[0]), "round()")
        df: Fn = lambda c: 0  # noqa: E731
        if len(node.args) == 2:
            digits = node.args[1]
            dtp, df = self.check(digits)
            self.want(dtp, NUMBER, _pos(digits), "round()'s digits")
            if isinstance(digits, Num) and (
                not isinstance(digits.value, int) or not 0 <= digits.value <= MAX_ROUND_DIGITS
            ):
                raise ExpressionError(
                    f"round() takes a whole number of digits from 0 to {MAX_ROUND_DIGITS}",
                    digits.pos,
                )

        def round_(c: Context) -> Any:
            x, d = xf(c), df(c)
            if x is UNKNOWN or d is UNKNOWN:
                return UNKNOWN
            if d != int(d) or not 0 <= d <= MAX_ROUND_DIGITS:
                raise EvaluationError("failed", "bad number of digits")
            return _num(_round(x, int(d)))

        return NUMBER, round_

    def fn_count(self, node: Call) -> tuple[ExprType, Fn]:
        arg = node.args[0]
        typ, fn = self.check(arg)
        if typ.name not in ("list", "repeat"):
            raise ExpressionError(f"count() needs a repeat or a list, not {typ}", _pos(arg))

        def count(c: Context) -> Any:
            v = fn(c)
            return len(v) if isinstance(v, list) else 0

        return NUMBER, count

    def fn_sum(self, node: Call) -> tuple[ExprType, Fn]:
        arg = node.args[0]
        typ, fn = self.check(arg)
        if typ != list_of(NUMBER):
            raise ExpressionError(
                f"sum() needs numbers across a repeat (e.g. sum(bedrooms.beds)), not {typ}",
                _pos(arg),
            )

        def sum_(c: Context) -> Any:
            v = fn(c)
            total: int | float = 0
            for x in v if isinstance(v, list) else ():
                total = _num(total + x)
            return total

        return NUMBER, sum_

    def fn_min(self, node: Call) -> tuple[ExprType, Fn]:
        return self._extreme(node, min)

    def fn_max(self, node: Call) -> tuple[ExprType, Fn]:
        return self._extreme(node, max)

    def _extreme(self, node: Call, pick: Callable[[list[Any]], Any]) -> tuple[ExprType, Fn]:
        name = node.name
        if len(node.args) == 1:
            typ, fn = self.check(node.args[0])
            if typ.name != "list" or typ.item not in _ORDERED:
                raise ExpressionError(
                    f"{name}() needs numbers or dates across a repeat, or two or more values, "
                    f"not {typ}",
                    _pos(node.args[0]),
                )

            def across(c: Context) -> Any:
                v = fn(c)
                return pick(v) if isinstance(v, list) and v else UNKNOWN

            return ExprType(typ.item or "number"), across
        checked = [self.check(a) for a in node.args]
        first = checked[0][0]
        for (typ, _), arg in zip(checked, node.args, strict=True):
            if typ.name not in _ORDERED or typ != first:
                raise ExpressionError(
                    f"{name}() needs values of one type, numbers or dates, not {typ}", _pos(arg)
                )
        fns = [fn for _, fn in checked]

        def among(c: Context) -> Any:
            vals = [f(c) for f in fns]
            if any(v is UNKNOWN for v in vals):
                return UNKNOWN
            return pick(vals)

        return first, among


def _pos(node: Node) -> int:
    return node.pos


def _and(lf: Fn, rf: Fn) -> Fn:
    def and_(c: Context) -> Any:
        a = lf(c)
        if a is False:
            return False
        b = rf(c)
        if b is False:
            return False
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        return True

    return and_


def _or(lf: Fn, rf: Fn) -> Fn:
    def or_(c: Context) -> Any:
        a = lf(c)
        if a is True:
            return True
        b = rf(c)
        if b is True:
            return True
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        return False

    return or_


def _arith(op: str, lf: Fn, rf: Fn) -> Fn:
    if op == "+":

        def add(c: Context) -> Any:
            a, b = lf(c), rf(c)
            return UNKNOWN if a is UNKNOWN or b is UNKNOWN else _num(a + b)

        return add
    if op == "-":

        def sub(c: Context) -> Any:
            a, b = lf(c), rf(c)
            return UNKNOWN if a is UNKNOWN or b is UNKNOWN else _num(a - b)

        return sub
    if op == "*":

        def mul(c: Context) -> Any:
            a, b = lf(c), rf(c)
            return UNKNOWN if a is UNKNOWN or b is UNKNOWN else _num(a * b)

        return mul

    def div(c: Context) -> Any:
        a, b = lf(c), rf(c)
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        if b == 0:
            raise EvaluationError("division_by_zero", "division by zero")
        return _num(a / b)

    return div


def _compare(op: str, lf: Fn, rf: Fn) -> Fn:
    import operator

    func: Callable[[Any, Any], bool] = {
        "=": operator.eq,
        "!=": operator.ne,
        "<": operator.lt,
        "<=": operator.le,
        ">": operator.gt,
        ">=": operator.ge,
    }[op]

    def cmp(c: Context) -> Any:
        a, b = lf(c), rf(c)
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        return func(a, b)

    return cmp

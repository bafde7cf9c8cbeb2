"""Safe reading of numbers written as text (``"3/2"``, ``"1e-300"``, ``"sqrt(2)/2"``).

A hand-written tokenizer and recursive-descent parser that evaluates as it reads,
building exact SymPy numbers with SymPy constructors; user text never reaches
``eval``, ``sympify`` or ``sp.Rational(str)``::

    expr  := term (("+" | "-") term)*
    term  := unary (("*" | "/") unary)*
    unary := ("+" | "-") unary | atom (("**" | "^") unary)?    # 2^3^2 = 2^9, -2^2 = -4
    atom  := number | "pi" | "E" | ("sqrt" | "exp" | "log") "(" expr ")" | "(" expr ")"

Numbers are integers (``1_000`` allowed), decimals (``0.1`` is exactly 1/10) and
scientific literals (``2.5E+10``), all exact. Names are case-sensitive: ``pi``,
``E`` (Euler's number) and the one-argument ``sqrt``, ``exp``, ``log``; a lower-case
``e`` only appears inside literals (write ``E`` or ``exp(1)``). ``^`` means power,
``−`` (U+2212) is a minus, whitespace is ignored, and there is no implicit
multiplication (``2pi`` is refused). ``oo``/``inf``/``infinity``, optionally
signed, give ``sympy.oo`` only with ``allow_infinity=True`` and only as the whole
text. Non-real values (``sqrt(-1)``, ``log(0)``, ``(-8)^(1/3)``) are refused;
``0^0`` is 1. Each irrational value carries a 333-bit interval enclosure (mpmath)
that decides signs and magnitudes; a sign it cannot decide (an unsimplified zero
such as ``(1+sqrt(2))*(sqrt(2)-1)-1``) is refused.

The limits that bound the work (length, depth, digits, roots, operations, tree
size, entries; :mod:`klsym.records.limits`) are named in the error each raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn, TypeVar, Union

import sympy as sp
from mpmath.libmp import ComplexResult

from .limits import (
    BIG, DIGIT_LIMIT, EXP_ARGUMENT, MAX_BITS, MAX_DEPTH, MAX_DIGITS, MAX_ENTRIES, MAX_EXPONENT, MAX_LENGTH,
    MAX_NESTING, MAX_NODES, MAX_OPERATIONS, MAX_ROOT, MAX_ROOT_DIGITS, MAX_SEQUENCE_LENGTH, MAX_TERMS,
    MAX_TOTAL_DIGITS, ROOT_BITS, WORK_BITS, bits, enclosure, radicand_bits, shape,
)

__all__ = [
    "MAX_DEPTH", "MAX_DIGITS", "MAX_ENTRIES", "MAX_EXPONENT", "MAX_LENGTH", "MAX_NESTING", "MAX_NODES",
    "MAX_OPERATIONS", "MAX_ROOT", "MAX_ROOT_DIGITS", "MAX_SEQUENCE_LENGTH", "MAX_TERMS", "MAX_TOTAL_DIGITS",
    "Nested", "parse_number", "parse_sequence",
]

Nested = Union[sp.Expr, list["Nested"]]
T = TypeVar("T")

_INFINITY = ("oo", "inf", "infinity")
_DIGITS = r"[0-9](?:_?[0-9])*"
_TOKEN = re.compile(
    rf"(?P<num>(?:{_DIGITS}(?:\.(?:{_DIGITS})?)?|\.{_DIGITS})(?:[eE][+-]?{_DIGITS})?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>\*\*|[-+*/^(),\[\]])"
)
_HINTS = {"'": "strings are not allowed", '"': "strings are not allowed",
          ".": "attribute access is not allowed", ":": "lambdas and slices are not allowed",
          **dict.fromkeys("=<>!", "comparisons are not allowed")}


class _Reader:
    """Parser state: the text, a one-token lookahead, and counters for the limits."""

    def __init__(self, text: str, name: str, what: str, max_length: int, infinity: bool) -> None:
        if not isinstance(text, str):
            raise ValueError(f"parameter {name}: expected text, got {type(text).__name__}")
        self.text, self.name, self.what, self.infinity = text, name, what, infinity
        if len(text) > max_length:
            limit = "MAX_LENGTH" if max_length == MAX_LENGTH else "MAX_SEQUENCE_LENGTH"
            self.fail(f"longer than {max_length} characters (limit {limit})")
        self.tokens = self.tokenize(text.replace("\u2212", "-"))
        self.tok = next(self.tokens)  # (kind, text, position), kind one of num name op end
        self.depth = self.entries = self.operations = self.work = 0

    def fail(self, reason: str) -> NoReturn:
        shown = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        raise ValueError(f"parameter {self.name}: cannot read {shown!r} as {self.what}: {reason}")

    def tokenize(self, text: str) -> Iterator[tuple[str, str, int]]:
        i = 0
        while i < len(text):
            if text[i].isspace():
                i += 1
            elif m := _TOKEN.match(text, i):
                yield m.lastgroup or "op", m.group(), i
                i = m.end()
            else:
                self.fail(_HINTS.get(text[i], f"unexpected character {text[i]!r}") + f" (position {i})")
        while True:
            yield "end", "", len(text)

    def take(self) -> tuple[str, str, int]:
        tok, self.tok = self.tok, next(self.tokens)
        return tok

    def at(self, *ops: str) -> bool:
        return self.tok[0] == "op" and self.tok[1] in ops

    def expect(self, op: str) -> None:
        if not self.at(op):
            self.unexpected(f", expected {op!r}")
        self.take()

    def unexpected(self, wanted: str = "") -> NoReturn:
        kind, text, pos = self.tok
        if kind == "end":
            self.fail("unexpected end of text" + wanted)
        if kind != "op" or text == "(":
            self.fail(f"missing operator before {text!r} at position {pos}")
        self.fail(f"unexpected {text!r} at position {pos}" + wanted)

    @contextmanager
    def deeper(self) -> Iterator[None]:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"nested deeper than {MAX_DEPTH} levels (limit MAX_DEPTH)")
        yield
        self.depth -= 1

    # -- grammar ------------------------------------------------------------------
    def expr(self) -> sp.Expr:
        a = self.term()
        while self.at("+", "-"):
            minus, b = self.take()[1] == "-", self.term()
            a = self.check(a - b if minus else a + b)
        return a

    def term(self) -> sp.Expr:
        a = self.unary()
        while self.at("*", "/"):
            divide, b = self.take()[1] == "/", self.unary()
            a = self.div(a, b) if divide else self.mul(a, b)
        return a

    def unary(self) -> sp.Expr:
        if self.at("+", "-"):
            minus = self.take()[1] == "-"
            with self.deeper():
                v = self.unary()
            return self.check(-v) if minus else v
        base = self.atom()
        if not self.at("**", "^"):
            return base
        self.take()
        with self.deeper():
            return self.power(base, self.unary())

    def atom(self) -> sp.Expr:
        kind, text, pos = self.tok
        if kind == "end" or (kind == "op" and text not in "(["):
            self.unexpected()
        self.take()
        if kind == "num":
            return self.literal(text)
        if kind == "name":
            return self.named(text)
        if text == "[":
            self.fail(f"a list is not a number (position {pos})")
        with self.deeper():
            value = self.expr()
        self.expect(")")
        return value

    def named(self, text: str) -> sp.Expr:
        if text in ("pi", "E"):
            return sp.pi if text == "pi" else sp.E
        if text in _INFINITY:
            self.fail("infinity must stand alone, e.g. '-inf'" if self.infinity else "infinity is not allowed here")
        if text == "nan":
            self.fail("nan is not a number")
        if text not in ("sqrt", "exp", "log"):
            hint = " (E is Euler's number; 1e-3 is scientific notation)" if text[0] in "eE" else ""
            self.fail(f"unknown name {text!r} (allowed: pi, E, sqrt, exp, log){hint}")
        if not self.at("("):
            self.fail(f"{text} takes one argument in parentheses, e.g. {text}(2)")
        self.take()
        with self.deeper():
            x = self.expr()
        if self.at(","):
            self.fail(f"{text} takes exactly one argument")
        self.expect(")")
        return self.power(x, sp.S.Half) if text == "sqrt" else self.exp(x) if text == "exp" else self.log(x)

    def literal(self, text: str) -> sp.Expr:
        if len(text) > MAX_LENGTH:
            self.fail(f"a literal longer than {MAX_LENGTH} characters (limit MAX_LENGTH)")
        mantissa, _, exponent = text.replace("_", "").lower().partition("e")
        whole, _, frac = mantissa.partition(".")
        shift = -len(frac)
        if exponent:
            if len(exponent.lstrip("+-").lstrip("0")) > 9 or abs(int(exponent)) > MAX_EXPONENT:
                shown = text if len(text) <= 30 else text[:27] + "..."
                self.fail(f"the exponent of {shown} is beyond ±{MAX_EXPONENT} (limit MAX_EXPONENT)")
            shift += int(exponent)
        n = int(whole + frac)
        return self.check(sp.Integer(n * 10**shift) if shift >= 0 else sp.Rational(n, 10**-shift))

    # -- checked arithmetic ----------------------------------------------------------
    def check(self, v: sp.Expr) -> sp.Expr:
        """``v``, if it is a finite real number within the limits."""
        for r in [v] if v.is_Rational else v.atoms(sp.Rational):
            if abs(r.p) >= DIGIT_LIMIT or r.q >= DIGIT_LIMIT:
                self.fail(f"a number with more than {MAX_DIGITS} digits (limit MAX_DIGITS)")
        if v.is_Rational:
            self.work += abs(v.p).bit_length() + v.q.bit_length()
            if self.work > WORK_BITS:
                self.fail(f"more than {MAX_TOTAL_DIGITS} digits computed in all (limit MAX_TOTAL_DIGITS)")
            return v
        self.operations += 1
        if self.operations > MAX_OPERATIONS:
            self.fail(f"more than {MAX_OPERATIONS} operations on irrational numbers (limit MAX_OPERATIONS)")
        nodes, nest, terms = shape(v)
        if nodes > MAX_NODES:
            self.fail(f"an irrational value of more than {MAX_NODES} parts (limit MAX_NODES)")
        if nest > MAX_NESTING:
            self.fail(f"powers, exp and log nested more than {MAX_NESTING} deep (limit MAX_NESTING)")
        if terms > MAX_TERMS:
            self.fail(f"more than {MAX_TERMS} terms once expanded (limit MAX_TERMS)")
        if v.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.I):
            self.fail("the result is not a finite real number")
        size = abs(enclosure(v))
        if (size.b > BIG) is not False or (size.a > 0 and size.b * BIG < 1):
            self.fail(f"a magnitude beyond 10^±{MAX_EXPONENT} (limit MAX_EXPONENT)")
        return v

    def sign(self, v: sp.Expr, what: str, strict: bool) -> None:
        """Refuse unless ``v`` is positive (``strict``) or non-negative."""
        x = v if v.is_Rational else enclosure(v)
        ok = (x > 0) if strict else (x >= 0)
        if ok is None:
            self.fail(f"cannot decide the sign of {what}")
        if not ok:
            self.fail(f"{what} must be {'positive' if strict else 'non-negative'}")

    def nonzero(self, v: sp.Expr) -> None:
        if v == 0:
            self.fail("division by zero")
        if not v.is_Rational and 0 in enclosure(v):
            self.fail("cannot decide whether a divisor is zero")

    def roots(self, radicand: int) -> None:
        """Refuse an inexact root of a number of ``radicand`` bits beyond MAX_ROOT_DIGITS."""
        if radicand > ROOT_BITS:
            self.fail(f"a root of a number with more than {MAX_ROOT_DIGITS} digits (limit MAX_ROOT_DIGITS)")

    def too_big(self) -> NoReturn:
        self.fail(f"a power with more than about {MAX_DIGITS} digits (limit MAX_DIGITS)")

    def mul(self, a: sp.Expr, b: sp.Expr) -> sp.Expr:
        self.roots(radicand_bits(a) + radicand_bits(b))
        return self.check(a * b)

    def div(self, a: sp.Expr, b: sp.Expr) -> sp.Expr:
        self.nonzero(b)
        self.roots(radicand_bits(a) + radicand_bits(b))
        return self.check(a / b)

    def power(self, b: sp.Expr, e: sp.Expr) -> sp.Expr:
        if b == sp.E or isinstance(b, sp.exp):  # SymPy writes exp(y)**x as exp(x*y)
            return self.exp(self.mul(e, sp.S.One if b == sp.E else b.args[0]))
        if bits(b) * (abs(e) if e.is_Rational else float(abs(enclosure(e)).b)) > MAX_BITS:
            self.too_big()
        if e.is_Integer:
            if e < 0:
                self.nonzero(b)
            if b.is_Rational:  # plain integer arithmetic, without SymPy's Pow machinery
                n, (top, bottom) = abs(int(e)), (b.q, b.p) if e < 0 else (b.p, b.q)
                return self.check(sp.Rational(top**n, bottom**n))
            return self.check(b**e)
        self.sign(b, "the base of a non-integer power", strict=False)
        if b == 0:
            self.sign(e, "the exponent of a power of zero", strict=True)
            return b
        if e.is_Rational:
            if e.q > MAX_ROOT:
                self.fail(f"a root of order {e.q} > {MAX_ROOT} (limit MAX_ROOT)")
            if b.is_Rational:  # exact roots first; SymPy factors what is left
                (top, exact_top), (bottom, exact_bottom) = (sp.integer_nthroot(n, e.q) for n in (b.p, b.q))
                if exact_top and exact_bottom:
                    return self.power(sp.Rational(top, bottom), sp.Integer(e.p))
                self.roots((not exact_top) * b.p.bit_length() + (not exact_bottom) * b.q.bit_length())
            else:
                self.roots(sum(bits(r) + 1 for r in b.atoms(sp.Rational)))
        return self.check(sp.Pow(b, e))

    def exp(self, x: sp.Expr) -> sp.Expr:
        if (abs(enclosure(x)) > EXP_ARGUMENT) is not False:
            self.fail(f"exp of an argument beyond ±{MAX_EXPONENT}·ln 10 (limit MAX_EXPONENT)")
        for t in sp.Add.make_args(x):  # SymPy rewrites exp(c*log(b)) as b**c
            for lg in t.atoms(sp.log):
                if bits(lg.args[0]) * float(abs(enclosure(t) / enclosure(lg)).b) > MAX_BITS:
                    self.too_big()
                self.roots(sum(bits(r) + 1 for r in lg.args[0].atoms(sp.Rational)))
        # SymPy's exp() simplifies only a rational x or x with log factors (or sums of logs);
        # elsewhere it would merely probe x, slowly, and leave it as it is.
        logs = any(isinstance(f, sp.log) or (f.is_Add and f.has(sp.log))
                   for t in sp.Add.make_args(x) for f in sp.Mul.make_args(t))
        return self.check(sp.exp(x, evaluate=x.is_Rational or logs))

    def log(self, x: sp.Expr) -> sp.Expr:
        self.sign(x, "the argument of log", strict=True)
        return self.check(sp.log(x))

    # -- lists ----------------------------------------------------------------------
    def sequence(self) -> tuple[list[Nested], tuple[int, ...]]:
        """A bracketed list and its shape; the rows of a nested list must agree in shape."""
        with self.deeper():
            self.expect("[")
            if self.at("]"):
                self.fail("an empty list")
            items: list[Nested] = []
            shapes = set()
            while True:
                if self.at("["):
                    item, shape = self.sequence()
                else:
                    start, shape = self.tok[2], ()
                    item = self.expr()
                    if self.tok[2] - start > MAX_LENGTH:
                        self.fail(f"an entry longer than {MAX_LENGTH} characters (limit MAX_LENGTH)")
                    self.entries += 1
                    if self.entries > MAX_ENTRIES:
                        self.fail(f"more than {MAX_ENTRIES} numbers (limit MAX_ENTRIES)")
                items.append(item)
                shapes.add(shape)
                if len(shapes) > 1:
                    self.fail("rows of different lengths, or numbers mixed with lists")
                if not self.at(","):
                    break
                self.take()
            self.expect("]")
        return items, (len(items), *shapes.pop())


def _read(reader: _Reader, body: Callable[[], T]) -> T:
    try:
        value = body()
    except (ArithmeticError, RecursionError, ComplexResult) as exc:  # SymPy or mpmath giving up
        reader.fail(f"cannot evaluate ({type(exc).__name__})")
    if reader.tok[0] != "end":
        reader.unexpected()
    return value


def parse_number(text: str, name: str = "value", *, allow_infinity: bool = False) -> sp.Expr:
    """The exact SymPy number written in ``text``; ``ValueError`` naming ``name`` if none.

    >>> parse_number("0.1"), parse_number("1e-3"), parse_number("2^10"), parse_number("-3/2")
    (1/10, 1/1000, 1024, -3/2)
    >>> parse_number("sqrt(2)/2"), parse_number("exp(-1) + log(3)"), parse_number("2**0.5")
    (sqrt(2)/2, exp(-1) + log(3), sqrt(2))
    >>> parse_number("-inf", allow_infinity=True)
    -oo
    >>> parse_number("__import__('os')", "mu")
    Traceback (most recent call last):
    ...
    ValueError: parameter mu: cannot read "__import__('os')" as a number: unknown name '__import__' (allowed: pi, E, sqrt, exp, log)
    >>> parse_number("10**10**10", "n")
    Traceback (most recent call last):
    ...
    ValueError: parameter n: cannot read '10**10**10' as a number: a power with more than about 4000 digits (limit MAX_DIGITS)
    """
    reader = _Reader(text, name, "a number", MAX_LENGTH, allow_infinity)
    if reader.tok[0] == "end":
        reader.fail("empty text")
    bare = "".join(text.replace("\u2212", "-").split())
    if allow_infinity and bare.lstrip("+-") in _INFINITY and len(bare.lstrip("+-")) >= len(bare) - 1:
        return -sp.oo if bare[0] == "-" else sp.oo
    return _read(reader, reader.expr)


def parse_sequence(text: str, name: str = "value") -> list[Nested]:
    """The bracketed list, or nested rectangular lists, of exact numbers in ``text``.

    Entries are read as by :func:`parse_number` (no infinity), within the same limits.

    >>> parse_sequence("[1/2, 1/3, 1/6]")
    [1/2, 1/3, 1/6]
    >>> parse_sequence("[[1, 0], [0, 1e-3]]")
    [[1, 0], [0, 1/1000]]
    >>> parse_sequence("[[1, 0], [1]]", "cov")
    Traceback (most recent call last):
    ...
    ValueError: parameter cov: cannot read '[[1, 0], [1]]' as a list of numbers: rows of different lengths, or numbers mixed with lists
    """
    reader = _Reader(text, name, "a list of numbers", MAX_SEQUENCE_LENGTH, False)
    if not reader.at("["):
        reader.fail("expected a list in brackets, e.g. [1/2, 1/2]")
    return _read(reader, lambda: reader.sequence()[0])

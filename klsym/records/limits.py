"""Limits on the numbers klsym reads, and the measures they are checked with.

Every value that comes in, as text (:mod:`klsym.records.parse`) or as a Python
object (:mod:`klsym.records.convert`), stays within these limits; each error
names the limit it hit:

- ``MAX_LENGTH`` (1000): characters of a number written as text, and of each
  entry of a list.
- ``MAX_DEPTH`` (50): nesting of parentheses, brackets, signs and powers in text.
- ``MAX_EXPONENT`` (4000): the exponent of a scientific literal, checked on the
  text before any number is built; every value lies within 10^±MAX_EXPONENT, so
  ``exp`` arguments stay within ±MAX_EXPONENT·ln 10.
- ``MAX_DIGITS`` (4000): digits of the numerator and of the denominator of every
  exact rational, intermediate ones included (under CPython's 4300-digit int/str
  limit, so every value can be printed); ints, Fractions, Decimals and SymPy
  numbers given directly obey it too. Before a power ``b^x`` is built, log2 of
  b's numerator/denominator (for an irrational b: the sum over its rational
  parts, plus one) times |x| must stay below MAX_DIGITS·log2(10): ``10**10**10``
  and ``(1+1e-9)^(10^9)`` are refused without computing anything.
- ``MAX_ROOT`` (100): largest denominator of a non-integer rational exponent.
- ``MAX_ROOT_DIGITS`` (100): a root that is not exact is taken only of numbers of
  at most this many digits (SymPy factors radicands and merges them in products,
  ``sqrt(a)*sqrt(b) = sqrt(a*b)``, so the radicands of both factors count).
- ``MAX_OPERATIONS`` (100): operations with an irrational result, per call.
- ``MAX_NODES`` (60), ``MAX_NESTING`` (8), ``MAX_TERMS`` (32): an irrational
  value's SymPy tree size, how deep powers, ``exp`` and ``log`` nest in it, and
  its number of terms once products of sums are multiplied out (SymPy expands
  them on its own, e.g. in ``exp``; ``(a+b)^n`` has n+1 terms). SymPy's cost per
  operation grows fast with each; with these limits the slowest irrational
  inputs found by fuzzing take about 0.1-0.2 s, plain rationals microseconds.
- ``MAX_ENTRIES`` (10 000): numbers in one vector or matrix parameter (a
  categorical ``p`` of 10 000 entries, a 100 x 100 matrix), as text or as a
  Python sequence; ``MAX_SEQUENCE_LENGTH`` (200 000 characters) and
  ``MAX_TOTAL_DIGITS`` (1 000 000 digits of exact rationals computed, per text).
"""

from __future__ import annotations

import math
from functools import lru_cache, reduce
from operator import add, mul
from typing import Any

import sympy as sp
from mpmath.ctx_iv import MPIntervalContext

__all__ = [
    "MAX_DEPTH", "MAX_DIGITS", "MAX_ENTRIES", "MAX_EXPONENT", "MAX_LENGTH", "MAX_NESTING", "MAX_NODES",
    "MAX_OPERATIONS", "MAX_ROOT", "MAX_ROOT_DIGITS", "MAX_SEQUENCE_LENGTH", "MAX_TERMS", "MAX_TOTAL_DIGITS",
    "DIGIT_LIMIT", "BIG", "MAX_BITS", "ROOT_BITS", "WORK_BITS", "EXP_ARGUMENT",
    "enclosure", "shape", "bits", "radicand_bits", "too_many_digits",
]

MAX_LENGTH = 1000
MAX_DEPTH = 50
MAX_EXPONENT = 4000
MAX_DIGITS = 4000
MAX_ROOT = 100
MAX_ROOT_DIGITS = 100
MAX_OPERATIONS = 100
MAX_NODES = 60
MAX_NESTING = 8
MAX_TERMS = 32
MAX_ENTRIES = 10_000
MAX_SEQUENCE_LENGTH = 200_000
MAX_TOTAL_DIGITS = 1_000_000

_IV = MPIntervalContext()  # a private interval context: the global mpmath.iv is left alone
_IV.prec = 333
#: numerators and denominators stay below this (MAX_DIGITS digits)
DIGIT_LIMIT = 10**MAX_DIGITS
#: magnitudes stay within 10^±MAX_EXPONENT (an interval number)
BIG = _IV.mpf(10) ** MAX_EXPONENT
#: bits of DIGIT_LIMIT; of the largest radicand of an inexact root; of all digits computed per text
MAX_BITS, ROOT_BITS = DIGIT_LIMIT.bit_length(), (10**MAX_ROOT_DIGITS).bit_length()
WORK_BITS = math.ceil(MAX_TOTAL_DIGITS * math.log2(10))
#: the largest |x| of exp(x)
EXP_ARGUMENT = MAX_EXPONENT * math.log(10)


def too_many_digits(numerator: int, denominator: int = 1) -> bool:
    """True when a numerator or denominator has more than MAX_DIGITS digits (no str conversion).

    >>> too_many_digits(10**3999), too_many_digits(10**4000), too_many_digits(1, 10**4000)
    (False, True, True)
    """
    return abs(numerator) >= DIGIT_LIMIT or abs(denominator) >= DIGIT_LIMIT


@lru_cache(maxsize=2048)
def enclosure(v: sp.Expr) -> Any:
    """A 333-bit interval enclosing ``v``, a real number built from rationals, pi, E,
    sums, products, powers, exp and log (``ArithmeticError`` for anything else).

    >>> box = enclosure(sp.sqrt(2))
    >>> 2 in box**2, float(box.delta) < 1e-99
    (True, True)
    """
    if v.is_Rational:
        return _IV.mpf(int(v.p)) / int(v.q)
    if v == sp.pi or v == sp.E:
        return _IV.pi if v == sp.pi else _IV.e
    args = [enclosure(a) for a in v.args]
    if v.is_Add or v.is_Mul:
        return reduce(add if v.is_Add else mul, args)
    if v.is_Pow:
        return args[0] ** (int(v.exp) if v.exp.is_Integer else args[1])
    if isinstance(v, (sp.exp, sp.log)):
        return (_IV.exp if isinstance(v, sp.exp) else _IV.log)(args[0])
    raise ArithmeticError(f"no interval for {type(v).__name__}")


@lru_cache(maxsize=2048)
def shape(v: sp.Expr) -> tuple[int, int, int]:
    """Nodes of ``v``; how deep powers, exp and log nest in it; its terms once fully
    expanded (products of sums multiplied out), capped at MAX_TERMS + 1.

    >>> shape(sp.sqrt(2) + 1)
    (5, 1, 2)
    """
    if v.is_Rational or not v.args:
        return 1, 0, 1
    parts = [shape(a) for a in v.args]
    nodes, nest, cap = 1 + sum(p[0] for p in parts), max(p[1] for p in parts), MAX_TERMS + 1
    if v.is_Add or v.is_Mul:
        return nodes, nest, min(reduce(add if v.is_Add else mul, (p[2] for p in parts)), cap)
    if v.is_Pow and v.exp.is_Integer and (k := parts[0][2]) > 1:
        n = abs(int(v.exp))
        return nodes, nest + 1, cap if n > MAX_TERMS else min(math.comb(n + k - 1, k - 1), cap)
    return nodes, nest + 1, 1


def bits(v: sp.Expr) -> int:
    """About log2 of the largest integer that raising ``v`` to a power raises.

    >>> bits(sp.Rational(3, 1024))
    10
    """
    if v.is_Rational:
        return max(abs(v.p).bit_length(), v.q.bit_length()) - 1
    return 1 + sum(bits(a) for a in v.atoms(sp.Rational))


def radicand_bits(v: sp.Expr) -> int:
    """Bits in the rational radicands of ``v`` (bases of its fractional powers).

    >>> radicand_bits(sp.sqrt(3) * 2)
    3
    """
    if v.is_Rational:
        return 0
    return sum(abs(p.base.p).bit_length() + p.base.q.bit_length() for p in v.atoms(sp.Pow)
               if p.base.is_Rational and p.exp.is_Rational and not p.exp.is_Integer)

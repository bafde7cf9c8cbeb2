"""Python values as exact SymPy numbers: the one door every parameter value comes in by.

:func:`to_exact` reads one number, :func:`as_list` and :func:`as_rows` read the
entries of a vector or a matrix. What each type means:

* ``int`` and numpy integers: that integer; ``bool`` and ``numpy.bool_`` are
  refused (``True`` is not a probability);
* ``float``, numpy floats and ``mpmath.mpf``: the exact value of the binary
  number (0.1 means 0.1000000000000000055511151231257827…, as in float64
  code); a ``numpy.longdouble`` keeps all its bits; ``nan`` and ``inf`` are refused;
* ``Fraction`` and ``Decimal``: their exact value;
* text: read by the grammar of :mod:`klsym.records.parse` (``"3/2"``,
  ``"1e-300"``, ``"sqrt(2)/2"``), never evaluated as code; a name such as
  ``"x"`` is not a number;
* SymPy numbers and expressions pass through (a ``Symbol`` is a symbolic
  parameter); non-real, infinite and undefined SymPy numbers are refused;
* complex numbers (Python, numpy, mpmath), arrays, sets, dicts and anything
  else are refused.

Every refusal is a ``ValueError`` naming the parameter; the limits of
:mod:`klsym.records.limits` (MAX_DIGITS, MAX_ENTRIES) hold for every input.
"""

from __future__ import annotations

import numbers
import reprlib
import sys
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, NoReturn

import sympy as sp

from .limits import MAX_BITS, MAX_DIGITS, MAX_ENTRIES, too_many_digits
from .parse import parse_number, parse_sequence

__all__ = ["to_exact", "as_list", "as_rows", "is_binary_float"]


def _refuse(name: str, reason: str) -> NoReturn:
    raise ValueError(f"parameter {name}: {reason}")


def _numpy_type(value: Any) -> str | None:
    """The numpy type name of ``value`` (``"bool_"``, ``"ndarray"``, ...), or None (numpy is
    imported only when the value comes from it)."""
    np = sys.modules.get("numpy")
    if np is None or not type(value).__module__.startswith("numpy"):
        return None
    if isinstance(value, np.ndarray):
        return "ndarray"
    return "bool_" if isinstance(value, np.bool_) else type(value).__name__


def _show(value: Any) -> str:
    """A short repr (reprlib: bounded in length and depth, so a deeply nested list is safe)."""
    return reprlib.repr(value)


def is_binary_float(value: Any) -> bool:
    """True for a float64, a numpy float or an mpmath mpf (numbers stored in binary).

    >>> is_binary_float(0.5), is_binary_float(1), is_binary_float("0.5")
    (True, False, False)
    """
    if isinstance(value, float):
        return True
    np = sys.modules.get("numpy")
    if np is not None and isinstance(value, np.floating):
        return True
    mpmath = sys.modules.get("mpmath")
    return mpmath is not None and isinstance(value, mpmath.mpf)


def _rational(name: str, p: int, q: int) -> sp.Rational:
    if too_many_digits(p, q):
        _refuse(name, f"a number with more than {MAX_DIGITS} digits (limit MAX_DIGITS)")
    return sp.Rational(p, q)


def _from_sympy(value: sp.Basic, name: str) -> sp.Expr:
    if isinstance(value, sp.Rational):  # the common case, without the general checks below
        if too_many_digits(int(value.p), int(value.q)):
            _refuse(name, f"a number with more than {MAX_DIGITS} digits (limit MAX_DIGITS)")
        return value
    if not isinstance(value, sp.Expr) or getattr(value, "is_Matrix", False):
        _refuse(name, f"expected a number or a SymPy expression, got {type(value).__name__} {_show(value)}")
    if value.has(sp.nan, sp.zoo) or (value.is_number and value.is_finite is False):
        _refuse(name, f"{value} is not a finite number")
    if value.is_number and value.is_real is False:
        _refuse(name, f"{value} is not a real number")
    for r in ([value] if value.is_Rational else value.atoms(sp.Rational)):
        if too_many_digits(int(r.p), int(r.q)):
            _refuse(name, f"a number with more than {MAX_DIGITS} digits (limit MAX_DIGITS)")
    return value


def _from_decimal(value: Decimal, name: str) -> sp.Rational:
    if not value.is_finite():
        _refuse(name, f"{value} is not a finite number")
    _, digits, exponent = value.as_tuple()
    # bound the digits before they are computed: Decimal("1e999999999") is one short object
    if len(digits) + max(int(exponent), 0) > MAX_DIGITS or -int(exponent) > MAX_DIGITS:
        _refuse(name, f"a number with more than {MAX_DIGITS} digits (limit MAX_DIGITS)")
    return _rational(name, *value.as_integer_ratio())


def _from_mpf(value: Any, name: str) -> sp.Rational:
    mpmath = sys.modules["mpmath"]
    if not mpmath.isfinite(value):
        _refuse(name, f"{value} is not a finite number")
    man, exp = (int(v) for v in value.man_exp)
    if abs(exp) > MAX_BITS:
        _refuse(name, f"a number with more than {MAX_DIGITS} digits (limit MAX_DIGITS)")
    return _rational(name, man << exp, 1) if exp >= 0 else _rational(name, man, 1 << -exp)


def to_exact(value: Any, name: str) -> sp.Expr:
    """One parameter value as an exact SymPy number (or a SymPy expression), see the module text.

    >>> to_exact(0.5, "p"), to_exact("3/2", "a"), to_exact(Fraction(1, 3), "b"), to_exact(Decimal("0.1"), "c")
    (1/2, 3/2, 1/3, 1/10)
    >>> to_exact(True, "p")
    Traceback (most recent call last):
    ...
    ValueError: parameter p: expected a number, got a bool (True)
    >>> to_exact("x", "mu")
    Traceback (most recent call last):
    ...
    ValueError: parameter mu: cannot read 'x' as a number: unknown name 'x' (allowed: pi, E, sqrt, exp, log)
    """
    if isinstance(value, str):
        return parse_number(value, name)
    kind = _numpy_type(value)
    if isinstance(value, bool) or kind == "bool_":
        _refuse(name, f"expected a number, got a bool ({value!r})")
    if isinstance(value, sp.Basic):
        return _from_sympy(value, name)
    if kind == "ndarray":
        _refuse(name, f"expected one number, got a numpy array of shape {value.shape} (write x.item() for "
                      "the number in a one-element array)")
    if isinstance(value, numbers.Integral):  # int and the numpy integers
        n = int(value)
        return sp.Integer(n) if not too_many_digits(n) else _rational(name, n, 1)
    if isinstance(value, Decimal):
        return _from_decimal(value, name)
    if kind is None and type(value).__module__.startswith("mpmath") and hasattr(value, "man_exp"):
        return _from_mpf(value, name)
    if isinstance(value, numbers.Real) and hasattr(value, "as_integer_ratio"):
        # float, Fraction and the numpy floats, longdouble included: the exact value, every bit kept
        try:
            p, q = value.as_integer_ratio()
        except (OverflowError, ValueError):
            _refuse(name, f"{value!r} is not a finite number")
        return _rational(name, int(p), int(q))
    if isinstance(value, numbers.Complex) or type(value).__name__ in ("mpc", "complex"):
        _refuse(name, f"expected a real number, got the complex number {value!r}")
    if isinstance(value, (list, tuple, set, frozenset, dict, bytes, range)):
        _refuse(name, f"expected one number, got a {type(value).__name__} {_show(value)}")
    _refuse(name, "expected a number (int, float, Fraction, Decimal, text such as '3/2', a SymPy number "
                  f"or symbol), got {type(value).__name__}")


def _sequence(raw: Any, name: str) -> list:
    """The items of a list, tuple, numpy array or SymPy matrix, without their contents read."""
    kind = _numpy_type(raw)
    if kind == "ndarray":
        if raw.ndim not in (1, 2):
            _refuse(name, f"expected a vector or a matrix, got a numpy array of {raw.ndim} dimensions")
        if raw.size > MAX_ENTRIES:
            _refuse(name, f"more than {MAX_ENTRIES} numbers (limit MAX_ENTRIES)")
        return raw.tolist()
    if isinstance(raw, sp.MatrixBase):
        if raw.rows * raw.cols > MAX_ENTRIES:
            _refuse(name, f"more than {MAX_ENTRIES} numbers (limit MAX_ENTRIES)")
        return raw.tolist()
    if isinstance(raw, (set, frozenset, dict)) or not isinstance(raw, Sequence) or isinstance(raw, (bytes, bytearray)):
        why = " (a set or a dict has no order)" if isinstance(raw, (set, frozenset, dict)) else ""
        _refuse(name, f"expected a list or tuple of numbers{why}, got {type(raw).__name__} {_show(raw)}")
    if len(raw) > MAX_ENTRIES:
        _refuse(name, f"more than {MAX_ENTRIES} numbers (limit MAX_ENTRIES)")
    return list(raw)


def _nested(item: Any) -> bool:
    return not isinstance(item, (str, bytes, sp.Expr)) and (
        isinstance(item, (list, tuple, set, frozenset, dict, sp.MatrixBase)) or _numpy_type(item) == "ndarray")


def as_list(raw: Any, name: str) -> list:
    """The entries of a vector (a list, tuple, 1-d numpy array, SymPy matrix with one
    column or row, or text such as ``"[1/2, 1/2]"``), not yet read as numbers.

    >>> as_list("[1/2, 1/3, 1/6]", "p"), as_list((1, 2), "p")
    ([1/2, 1/3, 1/6], [1, 2])
    >>> as_list({0.5, 0.5}, "p")
    Traceback (most recent call last):
    ...
    ValueError: parameter p: expected a list or tuple of numbers (a set or a dict has no order), got set {0.5}
    """
    items = parse_sequence(raw, name) if isinstance(raw, str) else _sequence(raw, name)
    if isinstance(raw, sp.MatrixBase) and raw.rows == 1:
        items = items[0]
    flat = []
    for j, item in enumerate(items):
        if _nested(item):
            inner = item if isinstance(item, list) else _sequence(item, f"{name}[{j}]")
            if len(inner) != 1 or _nested(inner[0]):
                _refuse(name, f"expected a vector of numbers, entry {j} is {_show(item)}")
            item = inner[0]  # a column [[1], [2]]
        flat.append(item)
    return flat


def as_rows(raw: Any, name: str) -> list[list]:
    """The rows of a matrix (nested lists or tuples, a 2-d numpy array, a SymPy
    matrix, or text such as ``"[[2, 1], [1, 2]]"``), entries not yet read.

    >>> as_rows("[[2, 1], [1, 2]]", "S")
    [[2, 1], [1, 2]]
    """
    rows = parse_sequence(raw, name) if isinstance(raw, str) else _sequence(raw, name)
    out, total = [], 0
    for i, row in enumerate(rows):
        if not _nested(row):
            _refuse(name, f"expected a matrix (a list of rows), row {i} is {_show(row)}")
        entries = row if isinstance(row, list) else _sequence(row, f"{name}[{i}]")
        total += len(entries)
        if total > MAX_ENTRIES:
            _refuse(name, f"more than {MAX_ENTRIES} numbers (limit MAX_ENTRIES)")
        for j, v in enumerate(entries):
            if _nested(v):
                _refuse(name, f"expected a matrix of numbers, entry [{i}][{j}] is {_show(v)}")
        out.append(list(entries))
    return out

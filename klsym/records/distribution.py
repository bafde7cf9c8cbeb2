"""Distributions: a family record plus validated parameter values."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Number
from typing import Any, Mapping

import sympy as sp

from . import registry
from .record import D, Family, Param, X

__all__ = ["Distribution", "check_pair", "dist", "to_exact"]


def to_exact(value: Any, name: str) -> sp.Expr:
    """A parameter value as a SymPy object.

    ``int``, ``Fraction`` and ``Decimal`` become exact rationals; a ``float``
    becomes the exact rational value of its binary64 representation (so 0.1
    means 0.1000000000000000055511151231257827…, as it does in float64 code);
    strings are parsed by SymPy (``"3/2"``); SymPy objects pass through.
    """
    if isinstance(value, bool):
        raise ValueError(f"parameter {name}: expected a number, got a bool")
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"parameter {name}: {value} is not a finite number")
        return sp.Rational(*value.as_integer_ratio())
    if isinstance(value, (Fraction, Decimal)):
        return sp.Rational(value)
    if isinstance(value, str):
        try:
            return sp.Rational(value)
        except (TypeError, ValueError):
            try:
                return sp.sympify(value, rational=True)
            except (sp.SympifyError, SyntaxError) as exc:
                raise ValueError(f"parameter {name}: cannot read {value!r} as a number") from exc
    if isinstance(value, Number) or hasattr(value, "__float__"):
        return to_exact(float(value), name)
    raise ValueError(f"parameter {name}: expected a number, got {type(value).__name__}")


def _check_scalar(param: Param, value: sp.Expr) -> None:
    if value.is_real is False or value.is_finite is False:
        raise ValueError(f"parameter {param.name} = {value} breaks the rule {param.rule}")
    if param.integer and value.is_integer is False:
        raise ValueError(f"parameter {param.name} = {value} breaks the rule {param.rule} (not an integer)")
    inside = param.domain.contains(value)
    if inside is sp.false:
        raise ValueError(f"parameter {param.name} = {value} breaks the rule {param.rule}")


def _check_vector(param: Param, values: list[sp.Expr], all_floats: bool) -> list[sp.Expr]:
    n = param.name
    if len(values) < 2:
        raise ValueError(f"parameter {n}: a probability vector needs length >= 2, got {len(values)}")
    for j, v in enumerate(values):
        if param.domain.contains(v) is sp.false or v.is_real is False:
            raise ValueError(f"parameter {n}[{j}] = {v} breaks the rule 0 <= {n}[i] <= 1")
    total = sp.Add(*values)
    if total.is_number:
        if all_floats:
            # float inputs: accept a sum within rounding of 1 and rescale exactly
            if abs(float(total) - 1) > 8 * len(values) * 2.0**-53:
                raise ValueError(f"parameter {n}: entries sum to {float(total)!r}, not 1")
            return [v / total for v in values]
        if total != 1:
            raise ValueError(f"parameter {n}: entries sum to {total}, not 1")
    elif sp.Eq(total, 1) is sp.false:
        raise ValueError(f"parameter {n}: entries sum to {total}, not 1")
    return values


def _entries(raw: Any, name: str) -> list:
    """A nested sequence (list, tuple, SymPy Matrix, numpy array) as nested lists."""
    if isinstance(raw, sp.MatrixBase):
        return raw.tolist()
    if hasattr(raw, "tolist") and not isinstance(raw, (str, bytes)):
        raw = raw.tolist()  # numpy arrays: floats keep their exact binary value below
    if isinstance(raw, (str, bytes)) or not hasattr(raw, "__iter__"):
        raise ValueError(f"parameter {name}: expected a vector or matrix (list, tuple, SymPy Matrix), got {raw!r}")
    return [(_entries(r, name) if (hasattr(r, "__iter__") and not isinstance(r, (str, bytes))) else r) for r in raw]


def _read_matrix(param: Param, raw: Any) -> sp.ImmutableMatrix:
    """A real vector (d x 1) or an SPD matrix (d x d), exactly, with the rule checked."""
    n = param.name
    rows = _entries(raw, n)
    if param.kind_name == "real_vector":
        flat = [r[0] if isinstance(r, list) and len(r) == 1 else r for r in rows]
        if any(isinstance(v, list) for v in flat):
            raise ValueError(f"parameter {n}: expected a vector, got nested rows {raw!r}")
        if len(flat) < 1:
            raise ValueError(f"parameter {n}: a vector needs length d >= 1, got length 0")
        values = [to_exact(v, f"{n}[{j}]") for j, v in enumerate(flat)]
        for j, v in enumerate(values):
            if v.is_real is False or v.is_finite is False:
                raise ValueError(f"parameter {n}[{j}] = {v} breaks the rule {param.rule}")
        return sp.ImmutableMatrix(len(values), 1, values)
    if not rows or not all(isinstance(r, list) for r in rows):
        raise ValueError(f"parameter {n}: expected a square matrix (a list of rows), got {raw!r}")
    d = len(rows)
    if any(len(r) != d for r in rows):
        raise ValueError(f"parameter {n}: not a square matrix (row lengths {[len(r) for r in rows]}); the rule is {param.rule}")
    m = sp.ImmutableMatrix([[to_exact(v, f"{n}[{i}][{j}]") for j, v in enumerate(r)] for i, r in enumerate(rows)])
    for i in range(d):
        for j in range(d):
            if m[i, j].is_real is False or m[i, j].is_finite is False:
                raise ValueError(f"parameter {n}[{i}][{j}] = {m[i, j]} is not a finite real number")
    for i in range(d):
        for j in range(i + 1, d):
            if sp.simplify(m[i, j] - m[j, i]) != 0:
                raise ValueError(f"parameter {n} is not symmetric ({n}[{i}][{j}] = {m[i, j]}, "
                                 f"{n}[{j}][{i}] = {m[j, i]}); the rule is {param.rule}")
    # Sylvester's criterion, exactly: every leading principal minor is positive
    for k in range(1, d + 1):
        minor = m[:k, :k].det(method="bareiss")
        if not (minor > 0) is sp.true:
            raise ValueError(f"parameter {n} is not positive definite (leading {k}x{k} minor = {minor}); "
                             f"the rule is {param.rule}")
    return m


def _read_positive_vector(param: Param, raw: Any) -> tuple:
    n = param.name
    if isinstance(raw, (str, bytes)) or not hasattr(raw, "__iter__"):
        raise ValueError(f"parameter {n}: expected a sequence of positive numbers")
    values = [to_exact(v, f"{n}[{j}]") for j, v in enumerate(_entries(raw, n))]
    if len(values) < 2:
        raise ValueError(f"parameter {n}: needs length >= 2, got {len(values)} (the rule is {param.rule})")
    for j, v in enumerate(values):
        if v.is_real is False or not (v > 0) is sp.true:
            raise ValueError(f"parameter {n}[{j}] = {v} breaks the rule {param.rule}")
    return tuple(values)


#: decimal digits converted at once (Python refuses int -> str beyond 4300 digits)
_DIGITS_AT_ONCE = 4000


def _digits(n: int) -> str:
    """The decimal digits of ``n`` >= 0, in pieces for very long integers."""
    if n < 10**_DIGITS_AT_ONCE:
        return str(n)
    high, low = divmod(n, 10**_DIGITS_AT_ONCE)
    return _digits(high) + str(low).zfill(_DIGITS_AT_ONCE)


def _power_of_ten(n: int) -> str:
    """``n`` >= 0 as ``10^k`` (k >= 10) or ``2^k`` (k >= 64, a float's denominator) when it
    is such a power, else its digits.

    >>> _power_of_ten(10**5000), _power_of_ten(2**64), len(_power_of_ten(10**5000 + 1))
    ('10^5000', '2^64', 5001)
    """
    b = n.bit_length() - 1
    k = b * 30103 // 100000  # log10(n) rounded down, or one less
    for k in (k, k + 1):
        if k >= 10 and n == 10**k:
            return f"10^{k}"
    return f"2^{b}" if b >= 64 and n == 1 << b else _digits(n)


def _show_number(v) -> str:
    """A parameter value as text: 1/10^300 rather than 300 zeros (read back by the CLI).

    >>> _show_number(sp.Rational(3, 10**300)), _show_number(sp.Rational(1, 3)), _show_number(sp.Rational(1e-300))
    ('3/10^300', '1/3', '6032057205060441/2^1049')
    """
    if isinstance(v, sp.Rational) and not isinstance(v, sp.Integer):
        return f"{_power_of_ten(int(v.p))}/{_power_of_ten(int(v.q))}"
    if isinstance(v, sp.Integer):
        return ("-" if v < 0 else "") + _power_of_ten(abs(int(v)))
    return str(v)


@dataclass(frozen=True, eq=False)
class Distribution:
    """A member of a family: ``.family`` (name), ``.params`` (name → SymPy value).

    Build one with :func:`dist`.
    """

    record: Family
    params: Mapping[str, Any]

    @property
    def family(self) -> str:
        return self.record.name

    def __repr__(self) -> str:
        def show(v):
            if isinstance(v, sp.MatrixBase):
                rows = v.tolist()
                if v.shape[1] == 1:
                    return "[" + ", ".join(_show_number(r[0]) for r in rows) + "]"
                return "[" + ", ".join("[" + ", ".join(map(_show_number, r)) + "]" for r in rows) + "]"
            return "[" + ", ".join(map(_show_number, v)) + "]" if isinstance(v, (list, tuple)) else _show_number(v)

        inner = ", ".join(f"{k}={show(v)}" for k, v in self.params.items())
        return f"{self.family}({inner})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Distribution) and repr(self) == repr(other)

    def __hash__(self) -> int:
        return hash(repr(self))

    def substitution(self, side: str | None = None) -> dict:
        """Map from the record's symbols (or the ``_p``/``_q`` ones) to this distribution's values."""
        syms = self.record.symbols() if side is None else self.record.symbols_for(side)
        out: dict = {}
        for param in self.record.params:
            value, sym = self.params[param.name], syms[param.name]
            if param.vector:
                out.update({sym[j + 1]: v for j, v in enumerate(value)})
            else:
                out[sym] = value
            if param.is_matrix:
                out[D] = value.shape[0]
        length = self.record.length_symbol
        if length is not None:
            out[length] = len(next(v for v in self.params.values() if isinstance(v, (list, tuple))))
        return out

    def support_bounds(self) -> tuple[sp.Expr, sp.Expr]:
        """(lower, upper) of the support for parameters in the interior of their domain."""
        s = self.substitution()
        sup = self.record.support
        return sp.sympify(sup.lower).subs(s), sp.sympify(sup.upper).subs(s)

    def logpdf(self, x: Any) -> sp.Expr:
        """Exact log-density (log-probability) at ``x``; ``-oo`` where it is 0.
        For the multinomial ``x`` is a count vector.

        >>> dist("bernoulli", p=1).logpdf(0)
        -oo
        >>> dist("multinomial", n=2, p=[1, 0]).logpdf([2, 0])
        0
        """
        fam = self.record
        if isinstance(fam.variable, sp.IndexedBase):  # a count vector (multinomial)
            k = len(x)
            expr = fam.logpdf.subs(fam.length_symbol, k).doit()
            values = {key: v for key, v in self.substitution().items() if key != fam.length_symbol}
            # counts first: a zero count removes its x[i] log p[i] term before p[i] = 0 is put in
            value = expr.xreplace({fam.variable[i + 1]: c for i, c in enumerate(x)}).xreplace(values)
            return -sp.oo if value in (sp.zoo, sp.nan) or value == -sp.oo else value
        expr = fam.logpdf.subs(X, x)
        if any(p.vector for p in self.record.params):
            expr = expr.subs({k: v for k, v in self.substitution().items() if isinstance(k, sp.Indexed)})
        value = expr.subs(self.substitution())
        if value in (sp.zoo, sp.nan) or value == -sp.oo:
            return -sp.oo
        return value

    def is_interior(self) -> bool:
        """False when some parameter sits on a closed end of its domain (p = 0 or 1, lam = 0)."""
        for param in self.record.params:
            value = self.params[param.name]
            if param.is_matrix:
                continue  # SPD matrices and real vectors have no closed end
            values = value if param.vector else [value]
            if not all(param.is_interior(v) for v in values):
                return False
        return True


def dist(name: str, **params: Any) -> Distribution:
    """A distribution of family ``name`` with the given parameters.

    Values may be ints, floats (meaning their exact binary value), Fractions,
    strings such as ``"3/2"``, SymPy numbers or SymPy symbols; a symbol is
    accepted unless its assumptions contradict the parameter's rule.

    >>> dist("gamma", alpha=2, beta=Fraction(1, 3))
    gamma(alpha=2, beta=1/3)
    >>> dist("normal", mu=0, sigma=-1)
    Traceback (most recent call last):
    ...
    ValueError: parameter sigma = -1 breaks the rule sigma > 0
    """
    fam = registry.get(name)
    expected = fam.names()
    unknown = [k for k in params if k not in expected]
    if unknown:
        raise ValueError(
            f"{fam.name} has no parameter {', '.join(map(repr, unknown))}; its parameters are {', '.join(expected)}"
        )
    missing = [k for k in expected if k not in params]
    if missing:
        raise ValueError(f"{fam.name} needs parameter {', '.join(missing)} ({fam.parameterization})")
    values: dict[str, Any] = {}
    for param in fam.params:
        raw = params[param.name]
        if param.is_matrix:
            values[param.name] = _read_matrix(param, raw)
        elif param.kind_name == "positive_vector":
            values[param.name] = _read_positive_vector(param, raw)
        elif param.vector:
            if isinstance(raw, (str, bytes)) or not hasattr(raw, "__iter__"):
                raise ValueError(f"parameter {param.name}: expected a sequence of probabilities")
            raw = list(raw)
            exact = [to_exact(v, f"{param.name}[{j}]") for j, v in enumerate(raw)]
            all_floats = all(isinstance(v, float) for v in raw)
            values[param.name] = tuple(_check_vector(param, exact, all_floats))
        else:
            value = to_exact(raw, param.name)
            _check_scalar(param, value)
            values[param.name] = value
    if fam.extra_check is not None:
        problem = fam.extra_check(values)
        if problem:
            raise ValueError(problem)
    return Distribution(fam, values)


def check_pair(p: Distribution, q: Distribution) -> None:
    """Raise unless P and Q are klsym distributions of one family with matching dimensions."""
    for d, side in ((p, "P"), (q, "Q")):
        if not isinstance(d, Distribution):
            raise TypeError(f"{side} must be a klsym distribution (klsym.dist(...)), got {type(d).__name__}")
    if p.family != q.family:
        raise NotImplementedError(
            f"KL({p.family} ‖ {q.family}): pairs of different families are not derived yet; "
            "both arguments must be of one family"
        )
    for param in p.record.params:
        if param.is_matrix and p.params[param.name].shape != q.params[param.name].shape:
            raise ValueError(
                f"parameter {param.name}: P has dimension d = {p.params[param.name].shape[0]}, "
                f"Q has dimension d = {q.params[param.name].shape[0]}; P and Q must have the same dimension"
            )
        if param.vector and len(p.params[param.name]) != len(q.params[param.name]):
            raise ValueError(
                f"parameter {param.name}: P has length {len(p.params[param.name])}, "
                f"Q has length {len(q.params[param.name])}; categorical P and Q need the same number of categories"
            )

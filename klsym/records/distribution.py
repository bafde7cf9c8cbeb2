"""Distributions: a family record plus validated parameter values."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

import sympy as sp

from . import registry
from .convert import to_exact
from .record import D, Family, X

__all__ = ["Distribution", "check_pair", "dist", "to_exact"]


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
        """Map from the record's symbols (or the ``_p``/``_q`` ones) to this distribution's values
        (a new dict each call; built once per side)."""
        cache = self.__dict__.setdefault("_substitutions", {})
        if side not in cache:
            cache[side] = self._substitution(side)
        return dict(cache[side])

    def _substitution(self, side: str | None) -> dict:
        syms = self.record.symbols() if side is None else self.record.symbols_for(side)
        out: dict = {}
        for param in self.record.params:
            out.update(param.kind.substitution(syms[param.name], self.params[param.name]))
        length = self.record.length_symbol
        if length is not None:
            out[length] = next(p.kind.size(self.params[p.name]) for p in self.record.params if p.vector)
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
            size = self.substitution()[fam.length_symbol]
            if k != size:
                raise ValueError(f"x has length {k}; {self} is a law of count vectors of length {size}")
            expr = fam.logpdf.subs(fam.length_symbol, k).doit()
            values = {key: v for key, v in self.substitution().items() if key != fam.length_symbol}
            # counts first: a zero count removes its x[i] log p[i] term before p[i] = 0 is put in
            value = expr.xreplace({fam.variable[i + 1]: c for i, c in enumerate(x)}).xreplace(values)
            return -sp.oo if value in (sp.zoo, sp.nan) or value == -sp.oo else value
        expr = fam.logpdf.subs(X, x)
        values = self.substitution()
        # vector entries p[i] by exact replacement (subs with K entries costs O(K log K) per point)
        indexed = {k: v for k, v in values.items() if isinstance(k, sp.Indexed)}
        if indexed:
            expr = expr.xreplace(indexed)
        value = expr.subs({k: v for k, v in values.items() if not isinstance(k, sp.Indexed)})
        if value in (sp.zoo, sp.nan) or value == -sp.oo:
            return -sp.oo
        return value

    def is_interior(self) -> bool:
        """False when some parameter sits on a closed end of its domain (p = 0 or 1, lam = 0)."""
        return all(param.kind.is_interior(param, self.params[param.name]) for param in self.record.params)


def dist(name: str, **params: Any) -> Distribution:
    """A distribution of family ``name`` with the given parameters.

    Values may be ints, floats (meaning their exact binary value; numpy floats
    and ``numpy.longdouble`` too), Fractions, Decimals, text such as ``"3/2"`` or
    ``"sqrt(2)/2"`` (read by the grammar of :mod:`klsym.records.parse`, never run
    as code), SymPy numbers or SymPy symbols; a symbol is accepted unless its
    assumptions contradict the parameter's rule. Vectors and matrices are
    lists, tuples, numpy arrays, SymPy matrices or text such as ``"[1/2, 1/2]"``.
    Anything else (bools, complex numbers, a name written as text, sets) is
    refused with a ``ValueError`` naming the parameter; see
    :mod:`klsym.records.convert` and the parameter kinds (:mod:`klsym.records.kinds`).

    >>> dist("gamma", alpha=2, beta=Fraction(1, 3))
    gamma(alpha=2, beta=1/3)
    >>> dist("categorical", p="[1/2, 1/3, 1/6]")
    categorical(p=[1/2, 1/3, 1/6])
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
    values = {param.name: param.read(params[param.name]) for param in fam.params}
    if fam.extra_check is not None:
        problem = fam.extra_check(values)
        if problem:
            raise ValueError(problem)
    return Distribution(fam, values)


def check_pair(p: Distribution, q: Distribution) -> None:
    """Raise unless P and Q are klsym distributions of one family with matching dimensions."""
    for d, side in ((p, "P"), (q, "Q")):
        if not isinstance(d, Distribution):
            raise ValueError(f"{side} must be a klsym distribution (klsym.dist(...)), got {type(d).__name__}")
    if p.family != q.family:
        raise NotImplementedError(
            f"KL({p.family} ‖ {q.family}): pairs of different families are not derived yet; "
            "both arguments must be of one family"
        )
    for param in p.record.params:
        if param.symbol() == D and p.params[param.name] != q.params[param.name]:  # a dimension parameter (LKJ's d)
            raise ValueError(f"parameter {param.name}: P has dimension {param.name} = {p.params[param.name]}, Q has "
                             f"{param.name} = {q.params[param.name]}; P and Q must have the same dimension")
        a, b = (param.kind.size(d.params[param.name]) for d in (p, q))
        if a == b:
            continue
        if param.is_matrix:
            raise ValueError(f"parameter {param.name}: P has dimension d = {a}, Q has dimension d = {b}; "
                             "P and Q must have the same dimension")
        raise ValueError(f"parameter {param.name}: P has length {a}, Q has length {b}; "
                         f"{p.family} P and Q need vectors of the same length")

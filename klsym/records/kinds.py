"""Parameter kinds: what a parameter's value is, as objects (in the spirit of
``torch.distributions.constraints``).

A :class:`Kind` knows, for a parameter (its name, domain and integrality come
from the :class:`~klsym.records.record.Param`), how to

* ``read`` a raw value (a Python number, text read by the grammar of
  :mod:`klsym.records.parse`, a sequence, a matrix) into an exact checked
  value, or refuse it with a ``ValueError`` naming the parameter and the rule;
* state its ``rule`` as text;
* build its SymPy ``symbol`` (a ``Symbol``, an ``IndexedBase`` of entries
  p[1..K], or a ``MatrixSymbol`` of the symbolic size :data:`D`) and the
  ``substitution`` of a value for it;
* draw values (``strategy``, a hypothesis strategy, used by :mod:`klsym.strategies`);
* map float64 values to and from the unconstrained line (``to_unconstrained``,
  ``from_unconstrained``, used by the reverse fit's search).

Values travel through the transforms as flat lists of floats: a number is
``[v]``, a vector its entries, a matrix its entries row by row.

>>> from klsym.records import registry
>>> sigma, p = registry.get("normal").param("sigma"), registry.get("categorical").param("p")
>>> sigma.kind, sigma.kind.rule(sigma), sigma.kind.read(sigma, "3/2")
(<parameter kind scalar>, 'sigma > 0', 3/2)
>>> p.kind.read(p, [0.5, 0.25, 0.25]), p.kind.to_unconstrained(p, [0.5, 0.25, 0.25])
((1/2, 1/4, 1/4), [0.6931471805599453, 0.0])

The kinds: :data:`SCALAR` (a number in the parameter's domain),
:data:`DEGREES_OF_FREEDOM` (a number > d − 1), :data:`PROBABILITY_VECTOR`,
:data:`POSITIVE_VECTOR`, :data:`REAL_VECTOR` and :data:`SPD_MATRIX`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Protocol, Sequence

import sympy as sp

from .convert import as_list, as_rows, is_binary_float, to_exact
from .matrices import positive_definite, read_spd
from .scalars import check_entry, domain_text, draw_scalar, from_line, inside_domain, to_line

__all__ = [
    "D", "Kind", "Scalar", "DegreesOfFreedom", "ProbabilityVector", "PositiveVector", "RealVector", "SPDMatrix",
    "SCALAR", "DEGREES_OF_FREEDOM", "PROBABILITY_VECTOR", "POSITIVE_VECTOR", "REAL_VECTOR", "SPD_MATRIX", "KINDS",
    "ParamLike", "spd_strategy",
]

#: The dimension of vector and matrix parameters of the multivariate families
#: (``mu`` is d x 1, ``Sigma`` is d x d).
D = sp.Symbol("d", integer=True, positive=True)


class ParamLike(Protocol):
    """What a kind needs of a parameter (a :class:`klsym.records.record.Param`)."""

    name: str
    domain: sp.Set
    integer: bool

    def assumptions(self) -> dict[str, bool]: ...

    def is_interior(self, value: sp.Expr) -> bool: ...


class Kind:
    """The base of the parameter kinds; see the module docstring."""

    #: the kind's name, as shown ("scalar", "spd_matrix", ...)
    name = ""
    #: entries ``p[1], ..., p[K]`` of an ``IndexedBase``, summed over their index
    indexed = False
    #: a SymPy ``MatrixSymbol`` of the symbolic size :data:`D`
    matrix = False

    def __repr__(self) -> str:
        return f"<parameter kind {self.name}>"

    def __str__(self) -> str:
        return self.name

    def __reduce__(self) -> tuple:
        # the one instance of each kind, also after pickling (process pools): `kind is SPD_MATRIX` holds
        return _kind, (self.name,)

    def rule(self, param: ParamLike) -> str:
        raise NotImplementedError

    def symbol(self, param: ParamLike, suffix: str = "") -> Any:
        """The parameter's symbol, e.g. ``alpha_p`` for suffix ``"_p"``."""
        return sp.Symbol(param.name + suffix, **param.assumptions())

    def read(self, param: ParamLike, raw: Any) -> Any:
        """``raw`` as the parameter's exact value, checked against the rule."""
        raise NotImplementedError

    def size(self, value: Any) -> int | None:
        """The length K or dimension d of a value (None for a number)."""
        return None

    def entries(self, value: Any) -> list:
        """The numbers in a value."""
        return [value]

    def substitution(self, symbol: Any, value: Any) -> dict:
        """Symbol (or its entries, or its size) → value."""
        return {symbol: value}

    def is_interior(self, param: ParamLike, value: Any) -> bool:
        """False when an entry sits on a closed end of the domain (p = 0 or 1, lam = 0)."""
        return all(param.is_interior(v) for v in self.entries(value))

    def strategy(self, param: ParamLike, max_magnitude: int = 20, size: int | None = None) -> Any:
        """A hypothesis strategy of valid values (exact rationals of moderate size)."""
        raise NotImplementedError

    def float_size(self, size: int | None) -> int:
        """How many floats a value of this length or dimension has (its flat form)."""
        return 1

    def free_size(self, size: int | None) -> int:
        """How many unconstrained floats describe a value of this length or dimension."""
        return 1

    def to_unconstrained(self, param: ParamLike, value: Sequence[float], size: int | None = None) -> list[float]:
        """The float64 value (flat) as :meth:`free_size` unconstrained floats."""
        raise NotImplementedError

    def from_unconstrained(self, param: ParamLike, u: Sequence[float], size: int | None = None) -> list[float]:
        """The inverse of :meth:`to_unconstrained`: every ``u`` gives a valid value (flat)."""
        raise NotImplementedError


class Scalar(Kind):
    """One number in the parameter's domain (an integer when the parameter says so)."""

    name = "scalar"

    def rule(self, param: ParamLike) -> str:
        return domain_text(param.name, param.domain, param.integer)

    def read(self, param: ParamLike, raw: Any) -> sp.Expr:
        value = to_exact(raw, param.name)
        check_entry(param.name, value, param.domain, param.integer, self.rule(param))
        return value

    def strategy(self, param: ParamLike, max_magnitude: int = 20, size: int | None = None) -> Any:
        return draw_scalar(param.domain, param.integer, max_magnitude)

    def _domain(self, param: ParamLike, size: int | None) -> sp.Set:
        return param.domain

    def to_unconstrained(self, param: ParamLike, value: Sequence[float], size: int | None = None) -> list[float]:
        return [to_line(self._domain(param, size), value[0])]

    def from_unconstrained(self, param: ParamLike, u: Sequence[float], size: int | None = None) -> list[float]:
        return [from_line(self._domain(param, size), u[0])]


class DegreesOfFreedom(Scalar):
    """A number in the domain (nu > 0) whose rule nu > d − 1 involves the dimension d of a
    matrix parameter (checked by the record with both values at hand)."""

    name = "degrees_of_freedom"

    def rule(self, param: ParamLike) -> str:
        return f"{param.name} > d - 1 (d the size of the matrix parameter)"

    def strategy(self, param: ParamLike, max_magnitude: int = 20, size: int | None = None) -> Any:
        from hypothesis import strategies as st

        m = max_magnitude
        dims = st.just(size) if size is not None else st.integers(1, 3)
        extra = st.tuples(st.integers(1, m), st.integers(1, m)).map(lambda t: sp.Rational(t[0], t[1]))
        return st.tuples(dims, extra).map(lambda t: t[0] - 1 + t[1])

    def _domain(self, param: ParamLike, size: int | None) -> sp.Set:
        return sp.Interval.open(size - 1, sp.oo) if size is not None else param.domain


def _rationals(m: int, positive: bool = False) -> Any:
    from hypothesis import strategies as st

    top = st.integers(1, m) if positive else st.integers(-m, m)
    return st.tuples(top, st.integers(1, m)).map(lambda t: sp.Rational(t[0], t[1]))


class _Entries(Kind):
    """Index-sum vectors ``p[1..K]``: entries in the domain, length >= 2."""

    indexed = True

    def symbol(self, param: ParamLike, suffix: str = "") -> sp.IndexedBase:
        return sp.IndexedBase(param.name + suffix, **param.assumptions())

    def size(self, value: Any) -> int | None:
        return len(value)

    def float_size(self, size: int | None) -> int:
        return size

    def entries(self, value: Any) -> list:
        return list(value)

    def substitution(self, symbol: Any, value: Any) -> dict:
        return {symbol[j + 1]: v for j, v in enumerate(value)}

    def _read_entries(self, param: ParamLike, raw: Any) -> tuple[list, list[sp.Expr]]:
        items = as_list(raw, param.name)
        if len(items) < 2:
            raise ValueError(f"parameter {param.name}: needs length >= 2, got {len(items)} (the rule is {self.rule(param)})")
        values = [to_exact(v, f"{param.name}[{j}]") for j, v in enumerate(items)]
        entry_rule = domain_text(f"{param.name}[i]", param.domain, False)
        for j, v in enumerate(values):
            check_entry(f"{param.name}[{j}]", v, param.domain, False, entry_rule)
        return items, values


def _rational_sum(values: list[sp.Rational]) -> sp.Rational:
    """The exact sum, numerators first added per denominator (floats share a few powers of 2)."""
    by_denominator: dict[int, int] = {}
    for v in values:
        q = int(v.q)
        by_denominator[q] = by_denominator.get(q, 0) + int(v.p)
    total = sum((Fraction(p, q) for q, p in by_denominator.items()), Fraction(0))
    return sp.Rational(total.numerator, total.denominator)


class ProbabilityVector(_Entries):
    """Probabilities p[1..K] (K >= 2) summing to 1. Floats may miss 1 by rounding:
    then the entries are rescaled, exactly, to sum to 1."""

    name = "probability_vector"

    def rule(self, param: ParamLike) -> str:
        d = param.domain
        lb, rb = "(" if d.left_open else "[", ")" if d.right_open else "]"
        return f"every entry of {param.name} in {lb}{d.inf}, {d.sup}{rb}, entries summing to 1, length >= 2"

    def read(self, param: ParamLike, raw: Any) -> tuple:
        items, values = self._read_entries(param, raw)
        n = param.name
        if all(v.is_Rational for v in values):
            exact_total = _rational_sum(values)
        else:
            exact_total = sp.Add(*values)
        if not exact_total.is_number:
            if sp.Eq(exact_total, 1) is sp.false:
                raise ValueError(f"parameter {n}: entries sum to {exact_total}, not 1")
            return tuple(values)
        if all(is_binary_float(v) for v in items):
            # float inputs: accept a sum within rounding of 1 and rescale exactly
            if abs(float(exact_total) - 1) > 8 * len(values) * 2.0**-53:
                raise ValueError(f"parameter {n}: entries sum to {float(exact_total)!r}, not 1")
            return tuple(v / exact_total for v in values) if exact_total != 1 else tuple(values)
        if exact_total != 1:
            raise ValueError(f"parameter {n}: entries sum to {exact_total}, not 1")
        return tuple(values)

    def strategy(self, param: ParamLike, max_magnitude: int = 20, size: int | None = None) -> Any:
        from hypothesis import strategies as st

        lo, hi = (2, 6) if size is None else (size, size)
        return st.lists(st.integers(1, max_magnitude), min_size=lo, max_size=hi).map(
            lambda ws: [sp.Rational(w, sum(ws)) for w in ws])

    def free_size(self, size: int | None) -> int:
        return size - 1

    def to_unconstrained(self, param: ParamLike, value: Sequence[float], size: int | None = None) -> list[float]:
        last = math.log(value[-1])
        return [math.log(v) - last for v in value[:-1]]

    def from_unconstrained(self, param: ParamLike, u: Sequence[float], size: int | None = None) -> list[float]:
        top = max(list(u) + [0.0])
        e = [math.exp(v - top) for v in list(u) + [0.0]]
        s = sum(e)
        return [v / s for v in e]


class PositiveVector(_Entries):
    """Positive numbers alpha[1..K], K >= 2 (Dirichlet concentrations)."""

    name = "positive_vector"

    def rule(self, param: ParamLike) -> str:
        return f"every entry of {param.name} > 0, length >= 2"

    def read(self, param: ParamLike, raw: Any) -> tuple:
        return tuple(self._read_entries(param, raw)[1])

    def strategy(self, param: ParamLike, max_magnitude: int = 20, size: int | None = None) -> Any:
        from hypothesis import strategies as st

        lo, hi = (2, 4) if size is None else (size, size)
        return st.lists(_rationals(max_magnitude, positive=True), min_size=lo, max_size=hi)

    def free_size(self, size: int | None) -> int:
        return size

    def to_unconstrained(self, param: ParamLike, value: Sequence[float], size: int | None = None) -> list[float]:
        return [math.log(v) for v in value]

    def from_unconstrained(self, param: ParamLike, u: Sequence[float], size: int | None = None) -> list[float]:
        return [math.exp(min(v, 700)) for v in u]


class _MatrixKind(Kind):
    matrix = True

    def size(self, value: Any) -> int | None:
        return value.shape[0]

    def float_size(self, size: int | None) -> int:
        return size

    def entries(self, value: Any) -> list:
        return list(value)

    def substitution(self, symbol: Any, value: Any) -> dict:
        return {symbol: value, D: value.shape[0]}

    def is_interior(self, param: ParamLike, value: Any) -> bool:
        return True  # real vectors and SPD matrices have no closed end


class RealVector(_MatrixKind):
    """A real vector of length d >= 1 (a d x 1 matrix)."""

    name = "real_vector"

    def rule(self, param: ParamLike) -> str:
        return f"{param.name} is a real vector of length d >= 1"

    def symbol(self, param: ParamLike, suffix: str = "") -> sp.MatrixSymbol:
        return sp.MatrixSymbol(param.name + suffix, D, 1)

    def read(self, param: ParamLike, raw: Any) -> sp.ImmutableMatrix:
        n = param.name
        items = as_list(raw, n)
        if not items:
            raise ValueError(f"parameter {n}: a vector needs length d >= 1, got length 0")
        values = [to_exact(v, f"{n}[{j}]") for j, v in enumerate(items)]
        for j, v in enumerate(values):
            if not inside_domain(v, sp.Reals):
                raise ValueError(f"parameter {n}[{j}] = {v} breaks the rule {self.rule(param)}")
        return sp.ImmutableMatrix(len(values), 1, values)

    def strategy(self, param: ParamLike, max_magnitude: int = 20, size: int | None = None) -> Any:
        from hypothesis import strategies as st

        dims = st.just(size) if size is not None else st.integers(1, 3)
        return dims.flatmap(lambda n: st.lists(_rationals(max_magnitude), min_size=n, max_size=n))

    def free_size(self, size: int | None) -> int:
        return size

    def to_unconstrained(self, param: ParamLike, value: Sequence[float], size: int | None = None) -> list[float]:
        return list(value)

    def from_unconstrained(self, param: ParamLike, u: Sequence[float], size: int | None = None) -> list[float]:
        return list(u)


class SPDMatrix(_MatrixKind):
    """A symmetric positive definite d x d matrix, checked exactly."""

    name = "spd_matrix"

    def rule(self, param: ParamLike) -> str:
        return f"{param.name} is a symmetric positive definite d x d matrix"

    def symbol(self, param: ParamLike, suffix: str = "") -> sp.MatrixSymbol:
        return sp.MatrixSymbol(param.name + suffix, D, D)

    def read(self, param: ParamLike, raw: Any) -> sp.ImmutableMatrix:
        n = param.name
        rows = as_rows(raw, n)
        values = [[to_exact(v, f"{n}[{i}][{j}]") for j, v in enumerate(r)] for i, r in enumerate(rows)]
        return read_spd(n, values, self.rule(param))

    def strategy(self, param: ParamLike, max_magnitude: int = 20, size: int | None = None) -> Any:
        from hypothesis import strategies as st

        dims = st.just(size) if size is not None else st.integers(1, 3)
        return dims.flatmap(lambda n: spd_strategy(n, max_magnitude))

    def float_size(self, size: int | None) -> int:
        return size * size

    def free_size(self, size: int | None) -> int:
        return size * (size + 1) // 2

    def to_unconstrained(self, param: ParamLike, value: Sequence[float], size: int | None = None) -> list[float]:
        n = size if size is not None else math.isqrt(len(value))
        L = positive_definite([[value[i * n + j] for j in range(n)] for i in range(n)], cholesky=True)
        if L is None:
            raise ValueError(f"parameter {param.name}: not positive definite")
        return [math.log(L[i][i]) if i == j else L[i][j] for i in range(n) for j in range(i + 1)]

    def from_unconstrained(self, param: ParamLike, u: Sequence[float], size: int | None = None) -> list[float]:
        n = size if size is not None else (math.isqrt(8 * len(u) + 1) - 1) // 2
        it = iter(u)
        L = [[0.0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1):
                v = next(it)
                L[i][j] = math.exp(min(v, 350)) if i == j else v
        return [sum(L[i][k] * L[j][k] for k in range(n)) for i in range(n) for j in range(n)]


def spd_strategy(dimension: int, max_magnitude: int = 20) -> Any:
    """Symmetric positive definite matrices L Lᵀ, L lower triangular with rational
    entries and a positive diagonal (every draw is SPD, exactly)."""
    from hypothesis import strategies as st

    m, n = max_magnitude, dimension

    def build(entries):
        it = iter(entries)
        L = sp.zeros(n, n)
        for i in range(n):
            for j in range(i + 1):
                L[i, j] = next(it)
        return sp.ImmutableMatrix(L * L.T)

    parts = [(_rationals(m, positive=True) if i == j else _rationals(m)) for i in range(n) for j in range(i + 1)]
    return st.tuples(*parts).map(build)


SCALAR = Scalar()
DEGREES_OF_FREEDOM = DegreesOfFreedom()
PROBABILITY_VECTOR = ProbabilityVector()
POSITIVE_VECTOR = PositiveVector()
REAL_VECTOR = RealVector()
SPD_MATRIX = SPDMatrix()


def _kind(name: str) -> Kind:
    return KINDS[name]


#: every kind, by name
KINDS: dict[str, Kind] = {k.name: k for k in (SCALAR, DEGREES_OF_FREEDOM, PROBABILITY_VECTOR, POSITIVE_VECTOR,
                                               REAL_VECTOR, SPD_MATRIX)}

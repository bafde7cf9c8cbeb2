"""Family records: the data every other part of klsym is derived from.

A :class:`Family` holds, for one distribution family,

* its parameters (:class:`Param`): name, domain (a SymPy set), whether the
  parameter is *fixed* (binomial ``n``: part of the base measure, not a natural
  parameter) and a one-line meaning;
* its support (:class:`Support`), which may depend on fixed parameters;
* its log-density ``logpdf`` in the variable :data:`X` and the parameter symbols;
* optionally the mean and variance of ``X`` (used to place quadrature points
  and by the moment-based checks, never by the KL engine);
* for an exponential family, an :class:`ExpFamily` with η(θ), T(x), A(η) and
  log h(x), so that ``logpdf = η·T − A(η) + log h``.

Records are plain data; :mod:`klsym.families` holds the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import sympy as sp

__all__ = ["X", "D", "Param", "Support", "ExpFamily", "Family", "bounds_inside"]

#: The variable of every log-density (a real number; integer-valued families
#: are summed over integers).
X = sp.Symbol("x", real=True)

#: The dimension of vector and matrix parameters of the multivariate families
#: (``mu`` is d x 1, ``Sigma`` is d x d).
D = sp.Symbol("d", integer=True, positive=True)

#: Parameter kinds beyond scalars: how a value is read, validated and represented.
#: "probability_vector" and "positive_vector" are index-sum vectors (entries
#: ``p[1], ..., p[K]``); "real_vector" (d x 1) and "spd_matrix" (d x d,
#: symmetric positive definite) are SymPy matrix symbols of size :data:`D`.
KINDS = ("scalar", "probability_vector", "positive_vector", "real_vector", "spd_matrix", "degrees_of_freedom")


@dataclass(frozen=True)
class Param:
    """One parameter of a family.

    ``domain`` is a SymPy set (``Interval(0, oo, True, True)`` for σ > 0);
    ``integer`` adds the rule "is an integer". ``fixed`` parameters are shared
    by P and Q in the closed forms (they index the family, they are not
    natural parameters). ``vector`` marks a probability-vector parameter whose
    entries live in ``domain`` (categorical ``p``).
    """

    name: str
    domain: sp.Set
    meaning: str
    integer: bool = False
    fixed: bool = False
    vector: bool = False
    #: one of :data:`KINDS`; ``None`` means "probability_vector" when ``vector``
    #: is set and "scalar" otherwise
    kind: str | None = None

    @property
    def kind_name(self) -> str:
        """The parameter's kind (see :data:`KINDS`)."""
        if self.kind is not None:
            return self.kind
        return "probability_vector" if self.vector else "scalar"

    @property
    def is_matrix(self) -> bool:
        """True for a real vector or an SPD matrix (a SymPy matrix symbol of size d)."""
        return self.kind_name in ("real_vector", "spd_matrix")

    def assumptions(self) -> dict[str, bool]:
        """SymPy assumptions implied by the domain (for the derivation symbols)."""
        lo, hi = self.domain.inf, self.domain.sup
        a: dict[str, bool] = {"real": True}
        if self.integer:
            a["integer"] = True
        if lo.is_finite and lo >= 0:
            if lo > 0 or self.domain.left_open:
                a["positive"] = True
            else:
                a["nonnegative"] = True
        if hi.is_finite and hi <= 0 and (hi < 0 or self.domain.right_open):
            a["negative"] = True
        return a

    def symbol(self, suffix: str = "") -> sp.Symbol | sp.IndexedBase:
        """The parameter's symbol, e.g. ``alpha_p`` for suffix ``"_p"``.

        A vector parameter is an ``IndexedBase`` whose entries carry the domain's
        assumptions.
        """
        if self.kind_name == "real_vector":
            return sp.MatrixSymbol(self.name + suffix, D, 1)
        if self.kind_name == "spd_matrix":
            return sp.MatrixSymbol(self.name + suffix, D, D)
        if self.vector:
            return sp.IndexedBase(self.name + suffix, **self.assumptions())
        return sp.Symbol(self.name + suffix, **self.assumptions())

    @property
    def rule(self) -> str:
        """The domain as a readable rule, e.g. ``"sigma > 0"``, ``"0 <= p <= 1"``."""
        n, d = self.name, self.domain
        if self.kind_name == "real_vector":
            return f"{n} is a real vector of length d >= 1"
        if self.kind_name == "spd_matrix":
            return f"{n} is a symmetric positive definite d x d matrix"
        if self.kind_name == "degrees_of_freedom":
            return f"{n} > d - 1 (d the size of the matrix parameter)"
        if self.kind_name == "positive_vector":
            return f"every entry of {n} > 0, length >= 2"
        if self.vector:
            lb, rb = "(" if d.left_open else "[", ")" if d.right_open else "]"
            return f"every entry of {n} in {lb}{d.inf}, {d.sup}{rb}, entries summing to 1, length >= 2"
        lo, hi = d.inf, d.sup
        if self.integer:
            return f"{n} is an integer {'>' if d.left_open else '>='} {lo}"
        lower = f"{lo} {'<' if d.left_open else '<='} " if lo.is_finite else ""
        upper = f" {'<' if d.right_open else '<='} {hi}" if hi.is_finite else ""
        if not lower and not upper:
            return f"{n} is real"
        if lower and not upper:  # read "sigma > 0" rather than "0 < sigma"
            return f"{n} {'>' if d.left_open else '>='} {lo}"
        return f"{lower}{n}{upper}"

    def is_interior(self, value: sp.Expr) -> bool:
        """True unless ``value`` sits on a closed end of the domain."""
        d = self.domain
        at_lo = (not d.left_open) and d.inf.is_finite and sp.Eq(value, d.inf) is sp.true
        at_hi = (not d.right_open) and d.sup.is_finite and sp.Eq(value, d.sup) is sp.true
        return not (at_lo or at_hi)


def bounds_inside(inner: tuple, outer: tuple) -> bool:
    """False only when [inner] provably reaches outside [outer] (bounds as SymPy numbers)."""
    return not ((inner[0] < outer[0]) is sp.true or (inner[1] > outer[1]) is sp.true)


@dataclass(frozen=True)
class Support:
    """Where the density is positive, for parameters in the interior of their domain.

    ``lower``/``upper`` are SymPy expressions (possibly in fixed parameters,
    e.g. binomial ``upper = n``). ``discrete`` supports are the integers in
    ``[lower, upper]``.
    """

    lower: sp.Expr
    upper: sp.Expr
    discrete: bool

    def describe(self, subs: dict | None = None) -> str:
        lo, hi = sp.sympify(self.lower), sp.sympify(self.upper)
        if subs:
            lo, hi = lo.subs(subs), hi.subs(subs)
        if self.discrete:
            return f"{{{lo}, {lo + 1}, ...}}" if hi is sp.oo else f"{{{lo}, ..., {hi}}}"
        lb = "(" if lo is -sp.oo else "["
        rb = ")" if hi is sp.oo else "]"
        return f"{lb}{lo}, {hi}{rb}"


@dataclass(frozen=True)
class ExpFamily:
    """Exponential-family parts: ``log f(x) = η(θ)·T(x) − A(η) + log h(x)``.

    ``eta_symbols`` are the natural-parameter symbols A is written in (with
    the sign assumptions of the natural parameter space); ``eta`` and ``T``
    are tuples of the same length. ``mean_T`` may state E[T] in θ directly for
    records whose A is not a free log-partition (the over-parameterised
    categorical, where A = 0 under the constraint Σ p = 1); otherwise E[T] is
    derived as ∇A. ``index`` = (i, lower, upper) makes η, T and mean_T the
    i-th entries of vectors summed over i.
    """

    eta_symbols: tuple[sp.Symbol, ...]
    eta: tuple[sp.Expr, ...]
    T: tuple[sp.Expr, ...]
    A: sp.Expr
    log_h: sp.Expr
    mean_T: tuple[sp.Expr, ...] | None = None
    index: tuple[sp.Symbol, sp.Expr, sp.Expr] | None = None


@dataclass(frozen=True)
class Family:
    """A distribution family as data. See the module docstring."""

    name: str
    title: str
    params: tuple[Param, ...]
    support: Support
    logpdf: sp.Expr
    parameterization: str
    ef: ExpFamily | None = None
    mean: sp.Expr | None = None
    variance: sp.Expr | None = None
    #: extra validation for vector parameters: value dict -> error message or None
    extra_check: Callable[[dict], str | None] | None = field(default=None, compare=False)
    #: parameter values that represent the family in examples and checks
    example: dict = field(default_factory=dict, compare=False)
    #: points x (in the parameter symbols) where the log-density is not smooth
    #: (Laplace at its location): the oracle splits its quadrature there
    kinks: tuple[sp.Expr, ...] = ()
    #: a typical point for the oracle's search when the mean is not recorded
    #: (it does not exist for every parameter value, as for Pareto)
    median: sp.Expr | None = None
    #: stated expectations E[g(X)] that SymPy cannot derive (atoms of log h that are
    #: not entries of T, atoms of log q under P): (pattern g(x), value, source), in
    #: the record's symbols; the pattern may hold ``sp.Wild`` free arguments (a
    #: location c in |x - c|) that the value uses too. Read by one ladder,
    #: ``klsym.derive.atoms.atom_expectation``; every entry is checked against the
    #: oracle by the tests.
    expectations: tuple[tuple[sp.Expr, sp.Expr, str], ...] = field(default=(), compare=False)
    #: the variable of a multivariate log-density (a d x 1 or d x d matrix
    #: symbol, or a tuple of symbols); ``None``: the scalar :data:`X`
    variable: object = None
    #: the support of a multivariate family in words (R^d, the simplex, count vectors, SPD matrices)
    support_text: str = ""

    @property
    def multivariate(self) -> bool:
        """True when the variable is a vector or a matrix (the multivariate families)."""
        return self.variable is not None

    @property
    def discrete(self) -> bool:
        return self.support.discrete

    @property
    def free_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if not p.fixed)

    @property
    def fixed_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.fixed)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def symbols(self) -> dict[str, sp.Symbol]:
        """The record's own parameter symbols, by name."""
        return {p.name: p.symbol() for p in self.params}

    def symbols_for(self, side: str) -> dict[str, sp.Symbol]:
        """Parameter symbols for P (``side="p"``) or Q (``"q"``); fixed ones are shared."""
        return {p.name: (p.symbol() if p.fixed else p.symbol("_" + side)) for p in self.params}

    def names(self) -> Sequence[str]:
        return [p.name for p in self.params]

    @property
    def length_symbol(self) -> sp.Symbol | None:
        """The symbol for the length of a vector parameter (categorical K), if any."""
        if self.ef is not None and self.ef.index is not None:
            return self.ef.index[2]
        return None

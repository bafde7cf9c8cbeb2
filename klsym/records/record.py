"""Family records: the data every other part of klsym is derived from.

A :class:`Family` holds, for one distribution family,

* its parameters (:class:`Param`): name, domain (a SymPy set), whether the
  parameter is *fixed* (binomial ``n``: part of the base measure, not a natural
  parameter) and a one-line meaning;
* its support (:class:`Support`), which may depend on fixed parameters;
* for an exponential family, an :class:`ExpFamily` with η(θ), T(x), A(η) and
  log h(x);
* its log-density ``logpdf`` in the variable :data:`X` and the parameter
  symbols. A univariate exponential family does not write it: it is derived
  as ``η(θ)·T(x) − A(η(θ)) + log h(x)`` (:mod:`klsym.records.derived`); the
  records that write it (index sums, matrix and multivariate records) are
  checked against their parts by the tests;
* optionally the mean and variance of ``X`` (used to place quadrature points
  and by the moment-based checks, never by the KL engine), derived from ∇A and
  ∇²A where x is affine in one entry of T, stated otherwise;
* its check cases (P, Q, label), compared with the oracle by
  :func:`klsym.crosscheck.check`; the check adds generated ones up to six
  (:mod:`klsym.records.cases`).

Records are plain data; :mod:`klsym.records.catalogue` holds the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import sympy as sp

from .derived import log_density, moments
from .kinds import D, SCALAR, Kind

__all__ = ["X", "D", "Param", "Support", "ExpFamily", "Family", "bounds_inside"]

#: The order α of a Rényi divergence in symbolic forms (a stated affinity, :attr:`Family.affinity`)
ORDER = sp.Symbol("alpha", positive=True)

#: The variable of every log-density (a real number; integer-valued families
#: are summed over integers).
X = sp.Symbol("x", real=True)


@dataclass(frozen=True)
class Param:
    """One parameter of a family.

    ``domain`` is a SymPy set (``Interval(0, oo, True, True)`` for σ > 0) that
    the value, or each entry of a vector, lies in; ``integer`` adds the rule
    "is an integer". ``fixed`` parameters are shared by P and Q in the closed
    forms (they index the family, they are not natural parameters). ``kind``
    says what the value is (a number, a probability vector, an SPD matrix, ...):
    a :class:`~klsym.records.kinds.Kind` that reads, checks, describes,
    symbolises, draws and transforms it.
    """

    name: str
    domain: sp.Set
    meaning: str
    integer: bool = False
    fixed: bool = False
    kind: Kind = SCALAR

    @property
    def vector(self) -> bool:
        """True for an index-sum vector (entries ``p[1], ..., p[K]``; categorical ``p``)."""
        return self.kind.indexed

    @property
    def is_matrix(self) -> bool:
        """True for a real vector or an SPD matrix (a SymPy matrix symbol of size d)."""
        return self.kind.matrix

    def assumptions(self) -> dict[str, bool]:
        """SymPy assumptions implied by the domain (for the derivation symbols).

        Only a FIXED integer parameter (binomial's n) makes its symbols integer. A free one
        (Erlang's k) stays real: with an integer symbol SymPy rewrites loggamma(k) as
        log(gamma(k)), which overflows float64 past k = 171, while the closed forms hold for
        every real k in the domain. The parameter is still read, checked and drawn as an integer.
        """
        lo, hi = self.domain.inf, self.domain.sup
        a: dict[str, bool] = {"real": True}
        if self.integer and self.fixed:
            a["integer"] = True
        if lo.is_finite and lo >= 0:
            if lo > 0 or self.domain.left_open:
                a["positive"] = True
            else:
                a["nonnegative"] = True
        if hi.is_finite and hi <= 0 and (hi < 0 or self.domain.right_open):
            a["negative"] = True
        return a

    def symbol(self, suffix: str = "") -> sp.Symbol | sp.IndexedBase | sp.MatrixSymbol:
        """The parameter's symbol, e.g. ``alpha_p`` for suffix ``"_p"`` (an ``IndexedBase``
        for an index-sum vector, a ``MatrixSymbol`` of size d for a vector or matrix)."""
        return self.kind.symbol(self, suffix)

    @property
    def rule(self) -> str:
        """The rule as text, e.g. ``"sigma > 0"``, ``"0 <= p <= 1"``."""
        return self.kind.rule(self)

    def read(self, raw: object) -> object:
        """``raw`` as this parameter's exact value, checked (``ValueError`` naming the
        parameter and the rule otherwise).

        >>> Param("sigma", sp.Interval.open(0, sp.oo), "scale").read("3/2")
        3/2
        """
        return self.kind.read(self, raw)

    def is_interior(self, value: sp.Expr) -> bool:
        """True unless ``value`` (one number) sits on a closed end of the domain."""
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

    ``natural_space`` is stated only where the natural parameter space
    {η : ∫ h exp(η·T) < ∞} is larger than the image η(Θ) of the parameter
    domain (from which it is derived otherwise, by
    :mod:`klsym.derive.renyi`): a condition in ``eta_symbols`` (relations built
    with ``evaluate=False``, as the symbols carry sign assumptions) and the reason.
    The Rényi and chi-square forms need it (η_α may leave η(Θ) and stay finite).
    """

    eta_symbols: tuple[sp.Symbol, ...]
    eta: tuple[sp.Expr, ...]
    T: tuple[sp.Expr, ...]
    A: sp.Expr
    log_h: sp.Expr
    mean_T: tuple[sp.Expr, ...] | None = None
    index: tuple[sp.Symbol, sp.Expr, sp.Expr] | None = None
    natural_space: tuple[sp.Basic, str] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Family:
    """A distribution family as data. See the module docstring."""

    name: str
    title: str
    params: tuple[Param, ...]
    support: Support
    #: the parameterization in words, stating the density as "density F on S"
    #: (or "P(X = k) = F for k = ...") in plain notation; the tests evaluate F
    #: against ``logpdf`` and S against ``support``
    parameterization: str
    #: the log-density; ``None``: derived from ``ef`` as η(θ)·T(x) − A(η(θ)) + log h(x)
    logpdf: sp.Expr | None = None
    ef: ExpFamily | None = None
    #: E[X] and Var X; ``None``: derived from ∇A, ∇²A where possible (see :mod:`.derived`)
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
    #: a family with no exponential-family part: the log-affinity L(α) = log ∫ p^α q^(1−α),
    #: stated with its source where SymPy does not find the integral, in P's symbols
    #: (suffix ``_p``), Q's (``_q``) and :data:`ORDER`, for every α > 0 (finite for all of
    #: them). It gives Rényi-α and the divergences that follow (``klsym.renyi``); the tests
    #: check it against the oracle like any other form.
    affinity: tuple[sp.Expr, str] | None = field(default=None, compare=False)
    #: the variable of a multivariate log-density (a d x 1 or d x d matrix
    #: symbol, or a tuple of symbols); ``None``: the scalar :data:`X`
    variable: object = None
    #: the support of a multivariate family in words (R^d, the simplex, count vectors, SPD matrices)
    support_text: str = ""
    #: check cases: (P parameters, Q parameters, what the case is about), values as
    #: exact strings (``"1/10^8"``), ints or lists of them; :func:`klsym.crosscheck.cases_for`
    #: adds generated cases up to six (:func:`klsym.records.cases.generated_cases`)
    cases: tuple[tuple[dict, dict, str], ...] = field(default=(), compare=False)
    #: float64 parameter pairs far out in the domains where the closed form must still
    #: evaluate without overflow (with :func:`klsym.records.cases.float_extremes`)
    wide: tuple[tuple[dict, dict], ...] = field(default=(), compare=False)
    #: which of logpdf, mean, variance were derived from ``ef`` (set when the record is built)
    derived: frozenset[str] = field(default=frozenset(), init=False, compare=False)

    def __post_init__(self) -> None:
        ef, derived = self.ef, set()
        if ef is not None and ef.index is None and self.variable is None:
            parts = (ef.eta_symbols, ef.eta, ef.T)
            if self.logpdf is None:
                object.__setattr__(self, "logpdf", log_density(*parts, ef.A, ef.log_h))
                derived.add("logpdf")
            mean, variance = moments(*parts, ef.A, X)
            for name, value in (("mean", mean), ("variance", variance)):
                if getattr(self, name) is None and value is not None:
                    object.__setattr__(self, name, value)
                    derived.add(name)
        if self.logpdf is None:
            raise ValueError(f"record {self.name}: no logpdf, and no univariate exponential-family parts to derive it")
        object.__setattr__(self, "derived", frozenset(derived))

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
        """The symbol for the length of a vector parameter (categorical K), if any: the exponential
        family's index, else (a law of count vectors outside the exponential class) the upper limit
        of the log-density's sums over the variable's index."""
        if self.ef is not None and self.ef.index is not None:
            return self.ef.index[2]
        if isinstance(self.variable, sp.IndexedBase):
            ends = {s.limits[0][2] for s in self.logpdf.atoms(sp.Sum) if s.has(self.variable)}
            if len(ends) == 1:
                return ends.pop()
        return None

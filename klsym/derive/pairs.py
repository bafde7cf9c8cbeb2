"""KL(P‖Q) for P and Q of two different univariate families: a verdict and, where
there is one, the closed form.

    KL(P‖Q) = E_P[log p(X)] − E_P[log q(X)] = −H(P) − E_P[log q(X)].

H(P) is P's own entropy (:func:`klsym.derive.route.entropy_form`); log q is split
into x-free coefficients times atoms g(x) (:func:`klsym.derive.expectation.split_atoms`)
and E_P[g(X)] comes from the engine's one ladder
(:func:`klsym.derive.atoms.atom_expectation`, with SymPy's convergence conditions
kept). Every ordered pair gets one :class:`Verdict`:

* ``closed``: the form, valid under ``condition`` (supp P ⊆ supp Q, and the
  moments of P that appear exist); +∞ outside it;
* ``+oo``: KL is infinite for every parameter value — P discrete and Q
  continuous or the reverse (P is not absolutely continuous with respect to Q),
  a support of P that never lies inside Q's, or a moment of P that log q needs
  and P never has (cauchy‖normal: E_P[X²] = ∞);
* ``numeric``: the engine knows no closed form (an expectation neither stated
  nor integrable by SymPy within the work budget); the oracle still gives digits.

Every parameter gets its own ``_p``/``_q`` symbol (P's and Q's families differ:
nothing is shared).

Work is bounded: SymPy integration can run for hours on an atom it cannot do.
``klsym derive`` derives every pair with at most :data:`ATOM_BUDGET` seconds per
expectation and writes ``data/pairs.json``: the atoms that ran out (one list per P
family) and the verdict of every ordered pair. Afterwards :func:`derive_pair` does
not try those atoms again (the pairs that need them are ``numeric``), and
:func:`stored_verdicts` gives the whole matrix without deriving it. A test
re-derives the whole table in the live lane.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources

import sympy as sp
from sympy.polys.polyerrors import PolynomialError

from ..records import registry
from ..records.record import X, Family
from .budget import OutOfBudget, alarm
from .atoms import AtomExpectation, DivergentExpectation, atom_expectation, split_condition
from .piecewise import is_piecewise
from .expectation import split_atoms
from .route import entropy_form, kl_form
from .sides import side_symbols
from .tidy import tidy_whole_logs

__all__ = ["ATOM_BUDGET", "PAIRS_FILE", "REFUTED", "UNUSABLE", "PairDerivation", "Verdict", "derive_pair",
           "derive_pair_within", "pair", "reload_verdicts", "slow_atoms", "stored_verdicts", "univariate_families"]

#: seconds of SymPy work allowed for one expectation E_P[g(X)] when the table of slow atoms is made
ATOM_BUDGET = 30
PAIRS_FILE = "pairs.json"


@lru_cache(maxsize=1)
def _stored() -> dict:
    try:
        return json.loads(resources.files("klsym.derive").joinpath("data", PAIRS_FILE).read_text())
    except FileNotFoundError:
        return {}


def reload_verdicts() -> None:
    """Read the stored table afresh on next use (after ``klsym derive --pairs`` rewrote it)."""
    _stored.cache_clear()


def slow_atoms() -> dict[str, frozenset[str]]:
    """{P family: atoms (as text) whose expectation SymPy did not find within :data:`ATOM_BUDGET`}.

    >>> all(isinstance(atoms, frozenset) for atoms in slow_atoms().values())
    True
    """
    return {name: frozenset(atoms) for name, atoms in _stored().get("slow_atoms", {}).items()}


def stored_verdicts() -> dict[tuple[str, str], tuple[Verdict, str]]:
    """{(P family, Q family): (verdict, reason)} as ``klsym derive`` last wrote them.

    >>> stored_verdicts()[("normal", "gamma")][0]
    <Verdict.INFINITE: '+oo'>
    """
    return {tuple(key.split("|")): (Verdict(v["verdict"]), v.get("reason", ""))
            for key, v in _stored().get("verdicts", {}).items()}


class Verdict(StrEnum):
    """What is known of KL(P‖Q) for two families."""

    CLOSED = "closed"
    INFINITE = "+oo"
    NUMERIC = "numeric"


@dataclass(frozen=True)
class PairDerivation:
    """KL(P‖Q) for P in family ``p`` and Q in family ``q``.

    ``kl`` (for ``closed``) holds under ``condition``; outside it KL = +∞
    (``answer`` is the Piecewise of both). ``reason`` says why a pair is
    ``+oo`` or ``numeric``; ``atoms`` lists E_P[g(X)] for every atom g of log q
    with how it was found; ``entropy`` is H(P) in P's symbols.
    """

    p: Family
    q: Family
    verdict: Verdict
    symbols_p: dict
    symbols_q: dict
    condition: sp.Basic = sp.false
    kl: sp.Expr | None = None
    reason: str = ""
    atoms: tuple[AtomExpectation, ...] = ()
    entropy: sp.Expr | None = None
    log_q: sp.Expr | None = None
    validity: sp.Basic = sp.true

    @property
    def answer(self) -> sp.Expr:
        """KL(P‖Q) with its condition: ``kl`` where it holds, +∞ elsewhere
        (``oo`` for an infinite pair; a ``numeric`` pair has no answer). Where ``validity``
        fails (inside ``condition``) the form is not known to hold: the Piecewise has no
        branch there."""
        if self.verdict is Verdict.INFINITE:
            return sp.oo
        if self.verdict is Verdict.NUMERIC:
            raise NotImplementedError(f"KL({self.p.name} ‖ {self.q.name}): {self.reason}")
        if self.validity is not sp.true:
            return sp.Piecewise((self.kl, sp.And(self.condition, self.validity)), (sp.oo, sp.Not(self.condition)))
        if self.condition is sp.true:
            return self.kl
        return sp.Piecewise((self.kl, self.condition), (sp.oo, True))

    def values(self, p, q) -> dict:
        """Substitution {symbol: value} for distributions ``p`` (of family P) and ``q``."""
        out = {self.symbols_p[n]: p.params[n] for n in self.symbols_p}
        out.update({self.symbols_q[n]: q.params[n] for n in self.symbols_q})
        return out


def univariate_families() -> list[str]:
    """The names of the univariate families, in registry order.

    >>> "normal" in univariate_families(), "dirichlet" in univariate_families()
    (True, False)
    """
    return [n for n in registry.names() if not registry.get(n).multivariate]


def _sides(fam: Family, side: str) -> tuple[dict, dict]:
    own = fam.symbols()
    syms = side_symbols(fam, side, shared_fixed=False)
    return syms, {own[n]: syms[n] for n in own}


def _support(fam: Family, to: dict) -> tuple[sp.Expr, sp.Expr]:
    lo, hi = (sp.sympify(e, strict=True).subs(to, simultaneous=True) for e in (fam.support.lower, fam.support.upper))
    return lo, hi


def _merge_sums(expr: sp.Expr) -> sp.Expr:
    """Sums over one range written as one (H(P)'s Σ f log x! and E_P[log q]'s −Σ f log x!
    cancel), dropping those whose summand is 0.

    >>> n = sp.Symbol("n", integer=True, positive=True)
    >>> _merge_sums(1 + sp.Sum(X**2, (X, 0, n)) - sp.Sum(X**2, (X, 0, n)))
    1
    """
    rest, groups = sp.Integer(0), {}
    for term in sp.Add.make_args(expr):
        coeff, sums = sp.Integer(1), []
        for f in sp.Mul.make_args(term):
            if isinstance(f, sp.Sum):
                sums.append(f)
            else:
                coeff *= f
        if len(sums) != 1:
            rest += term
            continue
        s = sums[0]
        groups[s.limits] = groups.get(s.limits, 0) + coeff * s.function
    for limits, function in groups.items():
        function = sp.simplify(sp.expand(function))
        if function != 0:
            rest += sp.Sum(function, *limits)
    return rest


def _same_family(fam: Family) -> PairDerivation:
    sym_p, _ = _sides(fam, "p")
    sym_q, _ = _sides(fam, "q")
    answer = kl_form(fam.name, shared_fixed=False)
    condition, form = sp.true, answer
    if isinstance(answer, sp.Piecewise):
        (form, condition), *_ = answer.args
    return PairDerivation(fam, fam, Verdict.CLOSED, sym_p, sym_q, condition, form,
                          "within one family: its own derivation")


#: SymPy integrals refuted by quadrature: (P family, atom) → the evidence. Such an atom is not
#: taken (the pair is numeric); tests/test_pairs.py checks that each refutation still holds.
_BETA_PRIME_EXP = (
    "SymPy's Meijer-G integral is wrong inside its own condition: it gives E[exp(-X)] = -0.7131 for "
    "beta_prime(alpha=19/4, beta=3/2), where quadrature gives 0.09835 (found by the pair sweep)")
REFUTED = {
    ("beta_prime", "exp(-x/beta_q)"): _BETA_PRIME_EXP,  # Q gumbel
    ("beta_prime", "exp(-x/sigma_q)"): _BETA_PRIME_EXP,  # Q moyal: the same atom
}

#: what the sweep saw for the new families' unusable pairs
_GENERALIZED_NORMAL_Q = ("the form of E[|X - mu_q|^beta_q] under P does not evaluate at the pair sweep's points "
                         "(SymPy's hypergeometric or Meijer-G form raises a ValueError, or leaves no point where "
                         "it is finite)")
_SHIFTED_P = ("the form does not evaluate at the pair sweep's points (it leaves no point where it is finite; "
              "SymPy's forms of the expectations under the shifted law raise or give NaN)")

#: pairs whose derived form the pair sweep found unusable at the records' own points (it
#: evaluates to NaN, to -oo where KL is finite, to an unevaluated limit, or its condition
#: cannot be decided): (P family, Q family) → what was seen. The form is not used (the pair is
#: numeric); tests/test_pairs.py checks, in the sweep's lane, that each still fails.
UNUSABLE = {
    ("inverse_gaussian", "log_gamma"): "SymPy's E[exp(X)] under the inverse Gaussian law was found in one "
                                       "run and not in another, and where found, deciding its condition at "
                                       "the records' points met a NaN comparison",
    ("uniform", "frechet"): "the form gives -oo at uniform(0, 1) ‖ frechet(1/2, 1), where KL is finite "
                            "(a_p log a_p at a_p = 0 is not taken as its limit)",
    ("lindley", "frechet"): "at an integer alpha_q the form is a removable singularity (gamma(1 - alpha_q) "
                            "against uppergamma(1 - alpha_q, 0)) that SymPy leaves as an unevaluated Limit",
    **{("lomax", q): "SymPy's Meijer-G forms of E[X] and E[X^2] under the Lomax law evaluate to NaN (at "
                     "alpha = 3, lam = 1 they are lam/(alpha - 1) = 1/2 and 2 lam^2/((alpha - 1)(alpha - 2)) = 1)"
       for q in ("exponential", "half_normal", "lindley", "normal")},
    **{(p, "generalized_normal"): _GENERALIZED_NORMAL_Q for p in (
        "chi", "chi_squared", "erlang", "gamma", "half_normal",
        "inverse_chi_squared", "inverse_gamma", "levy", "maxwell", "nakagami",
        "pareto", "rayleigh", "scaled_inverse_chi_squared")},
    **{("shifted_exponential", q): _SHIFTED_P for q in (
        "beta_prime", "frechet", "gamma", "lindley", "lomax",
        "maxwell", "nakagami", "pareto", "rayleigh", "weibull")},
    ("lomax", "shifted_exponential"): _SHIFTED_P,
    **{("logit_normal", q): "the form holds the record's stated series for E[log X] and E[log(1 - X)] as a plain "
                            "infinite Sum (not the series evaluator's), whose 2F0 terms SymPy evaluates on a "
                            "complex branch, and whose evalf does not end" for q in ("beta", "uniform")},
}


def _expectation(fp: Family, g: sp.Expr, to_p: dict, budget: float | None, out_of_budget: set | None) -> AtomExpectation:
    key = sp.sstr(g)
    if (fp.name, key) in REFUTED:
        raise NotImplementedError(REFUTED[(fp.name, key)])
    known = {atom for fam, atom in out_of_budget if fam == fp.name} if out_of_budget is not None else \
        slow_atoms().get(fp.name, frozenset())
    if key in known:
        raise NotImplementedError(f"E_P[{key}] ran past the {ATOM_BUDGET} s budget of SymPy integration when the "
                                  "table of slow atoms was made")
    try:
        with alarm(budget):
            return atom_expectation(fp, g, to_p, conditional=True)
    except OutOfBudget:
        if out_of_budget is not None:
            out_of_budget.add((fp.name, key))
        raise NotImplementedError(f"E_P[{key}] ran past the {budget} s budget of SymPy integration") from None
    except (TypeError, ValueError, AttributeError, RecursionError, PolynomialError) as exc:  # SymPy gave up its own way
        raise NotImplementedError(f"SymPy failed on E_P[{key}] ({type(exc).__name__}: "
                                  f"{' '.join(str(exc).split())[:120]})") from None


@lru_cache(maxsize=None)
def derive_pair(name_p: str, name_q: str) -> PairDerivation:
    """The verdict and, where closed, the form of KL(P‖Q) for P in ``name_p``, Q in ``name_q``.

    >>> d = derive_pair("exponential", "gamma")
    >>> d.verdict, d.kl
    (<Verdict.CLOSED: 'closed'>, alpha_q*(-log(beta_q) + log(lam_p)) + EulerGamma*alpha_q + beta_q/lam_p + loggamma(alpha_q) - 1 - EulerGamma)
    >>> derive_pair("normal", "exponential").reason
    'the support of P (-oo, oo) is never inside the support of Q [0, oo)'
    >>> derive_pair("poisson", "normal").verdict
    <Verdict.INFINITE: '+oo'>

    Atoms listed by :func:`slow_atoms` are not tried (the pair is ``numeric``).
    """
    return derive_pair_within(name_p, name_q)


def derive_pair_within(name_p: str, name_q: str, budget: float | None = None,
                       out_of_budget: set | None = None, *, unusable: bool = False) -> PairDerivation:
    """:func:`derive_pair` with ``budget`` seconds (main thread only) for each SymPy
    expectation. With a set ``out_of_budget`` every atom is tried afresh (the list of
    slow atoms is being made) and those that run past the budget are added to it as
    (P family, atom); without one the listed slow atoms are skipped. A pair listed in
    :data:`UNUSABLE` is numeric unless ``unusable`` asks for its form anyway.
    """
    fp, fq = registry.get(name_p), registry.get(name_q)
    for fam in (fp, fq):
        if fam.multivariate:
            raise ValueError(f"{fam.name} is multivariate: pairs of families are formed of univariate families "
                             f"({', '.join(univariate_families())})")
    if fp.name == fq.name:
        return _same_family(fp)
    sym_p, to_p = _sides(fp, "p")
    sym_q, to_q = _sides(fq, "q")

    def infinite(reason: str) -> PairDerivation:
        return PairDerivation(fp, fq, Verdict.INFINITE, sym_p, sym_q, sp.false, None, reason)

    def numeric(reason: str, found: tuple = ()) -> PairDerivation:
        return PairDerivation(fp, fq, Verdict.NUMERIC, sym_p, sym_q, sp.false, None, reason, found)

    if fp.discrete != fq.discrete:
        which = "discrete and Q continuous" if fp.discrete else "continuous and Q discrete"
        return infinite(f"P is {which}: P is not absolutely continuous with respect to Q "
                        "(P gives positive probability to a set of Q-probability 0)")
    (lo_p, hi_p), (lo_q, hi_q) = _support(fp, to_p), _support(fq, to_q)
    condition = sp.And(sp.Le(lo_q, lo_p), sp.Le(hi_p, hi_q))
    if condition is sp.false:
        return infinite(f"the support of P {fp.support.describe(to_p)} is never inside "
                        f"the support of Q {fq.support.describe(to_q)}")
    piecewise = [f.name for f in (fp, fq) if is_piecewise(f.logpdf)]
    if piecewise:
        return numeric(f"a piecewise density ({', '.join(piecewise)}): its split integrals across families are not "
                       "used (where the supports share an end they hold 0 log 0 terms; found by the pair sweep)")
    if (fp.name, fq.name) in UNUSABLE and not unusable:
        return numeric(f"the derived form is not used: {UNUSABLE[(fp.name, fq.name)]} (found by the pair sweep)")
    vector = [f"{f.name} ({par.name})" for f in (fp, fq) for par in f.params if par.vector]
    if vector:
        return numeric(f"a family with a vector parameter, {', '.join(vector)}: the route across families "
                       "derives families of scalar parameters; for given values the exact sum over P's points is used")
    log_q = fq.logpdf.subs(to_q, simultaneous=True)
    const, parts = split_atoms(log_q)
    found = []
    validity = sp.true
    mean_log_q = const
    for g, coeff in parts.items():
        try:
            e = _expectation(fp, g, to_p, budget, out_of_budget)
        except DivergentExpectation:
            return infinite(f"E_P[{sp.sstr(g)}] = oo for every P, and log q holds {sp.sstr(coeff * g)}")
        except NotImplementedError as exc:
            return numeric(f"no closed form known to the engine for E_P[{sp.sstr(g)}] ({exc})", tuple(found))
        found.append(e)
        finite, valid = split_condition(g, e.condition)
        condition, validity = sp.And(condition, finite), sp.And(validity, valid)
        mean_log_q += coeff * e.value
    entropy = entropy_form(fp.name).subs(to_p, simultaneous=True)
    if (entropy - mean_log_q).has(sp.nan):
        return numeric("H(P) or E_P[log q(X)] does not exist on its own (an atom with no mean under P, stated as "
                       "nan: log x under a log-Cauchy P), and this route does not take the mean of log p - log q "
                       "whole", tuple(found))
    kl = _merge_sums(tidy_whole_logs(-entropy - mean_log_q))
    if X in kl.free_symbols:
        return numeric(f"the form still depends on x: {sp.sstr(kl)}", tuple(found))
    return PairDerivation(fp, fq, Verdict.CLOSED, sym_p, sym_q, condition, kl, "", tuple(found), entropy, log_q,
                          validity)


def pair(name_p: str, name_q: str) -> PairDerivation:
    """What klsym knows of KL(P‖Q) for P in family ``name_p`` and Q in family ``name_q``.

    Returns a :class:`PairDerivation`: ``.verdict`` (closed, +oo or numeric),
    ``.condition`` (where the closed form holds; +∞ outside it), ``.kl`` (the form,
    P's parameters suffixed ``_p`` and Q's ``_q``), ``.answer`` (both as one
    Piecewise), ``.reason`` (why +oo or numeric) and ``.atoms`` (each E_P[g(X)] of
    an atom g of log q, with how it was found). For one family twice, the family's
    own derivation (fixed parameters not shared).

    >>> d = pair("exponential", "gamma")
    >>> str(d.verdict), d.condition
    ('closed', True)
    >>> [a.how for a in d.atoms]
    ['derived by SymPy integration over the support', '1 times the mean of T entry x (grad A)']
    >>> pair("cauchy", "normal").reason
    'E_P[x**2] = oo for every P, and log q holds -x**2/(2*sigma_q**2)'
    """
    for name in (name_p, name_q):
        registry.get(name)  # an unknown name: ValueError listing the families
    return derive_pair(registry.get(name_p).name, registry.get(name_q).name)

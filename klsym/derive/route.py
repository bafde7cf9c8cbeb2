"""Which derivation serves a family: the Bregman form, its matrix case, or expectations.

* :func:`derive_kl`: KL(P‖Q) within one exponential family (fixed parameters
  shared): :func:`klsym.derive.bregman.derive_bregman`, or
  :func:`klsym.derive.matrix.derive_kl_matrix` for matrix natural parameters;
* :func:`derive_entropy`: H(P) likewise;
* :func:`kl_form`: the symbolic KL for family names, by the expectation route
  (:mod:`klsym.derive.expectation`) where the family has no exponential-family
  record or P and Q have their own fixed parameters.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..records import registry
from .bregman import Derivation, derive_bregman
from .entropy import EntropyDerivation, derive_entropy_ef
from .expectation import derive_by_expectation
from .matrix import derive_entropy_matrix, derive_kl_matrix
from .natural import is_matrix_record

__all__ = ["by_expectation", "derive_entropy", "derive_kl", "entropy_form", "kl_form"]


@lru_cache(maxsize=None)
def derive_kl(name: str) -> Derivation:
    """Derive KL(P‖Q) for P, Q in the same exponential family ``name`` (fixed parameters shared).

    >>> derive_kl("exponential").kl
    log(lam_p) - log(lam_q) - 1 + lam_q/lam_p
    """
    fam = registry.get(name)
    if fam.ef is None:
        raise NotImplementedError(f"{name} has no exponential-family record; no closed form is derived yet")
    return derive_kl_matrix(fam) if is_matrix_record(fam) else derive_bregman(fam)


@lru_cache(maxsize=None)
def derive_entropy(name: str) -> EntropyDerivation:
    """Derive the entropy H(P) = −E_P[log p(X)] of the exponential family ``name``.

    log h is split into atoms g(x) with x-free coefficients; E[g] is the mean of a T
    entry when g is a multiple of one, else a value stated in the record (with its
    source), the recorded mean or second moment, a SymPy integral over the support,
    or — for discrete families without a closed form — the defining sum, left unevaluated.
    """
    fam = registry.get(name)
    if fam.ef is None:
        raise NotImplementedError(f"{name} has no exponential-family record; no entropy is derived yet")
    return derive_entropy_matrix(fam) if is_matrix_record(fam) else derive_entropy_ef(fam)


def kl_form(name_p: str, name_q: str | None = None, *, shared_fixed: bool = True) -> sp.Expr:
    """The symbolic KL(P‖Q) for two families (currently: the same family).

    Fixed parameters (Weibull ``k``, Laplace ``mu``, Pareto ``xm``) are shared by P
    and Q unless ``shared_fixed=False``: then they get ``_p``/``_q`` symbols and the
    form comes from the expectation route (:mod:`klsym.derive.expectation`), with its
    support condition as a Piecewise where the support depends on them.

    >>> kl_form("laplace", shared_fixed=False)
    b_p*exp(-Abs(mu_p - mu_q)/b_p)/b_q - log(b_p) + log(b_q) - 1 + Abs(mu_p - mu_q)/b_q
    """
    name_q = name_p if name_q is None else name_q
    fp, fq = registry.get(name_p), registry.get(name_q)
    if fp.name != fq.name:
        raise NotImplementedError(
            f"KL({fp.name} ‖ {fq.name}): only pairs within one family are derived so far"
        )
    if by_expectation(fp.name, shared_fixed):
        return derive_by_expectation(fp.name, shared_fixed=shared_fixed or not fp.fixed_params).answer
    return derive_kl(fp.name).kl


def by_expectation(name: str, shared_fixed: bool = True) -> bool:
    """True when KL(P‖Q) within family ``name`` comes from the expectation route: the
    family has no exponential-family record, or P and Q have their own fixed parameters.
    (:func:`kl_form` and :func:`klsym.exact.resolve.resolve` decide by this one rule.)

    >>> by_expectation("cauchy"), by_expectation("weibull"), by_expectation("weibull", shared_fixed=False)
    (True, False, True)
    """
    fam = registry.get(name)
    return fam.ef is None or (not shared_fixed and bool(fam.fixed_params))


def entropy_form(name: str) -> sp.Expr:
    """H in the record's own symbols: A − η·E[T] − E[log h] for an exponential family,
    −E[log p] by expectations otherwise.

    >>> entropy_form("exponential")
    1 - log(lam)
    """
    fam = registry.get(name)
    if fam.ef is None:
        return derive_by_expectation(fam.name).entropy
    return derive_entropy(fam.name).entropy

"""The cross-check: closed form against the independent oracle, digit by digit.

For every family, :data:`CASES` lists parameter pairs (P, Q), chosen to
include the hard regimes: shapes below 1 (singular endpoints), near-equal P
and Q (tiny KL, found only by cancellation), very small and very large scales
and rates, probabilities near 0 and 1. Each pair is checked in both
directions, so every case gives two rows (and the entropies of P and Q more).

:func:`check_pair` runs one row live; :func:`klsym.check` (in
:mod:`klsym.references`) checks every row against the oracle's stored values.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import mpmath
import sympy as sp
from mpmath import mp

from .records import registry
from .records.distribution import Distribution, dist
from .exact.divergence import kl_answer
from .verification.floats import kl_value
from .oracle import numeric_kl

__all__ = ["CASES", "CheckRow", "agreed_digits", "cases_for", "check_pair"]

#: family → list of (P parameters, Q parameters, what the case is about)
CASES: dict[str, list[tuple[dict, dict, str]]] = {
    "normal": [
        ({"mu": 0, "sigma": 1}, {"mu": 1, "sigma": 2}, "textbook"),
        ({"mu": 0, "sigma": 1}, {"mu": "1/10^8", "sigma": 1}, "near-equal means"),
        ({"mu": 0, "sigma": 1}, {"mu": 0, "sigma": "1+1/10^7"}, "near-equal scales"),
        ({"mu": "1/3", "sigma": "1/1000"}, {"mu": "1/3", "sigma": "3/1000"}, "tiny scales"),
        ({"mu": -5, "sigma": 1000}, {"mu": 5, "sigma": 3000}, "large scales"),
        ({"mu": -4, "sigma": "1/2"}, {"mu": 6, "sigma": 2}, "far apart"),
    ],
    "lognormal": [
        ({"mu": 0, "sigma": 1}, {"mu": 1, "sigma": 2}, "textbook"),
        ({"mu": 0, "sigma": 3}, {"mu": 1, "sigma": "1/2"}, "heavy right tail"),
        ({"mu": 2, "sigma": "1/5"}, {"mu": 2, "sigma": "1/5+1/10^9"}, "near-equal"),
        ({"mu": -20, "sigma": "1/10"}, {"mu": -19, "sigma": "1/8"}, "mass near 0"),
        ({"mu": 20, "sigma": 1}, {"mu": 21, "sigma": 2}, "mass far out"),
        ({"mu": "1/2", "sigma": 5}, {"mu": 0, "sigma": 4}, "very wide"),
    ],
    "exponential": [
        ({"lam": 1}, {"lam": 2}, "textbook"),
        ({"lam": "1/1000"}, {"lam": "1/999"}, "small rates, near-equal"),
        ({"lam": 10**6}, {"lam": 3 * 10**6}, "huge rates"),
        ({"lam": 1}, {"lam": "1+1/10^9"}, "near-equal"),
        ({"lam": "1/100"}, {"lam": 100}, "rates 10^4 apart"),
        ({"lam": 7}, {"lam": "1/3"}, "moderate"),
    ],
    "gamma": [
        ({"alpha": "3/2", "beta": 2}, {"alpha": 5, "beta": "1/3"}, "moderate"),
        ({"alpha": "1/100", "beta": 2}, {"alpha": "1/3", "beta": "1/3"}, "shape 0.01: singular at 0"),
        ({"alpha": "1/2", "beta": 1}, {"alpha": "1/2", "beta": "1+1/10^8"}, "near-equal, shape < 1"),
        ({"alpha": 1000, "beta": 1000}, {"alpha": 1010, "beta": 1000}, "large shapes"),
        ({"alpha": 2, "beta": 10**6}, {"alpha": 3, "beta": 10**5}, "huge rates"),
        ({"alpha": "1/5", "beta": "1/1000"}, {"alpha": 4, "beta": "1/100"}, "tiny rate, shape < 1"),
    ],
    "inverse_gamma": [
        ({"alpha": 3, "beta": 1}, {"alpha": 2, "beta": 2}, "moderate"),
        ({"alpha": "1/2", "beta": 2}, {"alpha": 3, "beta": "1/3"}, "no mean (alpha < 1)"),
        ({"alpha": "1/10", "beta": "1/10"}, {"alpha": "1/5", "beta": 1}, "very heavy tail"),
        ({"alpha": 5, "beta": 5}, {"alpha": "5+1/10^8", "beta": 5}, "near-equal"),
        ({"alpha": 500, "beta": 1000}, {"alpha": 400, "beta": 900}, "large shapes"),
        ({"alpha": 2, "beta": "1/10^6"}, {"alpha": 2, "beta": "1/10^5"}, "tiny scales"),
    ],
    "beta": [
        ({"alpha": 2, "beta": 3}, {"alpha": 4, "beta": 1}, "moderate"),
        ({"alpha": "1/10", "beta": "1/5"}, {"alpha": "1/2", "beta": 3}, "both ends singular"),
        ({"alpha": "1/2", "beta": "1/2"}, {"alpha": "1/2", "beta": "1/2+1/10^8"}, "arcsine, near-equal"),
        ({"alpha": 1000, "beta": 2000}, {"alpha": 1100, "beta": 2000}, "large shapes"),
        ({"alpha": "1/100", "beta": 1}, {"alpha": "1/50", "beta": 2}, "shape 0.01"),
        ({"alpha": 1, "beta": 1}, {"alpha": 3, "beta": "1/3"}, "uniform P"),
    ],
    "chi_squared": [
        ({"k": 3}, {"k": 5}, "moderate"),
        ({"k": 1}, {"k": 2}, "singular at 0"),
        ({"k": "1/10"}, {"k": "1/2"}, "k < 1"),
        ({"k": 10}, {"k": "10+1/10^8"}, "near-equal"),
        ({"k": 1000}, {"k": 1100}, "many degrees"),
        ({"k": 2}, {"k": 50}, "far apart"),
    ],
    "rayleigh": [
        ({"sigma": 1}, {"sigma": 2}, "moderate"),
        ({"sigma": "1/10^4"}, {"sigma": "3/10^4"}, "tiny scale"),
        ({"sigma": 10**5}, {"sigma": 10**4}, "huge scale"),
        ({"sigma": 1}, {"sigma": "1+1/10^9"}, "near-equal"),
        ({"sigma": 3}, {"sigma": "1/3"}, "Q narrower"),
        ({"sigma": 7}, {"sigma": 70}, "Q wider"),
    ],
    "half_normal": [
        ({"sigma": 1}, {"sigma": 2}, "moderate"),
        ({"sigma": "1/10^5"}, {"sigma": "1/10^4"}, "tiny scale"),
        ({"sigma": 10**6}, {"sigma": 2 * 10**6}, "huge scale"),
        ({"sigma": 1}, {"sigma": "1+1/10^9"}, "near-equal"),
        ({"sigma": 5}, {"sigma": "1/5"}, "Q narrower"),
        ({"sigma": "3/7"}, {"sigma": "7/3"}, "rational"),
    ],
    "inverse_gaussian": [
        ({"mu": 1, "lam": 2}, {"mu": 3, "lam": "1/2"}, "moderate"),
        ({"mu": 1, "lam": "1/100"}, {"mu": 2, "lam": "1/10"}, "small shape: mass at 0 and heavy tail"),
        ({"mu": 5, "lam": 1000}, {"mu": 5, "lam": 1001}, "large shape, near-equal"),
        ({"mu": 1, "lam": 1}, {"mu": "1+1/10^8", "lam": 1}, "near-equal means"),
        ({"mu": "1/1000", "lam": "1/100"}, {"mu": "1/500", "lam": "1/50"}, "small scale"),
        ({"mu": 100, "lam": 10}, {"mu": 10, "lam": 100}, "far apart"),
    ],
    "weibull": [
        ({"k": 2, "lam": 1}, {"k": 2, "lam": 2}, "textbook (Rayleigh shape)"),
        ({"k": "1/2", "lam": 1}, {"k": "1/2", "lam": 3}, "shape < 1: singular at 0, heavy tail"),
        ({"k": "1/10", "lam": 1}, {"k": "1/10", "lam": "1/2"}, "shape 0.1: extremely wide"),
        ({"k": 10, "lam": 1}, {"k": 10, "lam": "1+1/10^8"}, "near-equal, peaked"),
        ({"k": 3, "lam": "1/10^6"}, {"k": 3, "lam": "3/10^6"}, "tiny scales"),
        ({"k": "5/2", "lam": 10**5}, {"k": "5/2", "lam": 10**4}, "huge scales"),
        ({"k": 2, "lam": 1}, {"k": 3, "lam": 2}, "different shapes k"),
        ({"k": "1/2", "lam": 1}, {"k": 3, "lam": 2}, "shape 1/2 against 3: heavy against light tail"),
        ({"k": 10, "lam": 1}, {"k": "1/2", "lam": 1}, "shapes 20 apart: E[X^10] under k = 1/2 is 20!"),
        ({"k": 2, "lam": 1}, {"k": "2+1/10^8", "lam": 1}, "near-equal shapes"),
        ({"k": "3/2", "lam": "1/10^4"}, {"k": "5/2", "lam": "2/10^4"}, "different shapes, tiny scales"),
    ],
    "pareto": [
        ({"xm": 1, "alpha": 3}, {"xm": 1, "alpha": 2}, "textbook"),
        ({"xm": 1, "alpha": "1/10"}, {"xm": 1, "alpha": "1/2"}, "no mean: very heavy tail"),
        ({"xm": "1/1000", "alpha": 5}, {"xm": "1/1000", "alpha": "5+1/10^8"}, "near-equal, small scale"),
        ({"xm": 10**6, "alpha": 2}, {"xm": 10**6, "alpha": 4}, "large scale"),
        ({"xm": 2, "alpha": 100}, {"xm": 2, "alpha": 50}, "large shapes: mass at xm"),
        ({"xm": 1, "alpha": 1}, {"xm": 1, "alpha": "1/100"}, "shapes 100 apart"),
        ({"xm": 2, "alpha": 2}, {"xm": 1, "alpha": 3}, "larger xm for P: support inside"),
        ({"xm": "1+1/10^8", "alpha": 3}, {"xm": 1, "alpha": 3}, "xm near-equal"),
        ({"xm": 10**6, "alpha": "1/10"}, {"xm": 1, "alpha": 5}, "xm 10^6 apart, heavy tail"),
        ({"xm": 3, "alpha": 50}, {"xm": "1/1000", "alpha": "1/2"}, "mass at xm_p, far inside"),
    ],
    "laplace": [
        ({"mu": 0, "b": 1}, {"mu": 0, "b": 2}, "textbook"),
        ({"mu": 3, "b": "1/10^6"}, {"mu": 3, "b": "2/10^6"}, "tiny scales"),
        ({"mu": -5, "b": 10**5}, {"mu": -5, "b": 10**6}, "huge scales"),
        ({"mu": "1/3", "b": 1}, {"mu": "1/3", "b": "1+1/10^9"}, "near-equal"),
        ({"mu": 0, "b": 5}, {"mu": 0, "b": "1/5"}, "Q narrower"),
        ({"mu": 1000, "b": "7/3"}, {"mu": 1000, "b": "3/7"}, "location far from 0"),
        ({"mu": 0, "b": 1}, {"mu": 1, "b": 2}, "different locations"),
        ({"mu": 0, "b": "1/10^6"}, {"mu": "1/10^5", "b": "1/10^6"}, "kinks ten scales apart"),
        ({"mu": -3, "b": 100}, {"mu": 3, "b": "1/100"}, "wide P, narrow Q elsewhere"),
        ({"mu": "1/3", "b": 1}, {"mu": "1/3+1/10^9", "b": 1}, "near-equal locations"),
        ({"mu": 1000, "b": 2}, {"mu": -1000, "b": 3}, "far apart"),
    ],
    "chi": [
        ({"k": 3}, {"k": 5}, "moderate"),
        ({"k": 1}, {"k": 2}, "half-normal vs Rayleigh"),
        ({"k": "1/10"}, {"k": "1/2"}, "k < 1: singular at 0"),
        ({"k": 10}, {"k": "10+1/10^8"}, "near-equal"),
        ({"k": 1000}, {"k": 1100}, "many degrees"),
        ({"k": 2}, {"k": 50}, "far apart"),
    ],
    "maxwell": [
        ({"a": 1}, {"a": 2}, "moderate"),
        ({"a": "1/10^4"}, {"a": "3/10^4"}, "tiny scale"),
        ({"a": 10**5}, {"a": 10**4}, "huge scale"),
        ({"a": 1}, {"a": "1+1/10^9"}, "near-equal"),
        ({"a": 3}, {"a": "1/3"}, "Q narrower"),
        ({"a": 7}, {"a": 70}, "Q wider"),
    ],
    "beta_prime": [
        ({"alpha": 2, "beta": 3}, {"alpha": 4, "beta": 1}, "moderate"),
        ({"alpha": "1/10", "beta": "1/5"}, {"alpha": "1/2", "beta": 3}, "singular at 0 and very heavy tail"),
        ({"alpha": "1/2", "beta": "1/2"}, {"alpha": "1/2", "beta": "1/2+1/10^8"}, "near-equal, no mean"),
        ({"alpha": 1000, "beta": 2000}, {"alpha": 1100, "beta": 2000}, "large shapes"),
        ({"alpha": "1/100", "beta": 1}, {"alpha": "1/50", "beta": 2}, "shape 0.01"),
        ({"alpha": 1, "beta": 1}, {"alpha": 3, "beta": "1/3"}, "shapes one"),
    ],
    "nakagami": [
        ({"m": 2, "omega": 1}, {"m": 3, "omega": 2}, "moderate"),
        ({"m": "1/2", "omega": 1}, {"m": 1, "omega": "1/2"}, "m = 1/2 (half-normal) vs Rayleigh"),
        ({"m": 5, "omega": 1}, {"m": 5, "omega": "1+1/10^8"}, "near-equal"),
        ({"m": 1000, "omega": 1}, {"m": 1100, "omega": 1}, "large shapes"),
        ({"m": "3/4", "omega": "1/10^6"}, {"m": 1, "omega": "2/10^6"}, "tiny spread"),
        ({"m": 1, "omega": 10**6}, {"m": 2, "omega": 10**5}, "huge spread"),
    ],
    "uniform": [
        ({"a": 0, "b": 1}, {"a": -1, "b": 3}, "nested"),
        ({"a": 0, "b": 1}, {"a": "-1/10^12", "b": "1+1/10^12"}, "nested with tiny gaps"),
        ({"a": 0, "b": 1}, {"a": 0, "b": 1}, "equal: closed ends touch"),
        ({"a": "1/3", "b": "1/3+1/10^15"}, {"a": 0, "b": 1}, "tiny width"),
        ({"a": -10**9, "b": 10**9}, {"a": -10**10, "b": 10**10}, "huge widths"),
        ({"a": 0, "b": 2}, {"a": 1, "b": 3}, "overlapping, not nested"),
    ],
    "cauchy": [
        ({"x0": 0, "gamma": 1}, {"x0": 3, "gamma": 2}, "moderate"),
        ({"x0": 0, "gamma": 1}, {"x0": 10**4, "gamma": 1}, "far apart: heavy tails"),
        ({"x0": 0, "gamma": "1/10^6"}, {"x0": 0, "gamma": 10**6}, "scales 10^12 apart"),
        ({"x0": "1/3", "gamma": 1}, {"x0": "1/3+1/10^8", "gamma": 1}, "near-equal locations"),
        ({"x0": 0, "gamma": 1}, {"x0": 0, "gamma": "1+1/10^9"}, "near-equal scales"),
        ({"x0": -50, "gamma": "1/100"}, {"x0": 50, "gamma": 100}, "far apart, different scales"),
    ],
    "gumbel": [
        ({"mu": 0, "beta": 1}, {"mu": 2, "beta": 3}, "moderate"),
        ({"mu": 0, "beta": "1/10^6"}, {"mu": "1/10^6", "beta": "2/10^6"}, "tiny scales"),
        ({"mu": 0, "beta": 10**6}, {"mu": 0, "beta": 10**6 + 1}, "huge scales, near-equal"),
        ({"mu": 1, "beta": 1}, {"mu": "1+1/10^9", "beta": 1}, "near-equal locations"),
        ({"mu": 0, "beta": 1}, {"mu": -20, "beta": 1}, "Q far left: exp(20) in the closed form"),
        ({"mu": 5, "beta": 10}, {"mu": 0, "beta": 1}, "Q ten times narrower"),
    ],
    "bernoulli": [
        ({"p": "1/3"}, {"p": "1/2"}, "moderate"),
        ({"p": "1/2"}, {"p": "1/10^20"}, "q below machine epsilon"),
        ({"p": "1/10^12"}, {"p": "2/10^12"}, "both tiny"),
        ({"p": "1-1/10^10"}, {"p": "1/2"}, "p near 1"),
        ({"p": "1/2"}, {"p": "1/2+1/10^9"}, "near-equal"),
        ({"p": "99/100"}, {"p": "1/100"}, "far apart"),
    ],
    "binomial": [
        ({"n": 20, "p": "1/3"}, {"n": 20, "p": "1/2"}, "moderate"),
        ({"n": 50, "p": "1/10^6"}, {"n": 50, "p": "1/10^3"}, "p near 0"),
        ({"n": 200, "p": "1-1/10^8"}, {"n": 200, "p": "9/10"}, "p near 1"),
        ({"n": 10, "p": "1/2"}, {"n": 10, "p": "1/2+1/10^9"}, "near-equal"),
        ({"n": 1000, "p": "1/4"}, {"n": 1000, "p": "1/5"}, "many trials"),
        ({"n": 3, "p": "1/2"}, {"n": 5, "p": "1/3"}, "different n (exact sum)"),
    ],
    "poisson": [
        ({"lam": 3}, {"lam": 5}, "moderate"),
        ({"lam": 1000}, {"lam": 1010}, "large rates"),
        ({"lam": "1/10^6"}, {"lam": "1/10^3"}, "tiny rates"),
        ({"lam": 10}, {"lam": "10+1/10^8"}, "near-equal"),
        ({"lam": 20000}, {"lam": 19000}, "huge rates"),
        ({"lam": "1/2"}, {"lam": 30}, "far apart"),
    ],
    "geometric": [
        ({"p": "1/4"}, {"p": "1/2"}, "moderate"),
        ({"p": "1/100"}, {"p": "1/50"}, "p near 0: long tail"),
        ({"p": "1-1/10^9"}, {"p": "1/2"}, "p near 1"),
        ({"p": "1/3"}, {"p": "1/3+1/10^9"}, "near-equal"),
        ({"p": "999/1000"}, {"p": "998/1000"}, "both near 1"),
        ({"p": "1/2"}, {"p": "1/200"}, "far apart"),
        ({"p": "1/10^6"}, {"p": "2/10^6"}, "p = 1e-6: mean 10^6 (Euler-Maclaurin in the oracle)"),
    ],
    "negative_binomial": [
        ({"r": 3, "p": "1/2"}, {"r": 3, "p": "1/3"}, "moderate"),
        ({"r": "1/2", "p": "1/3"}, {"r": "1/2", "p": "1/2"}, "r < 1"),
        ({"r": 50, "p": "1/10"}, {"r": 50, "p": "1/9"}, "large mean"),
        ({"r": 2, "p": "1-1/10^8"}, {"r": 2, "p": "1/2"}, "p near 1"),
        ({"r": 5, "p": "1/2"}, {"r": 5, "p": "1/2+1/10^9"}, "near-equal"),
        ({"r": 1000, "p": "9/10"}, {"r": 1000, "p": "8/10"}, "large r"),
        ({"r": 3, "p": "1/2"}, {"r": 5, "p": "1/2"}, "different r (closed part + series)"),
        ({"r": "1/2", "p": "1/3"}, {"r": 2, "p": "1/4"}, "different r, r < 1"),
        ({"r": 100, "p": "1/10"}, {"r": 101, "p": "1/10"}, "different r, large mean"),
        ({"r": 2, "p": "1/1000"}, {"r": 3, "p": "1/500"}, "different r, long tail (mean 2000)"),
        ({"r": 10, "p": "9/10"}, {"r": "10+1/10^8", "p": "9/10"}, "near-equal r"),
    ],
    "categorical": [
        ({"p": ["1/2", "1/3", "1/6"]}, {"p": ["1/3", "1/3", "1/3"]}, "three categories"),
        ({"p": ["1/2", "1/2"]}, {"p": ["1-1/10^15", "1/10^15"]}, "one q near 0"),
        ({"p": ["1/10^12", "1-1/10^12"]}, {"p": ["1/2", "1/2"]}, "one p near 0"),
        ({"p": ["1/4"] * 4}, {"p": ["1/4+1/10^9", "1/4-1/10^9", "1/4", "1/4"]}, "near-equal"),
        ({"p": [f"1/{2**k}" for k in range(1, 10)] + ["1/512"]}, {"p": ["1/10"] * 10}, "ten categories"),
        ({"p": ["1/3", "0", "2/3"]}, {"p": ["1/6", "1/6", "2/3"]}, "a zero in p"),
    ],
    "continuous_bernoulli": [
        ({"lam": "1/3"}, {"lam": "3/4"}, "moderate"),
        ({"lam": "1/2"}, {"lam": "1/5"}, "P at lam = 1/2 (removable singularity of A)"),
        ({"lam": "1/2"}, {"lam": "1/2+1/10^9"}, "at and next to 1/2, near-equal"),
        ({"lam": "1/2-1/10^9"}, {"lam": "1/2+1/10^9"}, "either side of 1/2"),
        ({"lam": "1/10^10"}, {"lam": "1/2"}, "lam near 0 against the uniform"),
        ({"lam": "1-1/10^10"}, {"lam": "1/10^10"}, "near 1 against near 0"),
        ({"lam": "1/10^10"}, {"lam": "2/10^10"}, "both near 0"),
    ],
    "von_mises": [
        ({"mu": 0, "kappa": 2}, {"mu": 1, "kappa": 5}, "moderate"),
        ({"mu": "1/2", "kappa": "1/10^6"}, {"mu": -1, "kappa": "1/1000"}, "tiny concentrations: nearly uniform"),
        ({"mu": 1, "kappa": 10**6}, {"mu": "1+1/1000", "kappa": 10**5}, "huge concentrations"),
        ({"mu": -2, "kappa": 10**4}, {"mu": -2, "kappa": "10000+1/10^4"}, "large, near-equal concentrations"),
        ({"mu": "1/3", "kappa": 3}, {"mu": "1/3+1/10^8", "kappa": 3}, "near-equal directions"),
        ({"mu": "-3/2", "kappa": 4}, {"mu": "8/5", "kappa": 4}, "directions 3.1 apart (near pi)"),
        ({"mu": 0, "kappa": 10}, {"mu": 3, "kappa": "1/2"}, "Q's direction near the end of [-pi, pi]"),
        ({"mu": "pi", "kappa": 10**4}, {"mu": 3, "kappa": 10**4}, "mu = pi: P's mass at both ends of [-pi, pi]"),
    ],
    "logarithmic": [
        ({"p": "1/2"}, {"p": "1/3"}, "moderate"),
        ({"p": "1/10^10"}, {"p": "1/10^9"}, "tiny p: almost all mass at 1"),
        ({"p": "1-1/10^6"}, {"p": "9/10"}, "p near 1: mean 72000 (Euler-Maclaurin in the oracle)"),
        ({"p": "1/2"}, {"p": "1/2+1/10^9"}, "near-equal"),
        ({"p": "99/100"}, {"p": "1/100"}, "far apart"),
        ({"p": "999/1000"}, {"p": "9999/10000"}, "both near 1"),
        ({"p": "1/10^300"}, {"p": "9/10"}, "p = 10^-300: log(-log(1 - p)), which SymPy's evalf gets wrong"),
    ],
    "zeta": [
        ({"s": 2}, {"s": 3}, "moderate"),
        ({"s": "21/20"}, {"s": "3/2"}, "s = 1.05: very heavy tail (Euler-Maclaurin in the oracle)"),
        ({"s": "3/2"}, {"s": 2}, "no mean"),
        ({"s": 20}, {"s": 25}, "almost all mass at 1"),
        ({"s": 3}, {"s": "3+1/10^9"}, "near-equal"),
        ({"s": "101/100"}, {"s": "21/20"}, "s = 1.01 against 1.05"),
    ],
    # multivariate rows: the oracle integrates over P's independent variables
    # (klsym.oracle.coordinates), one at a time, in any dimension
    "multivariate_normal": [
        ({"mu": [0], "Sigma": [[1]]}, {"mu": [1], "Sigma": [[4]]}, "d = 1 textbook"),
        ({"mu": [3], "Sigma": [[2]]}, {"mu": [3], "Sigma": [["2+1/10^8"]]}, "d = 1 near-equal"),
        ({"mu": [0, 0], "Sigma": [[1, 0], [0, 1]]}, {"mu": [1, 2], "Sigma": [[2, 1], [1, 3]]}, "d = 2 correlated"),
        ({"mu": [0, 0], "Sigma": [[1, "1-1/10^6"], ["1-1/10^6", 1]]}, {"mu": ["1/2", 0], "Sigma": [[1, 0], [0, 1]]},
         "d = 2 near-singular covariance"),
        ({"mu": [0, 0, 1], "Sigma": [[2, 1, 0], [1, 2, 1], [0, 1, 2]]},
         {"mu": [1, 2, 0], "Sigma": [[3, 0, 0], [0, 1, 0], [0, 0, 2]]}, "d = 3 correlated"),
        ({"mu": [0, 0, 0], "Sigma": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]},
         {"mu": ["1/10^8", 0, 0], "Sigma": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}, "d = 3 near-equal means"),
        ({"mu": [0, 0, 0], "Sigma": [["1/10^6", 0, 0], [0, 1, 0], [0, 0, "10^6"]]},
         {"mu": [1, 1, 1], "Sigma": [[1, "1/2", 0], ["1/2", 1, 0], [0, 0, 1]]}, "d = 3 scales 10^12 apart"),
        ({"mu": [0, 0, 0, 0], "Sigma": [[1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0], [0, 0, 0, 4]]},
         {"mu": [1, 0, -1, 0],
          "Sigma": [[1, "1/2", "1/3", "1/4"], ["1/2", 1, "1/2", "1/3"], ["1/3", "1/2", 1, "1/2"], ["1/4", "1/3", "1/2", 1]]},
         "d = 4, Q's correlations 1/(1 + |i - j|)"),
    ],
    "dirichlet": [
        ({"alpha": [2, 3]}, {"alpha": [4, 1]}, "K = 2 moderate"),
        ({"alpha": ["1/10", "1/5"]}, {"alpha": ["1/2", 3]}, "K = 2 small alpha: both ends singular"),
        ({"alpha": ["1/2", "1/2"]}, {"alpha": ["1/2", "1/2+1/10^8"]}, "K = 2 near-equal"),
        ({"alpha": [1000, 2000]}, {"alpha": [1100, 2000]}, "K = 2 large alpha"),
        ({"alpha": [1, 2, 3]}, {"alpha": [2, 2, 2]}, "K = 3 moderate"),
        ({"alpha": [1, 1, 1]}, {"alpha": [1, "3/2", 8]}, "K = 3 uniform vs concentrated"),
        ({"alpha": [3, 4, 5]}, {"alpha": [3, 4, "5+1/10^6"]}, "K = 3 near-equal"),
        ({"alpha": ["1/10", "1/5", "1/2"]}, {"alpha": [1, 1, 1]},
         "K = 3 small alpha: singular at every edge"),
        ({"alpha": [1, 2, 3, 4]}, {"alpha": [4, 3, 2, 1]},
         "K = 4 reversed"),
        ({"alpha": ["1/10", "1/2", 2, "1/3", 5]}, {"alpha": [1, 1, 1, 1, 1]},
         "K = 5 mixed"),
        ({"alpha": [1] * 10}, {"alpha": [1] * 9 + ["1+1/10^6"]},
         "K = 10 near-equal"),
    ],
    # exact sums over every count vector
    "multinomial": [
        ({"n": 5, "p": ["1/2", "1/3", "1/6"]}, {"n": 5, "p": ["1/3", "1/3", "1/3"]}, "K = 3 moderate"),
        ({"n": 10, "p": ["1/4", "3/4"]}, {"n": 10, "p": ["1/2", "1/2"]}, "K = 2 (binomial)"),
        ({"n": 4, "p": ["1/4", "1/4", "1/2"]}, {"n": 4, "p": ["1/4+1/10^9", "1/4-1/10^9", "1/2"]}, "near-equal"),
        ({"n": 6, "p": ["1/10^12", "1/2", "1/2-1/10^12"]}, {"n": 6, "p": ["1/3", "1/3", "1/3"]}, "p near 0"),
        ({"n": 8, "p": ["1/10", "2/10", "3/10", "4/10"]}, {"n": 8, "p": ["1/4", "1/4", "1/4", "1/4"]}, "K = 4"),
        ({"n": 3, "p": ["1/2", "1/2"]}, {"n": 5, "p": ["1/2", "1/2"]}, "different n: disjoint supports"),
        ({"n": 4, "p": ["1/3", "0", "2/3"]}, {"n": 4, "p": ["1/6", "1/6", "2/3"]}, "a zero in p"),
    ],
    "wishart": [
        ({"nu": 3, "V": [[1]]}, {"nu": 5, "V": [["1/3"]]}, "d = 1 moderate"),
        ({"nu": "1/10", "V": [[2]]}, {"nu": "1/3", "V": [[2]]}, "d = 1 nu near d - 1 = 0"),
        ({"nu": 4, "V": [[1]]}, {"nu": 4, "V": [["1+1/10^8"]]}, "d = 1 near-equal"),
        ({"nu": 2000, "V": [[1]]}, {"nu": 2020, "V": [[1]]}, "d = 1 large nu"),
        ({"nu": 4, "V": [["1/10^6"]]}, {"nu": 6, "V": [["1/10^5"]]}, "d = 1 tiny scale"),
        ({"nu": "1/2", "V": [[10**6]]}, {"nu": 8, "V": [[1000]]}, "d = 1 huge scale, nu < 1"),
        ({"nu": 4, "V": [[2, 1], [1, 2]]}, {"nu": 5, "V": [[1, 0], [0, 3]]},
         "d = 2 correlated"),
        ({"nu": "11/10", "V": [[1, 0], [0, 1]]}, {"nu": 3, "V": [[2, "1/2"], ["1/2", 1]]},
         "d = 2 nu near d - 1 = 1"),
        ({"nu": 6, "V": [[1, "1/2"], ["1/2", 1]]}, {"nu": 6, "V": [[1, "1/2+1/10^8"], ["1/2+1/10^8", 1]]},
         "d = 2 near-equal"),
        ({"nu": 5, "V": [[2, 1, 0], [1, 2, 1], [0, 1, 2]]}, {"nu": "7/2", "V": [[1, 0, 0], [0, 3, 0], [0, 0, 1]]},
         "d = 3 correlated"),
        ({"nu": 4, "V": [["1/1000", 0, 0], [0, 1, 0], [0, 0, 1000]]}, {"nu": 4, "V": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]},
         "d = 3 scales 10^6 apart"),
    ],
    "inverse_wishart": [
        ({"nu": 6, "Psi": [[2]]}, {"nu": 4, "Psi": [[4]]}, "d = 1 moderate"),
        ({"nu": "1/10", "Psi": [[1]]}, {"nu": "1/5", "Psi": [[2]]}, "d = 1 nu near d - 1 = 0: very heavy tail"),
        ({"nu": 10, "Psi": [[10]]}, {"nu": "10+1/10^8", "Psi": [[10]]}, "d = 1 near-equal"),
        ({"nu": 1000, "Psi": [[2000]]}, {"nu": 800, "Psi": [[1800]]}, "d = 1 large nu"),
        ({"nu": 4, "Psi": [["2/10^6"]]}, {"nu": 4, "Psi": [["2/10^5"]]}, "d = 1 tiny scale"),
        ({"nu": 3, "Psi": [[10**6]]}, {"nu": "1/2", "Psi": [[1]]}, "d = 1 huge scale"),
        ({"nu": 4, "Psi": [[2, 1], [1, 2]]}, {"nu": 5, "Psi": [[1, 0], [0, 3]]},
         "d = 2 correlated"),
        ({"nu": "21/10", "Psi": [[1, "1/2"], ["1/2", 1]]}, {"nu": 6, "Psi": [[3, 0], [0, "1/3"]]},
         "d = 2 nu near d - 1: heavy tail"),
        ({"nu": 6, "Psi": [[2, 1, 0], [1, 2, 1], [0, 1, 2]]}, {"nu": "9/2", "Psi": [[1, 0, 0], [0, 2, 0], [0, 0, 3]]},
         "d = 3 correlated"),
    ],
    "normal_gamma": [
        ({"mu": 0, "lam": 1, "alpha": 2, "beta": 1}, {"mu": 1, "lam": 2, "alpha": 3, "beta": 2}, "moderate"),
        ({"mu": 0, "lam": 1, "alpha": 2, "beta": 1}, {"mu": "1/10^6", "lam": 1, "alpha": 2, "beta": 1},
         "near-equal means"),
        ({"mu": 1, "lam": "1/2", "alpha": "1/2", "beta": 2}, {"mu": 0, "lam": 1, "alpha": 1, "beta": 1},
         "small shape: tau singular at 0"),
        ({"mu": 0, "lam": 1, "alpha": 50, "beta": 50}, {"mu": 0, "lam": 1, "alpha": 60, "beta": 50}, "large shapes"),
        ({"mu": 3, "lam": "1/100", "alpha": 3, "beta": 1}, {"mu": -3, "lam": "1/10", "alpha": 3, "beta": 2},
         "small lam: wide in x"),
        ({"mu": 0, "lam": 10, "alpha": 5, "beta": "1/10"}, {"mu": 2, "lam": 1, "alpha": 2, "beta": 10}, "far apart"),
    ],
}


def _parse_entry(val):
    if isinstance(val, list):
        return [_parse_entry(v) for v in val]
    return sp.Rational(sp.sympify(val)) if not isinstance(val, str) or "sqrt" not in val else sp.sympify(val)


def _parse(params: dict) -> dict:
    return {k: (_parse_entry(val) if isinstance(val, list) else sp.sympify(val)) for k, val in params.items()}


def cases_for(family: str) -> list[tuple[Distribution, Distribution, str]]:
    """The check's (P, Q, label) cases for one family."""
    registry.get(family)
    if family not in CASES:
        raise ValueError(f"no check cases for {family}")
    return [(dist(family, **_parse(a)), dist(family, **_parse(b)), label) for a, b, label in CASES[family]]


@dataclass(frozen=True)
class CheckRow:
    """One comparison: the closed form against the oracle's value (stored or live)
    for KL(P‖Q) (``quantity`` "kl") or the entropy H(P) ("entropy", ``q`` None)."""

    family: str
    p: Distribution
    q: Distribution | None
    label: str
    closed: mpmath.mpf
    numeric: mpmath.mpf
    error_estimate: mpmath.mpf
    digits: float  # significant digits on which the two agree
    seconds: float
    quantity: str = "kl"
    #: True when the oracle's value was computed in this run, False when it was read from the store
    live: bool = True
    #: what the closed form raised, when it did (the row fails)
    problem: str | None = None
    #: why the oracle's value is known to be wrong (see klsym.references.store.KNOWN_PROBLEMS)
    known_problem: str | None = None

    def ok(self, required: float) -> bool:
        return self.problem is None and self.digits >= required

    @property
    def what(self) -> str:
        return f"KL({self.p} ‖ {self.q})" if self.quantity == "kl" else f"H({self.p})"

    def as_text(self, dps: int = 20) -> str:
        d = "exact" if math.isinf(self.digits) else f"{self.digits:5.1f}"
        value = self.problem if self.problem else mpmath.nstr(self.closed, dps)
        return f"{self.family:18s} {self.what}  {value}  digits {d}"


def agreed_digits(a: mpmath.mpf, b: mpmath.mpf) -> float:
    """Significant digits on which a and b agree (inf when equal; 0 when one is
    infinite or not a number)."""
    if a == b:
        return math.inf
    if mpmath.isinf(a) or mpmath.isinf(b) or mpmath.isnan(a) or mpmath.isnan(b):
        return 0.0
    scale = max(abs(a), abs(b))
    return float(-mpmath.log10(abs(a - b) / scale))


def check_pair(p: Distribution, q: Distribution, label: str = "", dps: int = 30) -> CheckRow:
    """KL(P‖Q) by the closed form and by the oracle, computed now (one live row)."""
    t0 = time.perf_counter()
    answer = kl_answer(p, q)
    with mp.workdps(dps + 20):
        closed = kl_value(p, q, dps + 20, answer.value)
        result = numeric_kl(p, q, dps=dps)
        digits = min(agreed_digits(closed, result.value), float(dps) + 0.0) if closed != result.value else math.inf
    return CheckRow(p.family, p, q, label, closed, result.value, result.error, digits, time.perf_counter() - t0)

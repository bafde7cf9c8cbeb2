"""klsym: Kullback–Leibler divergences, derived by SymPy from family records and
checked against an independent mpmath oracle.

>>> import klsym
>>> p = klsym.dist("normal", mu=0, sigma=1)
>>> q = klsym.dist("normal", mu=1, sigma=2)
>>> klsym.kl(p, q)
-1/4 + log(2)
>>> klsym.kl(p, q).evalf(20)
0.44314718055994530942
>>> klsym.renyi(p, q, "1/2")  # and bhattacharyya, hellinger, chi_square, jeffreys
-log(2) + 1/10 + log(5/2)
"""

from .references import check
from .records.distribution import Distribution, dist
from .exact.divergence import infinite_reason, kl, reverse_kl
from .exact.entropy import cross_entropy, entropy
from .verification.floats import divergence_float, kl_float, kl_float_array
from .oracle import NumericResult, numeric_kl
from .exact.renyi import bhattacharyya, chi_square, divergence_reason, hellinger, jeffreys, renyi
from .oracle.divergences import numeric_divergence
from .records.mixture import Mixture, mixture
from .fit.project import Projection, project
from .fit.bounds import KLBounds, kl_bounds
from .records.registry import names as families
from .derive.pairs import PairDerivation, Verdict, pair
from .verification.verifier import Report, verify, verify_pairs

__all__ = [
    "renyi",
    "numeric_divergence",
    "divergence_float",
    "jeffreys",
    "hellinger",
    "chi_square",
    "bhattacharyya",
    "divergence_reason",
    "Distribution",
    "Mixture",
    "NumericResult",
    "check",
    "cross_entropy",
    "dist",
    "entropy",
    "families",
    "infinite_reason",
    "KLBounds",
    "kl",
    "kl_float",
    "kl_bounds",
    "kl_float_array",
    "mixture",
    "numeric_kl",
    "pair",
    "PairDerivation",
    "project",
    "Projection",
    "Report",
    "reverse_kl",
    "Verdict",
    "verify",
    "verify_pairs",
]

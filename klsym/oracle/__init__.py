"""The independent numeric oracle: KL, cross-entropy and expectations by mpmath
quadrature and summation of the records' log-densities.

It imports the family records and the Distribution type, and nothing of the
closed-form side (:mod:`klsym.derive`, :mod:`klsym.exact`): the two routes
of every cross-check share no code (a test reads the imports).

* :mod:`.density`: log-densities as mpmath functions; the line maps;
* :mod:`.quadrature`: the one quadrature driver;
* :mod:`.sums`: outward summation with tail bounds and Euler–Maclaurin;
* :mod:`.univariate`, :mod:`.multivariate` (with :mod:`.coordinates`): the routes;
* :mod:`.api`: :func:`numeric_kl` and :func:`numeric_cross_entropy`;
* :mod:`.limits`: the work limits and the error raised at them.
"""

from .api import numeric_cross_entropy, numeric_kl
from .limits import MAX_COUNTS, MAX_DPS, MAX_EXTRA_DIGITS, MAX_PANELS, MAX_SUM_EXTRA_DIGITS, MAX_SUM_WORK_DIGITS, MAX_WORK_DIGITS
from .result import NumericResult
from .univariate import expectation

__all__ = [
    "NumericResult", "expectation", "numeric_cross_entropy", "numeric_kl",
    "MAX_DPS", "MAX_EXTRA_DIGITS", "MAX_SUM_EXTRA_DIGITS", "MAX_WORK_DIGITS", "MAX_SUM_WORK_DIGITS", "MAX_PANELS", "MAX_COUNTS",
]

"""The catalogue of family records. A new family is one record in one of these
modules, added to that module's ``RECORDS``:

* ``continuous``: continuous exponential families, with no fixed parameter;
* ``shape_fixed``: families that are exponential once a shape, scale or location
  parameter is fixed, shared by P and Q (Weibull ``k``, Pareto ``xm``, Laplace ``mu``);
* ``transformed``: laws of a transform (log, logit, folding) of another family;
* ``non_exponential``: continuous families outside the exponential class;
* ``discrete``: univariate discrete families, except those of ``finite``;
* ``finite``: discrete families on a finite support with no log-partition (exact sums);
* ``multivariate``: as named.
"""

from .continuous import RECORDS as CONTINUOUS
from .discrete import RECORDS as DISCRETE
from .finite import RECORDS as FINITE
from .multivariate import RECORDS as MULTIVARIATE
from .non_exponential import RECORDS as NON_EXPONENTIAL
from .shape_fixed import RECORDS as SHAPE_FIXED
from .transformed import RECORDS as TRANSFORMED

ALL = CONTINUOUS + SHAPE_FIXED + TRANSFORMED + NON_EXPONENTIAL + DISCRETE + FINITE + MULTIVARIATE

__all__ = ["ALL", "CONTINUOUS", "DISCRETE", "FINITE", "MULTIVARIATE", "NON_EXPONENTIAL", "SHAPE_FIXED", "TRANSFORMED"]

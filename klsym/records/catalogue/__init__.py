"""The catalogue of family records. A new family is one record in one of these
modules, added to that module's ``RECORDS``:

* ``continuous`` and ``gamma_powers`` (the laws of a power of a gamma variable): continuous
  exponential families, with no fixed parameter;
* ``shape_fixed``: families that are exponential once a shape or scale parameter is fixed,
  shared by P and Q (Weibull ``k``, Lomax ``lam``); ``location_fixed``: once a location is fixed
  (Pareto ``xm``, Laplace ``mu``); ``support_fixed``: once the ends of the support are fixed
  (truncated normal and four-parameter beta ``a``, ``b``);
* ``transformed``: laws of a transform (log, logit, folding) of another family;
* ``non_exponential``: continuous families outside the exponential class;
* ``discrete``: univariate discrete families, except those of ``finite``;
* ``finite``: discrete families on a finite support with no log-partition (exact sums);
* multivariate families, by what the variable is: ``normal_laws`` (a normal vector, or a
  bijection of one, or one with a gamma scale), ``normal_scale_matrices`` (a normal vector with
  its Wishart precision or inverse-Wishart covariance), ``simplex`` (a point of the simplex, with
  index-sum parameters), ``count_vectors`` (a vector of counts), ``matrices`` (a symmetric
  positive definite matrix), ``rectangular`` (a d x k matrix; its parameter kinds in
  ``rectangular_kinds``), ``sphere`` (a point of the unit sphere; the unit-vector kind). These records write their log-density (it is not derived from
  the parts as for the univariate exponential families): the index-sum and matrix forms of
  η·T − A(η(θ)) do not reduce by themselves (Σ_i with KroneckerDelta, inverses of inverses
  inside determinants), and the multivariate oracle compiles the written form, whose
  completed squares ((x − mu)ᵀ Sigma⁻¹ (x − mu)) lose no digits far from the origin. The
  tests check each written log-density against its exponential-family parts.

In every module each record block defines its own parameter symbols (a test reads the file
and refuses a symbol used outside the block that defines it); symbols meant to be shared
are defined above the first block or imported (the index symbols, from ``domains``).
"""

from .continuous import RECORDS as CONTINUOUS
from .count_vectors import RECORDS as COUNT_VECTORS
from .discrete import RECORDS as DISCRETE
from .finite import RECORDS as FINITE
from .gamma_powers import RECORDS as GAMMA_POWERS
from .location_fixed import RECORDS as LOCATION_FIXED
from .matrices import RECORDS as MATRICES
from .non_exponential import RECORDS as NON_EXPONENTIAL
from .normal_laws import RECORDS as NORMAL_LAWS
from .normal_scale_matrices import RECORDS as NORMAL_SCALE_MATRICES
from .rectangular import RECORDS as RECTANGULAR
from .shape_fixed import RECORDS as SHAPE_FIXED
from .simplex import RECORDS as SIMPLEX
from .sphere import RECORDS as SPHERE
from .support_fixed import RECORDS as SUPPORT_FIXED
from .transformed import RECORDS as TRANSFORMED

MULTIVARIATE = NORMAL_LAWS + NORMAL_SCALE_MATRICES + SIMPLEX + COUNT_VECTORS + MATRICES + RECTANGULAR + SPHERE
ALL = (CONTINUOUS + GAMMA_POWERS + SHAPE_FIXED + LOCATION_FIXED + SUPPORT_FIXED + TRANSFORMED + NON_EXPONENTIAL
       + DISCRETE + FINITE + MULTIVARIATE)

__all__ = ["ALL", "CONTINUOUS", "COUNT_VECTORS", "DISCRETE", "FINITE", "GAMMA_POWERS", "LOCATION_FIXED", "MATRICES",
           "MULTIVARIATE", "NON_EXPONENTIAL", "NORMAL_LAWS", "NORMAL_SCALE_MATRICES", "RECTANGULAR", "SHAPE_FIXED", "SIMPLEX",
           "SPHERE", "SUPPORT_FIXED", "TRANSFORMED"]

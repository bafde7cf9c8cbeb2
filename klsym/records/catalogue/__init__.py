"""The catalogue of family records. A new family is one record in one of these
modules, added to that module's ``RECORDS``."""

from .continuous import RECORDS as CONTINUOUS
from .discrete import RECORDS as DISCRETE
from .multivariate import RECORDS as MULTIVARIATE
from .non_exponential import RECORDS as NON_EXPONENTIAL
from .shape_fixed import RECORDS as SHAPE_FIXED

ALL = CONTINUOUS + NON_EXPONENTIAL + SHAPE_FIXED + DISCRETE + MULTIVARIATE

__all__ = ["ALL", "CONTINUOUS", "DISCRETE", "MULTIVARIATE", "NON_EXPONENTIAL", "SHAPE_FIXED"]

"""The catalogue of family records. A new family is one record in one of these
modules, added to that module's ``RECORDS``."""

from .continuous import RECORDS as CONTINUOUS
from .discrete import RECORDS as DISCRETE

ALL = CONTINUOUS + DISCRETE

__all__ = ["ALL", "CONTINUOUS", "DISCRETE"]

"""Stored oracle values for every check row, and the check that uses them.

The oracle (:mod:`klsym.oracle`) is slow (tens of milliseconds to seconds a
row) and the closed forms are fast, so the oracle's values for every check row
are computed once and stored with their provenance in ``klsym/references/data/``
(one JSON file per family, see :mod:`klsym.references.store`); :func:`check`
compares every closed form with them in every run and recomputes a rotating
sample of rows live (or all of them, ``live="all"``, which can also rewrite the
store: ``klsym check --live all --write``). A stale store (the oracle's source,
a record or the cases changed since it was written) is reported by
:mod:`klsym.references.stale` and by a test.

* :mod:`.store`: the files, the fingerprints of the oracle's source and of each record,
  :func:`lookup` (the stored value of one KL or entropy);
* :mod:`.rows`: the rows of a family, the closed-form and oracle values of a row;
* :mod:`.stale`: whether a family's file is current;
* :mod:`.check`: :func:`check`, :class:`CheckReport`;
* :mod:`.pool`: the process pool behind ``jobs``.
"""

from .check import CheckReport, LiveRow, check
from .stale import Freshness, freshness
from .store import STORE_DPS, Reference, lookup

__all__ = ["CheckReport", "Freshness", "LiveRow", "Reference", "STORE_DPS", "check", "freshness", "lookup"]

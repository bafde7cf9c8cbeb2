"""The family records: the data every other part of klsym is derived from.

* :mod:`.record`: the record types (:class:`~klsym.records.record.Param`,
  :class:`~klsym.records.record.Support`, :class:`~klsym.records.record.ExpFamily`,
  :class:`~klsym.records.record.Family`) and the variables ``X`` and ``D``;
* :mod:`.catalogue`: the records themselves, one per family (a new family is
  one record there);
* :mod:`.registry`: name → record;
* :mod:`.kinds`: parameter kinds as objects (a number, a probability vector, an
  SPD matrix, ...) that read, check, describe, symbolise, draw and transform
  values, with :mod:`.scalars` (numbers in a domain) and :mod:`.matrices` (SPD, exactly);
* :mod:`.convert` (Python values), :mod:`.parse` (text, by a grammar, never run as
  code) and :mod:`.limits` (the size limits of both): the one way values come in;
* :mod:`.distribution`: :func:`~klsym.records.distribution.dist`, a record with
  validated parameter values; :mod:`.values` puts values into record expressions;
* :mod:`.special`: special functions the records need, with safe numerics.
"""

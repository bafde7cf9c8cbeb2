"""The family records: the data every other part of klsym is derived from.

* :mod:`.record`: the record types (:class:`~klsym.records.record.Param`,
  :class:`~klsym.records.record.Support`, :class:`~klsym.records.record.ExpFamily`,
  :class:`~klsym.records.record.Family`) and the variables ``X`` and ``D``;
* :mod:`.catalogue`: the records themselves, one per family (a new family is
  one record there);
* :mod:`.registry`: name → record;
* :mod:`.distribution`: :func:`~klsym.records.distribution.dist`, a record with
  validated parameter values; :mod:`.values` puts values into record expressions;
* :mod:`.special`: special functions the records need, with safe numerics.
"""

"""Fits of a family to a target: mixtures, forward (moment matching) and reverse projections.

* :mod:`.mixture`: finite mixtures as targets;
* :mod:`.moment_matching`: the forward fit, argmin KL(P‖Q), by E_Q[T] = E_P[T];
* :mod:`.reverse_fit`: the reverse fit, argmin KL(Q‖P), searched in float64
  (:mod:`.float64`) and polished by the oracle;
* :mod:`.project`, :mod:`.projection`: :func:`~klsym.fit.project.project` and its result.
"""

"""Fits of a family to a target (a distribution or a :class:`klsym.records.mixture.Mixture`),
forward (moment matching) and reverse projections, and bounds on the KL of Gaussian mixtures.

* :mod:`.bounds`: :func:`~klsym.fit.bounds.kl_bounds`, closed-form bounds and approximations;
* :mod:`.moment_matching`: the forward fit, argmin KL(P‖Q), by E_Q[T] = E_P[T];
* :mod:`.reverse_fit`: the reverse fit, argmin KL(Q‖P), searched in float64
  (:mod:`.float64`) and polished by the oracle;
* :mod:`.project`, :mod:`.projection`: :func:`~klsym.fit.project.project` and its result.
"""

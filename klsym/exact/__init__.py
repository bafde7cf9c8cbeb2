"""Closed forms evaluated at parameter values: exact KL, entropy and cross-entropy.

* :mod:`.resolve`: the route for a pair (or one distribution's entropy), chosen
  once for every caller, and the work limits;
* :mod:`.divergence`: :func:`kl`, :func:`reverse_kl`, :func:`infinite_reason`
  (the support first; limits at closed ends of a domain; exact finite sums);
* :mod:`.entropy`: :func:`entropy`, :func:`cross_entropy`;
* :mod:`.series`: infinite series kept exact, and their own evaluator;
* :mod:`.series_kl`, :mod:`.counts`: KL as closed part + series; sums over count vectors;
* :mod:`.mixtures`: a mixture on either side, and :class:`NoClosedForm` where there is no exact answer.
"""

from .mixtures import NoClosedForm

__all__ = ["NoClosedForm"]

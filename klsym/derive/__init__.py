"""The derivation engine: closed forms of KL and entropy from the family records.

* :mod:`.route`: which derivation serves a family (:func:`derive_kl`,
  :func:`derive_entropy`, :func:`kl_form`);
* :mod:`.bregman`: KL as the Bregman divergence of the log-partition A;
  :mod:`.matrix`: its case with vector and matrix natural parameters;
* :mod:`.entropy`: H = A − η·E[T] − E[log h];
* :mod:`.expectation`: KL, entropy and cross-entropy as expectations of atoms
  (families without an exponential-family record, different fixed parameters);
* :mod:`.atoms`: E[g(X)] for one atom g, the one ladder both use;
* :mod:`.natural`, :mod:`.sides`, :mod:`.tidy`: the algebra they share
  (∇A and E[T]; P's and Q's symbols and :func:`.sides.swap_sides`; rewriting).

Nothing here evaluates a closed form at parameter values (:mod:`klsym.exact`
does) and nothing here knows a particular family.
"""

from .route import derive_entropy, derive_kl, kl_form

__all__ = ["derive_entropy", "derive_kl", "kl_form"]

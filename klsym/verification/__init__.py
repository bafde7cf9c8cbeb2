"""Verification: exact values pinned down, and numeric implementations judged against them.

* :mod:`.intervals`: interval enclosures of constant expressions;
* :mod:`.floats`: :func:`~klsym.verification.floats.kl_float`, KL correctly rounded to float64;
* :mod:`.grid`: the hard-regime grid; :mod:`.verifier`: :func:`~klsym.verification.verifier.verify`
  and its report; :mod:`.adapters`: torch and scipy; :mod:`.vectors`: exportable test vectors.
"""

"""Verification: exact values pinned down, and numeric implementations judged against them.

* :mod:`.intervals`: interval enclosures of constant expressions;
* :mod:`.floats`: :func:`~klsym.verification.floats.kl_float`, KL correctly rounded to float64;
* :mod:`.grid`: the hard-regime grid; :mod:`.verifier`: :func:`~klsym.verification.verifier.verify`
  and its report; :mod:`.judge`: one case (the call, its deadline, its flags);
  :mod:`.adapters`: torch and scipy; :mod:`.vectors`: exportable test vectors;
* :mod:`.sweep`: cases mapped over every core or a Dask cluster, one task per process at a time.
"""

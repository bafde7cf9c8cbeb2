"""A time budget for SymPy's work (bounded work on any input): :func:`alarm` raises
:class:`OutOfBudget` after a number of seconds, in the main thread (elsewhere it does not
limit). The derivations that use it treat running out as "no closed form found"."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

__all__ = ["OutOfBudget", "alarm"]


class OutOfBudget(Exception):
    """The time given by :func:`alarm` ran out."""


@contextmanager
def alarm(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OutOfBudget` after ``seconds`` (main thread only; ``None``: no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum, frame):
        raise OutOfBudget()

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)

"""One case of the verifier: call the implementation, read its answer, compare it with the oracle.

:class:`Judge` is the task the verifier (:func:`klsym.verification.verifier.verify`) sweeps
over its cases: for each (P parameters, Q parameters) it takes the correctly rounded
reference :func:`klsym.verification.reference.reference_kl` (:func:`klsym.kl_float`, or the
oracle for a pair of families kl_float does not derive; +inf with its reason), then calls
the implementation through
:func:`call_impl`, which gives each call

* **its own inputs**: deep copies, so an implementation that changes a list it was given
  cannot change the next case, nor what the report says it was called with;
* **a deadline** (``timeout`` seconds, default :data:`DEFAULT_TIMEOUT`): the call runs in a
  helper thread and the case waits that long. A call still running then is flagged
  ``timeout``; it is asked to stop (an exception raised inside it at its next Python
  line); code blocked inside C cannot be stopped and runs on in its daemon thread until it
  returns or the process exits. ``timeout=None`` calls in the case's own thread, no limit;
* **a number**: :func:`read_number` accepts a real number (float, int, numpy or torch
  scalar, a one-element array or tensor, Fraction, Decimal, mpmath mpf) and flags the rest
  (a string, even ``"0.5"``; a bool; None; a dict; a list; a complex) ``not_a_number``;

and :class:`Case` records the comparison, with the flags of :data:`FLAGS`.
:class:`Adapter` names the torch and scipy adapters so that they can be sent to worker
processes (their callables are closures, which pickle cannot carry).
"""

from __future__ import annotations

import copy
import ctypes
import math
import numbers
import reprlib
import struct
import threading
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Callable, Mapping, Sequence

from ..records import registry
from ..records.distribution import Distribution, dist
from ..records.mixture import Mixture
from .adapters import torch_kl  # not lazily: see Adapter
from .scipy_adapters import scipy_kl
from .reference import reference_divergence

__all__ = ["DEFAULT_TIMEOUT", "FLAGS", "FAILING_FLAGS", "Answer", "NotANumber", "Adapter", "Case", "Judge",
           "ObjectJudge", "call_impl", "describe", "read_number", "float_ulps"]

#: seconds an implementation may take for one case before it is reported as ``timeout``
DEFAULT_TIMEOUT = 10.0


#: every flag a case may carry, with its meaning
FLAGS = {
    "raised": "the implementation raised an exception",
    "nan": "the implementation returned NaN",
    "inf_where_finite": "the implementation returned ±inf where KL is finite",
    "finite_where_inf": "the implementation returned a finite value where KL is +inf",
    "negative": "the implementation returned a negative value (KL >= 0 always)",
    "negative_zero": "the implementation returned -0.0 (wrong sign of zero)",
    "zero_where_positive": "the implementation returned 0 where KL > 0",
    "not_a_number": "the implementation returned something that is not a real number (a string, a bool, None, "
                    "a dict, a list, a complex, an array of several values)",
    "timeout": f"the implementation gave no answer within the per-case timeout (default {DEFAULT_TIMEOUT:g} s)",
}
#: flags that fail a case whatever the tolerance (-0.0 and 0-for-tiny are judged by the error)
FAILING_FLAGS = frozenset({"raised", "nan", "inf_where_finite", "finite_where_inf", "negative", "not_a_number",
                           "timeout"})


def _ordinal(x: float) -> int:
    i = struct.unpack("<q", struct.pack("<d", x))[0]
    return i if i >= 0 else -(i & 0x7FFFFFFFFFFFFFFF)


def float_ulps(a: float, b: float) -> float:
    """Number of float64 steps between ``a`` and ``b`` (inf if either is NaN or only one is infinite).

    >>> float_ulps(1.0, 1.0 + 2**-52), float_ulps(0.0, -0.0), float_ulps(5e-324, -5e-324)
    (1, 0, 2)
    """
    if math.isnan(a) or math.isnan(b):
        return math.inf
    if math.isinf(a) or math.isinf(b):
        return 0 if a == b else math.inf
    return abs(_ordinal(a) - _ordinal(b))


def _relative(a: float, b: float) -> float:
    if math.isnan(a):
        return math.inf
    if a == b:
        return 0.0
    if b == 0 or math.isinf(a) or math.isinf(b):
        return math.inf
    return abs(a - b) / abs(b)


def _flags(value: float, oracle: float) -> list[str]:
    out = []
    if math.isnan(value):
        return ["nan"]
    if math.isinf(value) and not math.isinf(oracle):
        out.append("inf_where_finite")
    if math.isinf(oracle) and not math.isinf(value):
        out.append("finite_where_inf")
    if value < 0:
        out.append("negative")
    if value == 0 and math.copysign(1, value) < 0:
        out.append("negative_zero")
    if value == 0 and oracle > 0:
        out.append("zero_where_positive")
    return out


@dataclass
class Case:
    """One comparison: inputs, the implementation's value, the oracle's, errors and flags."""

    family_p: str
    family_q: str
    params_p: dict
    params_q: dict
    label: str
    source: str  # "grid" or "hypothesis"
    value: float | None
    oracle: float
    ulps: float
    rel: float
    flags: list[str]
    passed: bool
    error: str | None = None
    reason: str | None = None  # why the true KL is +inf, when it is

    def inputs(self) -> str:
        def show(ps: dict) -> str:
            return ", ".join(f"{k}={v!r}" for k, v in ps.items())

        return f"{self.family_p}({show(self.params_p)}) ‖ {self.family_q}({show(self.params_q)})"

    def as_dict(self) -> dict:
        """JSON-safe: floats as their shortest round-trip repr strings."""
        d = asdict(self)
        for key in ("value", "oracle", "ulps", "rel"):
            d[key] = None if d[key] is None else repr(d[key])
        for side in ("params_p", "params_q"):
            d[side] = {k: (repr(v) if isinstance(v, float) else [repr(x) for x in v] if isinstance(v, list) else v)
                       for k, v in d[side].items()}
        return d


class NotANumber(TypeError):
    """An implementation returned something that is not a real number."""


class _Stop(BaseException):
    """Raised inside a call that overran its deadline (a BaseException: ``except Exception`` lets it by)."""


@dataclass(frozen=True)
class Answer:
    """What one call gave: a float, or why not (``flag`` ``raised``, ``not_a_number`` or ``timeout``)."""

    value: float | None
    flag: str | None = None
    error: str | None = None


def _describe(x: Any) -> str:
    return "None" if x is None else f"{type(x).__name__} {reprlib.repr(x)}"


def _size(x: Any) -> int | None:
    numel = getattr(x, "numel", None)  # torch tensors
    if callable(numel):
        return int(numel())
    size = getattr(x, "size", None)  # numpy arrays and scalars
    return size if isinstance(size, int) and callable(getattr(x, "item", None)) else None


def read_number(result: Any) -> float:
    """The float64 value of an implementation's answer; :class:`NotANumber` naming it otherwise.

    >>> read_number(0.5), read_number(2), read_number(10**400)
    (0.5, 2.0, inf)
    >>> read_number("0.5")
    Traceback (most recent call last):
    ...
    klsym.verification.judge.NotANumber: returned str '0.5', not a real number
    """
    size = _size(result)
    if size is not None:
        if size != 1:
            raise NotANumber(f"returned {type(result).__name__} of {size} values, not one number")
        result = result.item()
    if isinstance(result, bool) or not isinstance(result, (numbers.Real, Decimal)):
        raise NotANumber(f"returned {_describe(result)}, not a real number")
    try:
        return float(result)
    except OverflowError:  # an int beyond float64: rounds to ±inf
        return float("inf") if result > 0 else float("-inf")


def _stop(thread: threading.Thread) -> None:
    """Best effort: raise :class:`_Stop` in ``thread`` at its next Python line (CPython)."""
    try:
        set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except AttributeError:  # not CPython: the thread runs on
        return
    if thread.ident is not None and set_async_exc(ctypes.c_ulong(thread.ident), ctypes.py_object(_Stop)) > 1:
        set_async_exc(ctypes.c_ulong(thread.ident), None)  # more than one thread hit: undo, as the C API asks


def call_impl(impl: Callable[..., Any], args: Sequence[Any], kwargs: Mapping[str, Any],
              timeout: float | None = DEFAULT_TIMEOUT) -> Answer:
    """Call ``impl(*args, **kwargs)`` on deep copies of the arguments, within ``timeout`` seconds.

    >>> call_impl(lambda x: x.append(1) or len(x), ([],), {})
    Answer(value=1.0, flag=None, error=None)
    >>> call_impl(lambda: {"kl": 0.1}, (), {}).flag
    'not_a_number'
    """
    args, kwargs = copy.deepcopy(tuple(args)), copy.deepcopy(dict(kwargs))
    box: dict[str, Any] = {}
    if timeout is None:
        try:
            box["value"] = impl(*args, **kwargs)
        except Exception as exc:  # the implementation's failure is a finding, not ours
            box["error"] = exc
    else:
        def run() -> None:
            try:
                box["value"] = impl(*args, **kwargs)
            except _Stop:
                pass
            except BaseException as exc:  # SystemExit too: in a thread it would vanish unreported
                box["error"] = exc

        thread = threading.Thread(target=run, name="klsym-verify-call", daemon=True)
        thread.start()
        thread.join(timeout)
        if thread.is_alive():
            _stop(thread)
            return Answer(None, "timeout", f"no answer within {timeout:g} s")
    if "error" in box:
        exc = box["error"]
        return Answer(None, "raised", f"{type(exc).__name__}: {exc}")
    try:
        return Answer(read_number(box["value"]))
    except NotANumber as exc:
        return Answer(None, "not_a_number", str(exc))


@dataclass
class Adapter:
    """A torch or scipy adapter by name (``kind`` ``"torch"`` or ``"scipy"``), built where it is
    called: it pickles, unlike the closures of :mod:`klsym.verification.adapters`.

    The adapters module is imported with this one, not when a serial run first calls an
    adapter: hypothesis draws some values from the constants of the local modules loaded
    when it draws, so a module first loaded in the middle of a serial run (and never in
    the parent of a parallel one) would change the points drawn for the next family.

    >>> Adapter("scipy", "exponential").__name__
    'scipy_kl_exponential'
    """

    kind: str
    family_p: str
    family_q: str | None = None
    _impl: Callable[..., Any] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in ("torch", "scipy"):
            raise ValueError(f"Adapter kind must be 'torch' or 'scipy', got {self.kind!r}")
        if self.kind == "scipy" and self.family_q not in (None, self.family_p):
            raise ValueError("the scipy adapter compares two members of one family")
        self.__name__ = f"{self.kind}_kl_{self.family_p}" + (
            f"_{self.family_q}" if self.family_q and self.family_q != self.family_p else "")

    def resolve(self) -> Callable[..., Any]:
        """The adapter's callable (imports torch or scipy on first use in a process)."""
        if self._impl is None:
            self._impl = torch_kl(self.family_p, self.family_q) if self.kind == "torch" else scipy_kl(self.family_p)
        return self._impl

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def __getstate__(self) -> dict:
        return {"kind": self.kind, "family_p": self.family_p, "family_q": self.family_q}

    def __setstate__(self, state: dict) -> None:
        self.__init__(**state)  # type: ignore[misc]


@dataclass(frozen=True)
class Judge:
    """The verifier's task for one case (picklable: a sweep sends it to worker processes).

    ``Judge(...)((P parameters, Q parameters, label, source))`` is a :class:`Case`, or a
    string saying why the oracle could not answer.
    """

    impl: Callable[..., Any]
    family_p: str
    family_q: str
    call: str
    rtol: float
    atol: float
    timeout: float | None
    divergence: str = "kl"
    alpha: object = None

    def __call__(self, point: tuple[dict, dict, str, str]) -> Case | str:
        return _judge(self, point)


def _judge(setup: Judge, point: tuple[dict, dict, str, str]) -> Case | str:
    """The oracle, then the implementation on copies of the inputs."""
    pp, pq, label, source = copy.deepcopy(point)
    try:
        reference = reference_divergence(dist(setup.family_p, **pp), dist(setup.family_q, **pq), setup.divergence,
                                         setup.alpha)
    except (NotImplementedError, ArithmeticError) as exc:  # an OracleLimitError too
        return f"oracle: {exc}"
    oracle = reference.value
    impl = setup.impl.resolve() if isinstance(setup.impl, Adapter) else setup.impl  # imports outside the deadline
    if setup.call == "keyword":
        args, kwargs = (), {**{f"{k}_p": v for k, v in pp.items()}, **{f"{k}_q": v for k, v in pq.items()}}
    else:
        names_p, names_q = registry.get(setup.family_p).names(), registry.get(setup.family_q).names()
        args, kwargs = (*[pp[n] for n in names_p], *[pq[n] for n in names_q]), {}
    answer = call_impl(impl, args, kwargs, setup.timeout)
    flags, ulps, rel, passed = _verdict(answer, oracle, setup.rtol, setup.atol)
    return Case(setup.family_p, setup.family_q, pp, pq, label, source, answer.value, oracle, ulps, rel, flags, passed,
                answer.error, reference.reason)


def _verdict(answer: Answer, oracle: float, rtol: float, atol: float) -> tuple[list[str], float, float, bool]:
    """(flags, ULPs, relative error, passed) of one answer against the correctly rounded reference."""
    value = answer.value
    if value is None:
        flags, ulps, rel = [answer.flag or "raised"], math.inf, math.inf
    else:
        flags, ulps, rel = _flags(value, oracle), float_ulps(value, oracle), _relative(value, oracle)
    close = value is not None and abs(value - oracle) <= atol
    within = rel <= rtol or ulps <= rtol / 2.0**-52 or close
    return flags, ulps, rel, within and not (set(flags) & FAILING_FLAGS)


def describe(d: Distribution | Mixture) -> tuple[str, dict]:
    """(family, parameters as exact text) of a distribution; ("mixture", weights and components) of a mixture."""
    if isinstance(d, Mixture):
        return "mixture", {"weights": [str(w) for w in d.weights], "components": [str(c) for c in d.components]}
    return d.family, {k: str(v) for k, v in d.params.items()}


@dataclass(frozen=True)
class ObjectJudge:
    """:func:`klsym.verification.verifier.verify_pairs`' task for one case: ``impl(P, Q)`` on
    copies of klsym objects (distributions or mixtures) against the correctly rounded reference."""

    impl: Callable[..., Any]
    rtol: float
    atol: float
    timeout: float | None
    divergence: str = "kl"
    alpha: object = None

    def __call__(self, point: tuple) -> Case | str:
        p, q, label, source = point
        try:
            reference = reference_divergence(p, q, self.divergence, self.alpha)
        except (NotImplementedError, ArithmeticError) as exc:  # an OracleLimitError too
            return f"oracle: {exc}"
        answer = call_impl(self.impl, (copy.deepcopy(p), copy.deepcopy(q)), {}, self.timeout)
        flags, ulps, rel, passed = _verdict(answer, reference.value, self.rtol, self.atol)
        (fp, pp), (fq, pq) = describe(p), describe(q)
        return Case(fp, fq, pp, pq, label, source, answer.value, reference.value, ulps, rel, flags, passed,
                    answer.error, reference.reason)

"""Whether a family's stored rows are current: same oracle, same record, same cases.

A family's file is *stale* when the oracle's source changed since it was written
(:func:`klsym.references.fingerprints.oracle_sha256`), when the family's record changed
(:func:`klsym.references.fingerprints.record_fingerprint`), when its check cases changed
(a row missing, a row no longer asked for, different parameters), when it was
written at another precision or format, or when it is absent.
``klsym check FAMILY --live all --write`` rewrites it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..records import registry
from .rows import stored_specs
from .fingerprints import oracle_sha256, record_fingerprint
from .store import FORMAT, STORE_DPS, Reference, load

__all__ = ["Freshness", "freshness"]


@dataclass(frozen=True)
class Freshness:
    """A family's stored rows and, when they are stale, why."""

    family: str
    rows: list[Reference] = field(default_factory=list)
    problems: tuple[str, ...] = ()

    @property
    def fresh(self) -> bool:
        return not self.problems

    @property
    def reason(self) -> str:
        return "; ".join(self.problems)


def freshness(family: str, folder: Path | None = None, store: str = "kl") -> Freshness:
    """The stored rows of ``family`` in one store ("kl" or "divergence"; in ``folder``,
    default the package's) and what makes them stale (nothing when current). A family
    without divergence rows needs no file in the divergence store.

    >>> freshness("gamma").fresh
    True
    """
    specs = stored_specs(family, store)
    data = load(family, folder, store)
    if data is None:
        return Freshness(family, [], ("no stored rows",) if specs else ())
    problems = []
    if data.get("format") != FORMAT or data.get("dps") != STORE_DPS:
        problems.append(f"written in format {data.get('format')} at dps {data.get('dps')}, "
                        f"expected format {FORMAT} at dps {STORE_DPS}")
    if data.get("oracle_sha256") != oracle_sha256(store, registry.get(family).multivariate):
        problems.append("the oracle's source changed (oracle_sha256)")
    if data.get("record_sha256") != record_fingerprint(registry.get(family)):
        problems.append("the family's record changed (record_sha256)")
    stored = {r.key: r for r in data["rows"]}
    absent = [s.label for s in specs if s.key not in stored]
    changed = [s.label for s in specs if s.key in stored and s.params() != (stored[s.key].p, stored[s.key].q)]
    extra = sorted({r.key for r in data["rows"]} - {s.key for s in specs})
    if absent:
        problems.append(f"{len(absent)} rows missing ({', '.join(absent[:3])}{', ...' if len(absent) > 3 else ''})")
    if changed:
        problems.append(f"{len(changed)} rows with other parameters ({', '.join(changed[:3])}"
                        f"{', ...' if len(changed) > 3 else ''})")
    notes = [r.case for r in data["rows"] if r.note != r.known_problem]
    if notes:
        problems.append(f"known_problem notes differ from KNOWN_PROBLEMS ({', '.join(notes[:3])})")
    if extra:
        problems.append(f"{len(extra)} stored rows no case asks for ({', '.join(map(str, extra[:3]))})")
    return Freshness(family, data["rows"], tuple(problems))

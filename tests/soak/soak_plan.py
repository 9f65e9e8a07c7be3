"""How big and how long a soak is: the short form for CI, the long form for ``make soak``.

The defaults are the short form (about a minute). ``python -m tests.soak`` sets
the long form through ``KASSA_SOAK_*`` environment variables, which the test
reads with ``SoakPlan.from_env``; a bad value stops the run with its name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

LONG_FORM = {
    "KASSA_SOAK_TERMINALS": "20",
    "KASSA_SOAK_SECONDS": "600",
    "KASSA_SOAK_FAULT_EVERY": "30",
    "KASSA_SOAK_REPRICE_EVERY": "6",
    "KASSA_SOAK_PRODUCTS": "400",
    "KASSA_SOAK_MAX_SALES": "5000",
}


@dataclass(frozen=True)
class SoakPlan:
    terminals: int = 6  # split over two server processes, half of them behind a fault proxy
    stores: int = 2
    products: int = 120
    seconds: float = 45.0  # terminals sell and sync this long, then stop by themselves
    fault_every: float = (
        5.0  # calm between faults: a server restart, kill, outage or database restart
    )
    reprice_every: float = 2.5  # head office changes prices
    max_sales: int = 400  # per terminal: a bound even if the clock misbehaves
    proxy_fault_rate: float = 0.08  # of the requests through a fault proxy
    seed: int = 1
    report: Path | None = None  # where to write the Soak section (markdown) with the figures

    @property
    def form(self) -> str:
        return "long" if self.seconds >= 300 else "short"

    @property
    def timeout(self) -> float:
        """A hard bound for the whole test: set-up, the run, convergence."""
        return 3 * self.seconds + 240 + 6 * self.terminals

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> SoakPlan:
        plan = cls()
        for spec in fields(cls):
            name = f"KASSA_SOAK_{spec.name.upper()}"
            raw = environ.get(name)
            if raw is None or raw == "":
                continue
            default = getattr(plan, spec.name)
            kind = type(default) if default is not None else Path
            try:
                value = kind(raw)
            except ValueError:
                raise ValueError(
                    f"{name}={raw!r} is not a valid {kind.__name__}; unset it or give a number"
                ) from None
            if isinstance(value, int | float) and value <= 0 and spec.name != "proxy_fault_rate":
                raise ValueError(f"{name}={raw!r} must be greater than 0")
            plan = replace(plan, **{spec.name: value})
        return plan

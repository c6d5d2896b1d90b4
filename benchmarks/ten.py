"""What the peers share: the ten core KPIs, a view, and how values are compared.

Kept apart from the peers so that each imports only its own library (the DuckDB peer's
end-to-end time does not include importing pandas).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

UNASSIGNED = "(unassigned)"
TEN = (
    "spend",
    "mqls",
    "cost_per_mql",
    "acceptance_rate",
    "speed_to_lead_hours",
    "sla_met_rate",
    "won_revenue",
    "win_rate",
    "mql_to_won_rate",
    "target_attainment",
)
COUNTS = {"mqls"}


@dataclass(frozen=True)
class View:
    start: date
    end: date
    launches: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    sla_hours: float = 24.0


def views(model: Any) -> list[View]:
    end = model.last_day
    launches = [launch for launch in model.launch_ids() if launch != UNASSIGNED]
    return [
        View(end - timedelta(days=89), end),
        View(end - timedelta(days=29), end, launches=(launches[0],)),
        View(end - timedelta(days=364), end - timedelta(days=180), regions=("EU", "UK")),
        View(end - timedelta(days=89), end, launches=tuple(launches[1:3]), sla_hours=8.0),
    ]


def filters(view: View) -> Any:
    from kpi.filters import Filters

    return Filters(
        start=view.start,
        end=view.end,
        launches=view.launches,
        regions=view.regions,
        sla_hours=view.sla_hours,
    )


def equal(kpi: str, ours: Any, theirs: Any) -> bool:
    if ours is None or theirs is None:
        return ours is None and theirs is None
    if kpi in COUNTS:
        return float(ours) == float(theirs)
    return math.isclose(float(ours), float(theirs), rel_tol=1e-9, abs_tol=0.0)

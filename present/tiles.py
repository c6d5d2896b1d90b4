"""A KPI tile's words: which tiles a section shows, the value, the change vs the
comparison and the status against the target to date (docs/architecture.md, "Tiles").
The page draws them as metrics (ui/tiles.py), the meeting pack as boxes (present/pack.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from kpi.catalog import BY_ID
from present import formatting
from present.cells import ViewFormat

HEADLINE_TILES = ("target_attainment", "mqls", "sla_met_rate")
MARKETING_TILES = ("spend", "leads", "cost_per_mql", "roas", "marketing_sourced_pipeline")
SALES_TILES = (
    "accepted_leads",
    "won_revenue",
    "win_rate",
    "pipeline_value",
    "order_revenue",
    "sales_cycle_days",
)
ALIGNMENT_TILES = ("acceptance_rate", "speed_to_lead_hours", "unworked_mqls", "revenue")
NO_CHANGE = "no change"
NOTE_CHARS = 200  # a value's note under its tile (what it leaves out or estimates)
# Revenue vs target is a ratio of revenue to its target: its status is revenue's.
STATUS_OF = {"target_attainment": "revenue"}


@dataclass(frozen=True)
class TileText:
    label: str
    value: str
    change: str | None  # None: nothing to compare with
    better_up: bool
    status: str | None  # ahead, on track, behind; None without a target
    target: str  # what the status is measured against, after the status
    caption: str  # Tandem's own line under the value (what it counts)
    note: str  # the KPI table's note: why there is no value, or what the value leaves out

    def lines(self) -> str:
        """Status, caption and note in one line, as under the tile (plain text)."""
        status = f"{self.status} · {self.target}" if self.status else ""
        return " · ".join(part for part in (status, self.caption, self.note) if part)


def rows(table: pl.DataFrame) -> dict[str, dict[str, Any]]:
    """The KPI table's rows by KPI id."""
    return {row["kpi"]: row for row in table.iter_rows(named=True)}


def sign(row: Mapping[str, Any], look: ViewFormat) -> str:
    """The sign of the currency the KPI table names for this value, else the view's."""
    code = row.get("currency")
    return formatting.currency_symbol(code) if isinstance(code, str) and code else look.currency


def target(
    row: Mapping[str, Any], status_row: Mapping[str, Any], look: ViewFormat
) -> tuple[str, str] | None:
    """Status against the target to date and what it is measured against; for a KPI
    paced by another's target (revenue vs target), that KPI's amount against its target."""
    expected, status = status_row["expected_to_date"], str(status_row["status"])
    if status == "no target" or not isinstance(expected, float):
        return None
    unit, actual = str(status_row["unit"]), status_row["value"]
    aim = formatting.value(expected, unit, sign(status_row, look))
    if row is not status_row and isinstance(actual, float):
        amount = formatting.value(actual, unit, sign(status_row, look))
        return status, f"{status_row['label']} {amount} of {aim} expected by now"
    line = f"target to date {aim}"
    if expected and isinstance(actual, float) and unit in ("money", "count"):
        line += f" · {formatting.percent(actual / expected)} of it"
    return status, line


def delta(row: Mapping[str, Any], look: ViewFormat) -> str | None:
    """The change to show, or None when there is nothing to compare (no coloured ±0)."""
    value, before = row["value"], row["comparison"]
    if not isinstance(value, float) or not isinstance(before, float):
        return None
    if value == before:
        return None if value == 0 else NO_CHANGE
    shown = formatting.delta(row["delta"], row["delta_pct"], str(row["unit"]), sign(row, look))
    # A change too small to show ("+0.0 %") is no change to colour.
    return NO_CHANGE if shown and shown.lstrip("+-").startswith(("0.0 ", "0 ")) else shown


def text(
    row: Mapping[str, Any],
    look: ViewFormat,
    *,
    status_row: Mapping[str, Any] | None = None,
    caption: str | None = None,
) -> TileText:
    """Everything a tile says, formatted as on screen."""
    amount = row["value"] if isinstance(row["value"], float) else None
    kpi = BY_ID[str(row["kpi"])]
    status = target(row, status_row or row, look) if amount is not None else None
    note = str(row.get("note") or "")
    if amount is None:
        note = note or "No data for this view."
    return TileText(
        label=kpi.label,
        value=formatting.value(amount, str(row["unit"]), sign(row, look)),
        change=delta(row, look),
        better_up=kpi.better == "up",
        status=status[0] if status else None,
        target=status[1] if status else "",
        caption=caption or "" if amount is not None else "",
        note=formatting.plain(note, limit=NOTE_CHARS),
    )


def sla_caption(sla_hours: float) -> str:
    return f"MQLs first touched within {sla_hours:g} h, of those due"


def headline(table: pl.DataFrame, look: ViewFormat, sla_hours: float) -> list[TileText]:
    """The meeting's first row: revenue vs the shared target, MQLs vs target, the SLA."""
    by_id = rows(table)
    captions = {"sla_met_rate": sla_caption(sla_hours)}
    return [
        text(
            by_id[kpi_id],
            look,
            status_row=by_id[STATUS_OF.get(kpi_id, kpi_id)],
            caption=captions.get(kpi_id),
        )
        for kpi_id in HEADLINE_TILES
    ]


def row_of(table: pl.DataFrame, ids: tuple[str, ...], look: ViewFormat) -> list[TileText]:
    by_id = rows(table)
    return [text(by_id[kpi_id], look) for kpi_id in ids]

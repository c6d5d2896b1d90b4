"""How a value reads in a table cell: headers from the catalog, money with its
currency, rates with one decimal, launch names for ids, category values in words, and
"—" with the reason it is empty. Tables on screen and the Excel download share it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import polars as pl

from kpi.catalog import BY_ID
from kpi.export import column_unit
from kpi.model import Model
from present import formatting

# Column headers for the engine's own columns (a catalog KPI's column takes its label).
LABELS = {
    "group": "Group",
    "stage": "Stage",
    "count": "Count",
    "launch_id": "Launch",
    "launch_name": "Launch",
    "label": "KPI",
    "value": "This period",
    "comparison": "Comparison",
    "delta": "Change",
    "delta_pct": "Change %",
    "target": "Target",
    "expected_to_date": "Target to date",
    "projected": "Projected",
    "status": "Status",
    "note": "Note",
    "mqls": "MQLs",
    "touched_within_sla": "Touched within SLA",
    "due": "Due",
    "sla_met_rate": "SLA met",
    "median_hours": "Median speed to lead",
    "unworked": "Unworked",
    "step_conversion": "Step conversion",
    "overall_conversion": "Of all leads",
    "hours": "Hours to first touch",
    "hours_waiting": "Hours waiting",
    "days_waiting": "Days waiting",
    "mql_at": "MQL since",
    "lead_id": "Lead",
    "owner": "Rep",
    "reason": "Reason",
    "share": "Share",
    "bucket": "From",
    "cohort": "Cohort",
    "cohort_before": "Cohort, comparison period",
    "in_period": "Dated in the period (Overview)",
    "accepted": "Accepted",
    "sqls": "SQLs",
    "won": "Won",
    "won_of_leads": "Won of leads",
    "sla_met_before": "SLA met, comparison period",
    "sla_met_change": "Change",
    "region": "Region",
    "channel": "Channel",
    "campaign": "Campaign",
    "segment": "Segment",
}
# Changes read with their sign: money and counts as amounts, rates in points.
SIGNED = {"delta", "sla_met_change"}
# What a header means, shown on hover and, for the `—` cells, below the table.
HELP = {
    "due": "MQLs whose SLA window has closed (or that were touched): the SLA can be judged.",
    "sla_met_rate": "Touched within the SLA ÷ due.",
    "step_conversion": "Share of the stage before that reached this stage.",
    "overall_conversion": "Share of the cohort's leads that reached this stage.",
}
# Why a cell is empty, by column, when the data says nothing more precise.
EMPTY_BECAUSE = {
    "sla_met_rate": "no MQL of the row is due yet",
    "median_hours": "no MQL of the row has been touched yet",
    "step_conversion": "the first stage has no stage before it",
    "comparison": "nothing to compare with",
    "sla_met_before": "nothing was due in the comparison period",
    "sla_met_change": "nothing to compare with",
    "cohort_before": "nothing to compare with",
    "delta": "nothing to compare with",
    "delta_pct": "the comparison was zero or missing",
    "target": "no target for this KPI and view",
    "expected_to_date": "no target for this KPI and view",
    "projected": "no target for this KPI and view",
}
# Category values shown in words; other snake_case values are humanised.
VALUE_LABELS = {
    "leads": "Leads",
    "mqls": "MQLs",
    "accepted": "Accepted",
    "sqls": "SQLs",
    "won": "Won",
    "paid_search": "Paid search",
    "paid_social": "Paid social",
    "launch_event": "Launch event",
    "price_change": "Price change",
    "pr": "PR",
    "dtc": "DTC",
    "smb": "SMB",
}
CATEGORY_COLUMNS = {"stage", "channel", "segment", "department", "kind", "group"}
# Long KPI frames carry these for the machine; a person reads the label and the values.
HIDDEN = {"kpi", "unit", "better"}


@dataclass(frozen=True)
class ViewFormat:
    """How a view's tables write money and launches."""

    currency: str = field(default_factory=formatting.currency_symbol)
    launch_names: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, model: Model | None) -> ViewFormat:
        if model is None:
            return cls()
        launches = model.dataset.launches.select("launch_id", "name").iter_rows()
        # The data's own reporting currency (kpi/model.py); no sign when it names none.
        sign = formatting.currency_symbol(model.currency) if model.currency else ""
        return cls(currency=sign, launch_names=dict(launches))


def header(name: str) -> str:
    kpi = BY_ID.get(name)
    if kpi is not None:
        return kpi.label
    return LABELS.get(name, name.replace("_", " ").capitalize() if name.islower() else name)


def humanised(text: str) -> str:
    """A category value in words: paid_social → Paid social, email → Email."""
    if text in VALUE_LABELS:
        return VALUE_LABELS[text]
    spaced = text.replace("_", " ")
    return spaced[:1].upper() + spaced[1:]


@dataclass
class Cell:
    text: str
    numeric: bool = False
    reason: str | None = None  # why the cell is "—"


def _number(name: str, amount: float | None, unit: str | None, look: ViewFormat) -> Cell:
    kpi = BY_ID.get(name)
    if amount is None:
        if kpi is not None and kpi.denominator:
            return Cell(formatting.EMPTY, True, f"nothing to divide by ({kpi.formula})")
        return Cell(formatting.EMPTY, True, EMPTY_BECAUSE.get(name))
    if kpi is not None and kpi.unit == "money" and kpi.denominator and amount == 0:
        # A cost per lead or MQL of exactly zero means nothing was spent on it.
        return Cell(formatting.EMPTY, True, "no spend recorded for it")
    if name in SIGNED:
        return Cell(formatting.signed(amount, unit or "count", look.currency), True)
    if unit is None:
        return Cell(f"{amount:,.2f}" if isinstance(amount, float) else f"{amount:,}", True)
    return Cell(formatting.exact(amount, unit, look.currency), True)


def text(name: str, raw: str, look: ViewFormat) -> str:
    """A text cell as a person reads it: launch names, category values in words."""
    if name in ("launch_id", "group") and raw in look.launch_names:
        return look.launch_names[raw]
    return humanised(raw) if name in CATEGORY_COLUMNS else raw


def _cell(name: str, raw: Any, unit: str | None, look: ViewFormat, note: Any) -> Cell:
    if isinstance(raw, bool):
        return Cell("yes" if raw else "no")
    if isinstance(raw, int | float) or (raw is None and unit is not None):
        cell = _number(name, raw, unit, look)
        if raw is None and note:
            cell.reason = str(note)
        return cell
    if raw is None:
        return Cell(formatting.EMPTY, reason=EMPTY_BECAUSE.get(name))
    if isinstance(raw, datetime):
        return Cell(f"{raw:%d %b %Y %H:%M}")
    if isinstance(raw, date):
        return Cell(f"{raw:%d %b %Y}")
    return Cell(text(name, str(raw), look))


def units(frame: pl.DataFrame) -> Callable[[str, Mapping[str, Any]], str | None]:
    """Each number cell's unit: its column's (catalog or engine), else its row's in a long
    frame (a `unit` or `kpi` column, as kpi/export.py rounds it), else counts for integers."""
    fixed = {
        name: column_unit(name) or ("count" if dtype.is_integer() else None)
        for name, dtype in frame.schema.items()
    }
    numeric = {name for name, dtype in frame.schema.items() if dtype.is_numeric()}
    long = "unit" in frame.columns or "kpi" in frame.columns

    def unit(name: str, row: Mapping[str, Any]) -> str | None:
        if fixed[name] is not None or not (long and name in numeric):
            return fixed[name]
        if row.get("unit") is not None:
            return str(row["unit"])
        kpi = BY_ID.get(str(row.get("kpi")))
        return kpi.unit if kpi else None

    return unit


def visible(frame: pl.DataFrame, columns: Sequence[str] | None = None) -> list[str]:
    return [name for name in columns or frame.columns if name not in HIDDEN]


def cells(
    frame: pl.DataFrame, look: ViewFormat, columns: Sequence[str] | None, limit: int
) -> tuple[list[str], list[list[Cell]]]:
    """The headers and formatted cells of the shown columns, first `limit` rows."""
    shown = visible(frame, columns)
    unit = units(frame)
    rows = [
        [_cell(name, row[name], unit(name, row), look, row.get("note")) for name in shown]
        for row in frame.head(limit).iter_rows(named=True)
    ]
    return [header(name) for name in shown], rows

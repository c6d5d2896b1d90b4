"""The pandas peer: Tandem's ten core KPIs written as a competent analyst would in pandas.

It reads the same Parquet files the app loads (benchmarks/data/<size>/), applies the
same definitions as Tandem's catalog (kpi/catalog_*.py, kpi/fact_measures.py,
kpi/pacing.py), and uses boolean masks, groupby and merge, never a loop over rows:

- cohort KPIs (acceptance, SLA, MQL → won) count the MQLs whose `mql_at` is in the period;
- the SLA is met when the first touch came within `sla_hours` of `mql_at`; an MQL is due
  when it was touched or its deadline passed before the data's as-of time (the end of
  the last day with any activity);
- revenue vs target divides won deal revenue plus order revenue by the revenue target
  prorated by the days of the period the data covers so far (brand-wide target rows
  when there are any, else every launch's; the chosen launches' when filtered; none
  when a channel, region or segment is filtered);
- rows left "(unassigned)" take the launch of the first matching launch rule, a lead's
  `won_at` falls back to its earliest won deal, and amounts in another currency than
  the reporting one (EUR, the demo's) are converted at their day's fx_rates rate, as
  Tandem's combining does.

`compare(size, model, runs)` checks the peer's values against Tandem's `kpi_table` for
several filter states (exact for counts, relative 1e-9 otherwise), then times both.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchmarks import datasets
from benchmarks.ten import TEN, View, equal, filters, views

UNASSIGNED = "(unassigned)"
LEAD_STAMPS = [
    "created_at",
    "mql_at",
    "accepted_at",
    "rejected_at",
    "first_touch_at",
    "sql_at",
    "won_at",
    "lost_at",
]
DATE_COLUMNS = {
    "spend": ["date"],
    "orders": ["date"],
    "targets": ["period_start", "period_end"],
    "fx_rates": ["date"],
}
COLUMNS = {
    "spend": ["date", "launch_id", "region", "campaign", "spend", "currency"],
    "leads": ["lead_id", "launch_id", "region", "campaign", *LEAD_STAMPS],
    "deals": [
        "lead_id", "launch_id", "region", "created_at", "closed_at", "is_won", "amount",
        "currency",
    ],
    "orders": ["date", "launch_id", "region", "sku", "revenue", "currency"],
    "targets": ["period_start", "period_end", "launch_id", "kpi", "target"],
    "launch_rules": ["rule", "applies_to", "match", "pattern", "launch_id"],
    "fx_rates": ["date", "currency", "rate"],
}  # fmt: skip
REPORTING_CURRENCY = "EUR"


def read(size: int) -> dict[str, pd.DataFrame]:
    return read_folder(datasets.folder(size))


def read_folder(folder: Path) -> dict[str, pd.DataFrame]:
    """Every table's Parquet parts in `folder` (one sub-folder per table), prepared."""
    frames = {}
    for table, columns in COLUMNS.items():
        files = sorted((folder / table).glob("*.parquet"))
        parts = [_plain_text(pd.read_parquet(p, columns=columns)) for p in files]
        frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        for column in DATE_COLUMNS.get(table, ()):  # Parquet dates arrive as Python objects
            frame[column] = pd.to_datetime(frame[column])
        frames[table] = frame
    return prepare(frames)


def _plain_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Tandem's own files hold dimensions as dictionary columns, which pandas reads as
    categories with each file's own set; the peer works on plain text, as a pipeline's."""
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def prepare(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Amounts in one currency, launch rules for unassigned rows, won_at from deals."""
    rates = frames.pop("fx_rates")
    for table, amount, day in (
        ("spend", "spend", frames["spend"]["date"]),
        ("orders", "revenue", frames["orders"]["date"]),
        ("deals", "amount", frames["deals"]["closed_at"].fillna(frames["deals"]["created_at"])),
    ):
        frames[table] = _in_reporting_currency(frames[table], amount, day.dt.normalize(), rates)
    rules = frames["launch_rules"]
    for table in ("spend", "leads", "deals", "orders"):
        frames[table] = _apply_rules(frames[table], rules)
    deals, leads = frames["deals"], frames["leads"]
    won = deals[deals["is_won"].eq(True) & deals["lead_id"].notna()]
    first_won = won.groupby("lead_id")["closed_at"].min().rename("_won")
    if leads["won_at"].isna().any() and len(first_won):
        leads = leads.merge(first_won, left_on="lead_id", right_index=True, how="left")
        leads["won_at"] = leads["won_at"].fillna(leads.pop("_won"))
        frames["leads"] = leads
    return frames


def _in_reporting_currency(
    frame: pd.DataFrame, amount: str, day: pd.Series, rates: pd.DataFrame
) -> pd.DataFrame:
    """Each amount times its currency's latest rate on or before its day (if any)."""
    keyed = frame.assign(_day=day.astype("datetime64[ns]"), _row=np.arange(len(frame)))
    table = rates.assign(date=rates["date"].astype("datetime64[ns]")).sort_values("date")
    joined = pd.merge_asof(
        keyed.sort_values("_day"), table, left_on="_day", right_on="date", by="currency",
        direction="backward", suffixes=("", "_fx"),
    ).sort_values("_row")  # fmt: skip
    foreign = joined["currency"].ne(REPORTING_CURRENCY) & joined["rate"].notna()
    joined.loc[foreign, amount] = joined.loc[foreign, amount] * joined.loc[foreign, "rate"]
    joined.index = frame.index
    return joined[frame.columns]


def _apply_rules(frame: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    unassigned = frame["launch_id"].eq(UNASSIGNED)
    if not unassigned.any():
        return frame
    subset = frame.loc[unassigned]
    mapped = pd.Series(UNASSIGNED, index=subset.index, dtype=object)
    decided = pd.Series(False, index=subset.index)
    for rule in rules.itertuples():  # a handful of rules, not rows
        if rule.applies_to not in subset.columns:
            continue
        text = subset[rule.applies_to].astype("string")
        if rule.match == "exact":
            hit = text.eq(rule.pattern)
        elif rule.match == "prefix":
            hit = text.str.startswith(rule.pattern)
        elif rule.match == "contains":
            hit = text.str.contains(rule.pattern, regex=False)
        else:
            hit = text.str.contains(rule.pattern, regex=True)
        hit = hit.fillna(False).astype(bool) & ~decided
        mapped[hit] = rule.launch_id
        decided |= hit
    frame = frame.copy()
    frame.loc[unassigned, "launch_id"] = mapped
    return frame


def last_day(frames: dict[str, pd.DataFrame]) -> date:
    """The last day with any activity: it sets the as-of time SLAs are judged at."""
    stamps = [
        frames["spend"]["date"].max(),
        frames["orders"]["date"].max(),
        frames["leads"][LEAD_STAMPS].max().max(),
        frames["deals"][["created_at", "closed_at"]].max().max(),
    ]
    return max(pd.Timestamp(s) for s in stamps if pd.notna(s)).date()


def _dimensions(frame: pd.DataFrame, view: View) -> pd.DataFrame:
    if not view.launches and not view.regions:
        return frame  # no copy when nothing is filtered
    mask = pd.Series(True, index=frame.index)
    if view.launches:
        mask &= frame["launch_id"].isin(view.launches)
    if view.regions:
        mask &= frame["region"].isin(view.regions)
    return frame[mask]


def _between(column: pd.Series, start: date, end: date) -> pd.Series:
    """Rows of a date or timestamp column inside [start, end] (whole days)."""
    low = pd.Timestamp(start)
    high = pd.Timestamp(end + timedelta(days=1))
    return (column >= low) & (column < high)


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def kpis(frames: dict[str, pd.DataFrame], view: View, *, as_of_day: date) -> dict[str, Any]:
    """The ten KPIs for the view's period."""
    spend = _dimensions(frames["spend"], view)
    leads = _dimensions(frames["leads"], view)
    deals = _dimensions(frames["deals"], view)
    orders = _dimensions(frames["orders"], view)
    as_of = pd.Timestamp(as_of_day + timedelta(days=1))

    spent = float(spend.loc[_between(spend["date"], view.start, view.end), "spend"].sum())
    cohort = leads[_between(leads["mql_at"], view.start, view.end)]
    mqls = len(cohort)
    accepted = cohort["accepted_at"].notna()
    decided = accepted | cohort["rejected_at"].notna()
    hours = (cohort["first_touch_at"] - cohort["mql_at"]) / pd.Timedelta(hours=1)
    touched = cohort["first_touch_at"].notna()
    deadline = cohort["mql_at"] + pd.Timedelta(hours=view.sla_hours)
    met = touched & (hours <= view.sla_hours)
    due = touched | (deadline < as_of)
    closed = deals[_between(deals["closed_at"], view.start, view.end)]
    won = closed["is_won"].eq(True)
    won_revenue = float(closed.loc[won, "amount"].sum())
    order_revenue = float(
        orders.loc[_between(orders["date"], view.start, view.end), "revenue"].sum()
    )
    target = _revenue_target_to_date(frames["targets"], view, as_of_day)
    median_hours = hours.median()
    values: dict[str, Any] = {
        "spend": spent,
        "mqls": mqls,
        "cost_per_mql": _ratio(spent, mqls),
        "acceptance_rate": _ratio(int(accepted.sum()), int(decided.sum())),
        "speed_to_lead_hours": None if pd.isna(median_hours) else float(median_hours),
        "sla_met_rate": _ratio(int(met.sum()), int(due.sum())),
        "won_revenue": won_revenue,
        "win_rate": _ratio(int(won.sum()), int(closed["is_won"].notna().sum())),
        "mql_to_won_rate": _ratio(int(cohort["won_at"].notna().sum()), mqls),
        "target_attainment": _ratio(won_revenue + order_revenue, target or 0.0),
    }
    return {
        k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in values.items()
    }


def _revenue_target_to_date(targets: pd.DataFrame, view: View, as_of_day: date) -> float | None:
    """The revenue target for the part of the period the data covers, prorated by days."""
    if view.regions:
        return None  # targets are set per launch, not per region
    rows = targets[targets["kpi"] == "revenue"]
    if view.launches:
        rows = rows[rows["launch_id"].isin(view.launches)]
    elif rows["launch_id"].isna().any():
        rows = rows[rows["launch_id"].isna()]
    if rows.empty or as_of_day < view.start:
        return None
    start, end = pd.Timestamp(view.start), pd.Timestamp(min(view.end, as_of_day))
    row_start = pd.to_datetime(rows["period_start"])
    row_end = pd.to_datetime(rows["period_end"])
    overlap = (np.minimum(row_end, end) - np.maximum(row_start, start)).dt.days + 1
    row_days = (row_end - row_start).dt.days + 1
    share = rows["target"] * overlap.clip(lower=0) / row_days
    return float(share.sum()) if (overlap > 0).any() else None


def ten_with_comparison(frames: dict[str, pd.DataFrame], view: View, day: date) -> dict[str, Any]:
    """The ten KPIs for the view and for the previous period of equal length."""
    length = timedelta(days=(view.end - view.start).days + 1)
    before = View(
        view.start - length, view.end - length, view.launches, view.regions, view.sla_hours
    )
    return {
        "value": kpis(frames, view, as_of_day=day),
        "comparison": kpis(frames, before, as_of_day=day),
    }


def check(frames: dict[str, pd.DataFrame], model: Any) -> list[str]:
    """Differences between the peer and Tandem's kpi_table; empty when all are equal."""
    from kpi.catalog import BY_ID
    from kpi.table import kpi_table

    day = last_day(frames)
    problems = []
    if day != model.last_day:
        problems.append(f"last day: pandas {day}, Tandem {model.last_day}")
    chosen = tuple(BY_ID[k] for k in TEN)
    for view in views(model):
        table = kpi_table(model, filters(view), chosen)
        tandem = {row["kpi"]: row for row in table.iter_rows(named=True)}
        peer = ten_with_comparison(frames, view, day)
        for column in ("value", "comparison"):
            for kpi in TEN:
                ours, theirs = tandem[kpi][column], peer[column][kpi]
                if not equal(kpi, ours, theirs):
                    problems.append(f"{view}: {kpi} {column}: Tandem {ours!r}, pandas {theirs!r}")
    return problems


def _median(run: Any, runs: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def compare(size: int, model: Any, runs: int) -> dict[str, Any]:
    """Results-equal check, then timings: both from loaded data, and pandas with its load."""
    from kpi.catalog import BY_ID
    from kpi.table import kpi_table

    frames = read(size)
    problems = check(frames, model)
    view = views(model)[0]
    chosen_filters = filters(view)
    day = last_day(frames)
    chosen = tuple(BY_ID[k] for k in TEN)
    return {
        "equal": not problems,
        "problems": problems[:20],
        "views_checked": len(views(model)),
        "tandem_ten": _median(lambda: kpi_table(model, chosen_filters, chosen), runs),
        "pandas_ten": _median(lambda: ten_with_comparison(frames, view, day), runs),
        "pandas_read": _median(lambda: read(size), max(3, runs // 2)),
    }


def main(argv: list[str] | None = None) -> None:
    """Read the files, compute the app's first view (the last 90 days), print JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pandas_peer")
    parser.add_argument("--sources", type=Path, required=True, help="a benchmark sources.toml")
    args = parser.parse_args(argv)
    frames = read_folder(args.sources.parent)
    day = last_day(frames)
    result = ten_with_comparison(frames, View(day - timedelta(days=89), day), day)
    json.dump(result, sys.stdout, default=str)
    print()


if __name__ == "__main__":
    main()

"""The DuckDB peer: Tandem's ten core KPIs as SQL over the same Parquet files.

    python -m benchmarks.duckdb_peer --sources benchmarks/data/1000000-pandas/sources.toml

The same definitions as the pandas peer (benchmarks/pandas_peer.py, which cites
Tandem's catalog): launch rules for unassigned rows, a lead's won_at from its earliest
won deal, cohort KPIs on MQLs whose mql_at is in the period, the SLA judged at the end
of the data's last day, revenue vs target prorated by the days the data covers. One
query computes the view and its comparison period; Python only builds the launch
rules' CASE (a handful of rules, as the pandas peer loops over them).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from benchmarks.ten import UNASSIGNED, View

TABLES = ("spend", "leads", "deals", "orders", "targets", "launch_rules", "fx_rates")
REPORTING_CURRENCY = "EUR"  # the demo's; the pandas peer converts to it too
# Each amount times its currency's latest rate on or before its day, where there is one.
AMOUNTS = {"spend": ("spend", "date"), "orders": ("revenue", "date")}
AMOUNTS |= {"deals": ("amount", "coalesce(closed_at, created_at)")}


def connect(folder: Path) -> duckdb.DuckDBPyConnection:
    """Views over each table's Parquet parts, launch rules applied to unassigned rows."""
    db = duckdb.connect()
    for table in TABLES:
        files = str(folder / table / "*.parquet")
        db.execute(f"CREATE VIEW raw_{table} AS SELECT * FROM read_parquet('{files}')")
    rules = db.execute(
        "SELECT applies_to, match, pattern, launch_id FROM raw_launch_rules"
    ).fetchall()
    for table, (amount, day) in AMOUNTS.items():
        db.execute(
            f"""
            CREATE VIEW {table}_fx AS SELECT t.* REPLACE (
              CASE WHEN t.currency <> '{REPORTING_CURRENCY}' AND f.rate IS NOT NULL
                   THEN t.{amount} * f.rate ELSE t.{amount} END AS {amount})
            FROM (SELECT *, CAST({day} AS DATE) AS _day FROM raw_{table}) t
            ASOF LEFT JOIN (SELECT currency, CAST(date AS DATE) AS day, rate FROM raw_fx_rates) f
              ON t.currency = f.currency AND t._day >= f.day
            """
        )
    for table in ("spend", "leads", "deals", "orders"):
        source = f"{table}_fx" if table in AMOUNTS else f"raw_{table}"
        columns = {c[0] for c in db.execute(f"DESCRIBE {source}").fetchall()}
        launch = _rules_case([r for r in rules if r[0] in columns])
        db.execute(
            f"CREATE VIEW {table}_ruled AS SELECT * REPLACE ({launch} AS launch_id) FROM {source}"
        )
    db.execute(
        """
        CREATE VIEW deals AS SELECT * FROM deals_ruled;
        CREATE VIEW orders AS SELECT * FROM orders_ruled;
        CREATE VIEW spend AS SELECT * FROM spend_ruled;
        CREATE VIEW targets AS SELECT * FROM raw_targets;
        CREATE VIEW leads AS
          SELECT l.* REPLACE (coalesce(l.won_at, w.first_won) AS won_at)
          FROM leads_ruled l LEFT JOIN (
            SELECT lead_id, min(closed_at) AS first_won FROM deals
            WHERE is_won AND lead_id IS NOT NULL GROUP BY lead_id
          ) w USING (lead_id);
        """
    )
    return db


def _rules_case(rules: list[tuple[str, str, str, str]]) -> str:
    tests = []
    for column, match, pattern, launch in rules:
        p, c = _quote(pattern), f'"{column}"'
        test = {
            "exact": f"{c} = {p}",
            "prefix": f"starts_with({c}, {p})",
            "contains": f"contains({c}, {p})",
        }.get(match, f"regexp_matches({c}, {p})")
        tests.append(f"WHEN coalesce({test}, false) THEN {_quote(launch)}")
    if not tests:
        return "launch_id"
    return (
        f"CASE WHEN launch_id <> '{UNASSIGNED}' THEN launch_id {' '.join(tests)} ELSE launch_id END"
    )


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def last_day(db: duckdb.DuckDBPyConnection) -> date:
    day = db.execute(
        """
        SELECT greatest(
          (SELECT max(date) FROM spend), (SELECT max(date) FROM orders),
          (SELECT max(greatest(created_at, mql_at, accepted_at, rejected_at, first_touch_at,
                               sql_at, won_at, lost_at))::DATE FROM leads),
          (SELECT max(greatest(created_at, closed_at))::DATE FROM deals))
        """
    ).fetchone()
    assert day is not None
    value = day[0]
    return value.date() if isinstance(value, datetime) else value


def _where(view: View) -> str:
    parts = ["true"]
    if view.launches:
        parts.append(f"launch_id IN ({', '.join(map(_quote, view.launches))})")
    if view.regions:
        parts.append(f"region IN ({', '.join(map(_quote, view.regions))})")
    return " AND ".join(parts)


def kpis(db: duckdb.DuckDBPyConnection, view: View, day: date) -> dict[str, Any]:
    """The ten KPIs for the view's period."""
    start, stop = view.start, view.end + timedelta(days=1)
    as_of, where, sla = day + timedelta(days=1), _where(view), view.sla_hours
    row = db.execute(
        f"""
        WITH cohort AS (
          SELECT *, date_diff('second', mql_at, first_touch_at) / 3600.0 AS hours
          FROM leads WHERE {where} AND mql_at >= DATE '{start}' AND mql_at < DATE '{stop}'),
        closed AS (
          SELECT * FROM deals
          WHERE {where} AND closed_at >= DATE '{start}' AND closed_at < DATE '{stop}')
        SELECT
          (SELECT coalesce(sum(spend), 0) FROM spend
           WHERE {where} AND date >= DATE '{start}' AND date < DATE '{stop}'),
          (SELECT count(*) FROM cohort),
          (SELECT count(accepted_at) FROM cohort),
          (SELECT count(*) FILTER (accepted_at IS NOT NULL OR rejected_at IS NOT NULL) FROM cohort),
          (SELECT median(hours) FROM cohort),
          (SELECT count(*) FILTER (hours <= {sla}) FROM cohort),
          (SELECT count(*) FILTER (first_touch_at IS NOT NULL
              OR mql_at + INTERVAL ({sla} * 3600) SECOND < TIMESTAMP '{as_of}') FROM cohort),
          (SELECT coalesce(sum(amount) FILTER (is_won), 0) FROM closed),
          (SELECT count(*) FILTER (is_won) FROM closed),
          (SELECT count(is_won) FROM closed),
          (SELECT count(won_at) FROM cohort),
          (SELECT coalesce(sum(revenue), 0) FROM orders
           WHERE {where} AND date >= DATE '{start}' AND date < DATE '{stop}')
        """
    ).fetchone()
    assert row is not None
    spent, mqls, accepted, decided, median, met, due, won_rev, won, closed, cohort_won, orders = row
    target = _target(db, view, day)
    return {
        "spend": float(spent),
        "mqls": mqls,
        "cost_per_mql": _ratio(spent, mqls),
        "acceptance_rate": _ratio(accepted, decided),
        "speed_to_lead_hours": None if median is None else float(median),
        "sla_met_rate": _ratio(met, due),
        "won_revenue": float(won_rev),
        "win_rate": _ratio(won, closed),
        "mql_to_won_rate": _ratio(cohort_won, mqls),
        "target_attainment": _ratio(float(won_rev) + float(orders), target or 0.0),
    }


def _target(db: duckdb.DuckDBPyConnection, view: View, day: date) -> float | None:
    """The revenue target for the part of the period the data covers, prorated by days."""
    if view.regions or day < view.start:
        return None
    if view.launches:
        rows = f"launch_id IN ({', '.join(map(_quote, view.launches))})"
    else:
        rows = (
            "CASE WHEN (SELECT count(*) FROM targets WHERE kpi = 'revenue' AND launch_id IS NULL)"
            " > 0 THEN launch_id IS NULL ELSE true END"
        )
    end = min(view.end, day)
    found = db.execute(
        f"""
        SELECT sum(target * greatest(overlap, 0) / row_days), max(overlap) FROM (
          SELECT target,
            date_diff('day', greatest(period_start, DATE '{view.start}'),
                      least(period_end, DATE '{end}')) + 1 AS overlap,
            date_diff('day', period_start, period_end) + 1 AS row_days
          FROM targets WHERE kpi = 'revenue' AND {rows})
        """
    ).fetchone()
    if found is None or found[1] is None or found[1] <= 0:
        return None
    return float(found[0])


def _ratio(numerator: float, denominator: float) -> float | None:
    return float(numerator) / float(denominator) if denominator else None


def ten_with_comparison(db: duckdb.DuckDBPyConnection, view: View, day: date) -> dict[str, Any]:
    length = timedelta(days=(view.end - view.start).days + 1)
    before = View(
        view.start - length, view.end - length, view.launches, view.regions, view.sla_hours
    )
    return {"value": kpis(db, view, day), "comparison": kpis(db, before, day)}


def main(argv: list[str] | None = None) -> None:
    """Read the files, compute the app's first view (the last 90 days), print JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.duckdb_peer")
    parser.add_argument("--sources", type=Path, required=True, help="a benchmark sources.toml")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    db = connect(args.sources.parent)
    day = last_day(db)
    result = ten_with_comparison(db, View(day - timedelta(days=89), day), day)
    result["seconds"] = time.perf_counter() - started
    json.dump(result, sys.stdout, default=str)
    print()


if __name__ == "__main__":
    main()

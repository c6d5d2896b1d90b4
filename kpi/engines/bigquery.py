"""BigQuery's SQL, as a dialect of the SQL engine (docs/architecture.md, "Engines").

GoogleSQL (standard SQL), as documented by Google: backquoted names, FLOAT64 and INT64,
DATETIME for an instant without time zone (a TIMESTAMP literal would not compare with a
DATETIME column), `INTERVAL n unit`, UNIX_MICROS, BIT_OR, and text literals escaped with
backslashes. The connection is the warehouse source's (connectors/sources/warehouses).

BigQuery has no exact percentile aggregate: PERCENTILE_CONT is a window (analytic)
function only, and APPROX_QUANTILES is approximate. The median and the 90th percentile
are therefore taken from the group's values in order (`ARRAY_AGG … ORDER BY`), linear
between the two nearest as polars' and PostgreSQL's: the same number, at the cost of
holding each group's values in one row (`DIFFERENCES` says so on the Definitions page).
"""

from __future__ import annotations

from datetime import datetime

from kpi.engines.sql_literals import backslashed, clock, in_unit
from kpi.engines.sql_text import Dialect


def timestamp(moment: datetime) -> str:
    return f"DATETIME '{clock(moment)}'"


def interval(micros: int) -> str:
    count, unit = in_unit(micros)
    return f"INTERVAL {count} {unit}"


def quantile(x: str, q: float) -> str:
    """The exact quantile of the non-null x: linear between the values at positions
    floor and ceil of q·(n-1) of the ordered values (null over none)."""
    ordered = f"ARRAY_AGG({x} IGNORE NULLS ORDER BY {x})"
    position = f"({q!r} * (COUNT({x}) - 1))"
    low = f"{ordered}[SAFE_OFFSET(CAST(FLOOR({position}) AS INT64))]"
    high = f"{ordered}[SAFE_OFFSET(CAST(CEIL({position}) AS INT64))]"
    return f"({low} + ({high} - {low}) * ({position} - FLOOR({position})))"


DIFFERENCES = (
    "BigQuery: medians and 90th percentiles are exact, as on every engine, but BigQuery "
    "has no exact percentile aggregate (its PERCENTILE_CONT is a window function, "
    "APPROX_QUANTILES approximate), so Tandem orders each group's values in one row "
    "(ARRAY_AGG) and takes the middle ones: the same number, and a group too large for one "
    "BigQuery row fails with BigQuery's error rather than showing an approximation.",
)

BIGQUERY = Dialect(
    name="bigquery",
    double="FLOAT64",
    integer="INT64",
    micros=lambda x: f"UNIX_MICROS(TIMESTAMP({x}))",  # a DATETIME read as UTC
    interval=interval,
    quantile=quantile,
    quote="`",
    text=backslashed,
    timestamp=timestamp,
    differences=DIFFERENCES,
)

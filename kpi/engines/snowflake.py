"""Snowflake's SQL, as a dialect of the SQL engine (docs/architecture.md, "Engines").

As documented by Snowflake: double-quoted names (the connection sets
QUOTED_IDENTIFIERS_IGNORE_CASE, so `"lead_id"` finds a column created as LEAD_ID),
TIMESTAMP_NTZ for an instant without time zone (a bare TIMESTAMP follows the account's
TIMESTAMP_TYPE_MAPPING), `INTERVAL 'n unit'`, DATE_PART(EPOCH_MICROSECOND …),
BITOR_AGG, and text literals with backslashes escaped (Snowflake reads `\\` sequences in
quoted text). PERCENTILE_CONT is an exact aggregate there, linear between the two
nearest values as polars: no difference to state. The connection is the warehouse
source's (connectors/sources/warehouses).
"""

from __future__ import annotations

from datetime import datetime

from kpi.engines.sql_literals import clock, in_unit
from kpi.engines.sql_text import Dialect

_ESCAPES = str.maketrans({"\\": "\\\\", "'": "''", "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def text(value: str) -> str:
    return "'" + value.translate(_ESCAPES) + "'"


def timestamp(moment: datetime) -> str:
    return f"CAST('{clock(moment)}' AS TIMESTAMP_NTZ)"


def interval(micros: int) -> str:
    count, unit = in_unit(micros)
    return f"INTERVAL '{count} {unit}'"


SNOWFLAKE = Dialect(
    name="snowflake",
    double="DOUBLE",
    micros=lambda x: f"DATE_PART(EPOCH_MICROSECOND, {x})",
    interval=interval,
    quantile=lambda x, q: f"PERCENTILE_CONT({q!r}) WITHIN GROUP (ORDER BY {x})",
    text=text,
    timestamp=timestamp,
    bit_or="BITOR_AGG",
)

"""PostgreSQL as an engine: the measures computed in the warehouse.

See docs/architecture.md, "Engines".

The connection and the check of the tables are the warehouse source's
(connectors/sources/warehouse.py); this module is the dialect and the model.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from kpi.engines.sql import Run, SqlEngine
from kpi.engines.sql_model import prepare_in
from kpi.engines.sql_text import Dialect
from kpi.model import Model

POSTGRES = Dialect(
    name="postgresql",
    double="DOUBLE PRECISION",
    # EXTRACT(EPOCH …) of a timestamp without time zone is exact (numeric seconds).
    micros=lambda x: f"(EXTRACT(EPOCH FROM {x}) * 1000000)",
    interval=lambda n: f"({n} * INTERVAL '1 microsecond')",
    # Exact: linear between the two nearest values, as polars' median and quantile.
    quantile=lambda x, q: f"percentile_cont({q!r}) WITHIN GROUP (ORDER BY {x})",
    bytewise=lambda x: f'({x} COLLATE "C")',
)


def on_run(run: Run, relations: Mapping[str, str], planning: Mapping[str, pl.DataFrame]) -> Model:
    """The model of the fact tables at `relations`, queried through `run`."""
    return prepare_in(SqlEngine("postgresql", POSTGRES, run, dict(relations)), planning)

"""The SQL warehouses Tandem computes in, by name: one dialect each, one code path
(kpi/engines/sql.py) for all (docs/architecture.md, "Engines").

The name is the warehouse URL's scheme as the warehouse source reads it
(connectors/sources/warehouses): postgresql, bigquery, snowflake.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

import polars as pl

from kpi.engines.bigquery import BIGQUERY
from kpi.engines.postgres import POSTGRES
from kpi.engines.snowflake import SNOWFLAKE
from kpi.engines.sql import Run, SqlEngine
from kpi.engines.sql_model import prepare_in
from kpi.engines.sql_text import Dialect
from kpi.model import Model

WarehouseName = Literal["postgresql", "bigquery", "snowflake"]
WAREHOUSES: tuple[WarehouseName, ...] = get_args(WarehouseName)
DIALECTS: dict[WarehouseName, Dialect] = {
    "postgresql": POSTGRES,
    "bigquery": BIGQUERY,
    "snowflake": SNOWFLAKE,
}


def on_warehouse(
    name: WarehouseName,
    run: Run,
    relations: Mapping[str, str],
    planning: Mapping[str, pl.DataFrame],
) -> Model:
    """The model of the fact tables at `relations` (written in the warehouse's dialect),
    queried through `run`; the planning tables given in memory."""
    return prepare_in(SqlEngine(name, DIALECTS[name], run, dict(relations)), planning)

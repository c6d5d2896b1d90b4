"""Apache Spark as an engine, for data past one machine.

See docs/architecture.md, "Engines". Spark SQL runs the same queries as the other SQL
engines (kpi/engines/sql.py) over a canonical Parquet folder (on a shared file system
or object store in a cluster). The master is `local[2]` unless TANDEM_SPARK_MASTER
names a cluster (spark://host:7077, yarn). Spark needs Java 17 (Debian's
openjdk-17-jre-headless).
"""

from __future__ import annotations

import atexit
import dataclasses
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import polars as pl
from contract.schema import TABLES
from pyspark.sql import SparkSession

from kpi.engines.sql import FACTS, SqlEngine
from kpi.engines.sql_literals import backslashed
from kpi.engines.sql_model import prepare_in
from kpi.engines.sql_text import Dialect
from kpi.model import Model

MASTER = "TANDEM_SPARK_MASTER"


def _interval(micros: int) -> str:
    span = timedelta(microseconds=micros)
    hours, rest = divmod(span.seconds, 3600)
    clock = f"{hours}:{rest // 60}:{rest % 60}.{span.microseconds:06d}"
    return f"INTERVAL '{span.days} {clock}' DAY TO SECOND"


SPARK = Dialect(
    name="spark",
    double="DOUBLE",
    micros=lambda x: f"unix_micros(CAST({x} AS TIMESTAMP))",  # the session runs in UTC
    interval=_interval,
    # Exact and linear between the two nearest values (percentile_approx is not).
    quantile=lambda x, q: f"percentile({x}, {q!r})",
    quote="`",
    # Spark SQL reads backslash escapes in quoted text: `EU\north` written as it is would
    # be EU, a line break and "orth", and a filter on it would match no row.
    text=backslashed,
)
_session_lock = threading.Lock()


def session() -> SparkSession:
    """The one Spark session of this process, in UTC, without its web UI."""
    with _session_lock:
        builder: Any = SparkSession.builder
        spark: SparkSession = (
            builder.master(os.environ.get(MASTER, "local[2]"))
            .appName("tandem")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        return spark


def on_parquet(facts: Mapping[str, str | None], planning: Mapping[str, pl.DataFrame]) -> Model:
    """The model of fact tables left in their Parquet files (a path or glob per table),
    read by Spark."""
    spark = session()
    views = {}
    for table in FACTS:
        view = f"tandem_{table}_{id(planning)}"
        found = facts.get(table)
        if found is None:
            frame = spark.createDataFrame([], _schema_text(table))
        else:
            frame = spark.read.parquet(found).select(*TABLES[table].columns)
        frame.createOrReplaceTempView(view)
        views[table] = view
    engine = SqlEngine("spark", SPARK, _run, views)
    return prepare_in(dataclasses.replace(engine, first_orders=_first_orders(engine)), planning)


_kept: list[str] = []  # the cached first-order views of this process's models


def _first_orders(engine: SqlEngine) -> str:
    """A view of each customer's first order, computed once (on first use) and cached,
    memory then disk, as DuckDB keeps it (kpi/engines/duck.py `_with_first_orders`).

    The session outlives the models: the caches of earlier models are dropped, so a
    reloaded folder does not pile them up. A view whose cache was dropped still answers,
    computing again, should an earlier model be asked.
    """
    spark = session()
    for name in _kept:
        spark.catalog.uncacheTable(name)
    name = f"tandem_first_orders_{uuid.uuid4().hex}"
    spark.sql(engine.first_orders_query()).cache().createOrReplaceTempView(name)
    _kept[:] = [name]
    return name


def on_frames(frames: Mapping[str, pl.DataFrame]) -> Model:
    """Canonical tables in memory, handed to Spark as a Parquet folder of their own."""
    folder = Path(tempfile.mkdtemp(prefix="tandem-spark-"))
    atexit.register(shutil.rmtree, folder, True)
    facts: dict[str, str | None] = {}
    for table in FACTS:
        frame = frames.get(table, TABLES[table].empty()).select(list(TABLES[table].columns))
        path = folder / f"{table}.parquet"
        frame.write_parquet(path)
        facts[table] = str(path)
    planning = {name: frame for name, frame in frames.items() if name not in FACTS}
    return on_parquet(facts, planning)


def _run(sql: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in session().sql(sql).collect()]


_SPARK_TYPES = {
    pl.String: "STRING",
    pl.Categorical: "STRING",
    pl.Date: "DATE",
    pl.Datetime: "TIMESTAMP_NTZ",
    pl.Float64: "DOUBLE",
    pl.Int64: "BIGINT",
    pl.Boolean: "BOOLEAN",
}


def _schema_text(table: str) -> str:
    schema = TABLES[table].empty().schema
    return ", ".join(f"`{c}` {_SPARK_TYPES[t.base_type()]}" for c, t in schema.items())

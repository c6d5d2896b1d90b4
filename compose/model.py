"""The model of the sources' reads, computed where sources.toml says.

See docs/architecture.md, "Engines". A `warehouse` source always computes in the
warehouse: its fact tables stay there and the other sources may give planning tables
only (launches, targets, events), never fact rows from a second place. Without one,
`[settings] engine` chooses: polars (default) prepares the combined tables in this
process; DuckDB and Spark get them copied in and answer with aggregates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from compose.place import Place, placed
from connectors import SourceConfig, SourceRead, SourcesConfig
from connectors.errors import SourceError
from connectors.sources.canonical_folder import parquet_of, read_tables
from contract.schema import TABLES
from kpi.engines import ENGINES, EngineName, on_frames, on_parquet
from kpi.model import Model

# The warehouses' drivers (psycopg) and SQL engines are imported when a warehouse source
# is there: every `tandem report` on files would pay for them at start.
if TYPE_CHECKING:
    from connectors.sources.warehouses import Opened

Connect = Callable[[SourceConfig], "Opened"]  # a warehouse source → its connection


class ModelError(Exception):
    """The reads cannot make one model; the message says why, in plain words."""


def engine_of(config: SourcesConfig | None) -> EngineName:
    """The engine `[settings] engine` names (polars without one); refused by name if unknown."""
    engine = (config.engine if config else None) or "polars"
    for known in ENGINES:
        if engine == known:
            return known
    where = config.path if config else "sources.toml"
    raise ModelError(
        f"{where}: [settings] field 'engine' must be one of {', '.join(ENGINES)}, not {engine!r}"
    )


def secrets_of(source: SourceConfig, secrets: Mapping[str, Any] | None) -> dict[str, Any]:
    """A warehouse's credentials: the secrets' value under each key its source names (a
    password, BigQuery's service account key, Snowflake's private key), by field."""
    from connectors.sources import warehouses

    found = {
        field: (secrets or {}).get(source.options.get(field) or "") for field in warehouses.SECRETS
    }
    return {field: value for field, value in found.items() if value is not None}


def credentials_for(
    source: SourceConfig, secrets: Mapping[str, Any] | None
) -> Mapping[str, Any] | None:
    """What a source signs in with, from .streamlit/secrets.toml: a warehouse the secrets
    it names (by their keys), any other the Google service account, if there is one."""
    if source.kind == "warehouse":
        return secrets_of(source, secrets) or None
    account = (secrets or {}).get("gcp_service_account")
    return dict(account) if isinstance(account, Mapping) else None


def warehouse_of(
    sources: Sequence[SourceConfig], reads: Sequence[SourceRead]
) -> SourceConfig | None:
    """The warehouse source holding the fact tables, if one was read.

    A warehouse whose read failed holds nothing this time: its numbers are missing (the
    page says so), never zeros. Fact rows from any other read are refused by name.
    """
    ready = {r.name for r in reads if r.kind == "warehouse" and not r.health.error}
    stores = [s for s in sources if s.kind == "warehouse" and s.name in ready]
    if not stores:
        return None
    if len(stores) > 1:
        raise ModelError("only one warehouse source can hold the fact tables")
    from connectors.sources import warehouse

    store = stores[0]
    for read in reads:
        giving = [t for t in warehouse.FACTS if read.name != store.name and read.tables[t].height]
        if giving:
            raise ModelError(
                f"source {read.name} gives {', '.join(giving)} rows, which the warehouse "
                f"source {store.name} holds; give each table from one place"
            )
    return store


def open_warehouse(store: SourceConfig, secrets: Mapping[str, Any] | None) -> Opened:
    """A connection to the warehouse the source's URL names (PostgreSQL read-only,
    BigQuery, Snowflake), its tables checked."""
    from connectors.sources import warehouses

    assert store.url is not None
    try:
        return warehouses.connect(
            store.url, dict(store.options["tables"]), secrets_of(store, secrets)
        )
    except SourceError as exc:
        raise ModelError(f"source {store.name}: {exc}") from None


def in_warehouse(
    store: SourceConfig, opened: Opened, tables: Mapping[str, pl.DataFrame]
) -> tuple[Model, Place]:
    """The warehouse's model: its fact tables queried where they are, in its SQL
    dialect, the planning tables (`tables` without the facts) given in memory."""
    from connectors.sources import warehouse, warehouses
    from kpi.engines.warehouses import WAREHOUSES, on_warehouse

    kind = warehouses.kind_of(store.url or "")
    dialect = next(name for name in WAREHOUSES if kind is not None and name == kind.name)
    planning = {name: frame for name, frame in tables.items() if name not in warehouse.FACTS}
    try:
        model = on_warehouse(dialect, opened.run, opened.relations(), planning)
    except SourceError as exc:
        raise ModelError(f"source {store.name}: {exc}") from None
    return placed(model, at=warehouses.address(store.url or ""), by=store.name)


def model_of(
    tables: Mapping[str, pl.DataFrame],
    reads: Sequence[SourceRead],
    sources: Sequence[SourceConfig],
    *,
    engine: EngineName,
    connect: Connect,
) -> tuple[Model, Place]:
    """The model of the combined `tables`: in the warehouse when one was read, else on
    `engine`. `connect` opens the warehouse (the app keeps one connection open)."""
    store = warehouse_of(sources, reads)
    if store is not None:
        return in_warehouse(store, connect(store), tables)
    return placed(on_frames(engine, tables))


def on_folder(engine: EngineName, folder: Path) -> Model:
    """The model of a canonical Parquet folder: polars loads every table; DuckDB and
    Spark scan the fact tables where they are and get the small planning tables read."""
    if engine == "polars":
        return on_frames("polars", read_tables(folder, tuple(TABLES)))
    from kpi.engines.sql import FACTS

    planning = read_tables(folder, tuple(t for t in TABLES if t not in FACTS))
    return on_parquet(engine, {table: parquet_of(folder, table) for table in FACTS}, planning)

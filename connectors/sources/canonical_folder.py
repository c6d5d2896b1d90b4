"""A canonical folder: per canonical table, one `<table>.parquet` or a `<table>/` folder of
Parquet parts (docs/architecture.md, "Engines"). Every engine reads the same layout: the
polars engine the tables read here, DuckDB and Spark the fact tables' paths found here."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from contract.schema import TABLES


def parquet_of(folder: Path, table: str) -> str | None:
    """The file, or a glob of the parts, holding `table` in `folder`; None if absent."""
    single, parts = folder / f"{table}.parquet", folder / table
    if single.is_file():
        return str(single)
    if parts.is_dir() and any(parts.glob("*.parquet")):
        return str(parts / "*.parquet")
    return None


def read_tables(folder: Path, tables: tuple[str, ...]) -> dict[str, pl.DataFrame]:
    """The canonical `tables` found in `folder`, read whole (small planning tables)."""
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder")
    found = {table: parquet_of(folder, table) for table in tables}
    return {
        table: pl.read_parquet(path).select(list(TABLES[table].columns))
        for table, path in found.items()
        if path is not None
    }

"""The demo data set at benchmark scale, written as Parquet sources the app can load.

`ensure(size, seed)` writes benchmarks/data/<size>/ once: one folder of Parquet parts
per canonical table and a sources.toml declaring a `folder` source for each, so the
app (TANDEM_SOURCES=…/sources.toml) and the benchmarks read them like any source.
Parts hold at most `ROWS_PER_PART` rows, keeping every file under the connectors'
per-file size bound. A manifest records the size, seed and a digest of the schema
and of the generator's code; the files are reused while all three match.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

import polars as pl

import connectors.demo
from connectors.demo import generate
from contract.schema import TABLES

DATA_DIR = Path(__file__).resolve().parent / "data"
ROWS_PER_PART = 1_000_000  # about 31 MB of leads: under the 50 MB bound on one export
MANIFEST = "manifest.json"
TABLE_NAMES = tuple(TABLES)


def fingerprint(size: int, seed: int) -> dict[str, object]:
    """What the files on disk must have been generated from to be reused."""
    schema = hashlib.sha256()
    for name, table in TABLES.items():
        # The values' types, not their encoding in memory: a dictionary-encoded text
        # column (Categorical, Enum) is written to Parquet as text, so it counts as String.
        columns = sorted((c, str(_stored(t))) for c, t in table.columns.items())
        schema.update(f"{name}:{columns};".encode())
    code = hashlib.sha256()
    for path in sorted(Path(connectors.demo.__file__).parent.glob("*.py")):
        code.update(path.name.encode() + path.read_bytes())
    return {
        "size": size,
        "seed": seed,
        "schema": schema.hexdigest()[:16],
        "generator": code.hexdigest()[:16],
        "timestamps": "whole seconds",
    }


def _stored(dtype: pl.DataType) -> pl.DataType:
    return pl.String() if isinstance(dtype, (pl.Categorical, pl.Enum)) else dtype


def folder(size: int) -> Path:
    return DATA_DIR / str(size)


def ensure(size: int, seed: int, *, log: bool = True) -> Path:
    """The sources.toml of the data set of `size` leads, generating it if needed."""
    target = folder(size)
    manifest = target / MANIFEST
    wanted = fingerprint(size, seed)
    if manifest.exists() and json.loads(manifest.read_text(encoding="utf-8")) == wanted:
        return target / "sources.toml"
    if target.exists():
        shutil.rmtree(target)
    started = time.perf_counter()
    frames = generate(seed=seed, n_leads=size)
    generated = time.perf_counter() - started
    staging = target.with_name(f".{target.name}.partial")
    if staging.exists():
        shutil.rmtree(staging)
    lines = ["# Written by benchmarks/datasets.py: the demo data set as Parquet sources.", ""]
    lines += ["[settings]", 'snapshot_dir = "snapshots"', ""]
    for name, frame in frames.items():
        # Exports carry whole seconds, and the connectors keep no more: so do the files.
        frame = frame.with_columns(pl.col(pl.Datetime).dt.truncate("1s"))
        (staging / name).mkdir(parents=True)
        for number, offset in enumerate(range(0, max(frame.height, 1), ROWS_PER_PART)):
            part = frame.slice(offset, ROWS_PER_PART)
            part.write_parquet(staging / name / f"part-{number:04d}.parquet")
        lines += [
            "[[source]]",
            f'name = "{name}"',
            'kind = "folder"',
            f'path = "{name}"',
            f'table = "{name}"',
            "",
        ]
    del frames
    (staging / "sources.toml").write_text("\n".join(lines), encoding="utf-8")
    (staging / MANIFEST).write_text(json.dumps(wanted, indent=2), encoding="utf-8")
    staging.rename(target)
    if log:
        took = time.perf_counter() - started
        print(f"  generated {size:,} leads in {generated:.1f} s, written in {took:.1f} s")
    return target / "sources.toml"


def table_files(size: int, table: str) -> list[Path]:
    return sorted((folder(size) / table).glob("*.parquet"))


def read_table(size: int, table: str) -> pl.DataFrame:
    return pl.concat([pl.read_parquet(p) for p in table_files(size, table)])


# The demo data as a user's pandas pipeline writes it (issue 13): an all-empty column
# gets Parquet's null type, counts are int32, timestamps nanoseconds, dates datetimes.
NULL_COLUMN = ("leads", "event")
INT32_COUNTS = {"spend": ("impressions", "clicks"), "orders": ("units",)}


def pandas_folder(size: int) -> Path:
    return DATA_DIR / f"{size}-pandas"


def ensure_pandas(size: int, seed: int, *, log: bool = True) -> Path:
    """The sources.toml of the same data set rewritten by pandas, generating it if needed."""
    import pandas as pd

    source = ensure(size, seed, log=log)
    target = pandas_folder(size)
    manifest = target / MANIFEST
    wanted = fingerprint(size, seed) | {"writer": f"pandas {pd.__version__}", "text": "plain"}
    if manifest.exists() and json.loads(manifest.read_text(encoding="utf-8")) == wanted:
        return target / "sources.toml"
    if target.exists():
        shutil.rmtree(target)
    staging = target.with_name(f".{target.name}.partial")
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(source.parent, staging, ignore=shutil.ignore_patterns("snapshots"))
    for name in TABLE_NAMES:
        for path in sorted((staging / name).glob("*.parquet")):
            frame = pd.read_parquet(path)
            for column in frame.columns:  # a pipeline's text is plain, not Tandem's dictionary
                if isinstance(frame[column].dtype, pd.CategoricalDtype):
                    frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
            if (name, NULL_COLUMN[1]) == NULL_COLUMN:
                frame[NULL_COLUMN[1]] = None  # object dtype, all None: Parquet's null type
            for column in INT32_COUNTS.get(name, ()):
                frame[column] = frame[column].astype("int32")
            for column in frame.columns:  # pandas holds dates as datetime64[ns]
                if frame[column].dtype == object and _all_dates(frame[column]):
                    frame[column] = pd.to_datetime(frame[column])
            frame.to_parquet(path, index=False)
    (staging / MANIFEST).write_text(json.dumps(wanted, indent=2), encoding="utf-8")
    staging.rename(target)
    return target / "sources.toml"


def _all_dates(column: object) -> bool:
    import datetime as dt

    values = column.dropna()  # type: ignore[attr-defined]
    return bool(len(values)) and all(type(v) is dt.date for v in values.head(100))

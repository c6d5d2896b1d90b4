"""Reading a sources file for the command line, through the connectors package.

kpi/ never depends on connectors/ (DESIGN.md §2: imports flow one way); only the
command line, an entry point like app.py, reaches for it, lazily and only when a
sources file is given.
"""

from __future__ import annotations

import importlib
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

SNAPSHOT_DIR = Path(".tandem/snapshots")
SECRETS = Path(".streamlit/secrets.toml")


class SourcesError(Exception):
    """The sources file cannot be used; the message says why, in plain words."""


def read_sources(path: Path) -> dict[str, pl.DataFrame]:
    """The canonical tables from every source in `path`, stale sources noted on stderr."""
    connectors = _connectors()
    try:
        config = connectors.load_config(path)
    except Exception as exc:  # the connectors' ConfigError: a bad file, said plainly
        raise SourcesError(str(exc)) from None
    if config is None:
        raise SourcesError(f"{path} does not exist")
    snapshot_dir = getattr(config, "snapshot_dir", None) or SNAPSHOT_DIR
    credentials = _credentials()
    reads = [
        connectors.read_source(source, credentials=credentials, snapshot_dir=snapshot_dir)
        for source in config.sources
    ]
    for read in reads:
        stale = getattr(read, "stale_since", None)
        if stale is not None:
            print(
                f"note: source {read.name} failed; using its snapshot of {stale}", file=sys.stderr
            )
    frames: dict[str, pl.DataFrame] = connectors.combine(reads)
    return frames


def _connectors() -> Any:
    try:
        # Imported by name at run time: kpi/ has no import-time (or type-check-time)
        # dependency on connectors/, which may be mid-change in another room.
        connectors = importlib.import_module("connectors")
    except ImportError as exc:
        raise SourcesError(f"the connectors package is not available ({exc})") from None
    missing = [
        name for name in ("load_config", "read_source", "combine") if not hasattr(connectors, name)
    ]
    if missing:
        raise SourcesError(f"the connectors package lacks {', '.join(missing)}")
    return connectors


def _credentials() -> Mapping[str, Any] | None:
    """The Google service account from .streamlit/secrets.toml, if there is one."""
    try:
        secrets = tomllib.loads(SECRETS.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    account = secrets.get("gcp_service_account")
    return account if isinstance(account, dict) else None

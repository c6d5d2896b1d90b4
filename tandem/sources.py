"""Reading a sources file for the command line, as the app does (ui/data.py)."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

import connectors
from connectors import ConfigError

SECRETS = Path(".streamlit/secrets.toml")


class SourcesError(Exception):
    """The sources file cannot be used; the message says why, in plain words."""


def read_sources(path: Path) -> dict[str, pl.DataFrame]:
    """The canonical tables from every source in `path`, stale sources noted on stderr."""
    try:
        config = connectors.load_config(path)
    except ConfigError as exc:
        raise SourcesError(str(exc)) from None
    if config is None:
        raise SourcesError(f"{path} does not exist")
    credentials = _credentials()
    reads = [
        connectors.read_source(source, credentials=credentials, snapshot_dir=config.snapshot_dir)
        for source in config.sources
    ]
    for read in reads:
        if read.stale_since is not None:
            print(
                f"note: source {read.name} failed; using its snapshot of {read.stale_since}",
                file=sys.stderr,
            )
    return connectors.combine(reads, reporting_currency=config.reporting_currency)


def _credentials() -> Mapping[str, Any] | None:
    """The Google service account from .streamlit/secrets.toml, if there is one."""
    try:
        secrets = tomllib.loads(SECRETS.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    account = secrets.get("gcp_service_account")
    return account if isinstance(account, dict) else None

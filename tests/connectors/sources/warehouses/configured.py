"""A sources.toml and secrets naming a BigQuery or Snowflake warehouse holding the demo
brand, served by a fake client (tests/connectors/sources/warehouses/fakes.py)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.connectors.sources.warehouses.fakes import Server, bigquery_module, snowflake_module
from tests.connectors.sources.warehouses.test_cloud import URLS, pem, service_account

SECRET_FIELD = {"bigquery": "service_account", "snowflake": "private_key"}


def secrets(vendor: str) -> dict[str, object]:
    """The secrets as .streamlit/secrets.toml holds them: BigQuery's JSON key as a table,
    Snowflake's private key as PEM text."""
    return {f"{vendor}_key": service_account() if vendor == "bigquery" else pem()}


def _toml(value: object) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    return '"' + str(value).replace("\\", "\\\\").replace("\n", "\\n") + '"'


def configured(
    vendor: str, demo: dict[str, pl.DataFrame], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, dict[str, object], Server]:
    """sources.toml and .streamlit/secrets.toml in `folder` (the working directory now),
    and the fake warehouse holding `demo`, its client module installed."""
    server = Server(vendor, demo)
    (bigquery_module if vendor == "bigquery" else snowflake_module)(monkeypatch, server)
    given = secrets(vendor)
    (folder / ".streamlit").mkdir(exist_ok=True)
    (folder / ".streamlit" / "secrets.toml").write_text(
        "".join(f"{key} = {_toml(value)}\n" for key, value in given.items())
    )
    mapping = ", ".join(f'{name} = "{name}"' for name in demo)
    (folder / "sources.toml").write_text(
        f'[[source]]\nname = "Warehouse"\nkind = "warehouse"\nurl = "{URLS[vendor]}"\n'
        f'{SECRET_FIELD[vendor]} = "{vendor}_key"\ntables = {{ {mapping} }}\n'
    )
    monkeypatch.chdir(folder)
    return folder / "sources.toml", given, server

"""Every warehouse a `warehouse` source can name, by its URL's scheme (docs/architecture.md,
"Engines"): PostgreSQL (connectors/sources/warehouse.py), BigQuery and Snowflake
(cloud.py, one code path, each vendor's SQL and client in bigquery.py, snowflake.py).

Declared once here: each scheme's warehouse name (the SQL dialect kpi/engines uses by
the same name), the secrets a source may name for it, how it connects, and how its
version probe is described on the Data page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import polars as pl

from connectors.errors import SourceError
from connectors.sources import warehouse as postgres
from connectors.sources.warehouses import bigquery, cloud, snowflake


class Opened(Protocol):
    """An open warehouse connection, whatever the vendor."""

    def run(self, sql: str) -> list[tuple[Any, ...]]: ...

    def relations(self) -> dict[str, str]: ...

    def version(self) -> postgres.Version: ...

    def read_planning(self) -> dict[str, pl.DataFrame]: ...

    def close(self) -> None: ...


# (url, tables, credentials) → the open warehouse, its tables checked
Connect = Callable[[str, dict[str, str], Mapping[str, Any]], Opened]


@dataclass(frozen=True)
class Kind:
    name: str  # the SQL dialect's name too (kpi/engines/warehouses.py)
    label: str
    schemes: tuple[str, ...]
    secrets: tuple[str, ...]  # the source's keys naming a secret, the first the usual one
    required: bool  # whether one of them must be named
    connect: Connect
    address: Callable[[str], str]  # where it is, to show: never a credential
    probe: str  # what the version probe reads, in words
    blind: str  # the tables it cannot see, in words
    # Checks of the URL and of a table name in it, before connecting: a ValueError says
    # what is wrong (None: PostgreSQL's URL is read by its driver on connect).
    check_url: Callable[[str], object] | None = None
    place: Callable[[str, str], object] | None = None


def _postgres(url: str, tables: dict[str, str], credentials: Mapping[str, Any]) -> Opened:
    password = credentials.get("password")
    return postgres.connect(url, tables, password=password if isinstance(password, str) else None)


def _bigquery(url: str, tables: dict[str, str], credentials: Mapping[str, Any]) -> Opened:
    account = bigquery.key_of(credentials.get("service_account"), "service_account")
    spots = {t: bigquery.spot(url, n) for t, n in tables.items()}
    return cloud.opened(bigquery.VENDOR, bigquery.client(url, account), spots)


def _snowflake(url: str, tables: dict[str, str], credentials: Mapping[str, Any]) -> Opened:
    signed: dict[str, Any] = {"password": credentials.get("password")}
    if credentials.get("private_key") is not None:
        signed = {"private_key": snowflake.private_key(credentials["private_key"], "private_key")}
    spots = {t: snowflake.spot(url, n) for t, n in tables.items()}
    return cloud.opened(snowflake.VENDOR, snowflake.client(url, signed), spots)


KINDS = (
    Kind(
        "postgresql",
        "PostgreSQL",
        ("postgresql", "postgres"),
        ("password",),
        False,
        _postgres,
        postgres.address,
        "the tables' change counters (PostgreSQL's pg_stat_user_tables)",
        "a view, a partitioned or foreign table, or a standby",
    ),
    Kind(
        "bigquery",
        "BigQuery",
        ("bigquery",),
        ("service_account",),
        True,
        _bigquery,
        bigquery.address,
        "the tables' last modification (BigQuery's __TABLES__ last_modified_time)",
        "a view or an external table",
        bigquery.where,
        bigquery.spot,
    ),
    Kind(
        "snowflake",
        "Snowflake",
        ("snowflake",),
        ("password", "private_key"),
        True,
        _snowflake,
        snowflake.address,
        "the tables' last change (Snowflake's INFORMATION_SCHEMA.TABLES LAST_ALTERED)",
        "a view or an external table",
        snowflake.where,
        snowflake.spot,
    ),
)
BY_NAME = {kind.name: kind for kind in KINDS}
SECRETS = tuple(dict.fromkeys(key for kind in KINDS for key in kind.secrets))


def kind_of(url: str) -> Kind | None:
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    return next((kind for kind in KINDS if scheme in kind.schemes), None)


def problem(url: str, tables: Mapping[str, str]) -> str | None:
    """What is wrong with a BigQuery or Snowflake URL, or with a table name in it (a bare
    name needs the URL's dataset or schema); PostgreSQL's URL is read on connect."""
    kind = kind_of(url)
    try:
        if kind is not None and kind.check_url is not None:
            kind.check_url(url)
        if kind is not None and kind.place is not None:
            for name in tables.values():
                kind.place(url, name)
    except ValueError as exc:
        return str(exc)
    return None


def connect(url: str, tables: dict[str, str], credentials: Mapping[str, Any]) -> Opened:
    """The warehouse the URL names, open and its tables checked; a SourceError says what
    is wrong (a missing client names the package to install)."""
    kind = kind_of(url)
    if kind is None:
        raise SourceError("the warehouse URL names no known warehouse")
    return kind.connect(url, tables, credentials)


def address(url: str) -> str:
    kind = kind_of(url)
    try:
        return kind.address(url) if kind else "(an address that cannot be parsed)"
    except ValueError:
        return f"{kind.name if kind else ''}://(an address that cannot be parsed)"

"""Snowflake as a warehouse source: its URL, its client, its metadata queries.

    url = "snowflake://tandem_reader@myorg-myaccount/ANALYTICS/CRM?warehouse=REPORTING&role=READER"
    password = "snowflake_password"        # a key of .streamlit/secrets.toml, or
    private_key = "snowflake_private_key"  # a PEM key (key-pair authentication)
    tables = { leads = "crm.leads", deals = "deals", ... }  # schema.table, or the URL's schema

The database holds the schemas; the path's schema is where a bare table name is. The
session sets QUOTED_IDENTIFIERS_IGNORE_CASE (Tandem's quoted lower-case names find
columns created unquoted, stored upper-case) and TIMEZONE UTC. Give Tandem a role that
may only read: Snowflake has no read-only session. snowflake-connector-python is
imported only when such a source is opened (requirements-warehouses.txt).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from contextlib import closing
from itertools import groupby
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import polars as pl

from connectors.errors import SourceError
from connectors.sources.warehouses.cloud import Client, Spot, Vendor, not_installed, text

ACCOUNT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")
PARAMETERS = ("warehouse", "role")
PACKAGE = "snowflake-connector-python"
SESSION = {"QUOTED_IDENTIFIERS_IGNORE_CASE": True, "TIMEZONE": "UTC", "QUERY_TAG": "tandem"}


def where(url: str) -> tuple[str, str, str, str | None, dict[str, str]]:
    """The URL's user, account, database, schema (None: every table names its own) and
    parameters; a ValueError says what is wrong with it."""
    parts = urlsplit(url)
    user, _, account = parts.netloc.rpartition("@")
    path = [unquote(p) for p in parts.path.strip("/").split("/") if p]
    if parts.password or not user or not ACCOUNT.match(account) or not 1 <= len(path) <= 2:
        raise ValueError("must be snowflake://USER@ACCOUNT/DATABASE[/SCHEMA]")
    bad = [p for p in path if not NAME.match(p)]
    if bad:
        raise ValueError(f"names {bad[0]!r}; a database or schema is letters, digits and _")
    parameters = dict(parse_qsl(parts.query))
    unknown = sorted(set(parameters) - set(PARAMETERS))
    if unknown:
        raise ValueError(
            f"has the parameter {unknown[0]!r}; Snowflake's are {', '.join(PARAMETERS)}"
        )
    return unquote(user), account, path[0], path[1] if len(path) > 1 else None, parameters


def address(url: str) -> str:
    user, account, database, schema, _ = where(url)
    return f"snowflake://{user}@{account}/{database}/{schema or ''}"


def spot(url: str, name: str) -> Spot:
    _, _, database, schema, _ = where(url)
    namespace, _, table = name.rpartition(".")
    if not (namespace or schema):
        raise ValueError(f"has {name!r}, which names no schema, and the URL has none")
    return Spot(database, namespace or schema or "", table)


def _tables_in(spots: Sequence[Spot]) -> str:
    """The mapped tables as a condition on INFORMATION_SCHEMA's (upper-case) names."""
    return " OR ".join(
        f"(UPPER(table_schema) = {text(schema.upper())} AND UPPER(table_name) IN "
        f"({', '.join(text(s.table.upper()) for s in group)}))"
        for schema, group in groupby(sorted(spots), key=lambda s: s.namespace)
    )


def _database(vendor: Vendor, spots: Sequence[Spot]) -> str:
    (database,) = {s.container for s in spots}
    return vendor.name_of(database)


def columns(vendor: Vendor, spots: Sequence[Spot]) -> str:
    return (
        "SELECT table_schema, table_name, column_name, data_type "
        f"FROM {_database(vendor, spots)}.INFORMATION_SCHEMA.COLUMNS WHERE {_tables_in(spots)}"
    )


def probe(vendor: Vendor, spots: Sequence[Spot]) -> str:
    """INFORMATION_SCHEMA.TABLES: per table its type, LAST_ALTERED (any DDL or DML) and
    rows; metadata, no table read."""
    return (
        "SELECT table_schema, table_name, table_type, last_altered, row_count "
        f"FROM {_database(vendor, spots)}.INFORMATION_SCHEMA.TABLES WHERE {_tables_in(spots)}"
    )


VENDOR = Vendor(
    name="snowflake",
    label="Snowflake",
    quote='"',
    double="DOUBLE",
    types={
        pl.String: ("TEXT",),
        pl.Categorical: ("TEXT",),
        pl.Date: ("DATE",),
        pl.Datetime: ("TIMESTAMP_NTZ",),  # LTZ and TZ shift with the session's time zone
        pl.Float64: ("FLOAT", "NUMBER"),
        pl.Int64: ("NUMBER",),
        pl.Boolean: ("BOOLEAN",),
    },
    columns=columns,
    probe=probe,
    seen=lambda kind: kind == "BASE TABLE",
)


class SnowflakeClient:
    def __init__(self, connection: Any, errors: tuple[type[Exception], ...]) -> None:
        self.connection = connection
        self.errors = errors

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        with closing(self.connection.cursor()) as cursor:
            cursor.execute(sql)
            return [tuple(row) for row in cursor.fetchall()]

    def close(self) -> None:
        self.connection.close()


def private_key(secret: object, key: str) -> bytes:
    """A PEM private key (a text, or a table with `key` and `passphrase`), as the DER
    bytes the connector takes."""
    from cryptography.hazmat.primitives import serialization

    pem, passphrase = secret, None
    if isinstance(secret, Mapping):
        pem, passphrase = secret.get("key"), secret.get("passphrase")
    if not isinstance(pem, str):
        raise SourceError(f"'{key}' in .streamlit/secrets.toml is not a PEM private key")
    try:
        loaded = serialization.load_pem_private_key(
            pem.encode(), password=passphrase.encode() if isinstance(passphrase, str) else None
        )
    except (ValueError, TypeError):
        raise SourceError(f"'{key}' in .streamlit/secrets.toml is not a PEM private key") from None
    return loaded.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def client(url: str, credentials: Mapping[str, Any]) -> Client:
    """snowflake-connector-python's connection, signed in with a password or a key."""
    try:
        import snowflake.connector
    except ImportError:
        raise not_installed("Snowflake", PACKAGE) from None
    user, account, database, schema, parameters = where(url)
    # Key-pair sign-in is named (SNOWFLAKE_JWT): the 5.x connector does not infer it.
    signed = (
        {"authenticator": "SNOWFLAKE_JWT", "private_key": credentials["private_key"]}
        if "private_key" in credentials
        else {"password": credentials.get("password")}
    )
    try:
        connection = snowflake.connector.connect(
            account=account,
            user=user,
            database=database,
            schema=schema,
            login_timeout=30,
            session_parameters=dict(SESSION),
            **parameters,
            **signed,
        )
    except snowflake.connector.errors.Error as exc:
        # The driver's message can quote the account's parameters: only its kind is shown.
        raise SourceError(f"cannot connect to Snowflake ({type(exc).__name__})") from None
    return SnowflakeClient(connection, (snowflake.connector.errors.Error,))

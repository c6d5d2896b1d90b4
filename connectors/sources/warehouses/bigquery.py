"""BigQuery as a warehouse source: its URL, its client, its metadata queries.

    url = "bigquery://my-project/analytics?location=EU&maximum_bytes_billed=50000000000"
    service_account = "bigquery_service_account"  # a key of .streamlit/secrets.toml
    tables = { leads = "crm.leads", deals = "deals", ... }  # dataset.table, or the URL's dataset

The project runs the queries and holds the datasets; the path's dataset is where a bare
table name is. The service account's JSON key comes from the secrets (a table, or the
JSON as text), never from sources.toml; it needs BigQuery Data Viewer on the datasets
and BigQuery Job User on the project. google-cloud-bigquery is imported only when such a
source is opened (requirements-warehouses.txt).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from itertools import groupby
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import polars as pl

from connectors.errors import SourceError
from connectors.sources.warehouses.cloud import Client, Spot, Vendor, not_installed, text

PROJECT = re.compile(r"^([a-z0-9.-]+:)?[a-z][a-z0-9-]*[a-z0-9]$")
DATASET = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
PARAMETERS = ("location", "maximum_bytes_billed")
PACKAGE = "google-cloud-bigquery"
SCOPES = ("https://www.googleapis.com/auth/bigquery",)


def where(url: str) -> tuple[str, str | None, dict[str, str]]:
    """The URL's project, dataset (None: every table names its own) and parameters;
    a ValueError says what is wrong with it."""
    parts = urlsplit(url)
    project = parts.netloc
    if parts.username or parts.password or not PROJECT.match(project):
        raise ValueError("must be bigquery://PROJECT or bigquery://PROJECT/DATASET")
    path = parts.path.strip("/")
    if path and not DATASET.match(path):
        raise ValueError(f"names the dataset {path!r}; a dataset is letters, digits and _")
    parameters = dict(parse_qsl(parts.query))
    unknown = sorted(set(parameters) - set(PARAMETERS))
    if unknown:
        raise ValueError(
            f"has the parameter {unknown[0]!r}; BigQuery's are {', '.join(PARAMETERS)}"
        )
    if not parameters.get("maximum_bytes_billed", "1").isdigit():
        raise ValueError("parameter 'maximum_bytes_billed' must be a whole number of bytes")
    return project, path or None, parameters


def address(url: str) -> str:
    project, dataset, _ = where(url)
    return f"bigquery://{project}/{dataset or ''}"


def spot(url: str, name: str) -> Spot:
    project, dataset, _ = where(url)
    namespace, _, table = name.rpartition(".")
    if not (namespace or dataset):
        raise ValueError(f"has {name!r}, which names no dataset, and the URL has none")
    return Spot(project, namespace or dataset or "", table)


def _union(vendor: Vendor, spots: Sequence[Spot], select: str, meta: str, name: str) -> str:
    """One SELECT per dataset of the mapped tables, in a UNION ALL."""
    parts = []
    for (project, dataset), group in groupby(sorted(spots), key=lambda s: (s[0], s[1])):
        names = ", ".join(text(s.table) for s in group)
        parts.append(
            f"SELECT {text(dataset)}, {select} FROM {vendor.name_of(project, dataset)}.{meta} "
            f"WHERE {name} IN ({names})"
        )
    return " UNION ALL ".join(parts)


def columns(vendor: Vendor, spots: Sequence[Spot]) -> str:
    return _union(
        vendor,
        spots,
        "table_name, column_name, data_type",
        "INFORMATION_SCHEMA.COLUMNS",
        "table_name",
    )


def probe(vendor: Vendor, spots: Sequence[Spot]) -> str:
    """`__TABLES__`: per table its type (1 a table, 2 a view, 3 external), its last
    modification (ms since 1970) and rows; metadata, no table read."""
    return _union(
        vendor,
        spots,
        "table_id, type, last_modified_time, row_count",
        "`__TABLES__`",
        "table_id",
    )


VENDOR = Vendor(
    name="bigquery",
    label="BigQuery",
    quote="`",
    double="FLOAT64",
    types={
        pl.String: ("STRING",),
        pl.Categorical: ("STRING",),
        pl.Date: ("DATE",),
        pl.Datetime: ("DATETIME",),  # a TIMESTAMP would not compare with DATETIME literals
        pl.Float64: ("FLOAT64", "NUMERIC", "BIGNUMERIC", "INT64"),
        pl.Int64: ("INT64",),
        pl.Boolean: ("BOOL",),
    },
    columns=columns,
    probe=probe,
    seen=lambda kind: kind == 1,
)


class BigQueryClient:
    def __init__(self, client: Any, errors: tuple[type[Exception], ...]) -> None:
        self.client = client
        self.errors = errors

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row.values()) for row in self.client.query(sql).result()]

    def close(self) -> None:
        self.client.close()


def key_of(secret: object, key: str) -> dict[str, Any]:
    """The service account's JSON key, as the secrets hold it (a table, or JSON text)."""
    if isinstance(secret, str):
        try:
            secret = json.loads(secret)
        except json.JSONDecodeError:
            raise SourceError(f"'{key}' in .streamlit/secrets.toml is not a JSON key") from None
    if not isinstance(secret, Mapping) or secret.get("type") != "service_account":
        raise SourceError(f"'{key}' in .streamlit/secrets.toml is not a service account key")
    return dict(secret)


def client(url: str, account: Mapping[str, Any]) -> Client:
    """google-cloud-bigquery's client for the URL's project, signed in as the account."""
    try:
        from google.api_core import exceptions as api
        from google.auth import exceptions as auth
        from google.cloud import bigquery
        from google.oauth2 import service_account
    except ImportError:
        raise not_installed("BigQuery", PACKAGE) from None
    project, _, parameters = where(url)
    try:
        accounts: Any = service_account.Credentials  # google-auth has no type hints here
        credentials = accounts.from_service_account_info(dict(account), scopes=SCOPES)
    except (ValueError, KeyError):
        raise SourceError("the service account key cannot be read (ValueError)") from None
    limit = parameters.get("maximum_bytes_billed")
    # Only when set: the client stores a None as the text 'None' and then fails on it.
    config = bigquery.QueryJobConfig(**({"maximum_bytes_billed": int(limit)} if limit else {}))
    made = bigquery.Client(
        project=project,
        credentials=credentials,
        location=parameters.get("location"),
        default_query_job_config=config,
    )
    return BigQueryClient(made, (api.GoogleAPIError, auth.GoogleAuthError))

"""BigQuery and Snowflake warehouses through one code path, against fake clients: the
client made from the URL and the secrets, the check on connect naming what is missing,
the version probe, a missing client, a refused query. Never the network."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

import connectors.demo
from connectors.errors import SourceError
from connectors.sources import warehouses
from connectors.sources.warehouses.cloud import CloudWarehouse
from tests.connectors.sources.warehouses.fakes import (
    VIEW_KIND,
    Made,
    Server,
    bigquery_module,
    snowflake_module,
)

URLS = {
    "bigquery": "bigquery://tandem-test/crm?location=EU&maximum_bytes_billed=50000000000",
    "snowflake": "snowflake://tandem_reader@myorg-acct/ANALYTICS/CRM?warehouse=REPORTING&role=READER",
}
FACTS = ("spend", "leads", "deals", "orders")
TABLES = {table: table for table in FACTS}
FRAMES = connectors.demo.generate(n_leads=200)


def pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def service_account() -> dict[str, str]:
    """A service account's JSON key, as Google writes it (a key of its own, never used)."""
    return {
        "type": "service_account",
        "project_id": "tandem-test",
        "private_key_id": "0" * 40,
        "private_key": pem(),
        "client_email": "tandem@tandem-test.iam.gserviceaccount.com",
        "client_id": "1",
        "token_uri": "https://oauth2.googleapis.com/token",
    }


CREDENTIALS: dict[str, Callable[[], dict[str, Any]]] = {
    "bigquery": lambda: {"service_account": service_account()},
    "snowflake": lambda: {"password": "s3cret"},
}
MODULES = {"bigquery": bigquery_module, "snowflake": snowflake_module}


def opened(
    vendor: str, server: Server, monkeypatch: pytest.MonkeyPatch
) -> tuple[CloudWarehouse, list[Made]]:
    made = MODULES[vendor](monkeypatch, server)
    warehouse = warehouses.connect(URLS[vendor], dict(TABLES), CREDENTIALS[vendor]())
    assert isinstance(warehouse, CloudWarehouse)
    return warehouse, made


def test_bigquery_client_is_made_for_the_urls_project_signed_in_as_the_service_account(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, (made,) = opened("bigquery", Server("bigquery", FRAMES), monkeypatch)
    arguments = made.arguments
    assert arguments["project"] == "tandem-test"
    assert arguments["location"] == "EU"
    assert arguments["credentials"].service_account_email == (
        "tandem@tandem-test.iam.gserviceaccount.com"
    )
    assert tuple(arguments["credentials"].scopes) == ("https://www.googleapis.com/auth/bigquery",)
    assert arguments["default_query_job_config"].arguments == {
        "maximum_bytes_billed": 50_000_000_000
    }


def test_snowflake_connection_is_made_from_the_url_with_the_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, (made,) = opened("snowflake", Server("snowflake", FRAMES), monkeypatch)
    assert made.arguments == {
        "account": "myorg-acct",
        "user": "tandem_reader",
        "database": "ANALYTICS",
        "schema": "CRM",
        "warehouse": "REPORTING",
        "role": "READER",
        "password": "s3cret",
        "login_timeout": 30,
        "session_parameters": {
            "QUOTED_IDENTIFIERS_IGNORE_CASE": True,
            "TIMEZONE": "UTC",
            "QUERY_TAG": "tandem",
        },
    }


def test_snowflake_signs_in_with_a_private_key_as_der_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = snowflake_module(monkeypatch, Server("snowflake", FRAMES))
    key = pem()
    warehouses.connect(URLS["snowflake"], dict(TABLES), {"private_key": key})
    der = serialization.load_pem_private_key(key.encode(), None).private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    assert made[0].arguments["private_key"] == der
    assert made[0].arguments["authenticator"] == "SNOWFLAKE_JWT"
    assert "password" not in made[0].arguments


@pytest.mark.parametrize(
    ("vendor", "credentials", "message"),
    [
        (
            "bigquery",
            {"service_account": {"type": "authorized_user"}},
            "'service_account' in .streamlit/secrets.toml is not a service account key",
        ),
        (
            "bigquery",
            {"service_account": "{not json"},
            "'service_account' in .streamlit/secrets.toml is not a JSON key",
        ),
        (
            "snowflake",
            {"private_key": "-----BEGIN PRIVATE KEY-----\nnot a key"},
            "'private_key' in .streamlit/secrets.toml is not a PEM private key",
        ),
        ("snowflake", {"password": "wrong"}, "cannot connect to Snowflake (Refused)"),
    ],
)
def test_unusable_credentials_are_named_never_shown(
    vendor: str, credentials: dict[str, Any], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    MODULES[vendor](monkeypatch, Server(vendor, FRAMES))
    with pytest.raises(SourceError) as refused:
        warehouses.connect(URLS[vendor], dict(TABLES), credentials)
    assert str(refused.value) == message
    assert "wrong" not in str(refused.value) and "tandem_reader" not in str(refused.value)


@pytest.mark.parametrize(
    ("vendor", "module", "package"),
    [
        ("bigquery", "google.cloud.bigquery", "google-cloud-bigquery"),
        ("snowflake", "snowflake.connector", "snowflake-connector-python"),
    ],
)
def test_a_missing_client_is_a_message_naming_the_package(
    vendor: str, module: str, package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import fails
    with pytest.raises(SourceError) as refused:
        warehouses.connect(URLS[vendor], dict(TABLES), CREDENTIALS[vendor]())
    label = warehouses.BY_NAME[vendor].label
    assert str(refused.value) == (
        f"{label}'s client is not installed: .venv/bin/pip install {package} "
        "(or -r requirements-warehouses.txt)"
    )


@pytest.mark.parametrize("vendor", ["bigquery", "snowflake"])
def test_the_check_on_connect_names_every_missing_table_column_and_type(
    vendor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = Server(vendor, FRAMES)
    del server.columns["leads"]["mql_at"]
    server.columns["deals"]["amount"] = {"bigquery": "STRING", "snowflake": "TEXT"}[vendor]
    server.columns["deals"]["created_at"] = {"bigquery": "TIMESTAMP", "snowflake": "TIMESTAMP_LTZ"}[
        vendor
    ]
    del server.columns["orders"]
    made = MODULES[vendor](monkeypatch, server)
    with pytest.raises(SourceError) as refused:
        warehouses.connect(URLS[vendor], dict(TABLES), CREDENTIALS[vendor]())
    ns = {"bigquery": "crm", "snowflake": "CRM"}[vendor]
    types = {
        "bigquery": (
            "STRING",
            "FLOAT64 or NUMERIC or BIGNUMERIC or INT64",
            "TIMESTAMP",
            "DATETIME",
        ),
        "snowflake": ("TEXT", "FLOAT or NUMBER", "TIMESTAMP_LTZ", "TIMESTAMP_NTZ"),
    }[vendor]
    assert str(refused.value).startswith("the warehouse tables do not match: ")
    problems = str(refused.value).removeprefix("the warehouse tables do not match: ").split("; ")
    assert sorted(problems) == sorted(
        [
            f"{ns}.leads has no column mql_at",
            f"{ns}.deals.amount is {types[0]}, not a type that holds Float64 ({types[1]})",
            f"{ns}.deals.created_at is {types[2]}, not a type that holds "
            f"Datetime(time_unit='us', time_zone=None) ({types[3]})",
            f"orders: no table {ns}.orders",
        ]
    )
    assert made[0].closed  # a refused warehouse is not left open


@pytest.mark.parametrize("vendor", ["bigquery", "snowflake"])
def test_the_probe_moves_with_a_tables_last_modification_and_is_blind_to_a_view(
    vendor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = Server(vendor, FRAMES, modified=dict.fromkeys(FACTS, 1000))
    warehouse, _ = opened(vendor, server, monkeypatch)
    connected = len(server.sent)
    first = warehouse.version()
    assert first.blind == ()
    assert warehouse.version().digest == first.digest  # nothing changed, nothing read
    server.modified["deals"] = 2000
    moved = warehouse.version()
    assert moved.digest != first.digest and moved.blind == ()
    server.kinds["leads"] = VIEW_KIND[vendor]
    assert warehouse.version().blind == ("leads",)
    probes = server.sent[connected:]  # the probe's one metadata query each time, no table read
    assert len(probes) == 4
    assert all("__TABLES__" in p or "INFORMATION_SCHEMA.TABLES" in p for p in probes)


@pytest.mark.parametrize("vendor", ["bigquery", "snowflake"])
def test_a_refused_query_says_the_vendors_error(
    vendor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse, _ = opened(vendor, Server(vendor, FRAMES), monkeypatch)
    with pytest.raises(SourceError) as refused:
        warehouse.run("SELECT 'refuse'")
    label = warehouses.BY_NAME[vendor].label
    assert str(refused.value) == (
        f"{label} refused a query (Refused: Resources exceeded during query execution)"
    )


@pytest.mark.parametrize("vendor", ["bigquery", "snowflake"])
def test_the_planning_tables_are_read_whole_with_their_types(
    vendor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    planning = {t: FRAMES[t] for t in ("launches", "targets", "events")}
    server = Server(vendor, {**{t: FRAMES[t] for t in FACTS}, **planning})
    made = MODULES[vendor](monkeypatch, server)
    warehouse = warehouses.connect(
        URLS[vendor], {t: t for t in (*FACTS, *planning)}, CREDENTIALS[vendor]()
    )
    found = warehouse.read_planning()
    for table, frame in planning.items():
        assert found[table].equals(frame), table
    warehouse.close()
    assert made[0].closed


@pytest.mark.parametrize(
    ("vendor", "address"),
    [
        ("bigquery", "bigquery://tandem-test/crm"),
        ("snowflake", "snowflake://tandem_reader@myorg-acct/ANALYTICS/CRM"),
    ],
)
def test_the_address_shown_is_where_it_is_without_parameters(vendor: str, address: str) -> None:
    assert warehouses.address(URLS[vendor]) == address

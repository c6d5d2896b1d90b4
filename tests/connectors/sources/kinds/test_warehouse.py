"""The `warehouse` kind's keys for BigQuery and Snowflake: each URL, each secret key and
each table name checked before any connection, what is wrong named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from connectors.sources.config import ConfigError, load_config

REPO = Path(__file__).resolve().parents[4]
TABLES = 'tables = { leads = "crm.leads", deals = "deals" }'
BIGQUERY = 'url = "bigquery://my-project/crm?location=EU"'
SNOWFLAKE = 'url = "snowflake://READER@myorg-acct/ANALYTICS/CRM?warehouse=WH&role=R"'


def config(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "sources.toml"
    head = ["[[source]]", 'name = "Warehouse"', 'kind = "warehouse"']
    path.write_text("\n".join([*head, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lines", "options"),
    [
        (
            [BIGQUERY, 'service_account = "bq_key"', TABLES],
            {"service_account": "bq_key"},
        ),
        ([SNOWFLAKE, 'password = "sf_password"', TABLES], {"password": "sf_password"}),
        ([SNOWFLAKE, 'private_key = "sf_key"', TABLES], {"private_key": "sf_key"}),
    ],
)
def test_a_cloud_warehouse_keeps_its_tables_and_the_key_of_its_secret(
    tmp_path: Path, lines: list[str], options: dict[str, str]
) -> None:
    loaded = load_config(config(tmp_path, *lines))
    assert loaded is not None
    (source,) = loaded.sources
    assert source.options == {"tables": {"leads": "crm.leads", "deals": "deals"}, **options}


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            [BIGQUERY, TABLES],
            "a BigQuery warehouse signs in with 'service_account': name one key of "
            ".streamlit/secrets.toml",
        ),
        (
            [BIGQUERY, 'password = "x"', TABLES],
            "field 'password' is not for a BigQuery warehouse (it takes service_account)",
        ),
        (
            [SNOWFLAKE, 'password = "a"', 'private_key = "b"', TABLES],
            "a Snowflake warehouse signs in with 'password' or 'private_key'",
        ),
        (
            [
                'url = "snowflake://READER:secret@myorg-acct/ANALYTICS/CRM"',
                'password = "p"',
                TABLES,
            ],
            "field 'url' holds a password; put it in .streamlit/secrets.toml and name its key "
            "in field 'password'",
        ),
        (
            ['url = "bigquery://my-project/crm?password=x"', 'service_account = "k"', TABLES],
            "field 'url' holds a password; put it in .streamlit/secrets.toml and name its key "
            "in field 'service_account'",
        ),
        (
            ['url = "bigquery://my-project/crm?region=EU"', 'service_account = "k"', TABLES],
            "field 'url' has the parameter 'region'; BigQuery's are location, maximum_bytes_billed",
        ),
        (
            ['url = "bigquery://My_Project/crm"', 'service_account = "k"', TABLES],
            "field 'url' must be bigquery://PROJECT or bigquery://PROJECT/DATASET",
        ),
        (
            ['url = "bigquery://my-project"', 'service_account = "k"', TABLES],
            "field 'tables' has 'deals', which names no dataset, and the URL has none",
        ),
        (
            ['url = "snowflake://myorg-acct/ANALYTICS"', 'password = "p"', TABLES],
            "field 'url' must be snowflake://USER@ACCOUNT/DATABASE[/SCHEMA]",
        ),
        (
            ['url = "snowflake://R@myorg-acct/ANALYTICS?warehouse=WH"', 'password = "p"', TABLES],
            "field 'tables' has 'deals', which names no schema, and the URL has none",
        ),
        (
            ['url = "snowflake://R@myorg-acct/AN;X/CRM"', 'password = "p"', TABLES],
            "field 'url' names 'AN;X'; a database or schema is letters, digits and _",
        ),
        (
            ['url = "snowflake://R@acct/DB/S?authenticator=x"', 'password = "p"', TABLES],
            "field 'url' has the parameter 'authenticator'; Snowflake's are warehouse, role",
        ),
    ],
)
def test_a_bad_cloud_warehouse_entry_is_refused_by_name(
    tmp_path: Path, lines: list[str], message: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        load_config(config(tmp_path, *lines))
    assert f"'Warehouse': {message}" in str(refused.value)


def commented_sources(text: str) -> list[str]:
    """Each commented-out [[source]] block of sources.example.toml, uncommented."""
    blocks = re.findall(r"# \[\[source\]\]\n((?:# [a-z_]+ = .*\n)+)", text)
    return [re.sub(r"^# ", "", block, flags=re.MULTILINE) for block in blocks]


def test_the_examples_bigquery_and_snowflake_sources_are_valid(tmp_path: Path) -> None:
    blocks = commented_sources((REPO / "sources.example.toml").read_text(encoding="utf-8"))
    urls = []
    for block in blocks:
        path = tmp_path / "sources.toml"
        path.write_text("[[source]]\n" + block, encoding="utf-8")
        loaded = load_config(path)
        assert loaded is not None
        urls.append(str(loaded.sources[0].url).split("://")[0])
    assert urls == ["bigquery", "snowflake"]

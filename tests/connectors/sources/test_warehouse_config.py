"""The `warehouse` kind's keys in sources.toml: checked before any connection."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.sources.config import ConfigError, load_config

TABLES = 'tables = { leads = "crm.leads", deals = "crm.deals" }'


def config(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "sources.toml"
    head = ["[[source]]", 'name = "Warehouse"', 'kind = "warehouse"']
    path.write_text("\n".join([*head, *lines]) + "\n", encoding="utf-8")
    return path


def test_a_warehouse_source_keeps_its_tables_and_the_name_of_its_password(tmp_path: Path) -> None:
    path = config(tmp_path, 'url = "postgresql://tandem@db:5432/x"', 'password = "pg"', TABLES)
    loaded = load_config(path)
    assert loaded is not None
    (source,) = loaded.sources
    assert source.url == "postgresql://tandem@db:5432/x"
    tables = {"leads": "crm.leads", "deals": "crm.deals"}
    assert source.options == {"tables": tables, "password": "pg"}


def test_a_warehouse_source_may_say_how_often_to_query_again(tmp_path: Path) -> None:
    path = config(tmp_path, 'url = "postgresql://db/x"', TABLES, "refresh_minutes = 15")
    loaded = load_config(path)
    assert loaded is not None
    assert loaded.sources[0].options["refresh_minutes"] == 15


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ['url = "postgresql://tandem:secret@db/x"', TABLES],
            "'Warehouse': field 'url' holds a password; put it in .streamlit/secrets.toml",
        ),
        (
            ['url = "postgresql://tandem@db/x?sslmode=require&password=secret"', TABLES],
            "'Warehouse': field 'url' holds a password; put it in .streamlit/secrets.toml",
        ),
        (
            ['url = "mysql://db/x"', TABLES],
            "'Warehouse': field 'url' must be a postgresql://, bigquery://, snowflake:// URL",
        ),
        (
            ['url = "postgresql://db/x"', TABLES, "refresh_minutes = 0"],
            "'Warehouse': field 'refresh_minutes' must be at least 1",
        ),
        (
            ['url = "postgresql://db/x"', TABLES, 'refresh_minutes = "15"'],
            "'Warehouse': field 'refresh_minutes' must be a whole number",
        ),
        (['url = "postgresql://db/x"'], "field 'tables' must map canonical tables"),
        (
            ['url = "postgresql://db/x"', 'tables = { leads = "crm.leads; DROP TABLE x" }'],
            "field 'tables' maps leads to 'crm.leads; DROP TABLE x', not a schema.table name",
        ),
        (
            ['url = "postgresql://db/x"', 'tables = { lead = "crm.leads" }'],
            "field 'tables' names 'lead', not a canonical table",
        ),
    ],
)
def test_a_bad_warehouse_entry_is_refused_by_name(
    tmp_path: Path, lines: list[str], message: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        load_config(config(tmp_path, *lines))
    assert message in str(refused.value)

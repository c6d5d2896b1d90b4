"""The app on a BigQuery or Snowflake warehouse (a fake client, the vendor's SQL run on
DuckDB through sqlglot): the default tiles, and a Data page that names the warehouse,
its version probe, never a secret; without the client, a message saying what to
install, and no number."""

from __future__ import annotations

import html
import sys
from pathlib import Path

import pytest
import streamlit as st

from connectors import demo_tables
from tests.apptest import open_app
from tests.connectors.sources.warehouses.configured import configured
from tests.ui.test_engine import DATA, freshness, shown_tiles
from ui import freshness as ui_freshness

PROBES = {
    "bigquery": "from the tables' last modification (BigQuery's __TABLES__ last_modified_time)",
    "snowflake": (
        "from the tables' last change (Snowflake's INFORMATION_SCHEMA.TABLES LAST_ALTERED)"
    ),
}


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    """Each test's fake warehouse: no connection, probe or read kept from another's."""
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.mark.parametrize("vendor", ["bigquery", "snowflake"])
def test_on_a_cloud_warehouse_the_app_shows_the_default_tiles_and_where_they_come_from(
    vendor: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = shown_tiles(open_app())
    demo = demo_tables()
    path, secrets, _ = configured(vendor, demo, tmp_path, monkeypatch)
    monkeypatch.setenv("TANDEM_SOURCES", str(path))
    app = open_app(secrets=secrets)
    assert shown_tiles(app) == expected
    app.switch_page(DATA).run()
    block = freshness(app)
    address = {
        "bigquery": "bigquery://tandem-test/crm",
        "snowflake": "snowflake://tandem_reader@myorg-acct/ANALYTICS/CRM",
    }[vendor]
    label = {"bigquery": "BigQuery", "snowflake": "Snowflake"}[vendor]
    assert block.startswith(f"**Engine:** {label}, in the warehouse {address} (source Warehouse)")
    assert PROBES[vendor] in block
    assert "REPORTING" not in block and "PRIVATE KEY" not in block  # no parameter, no secret


def test_without_its_client_the_data_page_says_what_to_install_and_no_number_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, secrets, _ = configured("bigquery", demo_tables(), tmp_path, monkeypatch)
    for module in ("google.cloud", "google.cloud.bigquery"):
        monkeypatch.setitem(sys.modules, module, None)
    monkeypatch.setenv("TANDEM_SOURCES", str(path))
    app = open_app(secrets=secrets)
    assert all(value == "—" for value in shown_tiles(app).values())
    app.switch_page(DATA).run()
    assert not app.exception
    shown = " ".join(html.unescape(h.proto.body) for h in app.get("html"))
    assert (
        "failed: BigQuery's client is not installed: .venv/bin/pip install google-cloud-bigquery"
        in shown
    )


def test_the_version_line_names_each_vendors_probe_and_what_it_cannot_see() -> None:
    from datetime import UTC, datetime

    from connectors.sources.warehouse import Version

    probed = Version("abc123", ("leads",), datetime(2026, 12, 2, 11, 0, tzinfo=UTC))
    line = ui_freshness.version_line("v", probed, "snowflake")
    assert line == (
        "**Version:** abc123, from the tables' last change (Snowflake's "
        "INFORMATION_SCHEMA.TABLES LAST_ALTERED), probed at 2026-12-02 11:00:00 UTC and again "
        "every 30 s; the KPIs are computed again when it moves. Nothing to see for leads (a "
        "view or an external table): read again on the refresh interval instead."
    )

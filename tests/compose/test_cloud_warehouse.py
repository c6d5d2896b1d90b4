"""A BigQuery or Snowflake warehouse source, from sources.toml and the secrets to the
KPI table: the same numbers as polars on the same data (the vendor's SQL run on DuckDB
through sqlglot behind a fake client; never the network)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from connectors import demo_tables
from kpi.table import kpi_table
from tandem.sources import read_sources
from tests.connectors.sources.warehouses.configured import configured
from tests.kpi.engines.conftest import on_polars
from tests.kpi.engines.test_conformance import differences, views


@pytest.mark.parametrize("vendor", ["bigquery", "snowflake"])
def test_a_cloud_warehouse_source_gives_the_default_kpi_table(
    vendor: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = demo_tables()
    path, _, server = configured(vendor, demo, tmp_path, monkeypatch)
    sources = read_sources(path)
    (read,) = sources.reads
    assert read.health.error is None
    model = sources.model()
    assert model.engine is not None and model.engine.name == vendor
    reference = on_polars(demo)
    for filters in views(reference)[:2]:
        expected = kpi_table(reference, filters)
        assert differences(expected, kpi_table(model, filters)) == []
    assert any("INFORMATION_SCHEMA.COLUMNS" in sql for sql in server.sent)  # checked


def test_a_cloud_warehouse_without_its_client_is_refused_with_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _, _ = configured("bigquery", demo_tables(), tmp_path, monkeypatch)
    for module in ("google.cloud", "google.cloud.bigquery"):  # as without the client
        monkeypatch.setitem(sys.modules, module, None)
    (read,) = read_sources(path).reads
    assert read.health.error is not None
    assert "BigQuery's client is not installed: .venv/bin/pip install google-cloud-bigquery" in (
        read.health.error
    )

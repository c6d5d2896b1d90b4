"""The app on the engine sources.toml chooses, and on a warehouse: the same tiles as the
default, a message in place of what the engine cannot compute yet, and a Data page that
says where the KPIs are computed and how fresh they are."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from connectors import SourceConfig, demo_tables
from connectors.sources import warehouse, warehouses
from connectors.sources.warehouse import Version
from kpi.engines import ENGINES
from present import views as present_views
from tests.apptest import APP, open_app
from tests.kpi.engines.conftest import postgres_schema
from tests.tandem.test_report_engines import warehouse_sources
from ui import views as ui_views
from ui import warehouse as ui_warehouse
from ui.page import engine_name

__all__ = ["postgres_schema"]

DATA = "app_pages/data.py"
NOW = datetime.now(UTC)
FACTS = ("spend", "leads", "deals", "orders")


def shown_tiles(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def freshness(app: AppTest) -> str:
    (block,) = [m.value for m in app.markdown if m.value.startswith("**Engine:**")]
    return block.replace("\\", "").replace("\u2060", "")


def rows_line(counts: dict[str, int]) -> str:
    return "**Rows it holds:** " + " · ".join(f"{counts[t]:,} {t}" for t in FACTS) + "."


def on_engine(folder: Path, monkeypatch: pytest.MonkeyPatch, engine: str = "duckdb") -> None:
    """The demo brand as a configured source, its KPIs computed by `engine`."""
    (folder / "sources.toml").write_text(
        f'[settings]\nengine = "{engine}"\n[[source]]\nname = "Demo"\nkind = "demo"\n'
    )
    monkeypatch.setenv("TANDEM_SOURCES", str(folder / "sources.toml"))


def test_duckdb_chosen_in_settings_gives_the_default_tiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = shown_tiles(open_app())
    on_engine(tmp_path, monkeypatch)
    app = open_app()
    assert shown_tiles(app) == expected and len(expected) >= 12
    assert not app.exception

    app.switch_page(DATA).run()
    block = freshness(app)
    assert block.startswith("**Engine:** DuckDB, in this process")
    assert "**Version:** " in block and "a digest of every row" in block
    assert re.search(r"\*\*Last query answered:\*\* 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC", block)
    demo = demo_tables()
    assert block.endswith(rows_line({t: demo[t].height for t in FACTS}))


def refuse_trend_and_campaigns(monkeypatch: pytest.MonkeyPatch) -> None:
    """The trend and the campaigns refused as an engine refuses a view it cannot compute."""

    def refused(*args: object) -> None:
        raise NotImplementedError("this view is computed by polars only")

    for view in ("series", "breakdown"):
        monkeypatch.setitem(present_views.COMPUTE, view, refused)
    ui_views._computed.clear()


def test_a_part_the_engine_cannot_compute_says_so_and_the_page_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_engine(tmp_path, monkeypatch)
    refuse_trend_and_campaigns(monkeypatch)
    app = open_app()
    assert not app.exception
    not_yet = [i.value for i in app.info if i.value.startswith("Not shown here yet")]
    assert len(not_yet) == 2 and "the data is in DuckDB" in not_yet[1]
    assert [s.value for s in app.subheader][-2:] == ["Trend", "Campaigns"]
    assert app.expander[-1].label.startswith("Every KPI in this view")  # drawn after it


def test_on_polars_a_refused_part_is_a_bug_and_is_not_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refuse_trend_and_campaigns(monkeypatch)
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert len(app.exception) == 1  # its text redacted, as Streamlit shows any error
    assert not [i.value for i in app.info if i.value.startswith("Not shown here yet")]


def test_on_polars_the_data_page_says_every_table_is_in_memory() -> None:
    block = freshness(open_app(DATA))
    assert block.startswith("**Engine:** polars, in this process: every table is held in memory")
    assert "Last query" not in block


def test_an_unknown_engine_is_named_and_no_number_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_engine(tmp_path, monkeypatch, "snowflake")
    app = open_app()
    (error,) = [e.value for e in app.error]
    assert "[settings] field 'engine' must be one of polars, duckdb, spark, not 'snowflake'" in (
        error.replace("\\", "")
    )
    assert all(value == "—" for value in shown_tiles(app).values())


@pytest.mark.parametrize(
    ("options", "probed", "seconds"),
    [
        ({"refresh_minutes": 15}, Version("v", (), NOW), 900),  # the source's own interval
        ({}, Version("v", (), NOW), None),  # the probe sees every table: only its version
        ({}, Version("v", ("leads",), NOW), 300),  # a table it cannot see: every 5 minutes
    ],
)
def test_a_warehouse_is_read_again_on_its_version_or_its_interval(
    options: dict[str, int], probed: Version, seconds: int | None
) -> None:
    source = SourceConfig("Warehouse", "warehouse", options={"tables": {}, **options})
    assert ui_warehouse.refresh_seconds(source, probed) == seconds


def test_on_a_warehouse_the_kpis_are_computed_again_when_its_version_moves(
    postgres_schema: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, schema = postgres_schema
    demo = demo_tables()
    warehouse.upload(url, schema, demo, password=None)
    path = warehouse_sources(tmp_path, url, schema, {name: name for name in demo})
    secrets = {"pg_password": str(make_url(url).password)}
    expected = shown_tiles(open_app())

    monkeypatch.setenv("TANDEM_SOURCES", str(path))
    app = open_app(secrets=secrets)
    assert shown_tiles(app) == expected
    app.switch_page(DATA).run()
    block = freshness(app)
    assert "**Engine:** PostgreSQL, in the warehouse postgresql://tandem_test@127.0.0.1:" in block
    assert secrets["pg_password"] not in block
    counts = {t: demo[t].height for t in FACTS}
    assert block.endswith(rows_line(counts))
    version = re.search(r"\*\*Version:\*\* (\w+), from the tables' change counters", block)
    assert version is not None

    with psycopg.connect(url, autocommit=True) as connection:  # one more lead, then gone
        connection.execute(
            f'INSERT INTO "{schema}"."leads" SELECT * FROM "{schema}"."leads" LIMIT 1'.encode()
        )
    app.run()  # inside the probe's interval: the cached version and KPIs are kept
    assert freshness(app).endswith(rows_line(counts))

    deadline = time.monotonic() + 30  # PostgreSQL counts a change within about 10 s
    while version.group(1) in freshness(app) and time.monotonic() < deadline:
        ui_warehouse.forget()  # as if the probe's interval had passed
        time.sleep(0.5)
        app.run()
    block = freshness(app)
    assert version.group(1) not in block
    assert block.endswith(rows_line({**counts, "leads": counts["leads"] + 1}))


def test_on_another_engine_a_chosen_launch_leaves_every_region_offered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_engine(tmp_path, monkeypatch)
    app = open_app(launch="Silk Hair Oil")
    regions = next(m for m in app.sidebar.multiselect if m.label == "Region")
    assert sorted(regions.options) == sorted({*demo_tables()["leads"]["region"].drop_nulls()})


def test_every_engine_and_warehouse_has_a_name_people_read() -> None:
    names = {e: engine_name(e) for e in (*ENGINES, *warehouses.BY_NAME)}
    assert names == {
        "polars": "polars",
        "duckdb": "DuckDB",
        "spark": "Spark",
        "postgresql": "PostgreSQL",
        "bigquery": "BigQuery",
        "snowflake": "Snowflake",
    }

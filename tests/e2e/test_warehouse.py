"""The app on a PostgreSQL warehouse shows the numbers it shows on the embedded default.

The demo brand is copied into a schema of the test server (TANDEM_TEST_POSTGRES_URL, as
the engines' tests: skipped without it, failed under CI=true) and a Tandem server is
started with a sources.toml naming it as a `warehouse` source, its password in a
secrets file of its own. The Overview, Funnel and Hand-off are then read as a person
reads them, beside the same link on the demo server: tiles, tables and text equal.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy.engine import make_url

from connectors import demo_tables
from connectors.sources import warehouse
from tests.e2e.conftest import ARTIFACTS, VIEWPORT, Server
from tests.e2e.tandem import go_to, numbers, open_view, screenshot, settle, tiles
from tests.e2e.test_pages import PAGES
from tests.kpi.engines.conftest import postgres_schema
from tests.tandem.test_report_engines import warehouse_sources

__all__ = ["postgres_schema"]

pytestmark = pytest.mark.browser
VIEWS = ("", "?launch=Silk+Hair+Oil&period=2026-07-01&period=2026-09-30&region=EU&compare=yoy")
NOT_YET = "Not shown here yet"  # ui/page.py `section`: a part the engine cannot compute yet


@pytest.fixture
def warehouse_server(
    chromium: str, postgres_schema: tuple[str, str], tmp_path: Path
) -> Iterator[tuple[Server, str]]:
    """A Tandem server on the demo brand held in PostgreSQL, and the password it uses."""
    url, schema = postgres_schema
    demo = demo_tables()
    warehouse.upload(url, schema, demo, password=None)
    sources = warehouse_sources(tmp_path, url, schema, {name: name for name in demo})
    running = Server(
        env={"TANDEM_SOURCES": str(sources)},
        args=[f"--secrets.files={tmp_path / '.streamlit' / 'secrets.toml'}"],
    )
    running.wait_ready()
    yield running, str(make_url(url).password)
    running.stop()


@pytest.mark.parametrize("view", VIEWS)
def test_every_page_on_the_warehouse_shows_the_default_numbers(
    server: Server, warehouse_server: tuple[Server, str], page: Page, browser: Browser, view: str
) -> None:
    in_warehouse, password = warehouse_server
    other = browser.new_context(viewport=VIEWPORT)
    shown = other.new_page()
    for path in ("", "funnel", "handoff"):
        title, tables = PAGES[path]
        open_view(page, f"{server.url}/{path}{view}")
        expected = numbers(page, tables=tables)
        assert len(expected["tables"]) == tables  # type: ignore[arg-type]

        open_view(shown, f"{in_warehouse.url}/{path}{view}")
        assert numbers(shown, tables=tables) == expected, title
        # Nothing was left out, nothing broke, and no credential is on the page.
        assert NOT_YET not in shown.locator('[data-testid="stMain"]').inner_text()
        assert shown.locator('[data-testid="stException"]').count() == 0
        assert password not in shown.content()
        screenshot(shown, f"warehouse-{title.lower()}{'-view' if view else ''}")
    other.close()


def test_the_data_page_says_where_the_kpis_are_computed_and_how_fresh(
    warehouse_server: tuple[Server, str], browser: Browser
) -> None:
    in_warehouse, password = warehouse_server
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    open_view(page, in_warehouse.url)
    tiles(page)  # the Overview's queries ran: the Data page has a last query to show
    go_to(page, "Data")
    settle(page)
    block = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="Engine:")
    text = block.inner_text().replace("\u2060", "")  # the joiner that keeps it from linking
    demo = demo_tables()
    assert "Engine: PostgreSQL, in the warehouse postgresql://tandem_test@127.0.0.1:" in text
    assert "Version: " in text and "probed at 2" in text and "UTC" in text
    assert "Last query answered: 2" in text
    held = " · ".join(f"{demo[t].height:,} {t}" for t in ("spend", "leads", "deals", "orders"))
    assert f"Rows it holds: {held}." in text
    assert password not in page.content()
    # Not cut off at a laptop's width: the block fits inside the page.
    box = block.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280
    page.screenshot(path=str(ARTIFACTS / "warehouse-data-1280x800.png"))
    context.close()

from collections.abc import Callable
from datetime import date

from streamlit.testing.v1 import AppTest

from kpi.export import safe_csv, view_comments
from kpi.filters import Filters
from kpi.table import kpi_table
from tests.app_pages.conftest import demo_model, metrics
from ui import formatting
from ui.tiles import ALIGNMENT_TILES, MARKETING_TILES, SALES_TILES

DEFAULT_PERIOD = {"start": date(2026, 8, 29), "end": date(2026, 11, 26)}


def expected_tiles(filters: Filters) -> dict[str, str]:
    table = kpi_table(demo_model(), filters)
    shown = (*MARKETING_TILES, *SALES_TILES, *ALIGNMENT_TILES)
    return {
        row["label"]: formatting.value(row["value"], row["unit"])
        for row in table.iter_rows(named=True)
        if row["kpi"] in shown
    }


def test_default_view_shows_marketing_and_sales_tiles(run_app: Callable[..., AppTest]) -> None:
    app = run_app()
    assert app.title[0].value == "Overview"
    assert [h.value for h in app.subheader][:3] == [
        "Marketing",
        "Sales",
        "Hand-off and shared target",
    ]
    assert metrics(app) == expected_tiles(Filters(**DEFAULT_PERIOD))
    assert "Demo data" in app.sidebar.caption[0].value


def test_link_with_launch_period_and_region(run_app: Callable[..., AppTest]) -> None:
    app = run_app(launch="Glow Serum", period=["2026-01-01", "2026-03-31"], region=["EU", "UK"])
    assert app.multiselect(key="launch").value == ["GLOW-SERUM"]
    assert app.date_input[0].value == (date(2026, 1, 1), date(2026, 3, 31))
    want = Filters(
        start=date(2026, 1, 1),
        end=date(2026, 3, 31),
        launches=("GLOW-SERUM",),
        regions=("EU", "UK"),
    )
    assert metrics(app) == expected_tiles(want)


def test_download_is_the_kpi_table_of_the_view(
    run_app: Callable[..., AppTest], downloads: dict[str, bytes]
) -> None:
    app = run_app(launch="Velvet Matte Lipstick line", compare="No comparison")
    labels = [button.proto.label for button in app.get("download_button")]
    assert labels == ["Download trend data (CSV)", "Download CSV", "Download KPI table (CSV)"]
    view = Filters(**DEFAULT_PERIOD, launches=("VELVET-LIP",), compare="none")
    model = demo_model()
    expected = safe_csv(kpi_table(model, view), comments=view_comments(view, model.as_of))
    assert downloads["tandem-kpi-table-2026-08-29-2026-11-26.csv"] == expected

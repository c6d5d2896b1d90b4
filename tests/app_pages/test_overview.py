from collections.abc import Callable
from datetime import date

from streamlit.testing.v1 import AppTest

from kpi.dataset import Dataset
from kpi.demo import generate
from kpi.export import safe_csv, view_comments
from kpi.filters import Filters
from kpi.model import prepare
from kpi.table import kpi_table
from tests.app_pages.conftest import metrics
from ui import formatting


def expected_tiles(filters: Filters) -> dict[str, str]:
    table = kpi_table(prepare(Dataset.from_frames(generate())), filters)
    return {
        row["label"]: formatting.value(row["value"], row["unit"])
        for row in table.iter_rows(named=True)
        if row["kpi"]
        in ("spend", "mqls", "cost_per_mql", "accepted_leads", "won_revenue", "win_rate")
    }


def test_default_view_shows_marketing_and_sales_tiles(run_app: Callable[..., AppTest]) -> None:
    app = run_app()
    assert app.title[0].value == "Overview"
    assert [h.value for h in app.subheader] == ["Marketing", "Sales"]
    assert metrics(app) == expected_tiles(Filters(start=date(2026, 8, 29), end=date(2026, 11, 26)))
    assert "Demo data" in app.sidebar.caption[0].value


def test_link_with_launch_period_and_region(run_app: Callable[..., AppTest]) -> None:
    app = run_app(launch="Glow Serum", period=["2026-01-01", "2026-03-31"], region=["EU", "UK"])
    assert app.multiselect(key="launch").value == ["GLOW-SERUM"]
    assert app.date_input(key="period").value == (date(2026, 1, 1), date(2026, 3, 31))
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
    [button] = app.get("download_button")
    assert button.proto.label == "Download KPI table (CSV)"
    view = Filters(
        start=date(2026, 8, 29), end=date(2026, 11, 26), launches=("VELVET-LIP",), compare="none"
    )
    model = prepare(Dataset.from_frames(generate()))
    expected = safe_csv(kpi_table(model, view), comments=view_comments(view, model.as_of))
    assert downloads == {"tandem-kpi-table-2026-08-29-2026-11-26.csv": expected}

from collections.abc import Callable
from datetime import date

import polars as pl
from streamlit.testing.v1 import AppTest

from kpi.export import csv_ready, safe_csv, view_comments
from kpi.filters import Filters
from kpi.table import kpi_table
from present import formatting
from tests.app_pages.conftest import demo_model, metrics, tables
from ui.tiles import ALIGNMENT_TILES, HEADLINE_TILES, MARKETING_TILES, SALES_TILES

DEFAULT_PERIOD = {"start": date(2026, 8, 29), "end": date(2026, 11, 26)}


def expected_tiles(filters: Filters) -> dict[str, str]:
    table = kpi_table(demo_model(), filters)
    shown = (*HEADLINE_TILES, *MARKETING_TILES, *SALES_TILES, *ALIGNMENT_TILES)
    return {
        row["label"]: formatting.value(row["value"], row["unit"])
        for row in table.iter_rows(named=True)
        if row["kpi"] in shown
    }


def kpi_rows(app: AppTest) -> dict[str, dict[str, str]]:
    """The "Every KPI" table, by KPI label: header → cell text."""
    [table] = [t for t in tables(app) if t[0][0] == "KPI"]
    header, *rows = table
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def test_default_view_opens_with_the_headline_then_marketing_and_sales(
    run_app: Callable[..., AppTest],
) -> None:
    app = run_app()
    assert app.title[0].value == "Overview"
    assert [h.value for h in app.subheader][:3] == [
        "Marketing",
        "Sales",
        "Hand-off and shared target",
    ]
    assert [m.label for m in app.metric][:3] == ["Revenue vs target", "MQLs", "Follow-up SLA met"]
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


def test_every_kpi_table_reads_like_the_tiles(run_app: Callable[..., AppTest]) -> None:
    app = run_app(channel=["email"])
    raw = {
        row["label"]: row
        for row in kpi_table(
            demo_model(), Filters(**DEFAULT_PERIOD, channels=("email",))
        ).iter_rows(named=True)
    }
    rows = kpi_rows(app)
    assert list(rows["Spend"]) == [
        "KPI",
        "This period",
        "Comparison",
        "Change",
        "Change %",
        "Target to date",
        "Status",
        "Note",
    ]
    spend, rate = raw["Spend"]["value"], raw["Acceptance rate"]["value"]
    assert rows["Spend"]["This period"] == f"€{spend:,.2f}"  # cents and separators
    assert rows["Acceptance rate"]["This period"] == f"{rate * 100:.1f} %"
    change = raw["Acceptance rate"]["delta"] * 100
    assert rows["Acceptance rate"]["Change"] == f"{'+' if change > 0 else '-'}{abs(change):.1f} pts"
    # Orders carry no marketing channel: unknown, said so, never 0 or None.
    assert rows["Order revenue"]["This period"] == "—"
    assert rows["Order revenue"]["Note"] == "orders cannot be filtered by channel"
    assert "None" not in str(rows) and "nan" not in str(rows)


def test_campaign_table_formats_money_and_shows_no_raw_names(
    run_app: Callable[..., AppTest],
) -> None:
    app = run_app()
    [campaigns] = [t for t in tables(app) if t[0][0] == "Campaign"]
    assert campaigns[0] == [
        "Campaign",
        "Spend",
        "Leads",
        "MQLs",
        "Cost per MQL",
        "Accepted leads",
        "Acceptance rate",
    ]
    for row in campaigns[1:]:
        assert row[1].startswith("€") and row[1][-3] == "."  # €23,942.52
        assert row[6] == "—" or row[6].endswith(" %")


def test_an_empty_view_shows_no_coloured_delta(run_app: Callable[..., AppTest]) -> None:
    app = run_app(period=["2024-01-01", "2024-01-31"])
    deltas = {m.label: m.proto.delta for m in app.metric}
    assert deltas["MQLs"] == "" and deltas["Spend"] == ""  # 0 vs 0: nothing to compare


def test_download_is_the_kpi_table_of_the_view(
    run_app: Callable[..., AppTest], downloads: dict[str, bytes]
) -> None:
    app = run_app(launch="Velvet Matte Lipstick line", compare="No comparison")
    labels = [button.proto.label for button in app.get("download_button")]
    assert labels == [
        "Download meeting pack (PDF)",
        "Download meeting pack (PowerPoint)",
        "Download trend data (CSV)",
        "Download trend data (Excel)",
        "Download CSV",
        "Download Excel",
        "Download KPI table (CSV)",
        "Download KPI table (Excel)",
    ]
    view = Filters(**DEFAULT_PERIOD, launches=("VELVET-LIP",), compare="none")
    model = demo_model()
    table = kpi_table(model, view)
    expected = safe_csv(csv_ready(table), comments=view_comments(view, model.as_of))
    assert downloads["tandem-kpi-table-2026-08-29-2026-11-26.csv"] == expected
    spend = table.filter(pl.col("kpi") == "spend")["value"].item()
    body = downloads["tandem-kpi-table-2026-08-29-2026-11-26.csv"].decode()
    assert f'"spend","Spend","marketing","money","down",{round(spend, 2)},' in body


def test_a_note_beside_a_value_is_shown_under_its_tile(run_app: Callable[..., AppTest]) -> None:
    app = run_app(channel="paid_search")
    filters = Filters(**DEFAULT_PERIOD, channels=("paid_search",))
    noted = {
        row["label"]: row["note"]
        for row in kpi_table(demo_model(), filters).iter_rows(named=True)
        if row["value"] is not None and row["note"] and row["kpi"] in MARKETING_TILES + SALES_TILES
    }
    assert noted  # the channel leaves targets out: their KPIs say so beside their value
    captions = [c.value for c in app.caption]
    for label, note in noted.items():
        assert any(formatting.literal(note, limit=200) in c for c in captions), label

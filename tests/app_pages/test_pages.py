"""Every page renders with non-default filters: title, numbers, no exception."""

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from kpi import records
from kpi.catalog import CATALOG
from kpi.handoff import speed_to_lead
from present.link import filters_of
from tests.app_pages.conftest import demo_model, metrics, tables
from tests.apptest import open_app

VIEW = {
    "launch": ["Glow Serum", "Silk Hair Oil"],
    "period": ["2026-06-01", "2026-08-31"],
    "region": ["EU"],
    "compare": "Same period last year",
    "grain": "month",
}


def by_header(table: list[list[str]]) -> list[dict[str, str]]:
    header, *rows = table
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_funnel_page(run_app: Callable[..., AppTest]) -> None:
    app = run_app("app_pages/funnel.py", **VIEW)
    assert app.title[0].value == "Funnel"
    summary, groups, reasons = tables(app)
    assert [row["Stage"] for row in by_header(summary)] == [
        "Leads",
        "MQLs",
        "Accepted",
        "SQLs",
        "Won",
    ]
    assert {row["Group"] for row in by_header(groups)} == {"Glow Serum", "Silk Hair Oil"}
    assert int(by_header(groups)[0]["Leads"].replace(",", "")) > 0
    assert sum(int(row["Count"].replace(",", "")) for row in by_header(reasons)) > 0
    assert app.caption[0].value == (
        "Glow Serum, Silk Hair Oil · 01 Jun 2026 to 31 Aug 2026 · vs the same period last "
        "year · Region: EU · Data through 26 Nov 2026"
    )


def test_launches_page(run_app: Callable[..., AppTest]) -> None:
    app = run_app("app_pages/launches.py", **VIEW)
    assert app.title[0].value == "Launches"
    text = " ".join(m.value for m in app.markdown)
    assert "Glow Serum" in text and "Silk Hair Oil" in text and "Noir Bloom" not in text
    charts = app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")
    # The launches not chosen stay in the overlay as grey benchmark lines.
    assert '"#B8B8B8"' in charts[0].proto.spec and "Noir Bloom fragrance" in str(charts[0].proto)
    # Each chosen brief shows its targets' progress: spend, MQLs and revenue.
    bars = [bar.proto.text for bar in app.get("progress")]
    assert len(bars) == 6
    assert sum(text.startswith("**MQLs** ") and " of " in text for text in bars) == 2


def test_handoff_page(run_app: Callable[..., AppTest]) -> None:
    app = run_app("app_pages/handoff.py", **VIEW)
    assert app.title[0].value == "Hand-off"
    shown = metrics(app)
    assert shown["Speed to lead"].endswith(" h")
    reps, regions, unworked = (by_header(t) for t in tables(app))
    assert [row["Region"] for row in regions] == ["EU"]
    assert {row["Rep"] for row in reps} <= {"Amelie Laurent", "Jonas Weber", "Chloe Martin"}
    assert {row["Region"] for row in unworked} == {"EU"}
    assert all(row["Days waiting"].endswith(" d") for row in unworked)


def test_definitions_page(run_app: Callable[..., AppTest]) -> None:
    app = run_app("app_pages/definitions.py", **VIEW)
    assert app.title[0].value == "Definitions"
    [catalog] = tables(app)
    assert [row[0] for row in catalog[1:]] == [kpi.label for kpi in CATALOG]


def test_data_page_on_demo(run_app: Callable[..., AppTest]) -> None:
    app = run_app("app_pages/data.py", **VIEW)
    assert app.title[0].value == "Data"
    health, *_ = (by_header(t) for t in tables(app))
    assert [row["Kind"] for row in health] == ["Demo"]
    assert [row["Status"] for row in health] == ["ok"]
    assert [row["Rows refused"] for row in health] == ["0"]


def test_overview_with_non_default_filters(run_app: Callable[..., AppTest]) -> None:
    app = run_app(**VIEW)
    shown = metrics(app)
    assert len(shown) == 18
    assert all(value != "nan" and "inf" not in value for value in shown.values())


def test_unknown_values_in_a_link_are_dropped_with_a_notice(
    run_app: Callable[..., AppTest],
) -> None:
    app = run_app(
        launch=["Glow Serum", "Discontinued Mascara"], period=["2026-13-01", "2026-02-01"]
    )
    assert app.multiselect(key="launch").value == ["GLOW-SERUM"]
    [notice] = app.sidebar.warning
    assert "launch “Discontinued Mascara”" in notice.value
    # Escaped: the notice is markdown.
    assert "period “2026\\-13\\-01” to “2026\\-02\\-01” (not a date as YYYY-MM-DD)" in notice.value


def test_a_period_outside_the_data_is_dropped_with_a_notice(
    run_app: Callable[..., AppTest],
) -> None:
    app = run_app(period=["2020-01-01", "2020-01-31"])
    [notice] = app.sidebar.warning
    assert (
        "period “2020\\-01\\-01” to “2020\\-01\\-31” (outside 2023-12-02 to 2027-11-27)"
        in notice.value
    )
    assert app.caption[0].value.startswith("All launches · 29 Aug 2026 to 26 Nov 2026")


def test_an_empty_view_says_so_instead_of_showing_numbers(run_app: Callable[..., AppTest]) -> None:
    app = run_app(period=["2024-01-01", "2024-01-31"])
    shown = metrics(app)
    assert shown["MQLs"] == "0" and shown["Cost per MQL"] == "—"
    assert "No campaign had spend or leads in this view." in [i.value for i in app.info]
    funnel = run_app("app_pages/funnel.py", period=["2024-01-01", "2024-01-31"])
    assert [i.value for i in funnel.info] == [
        "No leads were created in this view, so there is no funnel to show.",
        "No MQL of this view was rejected.",
    ]


@pytest.fixture
def lists_capped_at_3(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Record lists capped at 3 rows, with no result cached across the change."""
    monkeypatch.setattr(records, "RECORD_CAP", 3)
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.mark.usefixtures("lists_capped_at_3")
def test_handoff_page_says_when_its_lists_are_capped(run_app: Callable[..., AppTest]) -> None:
    app = run_app("app_pages/handoff.py", **VIEW)
    *_, unworked = (by_header(t) for t in tables(app))
    assert len(unworked) == 3
    (chart,) = [c for c in app.get("vega_lite_chart") if '"text": "Speed to lead"' in c.proto.spec]
    spec = json.loads(chart.proto.spec)
    # The histogram counts every touched MQL, not the three the capped list holds.
    model = demo_model()
    params = {key: value if isinstance(value, list) else [value] for key, value in VIEW.items()}
    speed = speed_to_lead(model, filters_of(params, model))
    assert speed.note is not None and speed.touched > 3
    (layer,) = [layer for layer in spec["layer"] if "x2" in layer["encoding"]]
    bars = layer["data"]["name"]
    assert layer["encoding"]["y2"] == {"datum": 0}  # vertical bars from 0, not ranged lines
    data = {d.name: pl.read_ipc_stream(io.BytesIO(d.data.data)) for d in chart.proto.datasets}
    assert data[bars]["mqls"].sum() == speed.touched
    captions = [caption.value for caption in app.caption]
    assert f"The download holds the first 3 of {speed.touched:,} rows" in " ".join(captions)
    assert any(text.startswith("Showing the first 3 of ") for text in captions)


def test_handoff_says_speed_is_unknown_when_the_data_has_no_first_touches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A CRM export with MQL times and no first-touch column: not "no MQL touched yet".
    (tmp_path / "leads.csv").write_text(
        "lead_id,created_at,mql_at\nL1,2026-03-01,2026-03-02\nL2,2026-03-03,2026-03-04\n",
        encoding="utf-8",
    )
    (tmp_path / "sources.toml").write_text(
        '[settings]\nsnapshot_dir = "snapshots"\n\n'
        '[[source]]\nname = "CRM"\nkind = "file"\npath = "leads.csv"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("TANDEM_SOURCES", str(tmp_path / "sources.toml"))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = open_app("app_pages/handoff.py")
    infos = [info.value for info in app.info]
    assert any(
        text.startswith("Speed to lead is unknown here (not in this data: no ") for text in infos
    ), infos
    assert "No MQL of this view has had a first touch yet." not in infos

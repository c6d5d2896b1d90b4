"""A session's uploads in the running app (AppTest): on the demo they are the whole data,
beside configured sources they add to them, and the sidebar and "Share this view" say so.

The browser test tests/e2e/test_uploads.py uploads a real-shaped export, uses it and
goes back, through the page.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import connectors
from connectors.sources.result import empty_tables
from kpi.filters import Period
from tests.apptest import APP
from ui import sources, upload_cache, uploads

# Two days of spend for a launch the demo also has, and one the demo does not.
SPEND = (
    b"date,launch_id,channel,campaign,platform,region,spend,impressions,clicks,conversions,"
    b"conversion_value,currency\n"
    b"2026-03-02,GLOW-SERUM,paid_social,Glow spring,Meta Ads,EU,120.50,1000,10,1,60,EUR\n"
    b"2026-03-04,NEW-LAUNCH,paid_search,New search,Google Ads,EU,79.50,800,20,2,90,EUR\n"
)


def _applied(name: str, content: bytes) -> dict[str, Any]:
    digest = hashlib.sha256(content).hexdigest()
    return {
        upload_cache.APPLIED_UPLOADS: [(name, digest)],
        upload_cache.UPLOAD_BYTES: {digest: content},
    }


def _app(page: str | None = None, **state: Any) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in state.items():
        app.session_state[key] = value
    app.query_params["period"] = ["2026-03-01", "2026-03-07"]
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _launch_options(app: AppTest) -> list[str]:
    [launch] = [box for box in app.sidebar.multiselect if box.label == "Launch"]
    return list(launch.options)


def test_on_the_demo_the_uploads_are_the_whole_data() -> None:
    app = _app(**_applied("spend.csv", SPEND))
    assert _launch_options(app) == ["GLOW-SERUM", "NEW-LAUNCH"]  # no launches table: ids
    spend = {m.label: m.value for m in app.metric}["Spend"]
    assert spend == "€200"  # 120.50 + 79.50, and not a cent of the demo's
    assert app.sidebar.caption[0].value == "1 uploaded file(s) only, in this session"
    [said] = [i.value for i in app.sidebar.info]
    assert (
        said
        == "This session shows only the 1 uploaded file(s), not the demo data (Maison Lumière)."
    )
    [warning] = [w.value for w in app.sidebar.warning if "does not carry" in w.value]
    assert warning == (
        "This link does not carry your 1 uploaded file(s): colleagues who open it see the "
        "demo data (Maison Lumière) only, so their numbers will differ from yours."
    )


def test_without_uploads_the_demo_is_shown_and_nothing_warns() -> None:
    app = _app()
    assert "Glow Serum" in _launch_options(app) and "NEW-LAUNCH" not in _launch_options(app)
    assert not app.sidebar.info
    assert not [w for w in app.sidebar.warning if "does not carry" in w.value]


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A configured source: one day of spend for Glow Serum."""
    (tmp_path / "spend.csv").write_bytes(
        SPEND.splitlines(keepends=True)[0]
        + b"2026-03-03,GLOW-SERUM,email,Glow mail,Klaviyo,EU,10.00,100,1,0,0,EUR\n"
    )
    (tmp_path / "sources.toml").write_text(
        '[settings]\nsnapshot_dir = "snapshots"\n\n'
        '[[source]]\nname = "Ads export"\nkind = "file"\npath = "spend.csv"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("TANDEM_SOURCES", str(tmp_path / "sources.toml"))
    return tmp_path


def test_beside_configured_sources_the_uploads_add_to_them(configured: Path) -> None:
    app = _app(**_applied("spend.csv", SPEND))
    assert {m.label: m.value for m in app.metric}["Spend"] == "€210"  # 10 + 120.50 + 79.50
    [said] = [i.value for i in app.sidebar.info]
    assert said == "This session shows the 1 configured source(s) plus 1 uploaded file(s)."
    [warning] = [w.value for w in app.sidebar.warning if "does not carry" in w.value]
    assert "colleagues who open it see the 1 configured source(s) only" in warning


def test_what_using_the_files_changes_on_the_demo_and_beside_sources() -> None:
    upload = connectors.read_upload("spend.csv", SPEND)
    now = [upload]  # the rows a session sees now: any read will do
    on_demo = sources.changes(now, [], [upload])
    assert on_demo.filter(on_demo["table"] == "spend").row(0) == ("spend", 2, 2, 2)
    beside = sources.changes(now, [upload], [upload])  # a configured source of 2 rows
    assert beside.filter(beside["table"] == "spend").row(0) == ("spend", 2, 2, 4)


def test_the_files_span_is_their_own_first_and_last_day() -> None:
    upload = connectors.read_upload("spend.csv", SPEND)
    assert uploads.files_span([upload]) == Period(date(2026, 3, 2), date(2026, 3, 4))
    empty = connectors.read_upload("launches.csv", b"launch_id,name,launch_date\nX,X,2026-01-01\n")
    assert uploads.files_span([empty]) is None


def _staged(name: str, content: bytes) -> uploads.Staged:
    return (
        name,
        hashlib.sha256(content).hexdigest(),
        content,
        connectors.read_upload(name, content),
    )


WAREHOUSE = connectors.SourceRead(
    "Warehouse", "warehouse", empty_tables(), connectors.DataHealth("Warehouse")
)
TARGETS = b"period_start,period_end,launch_id,kpi,target\n2026-03-01,2026-03-31,L1,mqls,40\n"
LEADS_CSV = b"lead_id,created_at\nL1,2026-03-01\nL2,2026-03-02\n"


def test_beside_a_warehouse_a_file_of_fact_rows_is_refused_by_name() -> None:
    staged = [_staged("leads.csv", LEADS_CSV), _staged("targets.csv", TARGETS)]
    assert uploads.refused(staged, [WAREHOUSE]) == {
        "leads.csv": "leads.csv gives leads rows, which the warehouse source Warehouse holds: "
        "beside a warehouse, an upload may add launches, targets and events only. This file "
        "is not used."
    }
    assert [name for name, *_ in uploads.usable(staged, [WAREHOUSE])] == ["targets.csv"]
    assert "holds leads, deals, spend and orders" in sources.upload_rule([WAREHOUSE])


def test_without_a_warehouse_every_understood_file_is_usable() -> None:
    staged = [_staged("leads.csv", LEADS_CSV), _staged("targets.csv", TARGETS)]
    failed = connectors.DataHealth("Warehouse", error="could not connect")
    down = connectors.SourceRead("Warehouse", "warehouse", empty_tables(), failed)
    for shared in ([], [down]):
        assert uploads.refused(staged, shared) == {}
        assert [name for name, *_ in uploads.usable(staged, shared)] == ["leads.csv", "targets.csv"]

"""A source that breaks after a good read: every page keeps its numbers and says it is stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SPEND = (
    "date,launch_id,channel,campaign,platform,region,spend,impressions,clicks,conversions,"
    "conversion_value,currency\n"
    "2026-11-20,GLOW-SERUM,paid_social,Glow EU,Meta Ads,EU,1200.00,1000,10,1,60,EUR\n"
    "2026-11-21,GLOW-SERUM,paid_social,Glow EU,Meta Ads,EU,800.00,1000,10,1,60,EUR\n"
)


@pytest.fixture
def sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "spend.csv").write_text(SPEND, encoding="utf-8")
    (tmp_path / "sources.toml").write_text(
        '[settings]\nsnapshot_dir = "snapshots"\n\n'
        '[[source]]\nname = "Ads export"\nkind = "file"\npath = "spend.csv"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("TANDEM_SOURCES", str(tmp_path / "sources.toml"))
    return tmp_path


def run(page: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["period"] = ["2026-11-20", "2026-11-21"]
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    assert not app.exception
    return app


def test_a_broken_source_serves_its_last_good_read_with_a_notice(sources: Path) -> None:
    first = run()
    assert {m.label: m.value for m in first.metric}["Spend"] == "€2,000"
    assert not first.warning
    (sources / "spend.csv").write_bytes(b"\x00\x01 this is not an export \xff\xfe")
    overview = run()
    assert {m.label: m.value for m in overview.metric}["Spend"] == "€2,000"
    [notice] = overview.warning
    assert notice.value.startswith("Ads export is stale since ")
    assert "showing its last good read" in notice.value
    for page in ("app_pages/funnel.py", "app_pages/handoff.py", "app_pages/data.py"):
        assert run(page).warning[0].value == notice.value

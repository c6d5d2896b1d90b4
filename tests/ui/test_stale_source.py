"""A source that breaks after a good read: every page keeps its numbers and says it is stale."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.apptest import open_app


def run(page: str | None = None) -> AppTest:
    return open_app(page, period=["2026-11-20", "2026-11-21"])


def test_a_broken_source_serves_its_last_good_read_with_a_notice(spend_export: Path) -> None:
    first = run()
    assert {m.label: m.value for m in first.metric}["Spend"] == "€2,000"
    assert not first.warning
    spend_export.write_bytes(b"\x00\x01 this is not an export \xff\xfe")
    overview = run()
    assert {m.label: m.value for m in overview.metric}["Spend"] == "€2,000"
    [notice] = overview.warning
    assert notice.value.startswith("Ads export is stale since ")
    assert "showing its last good read" in notice.value
    for page in ("app_pages/funnel.py", "app_pages/handoff.py", "app_pages/data.py"):
        assert run(page).warning[0].value == notice.value

"""Every chart's own PNG export (the chart toolbar's "Save as PNG") says what it shows:
the chart is titled and its subtitle names the filters and the data's as-of, read here
from the Vega-Lite spec each page sends to the browser."""

from __future__ import annotations

import json

import pytest

from tests.apptest import open_app

STAMP = [
    "Glow Serum · 01 Sep 2026 to 30 Sep 2026 · vs the previous period · Region: EU",
    "Data through 26 Nov 2026 (data as of 27 Nov 2026 00:00)",
]
LAUNCHES_STAMP = ["Glow Serum · Region: EU", STAMP[1]]


@pytest.mark.parametrize(
    ("page", "titles", "stamp"),
    [
        ("app_pages/overview.py", ["MQLs, trend", "Won revenue, trend"], STAMP),
        (
            "app_pages/funnel.py",
            ["MQLs, trend", "MQL → SQL, trend", "Funnel by launch"],
            STAMP,
        ),
        (
            "app_pages/handoff.py",
            ["Speed to lead", "Follow-up SLA met, trend", "Speed to lead, trend"],
            STAMP,
        ),
        ("app_pages/launches.py", ["MQLs since launch"], LAUNCHES_STAMP),
    ],
)
def test_each_chart_is_titled_with_the_view(page: str, titles: list[str], stamp: list[str]) -> None:
    app = open_app(page=page, launch="Glow Serum", region="EU", period=["2026-09-01", "2026-09-30"])
    specs = [
        json.loads(c.proto.spec)
        for c in app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")
    ]
    assert [spec["title"]["text"] for spec in specs] == titles
    assert all(spec["title"]["subtitle"] == stamp for spec in specs)

"""Altair charts to PNG without a browser: vl-convert renders the same Vega-Lite spec the
page draws (docs/architecture.md, "Meeting pack")."""

from __future__ import annotations

import struct
from typing import Any

import altair as alt
import polars as pl
import vl_convert

from present.charts import Chart

SCALE = 2  # pixels per chart pixel: sharp when printed or projected


def png(chart: Chart, width: int) -> tuple[bytes, int]:
    """The chart (an Altair chart or a `present.charts.Spec`) `width` pixels wide, drawn
    at SCALE; its height in chart pixels."""
    if isinstance(chart, dict):
        datasets = {name: _values(rows) for name, rows in chart.get("datasets", {}).items()}
        spec = {**chart, "width": width, "datasets": datasets}
    else:
        spec = chart.properties(width=width).to_dict(format="vega-lite")
    drawn = bytes(vl_convert.vegalite_to_png(spec, scale=SCALE))
    # A PNG's IHDR chunk holds its width and height (bytes 16 to 24).
    _, height = struct.unpack(">II", drawn[16:24])
    return drawn, height // SCALE


def _values(rows: Any) -> Any:
    """A named dataset's rows as altair writes them into a spec (dates as ISO text)."""
    if not isinstance(rows, pl.DataFrame):
        return rows
    spec = alt.Chart(rows.to_arrow()).mark_point().to_dict()
    (values,) = spec["datasets"].values()
    return values

"""Altair charts to PNG without a browser: vl-convert renders the same Vega-Lite spec the
page draws (docs/architecture.md, "Meeting pack")."""

from __future__ import annotations

import struct

import vl_convert

from present.charts import Chart

SCALE = 2  # pixels per chart pixel: sharp when printed or projected


def png(chart: Chart, width: int) -> tuple[bytes, int]:
    """The chart `width` pixels wide, drawn at SCALE; its height in chart pixels."""
    spec = chart.properties(width=width).to_dict(format="vega-lite")
    drawn = bytes(vl_convert.vegalite_to_png(spec, scale=SCALE))
    # A PNG's IHDR chunk holds its width and height (bytes 16 to 24).
    _, height = struct.unpack(">II", drawn[16:24])
    return drawn, height // SCALE

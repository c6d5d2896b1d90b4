"""CSV export that is safe to open in a spreadsheet.

Text cells (and headers) that a spreadsheet would run as a formula get a leading
apostrophe: those beginning with = + - @, tab, carriage return or NUL. Numbers are
never altered, so a negative spend stays a number. Comment lines starting with
"# " record the filters and the data's as-of time above the header.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

import polars as pl

from kpi.filters import Filters
from kpi.periods import past_data_note

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _neutralised(frame: pl.DataFrame) -> pl.DataFrame:
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    pattern = "^[=+\\-@\t\r\x00]"
    cleaned = frame.with_columns(
        pl.when(pl.col(name).str.contains(pattern))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text_columns
    )
    return cleaned.rename(
        {name: neutralise(name) for name in frame.columns if neutralise(name) != name}
    )


def safe_csv(frame: pl.DataFrame, *, comments: Sequence[str] = ()) -> bytes:
    """The frame as UTF-8 CSV, formula-safe, with `# ` comment lines first."""
    out = io.StringIO()
    for line in comments:
        out.write("# " + " ".join(line.splitlines()) + "\n")
    out.write(_neutralised(frame).write_csv())
    return out.getvalue().encode("utf-8")


def view_fields(filters: Filters) -> dict[str, str | float | list[str]]:
    """The view, field by field: every dimension (as in the URL), period, compare, grain, SLA."""
    return {
        **{dimension.key: list(values) for dimension, values in filters.choices},
        "period": f"{filters.start.isoformat()}..{filters.end.isoformat()}",
        "compare": filters.compare,
        "grain": filters.grain,
        "sla_hours": filters.sla_hours,
    }


def _described(value: str | float | list[str]) -> str:
    if isinstance(value, list):
        return ",".join(value) or "all"
    return f"{value:g}" if isinstance(value, float) else value


def view_comments(filters: Filters, as_of: datetime | None) -> list[str]:
    """The comment lines that say which view a download is: filters and as-of time.

    With no data there is no as-of time, and its line is left out; a period that runs
    past the data says so (kpi/periods.py).
    """
    fields = view_fields(filters)
    described = "; ".join(f"{key}={_described(value)}" for key, value in fields.items())
    lines = [f"Tandem export. filters: {described}"]
    if as_of is not None:
        lines.append(f"data as of: {as_of.isoformat(timespec='minutes')}")
    past_data = past_data_note(filters)
    if past_data:
        lines.append(past_data)
    return lines

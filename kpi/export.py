"""CSV export that is safe to open in a spreadsheet, whatever its list separator.

A spreadsheet runs a cell beginning with = + - @, tab, CR or NUL as a formula. Which
characters split a line into cells depends on the reader's settings: a French or German
Excel splits on ";", others on tab or "|", whatever the file was written with. So a text
cell is neutralised wherever a cell could begin, not only at its first character: after
each of , ; tab | and a line end (and any spaces or quotes after them), a formula
character gets an apostrophe before it. `Spring;=1+1;` becomes `Spring;'=1+1;`. Text
cells and headers are quoted, bidi control characters (which reorder how a name reads)
are removed, and numbers are never altered, so a negative spend stays a number. The
comment lines that name the filters and the data's as-of time come first, each quoted
as one cell and neutralised like the cells.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

import polars as pl

from kpi.catalog import BY_ID, CATALOG, Unit
from kpi.filters import Filters
from kpi.periods import past_data_note

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
# Characters a spreadsheet may split a line on, and line ends: a cell can begin after each.
SPLITTERS = ",;\t|\r\n"
# Arabic letter mark, LRM/RLM, the embeddings and overrides, the isolates.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_FORMULA = "".join(re.escape(c) if c == "-" else c for c in FORMULA_STARTS)  # a class
# Where a formula could begin: the start or after a splitter, then spaces or quotes.
_RISKY = f"(?:^|[{SPLITTERS}])[ \"']*[{_FORMULA}]"
_CELL_START = re.compile(f"(?:^|(?<=[{SPLITTERS}]))([ \"']*)(?=[{_FORMULA}])")
_BIDI = f"[{BIDI_CONTROLS}]"


def strip_bidi(text: str) -> str:
    """`text` without bidi controls, which can make "gpj.exe" show as "exe.jpg"."""
    return re.sub(_BIDI, "", text)


def neutralise(text: str) -> str:
    """`text` with an apostrophe before every formula character a cell could begin with."""
    return _CELL_START.sub(r"\1'", strip_bidi(text))


def _neutralised(frame: pl.DataFrame) -> pl.DataFrame:
    # Dimensions are dictionary-encoded (contract/schema.py `Code`): text all the same.
    frame = frame.cast({pl.Categorical: pl.String, pl.Enum: pl.String})
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    cleaned = frame.with_columns(pl.col(text_columns).str.replace_all(_BIDI, ""))
    for name in text_columns:
        column = cleaned[name]
        risky = column.str.contains(_RISKY).fill_null(False)
        if risky.any():  # few cells are; only those go through Python
            fixed = [neutralise(value) for value in column.filter(risky)]
            cleaned = cleaned.with_columns(column.scatter(risky.arg_true(), fixed))
    return cleaned.rename({name: neutralise(name) for name in frame.columns})


def _comment(line: str) -> str:
    text = neutralise("# " + " ".join(line.splitlines()))
    return '"' + text.replace('"', '""') + '"\n'


def safe_csv(frame: pl.DataFrame, *, comments: Sequence[str] = ()) -> bytes:
    """The frame as UTF-8 CSV, formula-safe however it is split, comment lines first."""
    body = _neutralised(frame).write_csv(quote_style="non_numeric")
    return ("".join(_comment(line) for line in comments) + body).encode("utf-8")


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


# Rounding for downloads: cents for money, four decimals for rates, whole seconds for
# times (docs/architecture.md, "Tables and downloads"). Columns named by a catalog KPI
# take its unit; the engine's other number columns are declared here; a long frame (one
# KPI per row, as the KPI table and the series) takes each row's unit from `unit`/`kpi`.
DECIMALS: dict[Unit, int] = {"money": 2, "count": 2, "hours": 2, "days": 2, "ratio": 4}
UNKNOWN_DECIMALS = 4
COLUMN_UNITS: dict[str, Unit] = {
    "delta_pct": "ratio",
    "step_conversion": "ratio",
    "overall_conversion": "ratio",
    "share": "ratio",
    "sla_met_rate": "ratio",
    "sla_met_before": "ratio",
    "sla_met_change": "ratio",
    "won_of_leads": "ratio",
    "hours": "hours",
    "median_hours": "hours",
    "hours_waiting": "hours",
    "days_waiting": "days",
    "touched_within_sla": "count",
    "due": "count",
    "unworked": "count",
    "count": "count",
}
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"


def column_unit(name: str) -> Unit | None:
    """The unit of a column: the catalog KPI it is named after, or the engine's own."""
    kpi = BY_ID.get(name)
    return kpi.unit if kpi else COLUMN_UNITS.get(name)


def row_unit(frame: pl.DataFrame) -> pl.Expr | None:
    """Each row's unit in a long frame (a `unit` or `kpi` column), else None."""
    if "unit" in frame.columns:
        return pl.col("unit")
    if "kpi" in frame.columns:
        units = {kpi.id: kpi.unit for kpi in CATALOG}
        return pl.col("kpi").replace_strict(units, default=None, return_dtype=pl.String)
    return None


def _round(column: pl.Expr, decimals: int) -> pl.Expr:
    # + 0.0 turns the -0.0 of a tiny negative into 0.0, so no "-0.0" reaches a file.
    return column.round(decimals, mode="half_away_from_zero") + 0.0


def _rounded_column(name: str, per_row: pl.Expr | None) -> pl.Expr:
    column, unit = pl.col(name), column_unit(name)
    if unit is not None:
        return _round(column, DECIMALS[unit])
    if per_row is None:
        return _round(column, UNKNOWN_DECIMALS)
    rounded = _round(column, UNKNOWN_DECIMALS)
    for each, decimals in DECIMALS.items():
        rounded = pl.when(per_row == each).then(_round(column, decimals)).otherwise(rounded)
    return rounded.alias(name)


def rounded(frame: pl.DataFrame) -> pl.DataFrame:
    """Numbers rounded by their unit, timestamps cut to whole seconds; nothing else changes."""
    per_row = row_unit(frame)
    return frame.with_columns(
        _rounded_column(name, per_row) if dtype.is_float() else pl.col(name).dt.truncate("1s")
        for name, dtype in frame.schema.items()
        if dtype.is_float() or isinstance(dtype, pl.Datetime)
    )


def csv_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """`rounded`, with timestamps as plain "YYYY-MM-DD HH:MM:SS" text (no microseconds)."""
    shown = rounded(frame)
    return shown.with_columns(
        pl.col(name).dt.strftime(TIMESTAMP_FORMAT)
        for name, dtype in shown.schema.items()
        if isinstance(dtype, pl.Datetime)
    )

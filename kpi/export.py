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

from kpi.filters import Filters

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


def view_comments(filters: Filters, as_of: datetime) -> list[str]:
    """The comment lines that say which view a download is: filters and as-of time."""
    chosen = {
        "launch": ",".join(filters.launches) or "all",
        "period": f"{filters.start.isoformat()}..{filters.end.isoformat()}",
        "compare": filters.compare,
        "channel": ",".join(filters.channels) or "all",
        "region": ",".join(filters.regions) or "all",
        "segment": ",".join(filters.segments) or "all",
        "grain": filters.grain,
        "sla_hours": f"{filters.sla_hours:g}",
    }
    described = "; ".join(f"{key}={value}" for key, value in chosen.items())
    return [
        f"Tandem export. filters: {described}",
        f"data as of: {as_of.isoformat(timespec='minutes')}",
    ]

"""Tables on screen, formatted like the tiles and labelled from the catalog (present/cells.py).

A table is drawn as HTML whose every cell is escaped text (never markdown, never a
link), so cells wrap to fit the page, print, and read the same to a person, a screen
reader and a browser test (docs/architecture.md, "Tables and downloads"). Only the
labels and formats differ from the frame: the downloads beside it hold the frame.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import polars as pl
import streamlit as st

from kpi.filters import Filters
from kpi.model import Model
from present import formatting
from present.cells import HELP, Cell, ViewFormat, cells, visible
from ui import download

MAX_ROWS = 500
SCROLL_AFTER_ROWS = 14

STYLE = """<style>
.tandem-table { overflow: auto; max-width: 100%; margin-bottom: 0.5rem; }
.tandem-table.scroll { max-height: 32rem; }
.tandem-table table { width: 100%; border-collapse: collapse; font-size: 0.875rem; }
.tandem-table th, .tandem-table td {
  padding: 0.3rem 0.5rem; border-bottom: 1px solid rgba(128, 128, 128, 0.25);
  text-align: left; vertical-align: top; overflow-wrap: break-word;
}
.tandem-table th { font-weight: 600; position: sticky; top: 0; background: #fff; }
.tandem-table .num { text-align: right; white-space: nowrap; overflow-wrap: normal; }
.tandem-table .empty { color: rgba(128, 128, 128, 0.9); }
.tandem-note { font-size: 0.875rem; color: rgba(128, 128, 128, 0.95); margin: 0 0 0.5rem; }
@media (prefers-color-scheme: dark) { .tandem-table th { background: #0e1117; } }
</style>"""


def html_table(
    frame: pl.DataFrame,
    look: ViewFormat,
    *,
    columns: Sequence[str] | None = None,
    help_text: Mapping[str, str] | None = None,
) -> str:
    """The table as escaped HTML, with a line saying what every `—` means."""
    names = visible(frame, columns)
    headers, rows = cells(frame, look, names, MAX_ROWS)
    helps = {**HELP, **(help_text or {})}
    head = "".join(
        f'<th title="{html.escape(helps[name])}">{html.escape(label)}</th>'
        if name in helps
        else f"<th>{html.escape(label)}</th>"
        for name, label in zip(names, headers, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(f'<td class="{_classes(cell)}">{html.escape(cell.text)}</td>' for cell in row)
        + "</tr>"
        for row in rows
    )
    scroll = " scroll" if len(rows) > SCROLL_AFTER_ROWS else ""
    table = (
        f'<div class="tandem-table{scroll}"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )
    return table + _footnote(frame, headers, rows)


def _classes(cell: Cell) -> str:
    return " ".join(
        name for name, on in (("num", cell.numeric), ("empty", cell.reason is not None)) if on
    )


def _footnote(frame: pl.DataFrame, headers: Sequence[str], rows: list[list[Cell]]) -> str:
    """One line under the table: why each column has a `—`, and whether rows were left out."""
    reasons: dict[str, list[str]] = {}
    for row in rows:
        for label, cell in zip(headers, row, strict=True):
            if cell.text == formatting.EMPTY and cell.reason:
                found = reasons.setdefault(label, [])
                if cell.reason not in found:
                    found.append(cell.reason)
    lines = [f"{label}: {'; '.join(why)}" for label, why in reasons.items()]
    if frame.height > MAX_ROWS:
        lines.append(
            f"The first {MAX_ROWS:,} of {frame.height:,} rows are shown; the downloads hold all."
        )
    if not lines:
        return ""
    text = "— " + " · ".join(lines) if reasons else " · ".join(lines)
    return f'<p class="tandem-note">{html.escape(text)}</p>'


def show(
    frame: pl.DataFrame,
    *,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    help_text: Mapping[str, str] | None = None,
) -> None:
    """The table on screen; `columns` picks and orders what a person needs to read."""
    look = ViewFormat.of(model)
    st.html(STYLE + html_table(frame, look, columns=columns, help_text=help_text))


def with_download(
    frame: pl.DataFrame,
    *,
    name: str,
    filters: Filters,
    model: Model,
    empty: str | None = None,
    good_when_empty: bool = False,
    help_text: Mapping[str, str] | None = None,
) -> None:
    """The table on screen, or `empty` in words when it has no rows, then its downloads."""
    if frame.is_empty() and empty:
        (st.success if good_when_empty else st.info)(empty)
    else:
        show(frame, model=model, help_text=help_text)
    download.buttons(frame, name=name, filters=filters, model=model)

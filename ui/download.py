"""Safe downloads: exactly the filtered view, as CSV and as an Excel workbook.

The CSV is the frame itself, rounded by unit (kpi/export.py), formula-neutralised,
with `# ` lines naming the filters. The workbook is the table as a person reads it
(headers, launch names, number formats) on one sheet and the view (filters, data as
of) on a sheet of its own, so no comment line lands among the data rows.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import polars as pl
import streamlit as st
import xlsxwriter

from kpi.export import csv_ready, neutralise, rounded, safe_csv, view_comments
from kpi.filters import Filters
from kpi.model import Model
from kpi.periods import data_as_of
from present import cells
from present.link import names

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel number formats by unit; a long frame's value columns mix units and stay general.
EXCEL_FORMATS = {
    "money": "{currency}#,##0.00",
    "count": "#,##0",
    "ratio": "0.0 %",
    "hours": '0.0 "h"',
    "days": '0.0 "d"',
}
VIEW_LABELS = {
    "compare": "Compared with",
    "grain": "Trend grain",
    "sla_hours": "Follow-up SLA (hours)",
}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def file_name(name: str, filters: Filters, extension: str) -> str:
    return f"tandem-{slug(name)}-{filters.start.isoformat()}-{filters.end.isoformat()}.{extension}"


def buttons(
    frame: pl.DataFrame,
    *,
    name: str,
    filters: Filters,
    model: Model,
    label: str = "Download CSV",
) -> None:
    """CSV and Excel downloads of `frame` as shown, in full (no row cap), side by side."""
    with st.container(horizontal=True, gap="small"):
        csv_button(frame, name=name, filters=filters, model=model, label=label)
        st.download_button(
            label.replace("CSV", "Excel") if "CSV" in label else "Download Excel",
            data=_deferred(frame, filters, model),
            file_name=file_name(name, filters, "xlsx"),
            mime=XLSX_MIME,
            icon=":material/table_view:",
            key=f"xlsx-{slug(name)}",
            on_click="ignore",
        )


def csv_button(
    frame: pl.DataFrame, *, name: str, filters: Filters, model: Model, label: str = "Download CSV"
) -> None:
    """A download button for `frame` as CSV."""
    st.download_button(
        label,
        data=safe_csv(csv_ready(frame), comments=view_comments(filters, data_as_of(model))),
        file_name=file_name(name, filters, "csv"),
        mime="text/csv",
        icon=":material/download:",
        key=f"download-{slug(name)}",
        on_click="ignore",
    )


def _deferred(frame: pl.DataFrame, filters: Filters, model: Model) -> Callable[[], bytes]:
    # Built only when clicked: a workbook costs more than a CSV, and most are never opened.
    return lambda: workbook(frame, filters, model)


def workbook(frame: pl.DataFrame, filters: Filters, model: Model) -> bytes:
    """The table on a "Data" sheet and the view it belongs to on a "View" sheet."""
    look = cells.ViewFormat.of(model)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats = {
        unit: book.add_format({"num_format": pattern.replace("{currency}", f'"{look.currency}"')})
        for unit, pattern in EXCEL_FORMATS.items()
    }
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("Data")
    shown = rounded(frame)
    columns = [name for name in shown.columns if name not in cells.HIDDEN]
    unit = cells.units(shown)
    for index, name in enumerate(columns):
        sheet.write_string(0, index, neutralise(cells.header(name)), bold)
        sheet.set_column(index, index, _width(cells.header(name), shown[name]))
    for row_index, row in enumerate(shown.iter_rows(named=True), start=1):
        for index, name in enumerate(columns):
            raw = row[name]
            if raw is None:
                continue  # an empty cell: Excel's own "no value"
            if isinstance(raw, bool):
                sheet.write_boolean(row_index, index, raw)
            elif isinstance(raw, int | float):
                sheet.write_number(row_index, index, raw, formats.get(unit(name, row) or ""))
            elif isinstance(raw, datetime):
                sheet.write_datetime(row_index, index, raw, when)
            elif isinstance(raw, date):
                sheet.write_datetime(row_index, index, raw, day)
            else:
                sheet.write_string(row_index, index, neutralise(cells.text(name, str(raw), look)))
    sheet.freeze_panes(1, 0)
    _view_sheet(book.add_worksheet("View"), bold, filters, model)
    book.close()
    return out.getvalue()


def _width(label: str, column: pl.Series) -> int:
    longest = max([len(label), *(len(str(v)) for v in column.head(200).to_list())])
    return min(max(longest + 2, 8), 60)


def _view_sheet(sheet: Any, bold: Any, filters: Filters, model: Model) -> None:
    rows = [
        ("Tandem export", ""),
        ("First day", filters.start.isoformat()),
        ("Last day", filters.end.isoformat()),
    ]
    for dimension, values in filters.choices:  # every dimension (kpi/dimensions.py)
        named = names(model, dimension)
        shown = ", ".join(named.get(value, value) for value in values) or "all"
        rows.append((dimension.plural.capitalize(), shown))
    rows += [(label, str(getattr(filters, name))) for name, label in VIEW_LABELS.items()]
    as_of = data_as_of(model)
    rows.append(("Data as of", as_of.isoformat(timespec="minutes") if as_of else "no data"))
    for index, (key, text) in enumerate(rows):
        sheet.write_string(index, 0, key, bold)
        sheet.write_string(index, 1, neutralise(text))
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 60)

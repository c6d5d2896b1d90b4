"""One column of a file into its canonical dtype, whatever dtype its writer chose.

pandas writes an all-empty column as Parquet's null type, counts as int32 (or as
floats once a value is missing), timestamps in nanoseconds, dates as datetimes; DuckDB
writes decimals; Spark and pandas write time-zone-aware timestamps. Each is cast here
to the value the cell-by-cell path would give for the cell's text (what
connectors/grid/decode.py makes of it): a time zone's wall-clock time, whole seconds,
a whole float as a count. A value the rules cannot settle in bulk is marked bad and
its row goes to the cell rules; text columns are typed by bulk_text.py.
"""

from __future__ import annotations

import polars as pl

from connectors.formats import bulk_text
from connectors.formats.dates import Order
from connectors.formats.fields import Kind

Rule = bulk_text.Rule
_MAX_COUNT = bulk_text._MAX_COUNT


def cast(
    cell: pl.Expr,
    dtype: pl.DataType,
    kind: Kind,
    *,
    mark: str,
    order: Order | None,
    untouched: bool,
) -> Rule:
    """The canonical value of a column of `dtype` for a field of `kind`, and its bad cells.

    `untouched`: a text column that `bulk_text.untouched` found needs no change. `order`
    None: a text date column that `bulk_text.iso_only` found all ISO.
    """
    if dtype == pl.Null:
        return pl.lit(None), pl.lit(False)
    if untouched and kind in ("text", "id"):
        return cell, pl.lit(False)
    if dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
        return _text_cast(cell.cast(pl.String), kind, mark, order)
    if isinstance(dtype, pl.Decimal) and kind in ("money", "float", "count"):
        # Its text ("12.50") reads as the float; as an id or a yes/no it would not.
        number = cell.cast(pl.Float64)
        return cast(number, pl.Float64(), kind, mark=mark, order=order, untouched=False)
    typed = _TYPED.get(kind)
    rule = typed(cell, dtype) if typed else None
    if rule is None:  # e.g. a boolean for a number: its text says why, in the cell rules
        return pl.lit(None), cell.is_not_null()
    return rule


def _text_cast(cell: pl.Expr, kind: Kind, mark: str, order: Order | None) -> Rule:
    if kind == "text":
        return bulk_text.text(cell)
    if kind == "id":
        return bulk_text.identifier(cell)
    if kind in ("money", "float"):
        return bulk_text.number(cell, mark)
    if kind == "count":
        return bulk_text.count(cell, mark)
    if kind == "bool":
        return bulk_text.boolean(cell)
    if order is None:
        return bulk_text.iso_day(cell) if kind == "date" else bulk_text.iso_stamp(cell)
    if kind == "date":
        return bulk_text.day(cell, order)
    return bulk_text.stamp(cell, order)


def _wall_clock(cell: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A zoned time as the wall-clock time it shows: the exporting tool's local day."""
    if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
        return cell.dt.replace_time_zone(None)
    return cell


def _date(cell: pl.Expr, dtype: pl.DataType) -> Rule | None:
    if dtype == pl.Date:
        return cell, pl.lit(False)
    if isinstance(dtype, pl.Datetime):
        return _wall_clock(cell, dtype).dt.date(), pl.lit(False)
    return None


def _stamp(cell: pl.Expr, dtype: pl.DataType) -> Rule | None:
    if dtype == pl.Date:
        return cell.cast(pl.Datetime("us")), pl.lit(False)
    if isinstance(dtype, pl.Datetime):
        # The cell rules keep whole seconds; truncating floors, as dropping digits does.
        moment = _wall_clock(cell, dtype).dt.truncate("1s").dt.cast_time_unit("us")
        return moment, pl.lit(False)
    return None


def _money(cell: pl.Expr, dtype: pl.DataType) -> Rule | None:
    if dtype.is_integer():
        return cell.cast(pl.Float64), pl.lit(False)
    if dtype.is_float():
        value = cell.cast(pl.Float64)
        return value, value.is_not_null() & ~value.is_finite()  # NaN and inf are no amounts
    return None


def _count(cell: pl.Expr, dtype: pl.DataType) -> Rule | None:
    if dtype.is_integer():
        value = cell.cast(pl.Int64, strict=False)  # an unsigned value past Int64: bad
        too_large = value.abs() > int(_MAX_COUNT)
        return value, (cell.is_not_null() & value.is_null()) | too_large.fill_null(False)
    if dtype.is_float():
        number = cell.cast(pl.Float64)
        whole = number.is_finite() & (number == number.floor()) & (number.abs() <= _MAX_COUNT)
        return number.cast(pl.Int64, strict=False), number.is_not_null() & ~whole.fill_null(False)
    return None


def _bool(cell: pl.Expr, dtype: pl.DataType) -> Rule | None:
    if dtype == pl.Boolean:
        return cell, pl.lit(False)
    if dtype.is_numeric():  # the text "1" or "0" is yes or no
        number = cell.cast(pl.Float64)
        known = (number == 0.0) | (number == 1.0)
        return number == 1.0, cell.is_not_null() & ~known.fill_null(False)
    return None


def _identifier(cell: pl.Expr, dtype: pl.DataType) -> Rule | None:
    if dtype.is_integer():
        return cell.cast(pl.String), pl.lit(False)
    if dtype.is_float():  # the text of a whole float has no ".0" (decode.py)
        number = cell.cast(pl.Float64)
        whole = number.cast(pl.Int64, strict=False)
        exact = (whole.cast(pl.Float64) == number).fill_null(False)
        return whole.cast(pl.String), number.is_not_null() & ~exact
    return None


_TYPED = {
    "date": _date,
    "stamp": _stamp,
    "money": _money,
    "float": _money,
    "count": _count,
    "bool": _bool,
    "id": _identifier,
    "text": _identifier,
}

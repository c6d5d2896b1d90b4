"""Text cells typed a whole column at a time, by the rules of values.py and dates.py.

Each rule gives the typed column and a `bad` mask. A cell is typed here only where the
result is certain to equal what the cell-by-cell rules give; every other cell (a named
month, a number in scientific notation, a stray control character) is marked bad and
its row goes to those rules, which keep it or refuse it with their reason. The
decimal mark and the day/month order are decided from the whole column as the cell
path decides them (`decimal_mark`, `date_order`), and tests hold both to the cell rules.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from connectors.errors import RefusedFile
from connectors.formats import dates, values
from connectors.formats.dates import Order

Rule = tuple[pl.Expr, pl.Expr]  # (typed value, cell the bulk rules cannot settle)

# Python's str.isspace(), which str.strip() and `\s` use (a test lists them again from
# Python); Rust's (polars') set lacks \x1c-\x1f, so control characters in a cell send
# it to the cell rules.
_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_CONTROL = r"[\x00-\x08\x0e-\x1f]"
_GROUPING = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in _SPACES + "\u00a0\u202f'") + "]"
_PLAIN_NUMBER = r"^[+-]?[0-9]+(?:\.[0-9]+)?$"
# values._GROUPED without its backreference, which polars' regex engine lacks.
_GROUPED = r"^\d{1,3}(?:(?:\.\d{3})+|(?:,\d{3})+)$"
_NUMERIC_DATE = "^" + dates._NUMERIC.pattern  # re.match anchors at the start
_MAX_COUNT = float(values._MAX_COUNT)


def stripped(cell: pl.Expr) -> pl.Expr:
    return cell.str.strip_chars(_SPACES)


def unsure(cell: pl.Expr) -> pl.Expr:
    """Cells the cell rules read differently from polars' string functions."""
    return cell.str.contains(_CONTROL).fill_null(False)


def untouched(cells: pl.Series, *, printable: bool | None = None) -> bool:
    """True when no cell changes under `text` or `identifier`: the usual case, checked fast.

    Every byte printable ASCII (so no control character and no other space), no space
    at either end, no null token and no "1001.0": stripping, the null tokens and the
    id rule then leave every cell as it is. `printable`: the bytes were checked already
    (`printable_ascii` on the file's own Arrow arrays, read_typed_parquet).
    """
    odd = pl.select((cells.is_in(values.NULL_TOKENS) | cells.str.ends_with(".0")).any()).item()
    if odd:
        return False
    if printable is not None:
        return printable
    array = cells.to_arrow()
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    return all(printable_ascii(chunk) for chunk in chunks)


def printable_ascii(array: pa.Array) -> bool:
    """Every byte of every string printable ASCII, and no space at either end of one.

    Read in one pass over the array's buffers, several times faster than string
    functions per cell.
    """
    if pa.types.is_string(array.type):
        offset_type: type[np.signedinteger[Any]] = np.int32
    elif pa.types.is_large_string(array.type):
        offset_type = np.int64
    else:
        array = array.cast(pa.large_string())
        offset_type = np.int64
    _, offsets_buffer, data = array.buffers()
    if data is None or offsets_buffer is None:  # no text at all
        return True
    offsets = np.frombuffer(offsets_buffer, offset_type)
    offsets = offsets[array.offset : array.offset + len(array) + 1]
    text = np.frombuffer(data, np.uint8)[offsets[0] : offsets[-1]]
    if text.size and (text.min() < 0x20 or text.max() > 0x7E):
        return False
    filled = np.diff(offsets) > 0
    first = offsets[:-1][filled] - offsets[0]
    last = offsets[1:][filled] - offsets[0] - 1
    return not ((text[first] == 0x20).any() or (text[last] == 0x20).any())


def text(cell: pl.Expr) -> Rule:
    s = stripped(cell)
    return pl.when(s.is_in(values.NULL_TOKENS)).then(None).otherwise(s), unsure(cell)


def identifier(cell: pl.Expr) -> Rule:
    """Text; "1001.0" (a spreadsheet's number) is the id "1001"."""
    value, bad = text(cell)
    whole = value.str.replace(r"^([0-9]+)\.0$", "${1}")
    # str.isdigit() also takes other scripts' digits; those few go to the cell rules.
    odd = value.str.ends_with(".0") & value.str.contains(r"[^\x00-\x7f]")
    return whole, bad | odd.fill_null(False)


def boolean(cell: pl.Expr) -> Rule:
    s = stripped(cell).str.to_lowercase()
    known = s.is_in(values._TRUE) | s.is_in(values._FALSE) | s.is_in(values.NULL_TOKENS)
    value = pl.when(s.is_in(values._TRUE)).then(True).when(s.is_in(values._FALSE)).then(False)
    return value.otherwise(None), unsure(cell) | (cell.is_not_null() & ~known)


def _number_text(cell: pl.Expr) -> pl.Expr:
    """values._strip_number: no currency, no spaces or apostrophes; "" for a null token."""
    s = stripped(cell)
    bare = s.str.replace_all(values._CURRENCY.pattern, "").str.replace_all(_GROUPING, "")
    return pl.when(s.is_in(values.NULL_TOKENS)).then(pl.lit("")).otherwise(bare)


def decimal_mark(cells: pl.Series, default: str = ".") -> str:
    """values.infer_decimal_mark over a whole column, in bulk."""
    if cells.str.contains(r"[\x1c-\x1f]").any():  # `\s` differs there: ask the cell rules
        return values.infer_decimal_mark(cells.drop_nulls().to_list(), default)
    s = pl.DataFrame({"s": cells}).select(s=_number_text(pl.col("s")))["s"].drop_nulls()
    voting = s.filter(~s.str.contains(_GROUPED) & (s != ""))
    # Which of the two comes last (str.rfind): the one nearer the end of the reversed text.
    comma = voting.str.reverse().str.find(",", literal=True)
    point = voting.str.reverse().str.find(".", literal=True)
    comma_votes = int((comma.is_not_null() & (point.is_null() | (comma < point))).sum())
    point_votes = int((point.is_not_null() & (comma.is_null() | (point < comma))).sum())
    if comma_votes == point_votes:
        return default
    return "," if comma_votes > point_votes else "."


def number(cell: pl.Expr, mark: str) -> Rule:
    """values.number for plain, grouped, percent and bracketed numbers."""
    s = _number_text(cell)
    negative = s.str.starts_with("(") & s.str.ends_with(")")
    s = s.str.strip_chars("()")
    percent = s.str.ends_with("%")
    s = s.str.strip_chars_end("%").str.strip_chars(_SPACES)
    group = "." if mark == "," else ","
    s = s.str.replace_all(group, "", literal=True).str.replace_all(mark, ".", literal=True)
    plain = s.str.contains(_PLAIN_NUMBER)
    parsed = pl.when(plain).then(s).otherwise(None).cast(pl.Float64)
    parsed = pl.when(percent).then(parsed / 100).otherwise(parsed)
    value = pl.when(negative).then(-parsed).otherwise(parsed)
    is_null = stripped(cell).is_in(values.NULL_TOKENS)
    bad = cell.is_not_null() & ~is_null & ~(plain & parsed.is_finite()).fill_null(False)
    return pl.when(is_null).then(None).otherwise(value), unsure(cell) | bad


def count(cell: pl.Expr, mark: str) -> Rule:
    """values.integer: a whole number no larger than a float holds exactly."""
    value, bad = number(cell, mark)
    whole = (value == value.floor()) & (value.abs() <= _MAX_COUNT)
    return value.cast(pl.Int64, strict=False), bad | (value.is_not_null() & ~whole)


# The ISO form most writers use (pandas, DuckDB, polars, Spark): read with one format,
# without the general pattern's captures, which cost about fifty times as much.
_ISO = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[ T](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?)?$"
)


def iso_only(cells: pl.Series) -> bool:
    """True when every cell is empty, a null token or an ISO date or time (no zone)."""
    plain = cells.is_null() | cells.is_in(values.NULL_TOKENS) | cells.str.contains(_ISO)
    return bool(plain.all())


def iso_stamp(cell: pl.Expr) -> Rule:
    """dates.stamp for a column `iso_only` accepted: whole seconds, dates at midnight."""
    clock = pl.when(cell.str.len_bytes() > 10).then(cell.str.slice(11, 8))
    text = pl.concat_str(cell.str.slice(0, 10), pl.lit(" "), clock.otherwise(pl.lit("00:00:00")))
    moment = text.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, time_unit="us")
    is_null = cell.is_null() | cell.is_in(values.NULL_TOKENS)
    valid = moment.is_not_null() & (moment.dt.year() >= 1)  # year 0 is no date in Python
    return pl.when(is_null).then(None).otherwise(moment), ~is_null & ~valid.fill_null(False)


def iso_day(cell: pl.Expr) -> Rule:
    moment, bad = iso_stamp(cell)
    return moment.dt.date(), bad


def date_order(cells: pl.Series, column: str) -> Order:
    """dates.infer_order over a whole column, in bulk; raises RefusedFile as it does."""
    if cells.str.contains(r"[^\x00-\x7f]|[\x1c-\x1f]").any():  # other digits, other spaces
        return dates.infer_order(cells.drop_nulls().to_list(), column)
    parts = _date_parts(pl.DataFrame({"s": cells.cast(pl.String)}).lazy(), "s").collect()
    a, b = parts["a"], parts["b"]
    four = parts["a_len"] == 4
    day_first = bool((~four & (a > 12) & (b <= 12)).any())
    month_first = bool((~four & (b > 12) & (a <= 12)).any())
    ambiguous = bool((~four & (a <= 12) & (b <= 12) & (a != b)).any())
    year_first = bool(four.any())
    if day_first and month_first:
        raise RefusedFile(f"column '{column}' mixes day/month and month/day dates")
    if ambiguous and not (day_first or month_first):
        dates.infer_order(["01/02/2000"], column)  # raises the cell rules' own words
    if day_first:
        return Order.DMY
    if month_first:
        return Order.MDY
    return Order.YMD if year_first else Order.DMY


def _date_parts(frame: pl.LazyFrame, column: str) -> pl.LazyFrame:
    groups = stripped(pl.col(column)).str.extract_groups(_NUMERIC_DATE)
    fields = ("a", "b", "c", "h", "mi", "s")
    return frame.select(
        *(groups.struct.field(f).cast(pl.Int64, strict=False).alias(f) for f in fields),
        groups.struct.field("a").str.len_chars().alias("a_len"),
        groups.struct.field("c").str.len_chars().alias("c_len"),
        groups.struct.field("ampm").str.to_lowercase().alias("ampm"),
    )


def stamp(cell: pl.Expr, order: Order) -> Rule:
    """dates.stamp for numeric dates and times; named months go to the cell rules."""
    groups = stripped(cell).str.extract_groups(_NUMERIC_DATE)

    def part(name: str) -> pl.Expr:
        return groups.struct.field(name).cast(pl.Int64, strict=False)

    a, b, c = part("a"), part("b"), part("c")
    year_first = groups.struct.field("a").str.len_chars() == 4
    two_digit = groups.struct.field("c").str.len_chars() == 2
    year = pl.when(year_first).then(a).when(two_digit).then(c + 2000).otherwise(c)
    first, second = (a, b) if order is Order.MDY else (b, a)
    month = pl.when(year_first).then(b).otherwise(first)
    day = pl.when(year_first).then(c).otherwise(second)
    ampm = groups.struct.field("ampm").str.to_lowercase()
    hour = part("h").fill_null(0)
    afternoon = pl.when(ampm == "pm").then(12).otherwise(0)
    hour = pl.when(ampm.is_null()).then(hour).otherwise(hour % 12 + afternoon)
    minute, second_ = part("mi").fill_null(0), part("s").fill_null(0)
    valid = (
        year.is_between(1, 9999)
        & month.is_between(1, 12)
        & (day >= 1)
        & (day <= _days_in_month(year, month))
        & hour.is_between(0, 23)
        & minute.is_between(0, 59)
        & second_.is_between(0, 59)
    ).fill_null(False)
    parts = [(year, 1), (month, 1), (day, 1), (hour, 0), (minute, 0), (second_, 0)]
    moment = pl.datetime(*(pl.when(valid).then(x).otherwise(d) for x, d in parts), time_unit="us")
    is_null = stripped(cell).is_in(values.NULL_TOKENS)
    bad = cell.is_not_null() & ~is_null & ~valid
    return pl.when(valid).then(moment).otherwise(None), unsure(cell) | bad


def day(cell: pl.Expr, order: Order) -> Rule:
    moment, bad = stamp(cell, order)
    return moment.dt.date(), bad


def _days_in_month(year: pl.Expr, month: pl.Expr) -> pl.Expr:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    long_months = month.is_in([1, 3, 5, 7, 8, 10, 12])
    return (
        pl.when(month == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(long_months)
        .then(31)
        .otherwise(30)
    )

"""Fuzzing format detection and parsing: random bytes and random CSV-like exports.

Whatever comes in, reading it either refuses the file with a message naming it, or
gives tables that are valid canonical tables. No other exception may escape the
reader: `read_upload` would catch it as "could not be read (SomeError)", which is a
crash wearing a message, so the reader is also called directly.
"""

from __future__ import annotations

import os
import string
from datetime import date, datetime

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from connectors import read_upload
from connectors.errors import RefusedFile
from connectors.formats.adapters import ADAPTERS
from connectors.formats.export import read_export
from connectors.health import DataHealth
from contract.schema import ALLOWED_VALUES, check_frame

# 200 keeps the suite fast; TANDEM_FUZZ_EXAMPLES=5000 for a long hunt.
FUZZ = settings(
    max_examples=int(os.environ.get("TANDEM_FUZZ_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Every header an adapter looks for, so that random files often reach the adapters.
HEADERS = sorted(
    {
        alternative.rstrip("*")
        for adapter in ADAPTERS.values()
        for wanted in (*adapter.required, *adapter.any_of, *adapter.known)
        for alternative in wanted.split("|")
    }
    | {"Campaign", "Cost", "Impr.", "Currency code", "Amount spent (USD)", "Total: Account"}
)
NAMES = ("export.csv", "export.tsv", "export.txt", "export.xlsx", "export.parquet")
MAGIC = (b"", b"PK\x03\x04", b"PAR1", b"\xef\xbb\xbf", b"\xff\xfe", b"\xd0\xcf\x11\xe0")

_digits = st.integers(-(10**7), 10**7)
numbers = st.one_of(
    _digits.map(str),
    _digits.map(lambda n: f"{n:,}"),  # quoted thousands
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.floats(-1e6, 1e6).map(lambda x: f"{x:.2f}".replace(".", ",")),  # decimal comma
    st.floats(0, 100).map(lambda x: f"{x:.2f}%"),
    st.floats(0, 1e5).map(lambda x: f"${x:,.2f}"),
    st.sampled_from(["USD 40", "(12.50)", " --", "n/a", "#DIV/0!", "1e999", "nan", "-0"]),
)
_days = st.dates(date(1990, 1, 1), date(2035, 12, 31))
dates = st.one_of(
    _days.map(str),
    _days.map(lambda d: d.strftime("%d/%m/%Y")),
    _days.map(lambda d: d.strftime("%m/%d/%Y")),
    _days.map(lambda d: d.strftime("%b %d, %Y")),
    st.datetimes(datetime(1990, 1, 1)).map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S")),
    st.sampled_from(["2026-02-30", "31/31/2024", "2024-13-01", "0000-00-00", "03/04/2024"]),
)
texts = st.text(string.printable + "éü€ßÆ\u00a0\x00\ufeff\u2028", max_size=20)
cells = st.one_of(numbers, dates, texts, st.sampled_from(HEADERS), st.just(""))


def _first(wanted: str) -> str:
    return wanted.split("|")[0].replace("*", " Lead Date")


# The headers each adapter needs, so that a random file often gets past detection.
SHAPES = [
    [_first(w) for w in (*a.required, *a.any_of[:1], *a.known[:6])] for a in ADAPTERS.values()
]
_DATE_WORDS = ("date", "_at", "day", "starts", "ends", "period")
_NUMBER_WORDS = ("amount", "spent", "cost", "spend", "revenue", "price", "units", "impr", "target")


CHOICES = {column: allowed for (_, column), allowed in ALLOWED_VALUES.items()} | {
    "is_won": ("TRUE", "false", "yes", "0", "maybe"),
    "applies_to": ("campaign", "sku"),
}


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%b %d, %Y", "%Y-%m-%d %H:%M:%S")


def _cell_for(name: str, date_format: str) -> st.SearchStrategy[str]:
    """Mostly a plausible value for the column, sometimes anything at all."""
    lowered = name.lower()
    if any(w in lowered for w in _DATE_WORDS):
        plausible = _days.map(lambda d: d.strftime(date_format))
    elif any(w in lowered for w in _NUMBER_WORDS) or lowered in ("clicks", "conversions"):
        plausible = numbers
    elif lowered.endswith("id"):
        plausible = st.integers(1, 30).map(lambda n: f"ID{n}")
    elif lowered in CHOICES:
        plausible = st.sampled_from(CHOICES[lowered])
    else:
        plausible = st.sampled_from(["email", "paid_search", "Glow", "Ana", "GLOW"])
    return st.one_of(*[plausible] * 8, cells)


@st.composite
def csv_like(draw: st.DrawFn) -> tuple[str, bytes]:
    """A random export: preamble, header drawn from real formats, rows of messy cells."""
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    if draw(st.booleans()):
        header = draw(st.permutations(draw(st.sampled_from(SHAPES))))
    else:
        width = draw(st.integers(1, 8))
        header = draw(st.lists(st.sampled_from(HEADERS) | texts, min_size=width, max_size=width))
    # One date format per file, as a real export has; mixed ones come from `cells`.
    date_format = draw(st.sampled_from(DATE_FORMATS))
    row = st.tuples(*(_cell_for(h, date_format) for h in header)).map(list)
    ragged = st.lists(cells, max_size=len(header) + 2)
    rows = draw(st.lists(st.one_of(*[row] * 6, ragged), min_size=1, max_size=12))
    preamble = draw(st.lists(texts, max_size=2))
    quoting = draw(st.sampled_from(["as needed", "all", "raw"]))

    def quoted(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"'

    def line(row: list[str]) -> str:
        if quoting == "all":
            return delimiter.join(map(quoted, row))
        if quoting == "as needed":  # what csv writers do
            special = (delimiter, '"', "\n", "\r")
            return delimiter.join(quoted(c) if any(s in c for s in special) else c for c in row)
        return delimiter.join(row)  # raw: stray quotes and delimiters stay as they fall

    text = "\n".join([*preamble, line(header), *map(line, rows)])
    text += draw(st.sampled_from(["", "\n", "\r\n", '\n"', "\nTotal: Account,1"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"]))
    name = draw(st.sampled_from(NAMES[:3]))
    return name, text.encode(encoding, errors="replace")


def _check(name: str, data: bytes) -> None:
    try:
        read_export(name, data, DataHealth(name))
    except RefusedFile as exc:  # the only exception a reader may raise, naming the file
        assert str(exc).startswith(name)
    read = read_upload(name, data)
    kept = sum(frame.height for frame in read.tables.values())
    event(
        f"refused whole: {read.health.error[len(name) :][:40]}"
        if read.health.error
        else f"read as {read.health.format}, rows kept: {min(kept, 2)}"
    )
    if read.health.error is not None:
        assert read.health.error.startswith(name)
        assert all(frame.is_empty() for frame in read.tables.values())
    for table, frame in read.tables.items():
        assert check_frame(table, frame) == [], table


@FUZZ
@given(name=st.sampled_from(NAMES), magic=st.sampled_from(MAGIC), body=st.binary(max_size=3000))
def test_random_bytes_are_refused_or_read_never_crash(name: str, magic: bytes, body: bytes) -> None:
    _check(name, magic + body)


@FUZZ
@given(export=csv_like())
def test_random_csv_like_exports_are_refused_or_canonical(export: tuple[str, bytes]) -> None:
    _check(*export)

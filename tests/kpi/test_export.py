import csv
import io
from datetime import date, datetime

import polars as pl
import pytest

from kpi.export import csv_ready, neutralise, rounded, safe_csv, view_comments
from kpi.filters import Filters


def test_formula_starts_get_an_apostrophe() -> None:
    assert [
        neutralise(t) for t in ["=1+1", "+1", "-x", "@SUM(A1)", "\tx", "\rx", "\0x", "ok", ""]
    ] == ["'=1+1", "'+1", "'-x", "'@SUM(A1)", "'\tx", "'\rx", "'\0x", "ok", ""]


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        # A UTM campaign through the CRM: in a ";" spreadsheet, "=1+1" is a cell of its own.
        ("Spring;=1+1;", "Spring;'=1+1;"),
        ("a,=cmd|' /C calc'!A0", "a,'=cmd|' /C calc'!A0"),
        ("x|@SUM(A1)", "x|'@SUM(A1)"),
        ("x\t-2+3", "x\t'-2+3"),
        ('x; "=1', "x; \"'=1"),  # spaces and quotes before the formula do not hide it
        ("a\t\t=1", "a\t'\t'=1"),  # a tab both splits and starts a formula
        ("line\n+1", "line\n'+1"),
        ("Spring-Summer, 20% off", "Spring-Summer, 20% off"),  # nothing starts a cell
        ("\u202egpj.exe", "gpj.exe"),  # a right-to-left override would show "exe.jpg"
    ],
)
def test_every_cell_a_spreadsheet_could_split_off_is_neutralised(text: str, safe: str) -> None:
    assert neutralise(text) == safe


HOSTILE = [
    "Spring;=1+1;",
    '=HYPERLINK("http://evil.example","x")',
    "Sale|+cmd",
    "a,b;c\t@d|-e",
    ' ;"=2',
    "ok",
    None,
    "Crème\u202e été",
]


def _cells_split_on(text: str, separator: str) -> list[str]:
    """Every cell a spreadsheet splitting lines on `separator` alone would make."""
    return [cell for line in text.splitlines() for cell in line.split(separator)]


@pytest.mark.parametrize("separator", [",", ";", "\t", "|"])
def test_no_cell_starts_a_formula_however_the_file_is_split(separator: str) -> None:
    frame = pl.DataFrame({"campaign": HOSTILE, "=spend;-x": [-1.5, 2.0, 0, 1, 2, 3, 4, 5]})
    comments = ["filters: launch=a,=1+1;b; region=|@x", 'note "=2" \t+3']
    text = safe_csv(frame, comments=comments).decode()
    for cell in _cells_split_on(text, separator):
        # A cell as the spreadsheet reads it: spaces and a cell's opening quotes set aside.
        shown = cell.lstrip(' "')
        assert not shown.startswith(("=", "+", "-", "@", "\t", "\r", "\0")) or _number(shown), (
            separator,
            cell,
        )
    assert "\u202e" not in text


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("separator", [",", ";", "\t", "|"])
def test_a_csv_reader_with_any_separator_sees_no_formula(separator: str) -> None:
    frame = pl.DataFrame({"campaign": HOSTILE})
    text = safe_csv(frame, comments=["launch=a,=1+1;b"]).decode()
    for row in csv.reader(io.StringIO(text), delimiter=separator):
        for cell in row:
            assert not cell.lstrip(' "').startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_csv_quotes_text_neutralises_headers_and_keeps_numbers() -> None:
    frame = pl.DataFrame(
        {"campaign": ['=HYPERLINK("http://x","y")', "Spring", None], "=total": [-12.5, 3.0, 0.0]}
    )
    assert safe_csv(frame).decode() == (
        '"campaign","\'=total"\n"\'=HYPERLINK(""http://x"",""y"")",-12.5\n"Spring",3.0\n,0.0\n'
    )


def test_dictionary_encoded_text_is_neutralised_as_plain_text() -> None:
    # Campaigns and other dimensions are held as Categorical (contract/schema.py `Code`).
    cells = ['=HYPERLINK("http://x","y")', "-Refund note", "\u202egpj.exe", None]
    plain = pl.DataFrame({"campaign": cells})
    encoded = plain.cast({"campaign": pl.Categorical})
    assert safe_csv(encoded) == safe_csv(plain)
    assert safe_csv(encoded).decode() == (
        '"campaign"\n"\'=HYPERLINK(""http://x"",""y"")"\n"\'-Refund note"\n"gpj.exe"\n\n'
    )


def test_comment_lines_come_first_quoted_as_one_cell_each() -> None:
    text = safe_csv(pl.DataFrame({"a": [1]}), comments=["one\ntwo", 'launch=a,=1+1 "x"']).decode()
    assert text == '"# one two"\n"# launch=a,\'=1+1 ""x"""\n"a"\n1\n'
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[:2] == [["# one two"], ['# launch=a,\'=1+1 "x"']]


def test_view_comments_name_the_filters_and_as_of() -> None:
    filters = Filters(
        start=date(2026, 9, 1), end=date(2026, 9, 30), launches=("GLOW",), regions=("EU", "UK")
    )
    assert view_comments(filters, datetime(2026, 11, 27)) == [
        "Tandem export. filters: launch=GLOW; channel=all; region=EU,UK; segment=all; "
        "period=2026-09-01..2026-09-30; compare=previous; grain=week; sla_hours=24",
        "data as of: 2026-11-27T00:00",
    ]


def test_without_data_there_is_no_as_of_line() -> None:
    filters = Filters(start=date(2026, 9, 1), end=date(2026, 9, 30), compare="none")
    assert view_comments(filters, None) == [
        "Tandem export. filters: launch=all; channel=all; region=all; segment=all; "
        "period=2026-09-01..2026-09-30; compare=none; grain=week; sla_hours=24"
    ]


def test_a_period_past_the_data_says_so_in_the_comments() -> None:
    # Monday 23 to Sunday 29 November; the data ends on Wednesday 25 November.
    filters = Filters(
        start=date(2026, 11, 23), end=date(2026, 11, 29), data_through=date(2026, 11, 25)
    )
    assert view_comments(filters, datetime(2026, 11, 26))[1:] == [
        "data as of: 2026-11-26T00:00",
        "The period runs past the data, which ends on 25 Nov 2026: its last 4 days have no "
        "data yet, so it is compared on its first 3 days only (16 Nov 2026 to 18 Nov 2026).",
    ]


def test_rounding_follows_each_column_unit() -> None:
    frame = pl.DataFrame(
        {
            "campaign": ["Spring"],
            "spend": [1442.1599999999999],  # money (catalog): cents
            "acceptance_rate": [0.733916972814],  # ratio (catalog): four decimals
            "step_conversion": [0.56123456],  # the funnel's own ratio column
            "median_hours": [8.946932],  # hours: two decimals
            "leads": [5184.0],
            "other": [1.234567],  # unknown unit: four decimals
            "clicks": [12],  # integers stay as they are
        }
    )
    assert csv_ready(frame).write_csv() == (
        "campaign,spend,acceptance_rate,step_conversion,median_hours,leads,other,clicks\n"
        "Spring,1442.16,0.7339,0.5612,8.95,5184.0,1.2346,12\n"
    )


def test_a_long_frame_rounds_each_row_by_its_own_unit() -> None:
    table = pl.DataFrame(
        {
            "kpi": ["spend", "win_rate", "sales_cycle_days"],
            "unit": ["money", "ratio", "days"],
            "value": [612831.6599999999, 0.4759556103575832, 33.97073029662615],
            "delta_pct": [-0.35770175845528385, -0.013220236401494112, None],
        }
    )
    assert csv_ready(table)["value"].to_list() == [612831.66, 0.476, 33.97]
    assert csv_ready(table)["delta_pct"].to_list() == [-0.3577, -0.0132, None]
    series = pl.DataFrame({"kpi": ["won_revenue", "mql_to_won_rate"], "value": [2.675, 0.123456]})
    assert csv_ready(series)["value"].to_list() == [2.68, 0.1235]  # half away from zero


def test_timestamps_lose_their_microseconds_and_no_minus_zero_appears() -> None:
    frame = pl.DataFrame(
        {"mql_at": [datetime(2026, 11, 20, 14, 3, 59, 999_999)], "delta": [-0.00001]}
    )
    assert csv_ready(frame).write_csv() == "mql_at,delta\n2026-11-20 14:03:59,0.0\n"
    assert rounded(frame)["mql_at"].to_list() == [datetime(2026, 11, 20, 14, 3, 59)]

from datetime import date, datetime

import polars as pl

from kpi.export import neutralise, safe_csv, view_comments
from kpi.filters import Filters


def test_formula_starts_get_an_apostrophe() -> None:
    assert [
        neutralise(t) for t in ["=1+1", "+1", "-x", "@SUM(A1)", "\tx", "\rx", "\0x", "ok", ""]
    ] == ["'=1+1", "'+1", "'-x", "'@SUM(A1)", "'\tx", "'\rx", "'\0x", "ok", ""]


def test_csv_neutralises_text_and_headers_but_not_numbers() -> None:
    frame = pl.DataFrame(
        {"campaign": ['=HYPERLINK("http://x","y")', "Spring", None], "=total": [-12.5, 3.0, 0.0]}
    )
    assert safe_csv(frame).decode() == (
        'campaign,\'=total\n"\'=HYPERLINK(""http://x"",""y"")",-12.5\nSpring,3.0\n,0.0\n'
    )


def test_comment_lines_come_first_and_stay_single_lines() -> None:
    csv = safe_csv(pl.DataFrame({"a": [1]}), comments=["one\ntwo", "three"]).decode()
    assert csv == "# one two\n# three\na\n1\n"


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

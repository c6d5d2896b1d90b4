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
        "Tandem export. filters: launch=GLOW; period=2026-09-01..2026-09-30; compare=previous; "
        "channel=all; region=EU,UK; segment=all; grain=week; sla_hours=24",
        "data as of: 2026-11-27T00:00",
    ]

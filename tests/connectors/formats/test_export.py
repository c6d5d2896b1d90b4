from __future__ import annotations

import pytest

from connectors.errors import RefusedFile
from connectors.formats.export import read_export
from connectors.health import DataHealth
from tests.connectors.conftest import only, read_text


def test_an_excel_separator_hint_line_is_skipped() -> None:
    frames, health = read_text(
        "x.csv", "sep=;\nmql_id;first_contact_date;origin\nm1;2018-02-01;email\n"
    )
    assert only(frames, "leads")["lead_id"].to_list() == ["m1"]
    assert (health.format, health.rows_read) == ("olist_mql", 1)


def test_a_header_without_rows_is_refused_whole() -> None:
    with pytest.raises(RefusedFile, match=r"x\.csv has a header row but no data rows"):
        read_export("x.csv", b"mql_id,first_contact_date\n\n", DataHealth("x"))


def test_a_forced_format_is_used_even_where_another_would_match() -> None:
    text = b"lead_id,created_at,mql_id,first_contact_date\nL1,2024-01-01,m1,2018-01-01\n"
    health = DataHealth("x")
    frames = read_export("x.csv", text, health, format="canonical_leads")
    assert only(frames, "leads")["lead_id"].to_list() == ["L1"]
    assert health.format == "canonical_leads"

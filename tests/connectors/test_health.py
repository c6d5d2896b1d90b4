from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors import read_upload
from connectors.errors import SourceError
from connectors.formats.export import read_export
from connectors.health import DataHealth, RefusedRow, refused_frame


def test_refused_rows_as_a_downloadable_frame() -> None:
    health = DataHealth("crm")
    health.refuse("a.csv", 3, "Amount", "'x' is not a number")
    health.refuse("a.csv", 9, None, "order cancelled")
    frame = health.refused_frame()
    assert frame.schema == pl.Schema(
        {"file": pl.String, "line": pl.Int64, "column": pl.String, "reason": pl.String}
    )
    assert frame.rows() == [
        ("a.csv", 3, "Amount", "'x' is not a number"),
        ("a.csv", 9, None, "order cancelled"),
    ]
    assert health.rows_refused == 2
    assert refused_frame([]).height == 0
    assert health.refused[0] == RefusedRow("a.csv", 3, "Amount", "'x' is not a number")


def test_absorbing_a_file_record_adds_counts_and_keeps_notes_once() -> None:
    folder, file = DataHealth("folder"), DataHealth("folder")
    folder.warn("same note")
    file.rows_read, file.rows_kept = 5, 4
    file.refuse("f.csv", 2, None, "bad")
    file.warn("same note")
    file.warn("new note")
    folder.absorb(file)
    assert (folder.rows_read, folder.rows_kept, folder.rows_refused) == (5, 4, 1)
    assert folder.warnings == ["same note", "new note"]


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=400),
        st.text(alphabet=st.sampled_from(list("abc,;\t\"\n 0123456789-/.:%$")), max_size=400).map(
            str.encode
        ),
        st.lists(
            st.sampled_from(
                ["mql_id,first_contact_date,origin", "a,2018-01-01,x", "b,13/13/2018,y",
                 "c,,", '"d', "Total: Account,1", "lead_id,created_at", "e,2024-02-30 10:00"]
            ),
            max_size=8,
        ).map(lambda lines: "\n".join(lines).encode()),
    )
)  # fmt: skip
def test_bad_bytes_are_refused_in_words_never_by_a_crash(data: bytes) -> None:
    health = DataHealth("upload.csv")
    try:
        read_export("upload.csv", data, health)
    except SourceError as exc:  # a refusal with a message; anything else fails the test
        assert str(exc)
        return
    assert health.rows_read == health.rows_kept + health.rows_refused
    assert read_upload("upload.csv", data).health.error is None

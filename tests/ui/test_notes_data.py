"""What other screens read of the notes (chart markers, the hand-off strip's open actions,
the meeting pack), and the last good read shown while the database is away."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

import notes
from kpi.filters import Filters
from present import note_marks
from ui import notes as notes_ui

ANA = "ana@maisonlumiere.example"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> notes.Database:
    """The SQLite file the app opens when no [database] url is set (TANDEM_NOTES_DB)."""
    monkeypatch.setenv("TANDEM_NOTES_DB", str(tmp_path / "notes.db"))
    return notes.connect(notes.sqlite_url(tmp_path / "notes.db"))


def test_markers_are_the_view_launches_entries_overlapping_its_period(
    database: notes.Database,
) -> None:
    def add(
        kind: str, launch: str, start: date, end: date | None, text: str, **more: object
    ) -> None:
        draft = notes.Draft(kind, launch, start, end, text, **more)  # type: ignore[arg-type]
        notes.add(database, draft, author=ANA)

    add("note", "GLOW-SERUM", date(2025, 2, 25), date(2025, 3, 2), "overlaps the start")
    add("decision", "GLOW-SERUM", date(2025, 3, 31), None, "last day **bold?**")
    add("note", "GLOW-SERUM", date(2025, 4, 1), None, "after the period")
    add("note", "VELVET-LIP", date(2025, 3, 10), None, "other launch")
    add("action", "GLOW-SERUM", date(2025, 1, 5), None, "old, still open", owner="Sales",
        due=date(2025, 1, 10))  # fmt: skip

    view = Filters(date(2025, 3, 1), date(2025, 3, 31), launches=("GLOW-SERUM",))
    expected = pl.DataFrame(
        {
            "id": [1, 2],
            "kind": ["note", "decision"],
            "launch_id": ["GLOW-SERUM", "GLOW-SERUM"],
            "start": [date(2025, 2, 25), date(2025, 3, 31)],
            "end": [date(2025, 3, 2), date(2025, 3, 31)],
            "text": ["overlaps the start", "last day **bold?**"],
            "author": [ANA, ANA],
        },
        schema=note_marks.MARKER_SCHEMA,
    )
    assert notes_ui.markers(view).equals(expected)
    assert [e.text for e in notes_ui.entries_for(view)] == [
        "overlaps the start",
        "last day **bold?**",
    ]
    # Open actions are not bound to the period: an action from January is still open.
    (action,) = notes_ui.open_actions(view)
    assert (action.text, action.overdue(date(2025, 3, 31))) == ("old, still open", True)
    everywhere = Filters(date(2025, 3, 1), date(2025, 3, 31))
    assert notes_ui.markers(everywhere)["text"].to_list() == [
        "overlaps the start",
        "other launch",
        "last day **bold?**",
    ]
    empty = notes_ui.markers(Filters(date(2024, 1, 1), date(2024, 1, 31)))
    assert empty.is_empty() and empty.schema == pl.Schema(note_marks.MARKER_SCHEMA)


def test_while_the_database_is_away_the_last_good_read_is_shown(
    database: notes.Database,
) -> None:
    answers: list[str] = ["read before the outage"]

    def listing(_: notes.Database, *, launch: str) -> list[str]:
        if not answers:
            raise notes.NotesUnavailable(f"the notes database ({database.where}) went away")
        return [answers.pop()]

    assert notes_ui.problem() is None
    assert notes_ui.read(listing, launch="GLOW-SERUM") == ["read before the outage"]
    assert notes_ui.read(listing, launch="GLOW-SERUM") == ["read before the outage"]
    assert notes_ui.read(listing, launch="VELVET-LIP") is None  # never read: nothing to show
    assert notes_ui.problem() == (
        f"Notes are read-only: the notes database ({database.where}) went away. The numbers "
        "are not affected; Tandem tries again within 30 seconds."
    )
    # Until the retry time, nothing is asked of the database (no timeout per read).
    answers.append("would be read if asked")
    assert notes_ui.read(listing, launch="GLOW-SERUM") == ["read before the outage"]
    assert answers == ["would be read if asked"]

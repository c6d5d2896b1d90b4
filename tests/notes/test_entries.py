"""Notes, decisions and actions: kept, listed by launch and period, changed only by their
author, and never lost (every edit and removal keeps the earlier text). Runs on SQLite
and on PostgreSQL (conftest)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

import notes
from notes import Draft

ANA = "ana@maisonlumiere.example"
BEN = "ben@maisonlumiere.example"


def note(text: str, start: date, end: date | None = None, launch: str = "GLOW-SERUM") -> Draft:
    return Draft("note", launch, start, end, text)


def action(text: str, owner: str, due: date, launch: str = "GLOW-SERUM") -> Draft:
    return Draft("action", launch, date(2025, 3, 3), None, text, owner, due)


def test_a_note_is_kept_as_written_and_read_back(database: notes.Database) -> None:
    written = "Influencer post **slipped** a week <script>alert(1)</script> [x](http://e.x)"
    added = notes.add(database, note(written, date(2025, 3, 3), date(2025, 3, 9)), author=ANA)
    (read,) = notes.entries(database)
    assert read == added
    assert (read.kind, read.launch_id, read.start, read.end) == (
        "note",
        "GLOW-SERUM",
        date(2025, 3, 3),
        date(2025, 3, 9),
    )
    assert read.text == written  # stored verbatim: the page escapes it, the store does not
    assert (read.author, read.revision, read.edited, read.removed_at) == (ANA, 1, False, None)
    assert read.created_at.tzinfo is not None and read.created_at.utcoffset().total_seconds() == 0


def test_one_day_note_ends_the_day_it_starts_and_text_is_trimmed(
    database: notes.Database,
) -> None:
    added = notes.add(database, note("  \x00Launch day\x07 \n", date(2025, 4, 1)), author="A@B.C")
    assert (added.start, added.end, added.text, added.author) == (
        date(2025, 4, 1),
        date(2025, 4, 1),
        "Launch day",
        "a@b.c",  # authors are compared without regard to case
    )


def test_listing_keeps_launch_and_overlapping_period(database: notes.Database) -> None:
    march = notes.add(database, note("march", date(2025, 3, 1), date(2025, 3, 31)), author=ANA)
    april = notes.add(database, note("april", date(2025, 4, 10)), author=ANA)
    other = notes.add(database, note("other", date(2025, 3, 15), launch="VELVET-LIP"), author=ANA)
    decision = notes.add(
        database, Draft("decision", "GLOW-SERUM", date(2025, 3, 31), text="go"), author=BEN
    )

    def ids(**kwargs: Any) -> list[int]:
        return [entry.id for entry in notes.entries(database, **kwargs)]

    assert ids() == [march.id, other.id, decision.id, april.id]  # by start date
    assert ids(launches=["GLOW-SERUM"]) == [march.id, decision.id, april.id]
    # Overlap, both ends inclusive: March 31 touches the March range and the decision.
    assert ids(start=date(2025, 3, 31), end=date(2025, 4, 9)) == [march.id, decision.id]
    assert ids(start=date(2025, 4, 1)) == [april.id]
    assert ids(end=date(2025, 2, 28)) == []
    assert ids(kinds=["decision"]) == [decision.id]
    assert ids(
        launches=["VELVET-LIP", "GLOW-SERUM"], start=date(2025, 3, 10), end=date(2025, 3, 20)
    ) == [
        march.id,
        other.id,
    ]


def test_a_draft_that_cannot_be_kept_says_why(database: notes.Database) -> None:
    bad = Draft("memo", " ", date(2025, 3, 9), date(2025, 3, 1), "  ")
    assert bad.problems() == [
        "the kind must be one of note, decision, action",
        "choose a launch",
        "write something",
        "the end date is before the start",
    ]
    with pytest.raises(notes.Invalid) as refused:
        notes.add(database, bad, author=ANA)
    assert refused.value.problems == bad.problems()
    assert Draft("action", "GLOW-SERUM", date(2025, 3, 1), text="call back").problems() == [
        "an action needs an owner",
        "an action needs a due date",
    ]
    too_long = note("x" * (notes.MAX_TEXT + 1), date(2025, 3, 1))
    assert too_long.problems() == [f"keep it under 2000 characters (this has {notes.MAX_TEXT + 1})"]
    assert notes.entries(database) == []


def test_only_the_author_edits_and_the_earlier_text_is_kept(database: notes.Database) -> None:
    added = notes.add(database, note("Post slipped a week", date(2025, 3, 3)), author=ANA)
    with pytest.raises(notes.NotAuthor, match=f"only {ANA} can change this note"):
        notes.edit(database, added.id, replace(added.draft(), text="hijacked"), author=BEN)

    first = notes.edit(
        database, added.id, replace(added.draft(), text="Post slipped 10 days"), author=ANA.upper()
    )
    second = notes.edit(
        database,
        added.id,
        replace(first.draft(), text="Post slipped two weeks", end=date(2025, 3, 16)),
        author=ANA,
    )
    assert (second.text, second.end, second.revision, second.edited) == (
        "Post slipped two weeks",
        date(2025, 3, 16),
        3,
        True,
    )
    earlier = notes.history(database, added.id)
    assert [(v.revision, v.change, v.changed_by, v.text, v.end) for v in earlier] == [
        (1, "edited", ANA, "Post slipped a week", date(2025, 3, 3)),
        (2, "edited", ANA, "Post slipped 10 days", date(2025, 3, 3)),
    ]
    assert notes.get(database, added.id) == second


def test_an_edit_that_changes_nothing_adds_no_version(database: notes.Database) -> None:
    added = notes.add(database, note("same", date(2025, 3, 3)), author=ANA)
    assert (
        notes.edit(database, added.id, replace(added.draft(), text=" same "), author=ANA) == added
    )
    assert notes.history(database, added.id) == []


def test_kind_and_launch_stay_as_written(database: notes.Database) -> None:
    added = notes.add(database, note("a note", date(2025, 3, 3)), author=ANA)
    for changed in (replace(added.draft(), kind="decision"), replace(added.draft(), launch_id="X")):
        with pytest.raises(notes.Invalid, match="keeps its kind and launch"):
            notes.edit(database, added.id, changed, author=ANA)


def test_removal_takes_it_off_the_lists_but_keeps_it(database: notes.Database) -> None:
    kept = notes.add(database, note("kept", date(2025, 3, 3)), author=ANA)
    gone = notes.add(database, note("wrong launch", date(2025, 3, 4)), author=ANA)
    with pytest.raises(notes.NotAuthor):
        notes.remove(database, gone.id, author=BEN)
    removed = notes.remove(database, gone.id, author=ANA)
    assert removed.removed_at is not None and removed.revision == 2
    assert [e.id for e in notes.entries(database)] == [kept.id]
    assert [e.id for e in notes.entries(database, include_removed=True)] == [kept.id, gone.id]
    (earlier,) = notes.history(database, gone.id)
    assert (earlier.change, earlier.changed_by, earlier.text) == ("removed", ANA, "wrong launch")
    for change in (
        lambda: notes.remove(database, gone.id, author=ANA),
        lambda: notes.edit(database, gone.id, gone.draft(), author=ANA),
    ):
        with pytest.raises(notes.NotFound, match=f"note {gone.id} is not there any more"):
            change()


def test_open_actions_soonest_due_first_and_which_are_overdue(database: notes.Database) -> None:
    later = notes.add(
        database, action("brief the salons", "Marketing", date(2025, 3, 20)), author=ANA
    )
    soon = notes.add(
        database, action("call back event leads", "Sales", date(2025, 3, 7)), author=BEN
    )
    done = notes.add(database, action("done already", "Sales", date(2025, 3, 1)), author=ANA)
    notes.mark_done(database, done.id, True, author=ANA)
    elsewhere = notes.add(
        database, action("other launch", "Sales", date(2025, 3, 2), launch="VELVET-LIP"), author=ANA
    )
    notes.add(database, note("not an action", date(2025, 3, 3)), author=ANA)

    open_glow = notes.open_actions(database, launches=["GLOW-SERUM"])
    assert [(a.id, a.owner, a.due) for a in open_glow] == [
        (soon.id, "Sales", date(2025, 3, 7)),
        (later.id, "Marketing", date(2025, 3, 20)),
    ]
    assert [a.id for a in notes.open_actions(database)] == [elsewhere.id, soon.id, later.id]
    today = date(2025, 3, 8)
    assert [a.overdue(today) for a in open_glow] == [True, False]
    assert notes.get(database, done.id).overdue(today) is False  # done is never overdue
    assert [v.done for v in notes.history(database, done.id)] == [False]


def test_action_fields_are_dropped_from_other_kinds(database: notes.Database) -> None:
    draft = Draft(
        "decision", "GLOW-SERUM", date(2025, 3, 3), None, "go", "Sales", date(2025, 3, 9), True
    )
    added = notes.add(database, draft, author=ANA)
    assert (added.owner, added.due, added.done) == (None, None, False)


def test_unsigned_notes_are_changed_only_in_open_access(database: notes.Database) -> None:
    added = notes.add(database, note("from open access", date(2025, 3, 3)), author=notes.UNSIGNED)
    assert added.author == "unsigned"
    with pytest.raises(notes.NotAuthor):
        notes.edit(database, added.id, replace(added.draft(), text="signed"), author=ANA)
    edited = notes.edit(database, added.id, replace(added.draft(), text="fixed"), author="unsigned")
    assert edited.text == "fixed"
    assert notes.history(database, added.id)[0].changed_by == "unsigned"


def test_histories_of_a_whole_log_in_one_call(database: notes.Database) -> None:
    one = notes.add(database, note("one", date(2025, 3, 3)), author=ANA)
    two = notes.add(database, note("two", date(2025, 3, 4)), author=ANA)
    notes.edit(database, two.id, replace(two.draft(), text="two, fixed"), author=ANA)
    found = notes.histories(database, [one.id, two.id])
    assert {k: [v.text for v in versions] for k, versions in found.items()} == {
        one.id: [],
        two.id: ["two"],
    }
    assert notes.histories(database, []) == {}

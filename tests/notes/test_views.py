"""Saved views: listed for everyone, renamed or removed only by their author, and only
ever a link to a page of this Tandem. Runs on SQLite and on PostgreSQL (conftest)."""

from __future__ import annotations

import pytest

import notes

ANA = "ana@maisonlumiere.example"
BEN = "ben@maisonlumiere.example"


def test_saved_views_are_listed_for_everyone_by_name(database: notes.Database) -> None:
    weekly = notes.save_view(
        database, "Weekly launch review — Glow Serum", "/?launch=Glow+Serum&compare=last_year",
        author=ANA,
    )  # fmt: skip
    funnel = notes.save_view(database, "  app   funnel ", "/funnel?region=EU", author=BEN)
    listed = notes.saved_views(database)
    assert [(v.name, v.link, v.author) for v in listed] == [
        ("app funnel", "/funnel?region=EU", BEN),
        ("Weekly launch review — Glow Serum", "/?launch=Glow+Serum&compare=last_year", ANA),
    ]
    assert listed[1] == weekly and listed[0] == funnel
    assert (weekly.path, weekly.query) == (
        "/",
        [("launch", "Glow Serum"), ("compare", "last_year")],
    )


def test_a_link_is_a_page_of_this_tandem_with_its_query_re_encoded() -> None:
    assert notes.same_site_link("/funnel?launch=Glow Serum&launch=Velvet Lip") == (
        "/funnel?launch=Glow+Serum&launch=Velvet+Lip"
    )
    assert notes.same_site_link("/") == "/"
    for outside in (
        "https://evil.example/?launch=x",
        "//evil.example/",
        "javascript:alert(1)",
        "funnel?launch=x",
        "/fun<nel",
        "/" + "a" * 4001,
    ):
        with pytest.raises(notes.Invalid, match="a link to a page of this Tandem"):
            notes.same_site_link(outside)


def test_only_the_author_renames_or_removes(database: notes.Database) -> None:
    view = notes.save_view(database, "Mine", "/handoff", author=ANA)
    with pytest.raises(notes.NotAuthor, match=f"only {ANA} can change this saved view"):
        notes.rename_view(database, view.id, "Ours", author=BEN)
    with pytest.raises(notes.NotAuthor):
        notes.remove_view(database, view.id, author=BEN)
    renamed = notes.rename_view(database, view.id, "Hand-off weekly", author=ANA)
    assert (renamed.name, renamed.link, renamed.updated_at is not None) == (
        "Hand-off weekly",
        "/handoff",
        True,
    )
    notes.remove_view(database, view.id, author=ANA)
    assert notes.saved_views(database) == []
    with pytest.raises(notes.NotFound):
        notes.rename_view(database, view.id, "again", author=ANA)


def test_a_view_needs_a_name(database: notes.Database) -> None:
    with pytest.raises(notes.Invalid, match="give the view a name"):
        notes.save_view(database, "   ", "/", author=ANA)
    with pytest.raises(notes.Invalid, match="keep the name under 200 characters"):
        notes.save_view(database, "x" * 201, "/", author=ANA)
    assert notes.saved_views(database) == []

"""Notes and saved views in the running app (AppTest): written from the sidebar, signed by
the signed-in e-mail or "unsigned", shown as text in each launch's log, changed only by
their author, and read-only with a message, KPIs intact, when the database is away.

The browser test (tests/e2e/test_notes.py) does the same through a real browser, with
two people signed in through a fake OpenID Connect provider.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import notes
from tests.apptest import open_app
from tests.ui.test_auth import ACCESS, AUTH, INSIDER

LAUNCHES = "app_pages/launches.py"
BEN = {"is_logged_in": True, "email": "ben@maisonlumiere.example", "email_verified": True}
HOSTILE = "Post **slipped** <img src=x onerror=alert(1)> [click](https://evil.example) # 1."
PASSWORD = "pw-never-on-a-page-81c2"


@pytest.fixture
def url(tmp_path: Path) -> str:
    return notes.sqlite_url(tmp_path / "notes.db")


@pytest.fixture
def database(url: str) -> Iterator[notes.Database]:
    opened = notes.connect(url)
    yield opened
    opened.close()


def popovers(node: Any) -> list[str]:
    """The labels of every popover under `node`, in page order."""
    found = []
    if getattr(node, "type", None) == "popover":
        found.append(node.proto.popover.label)
    for child in getattr(node, "children", {}).values():
        found += popovers(child)
    return found


def texts(app: AppTest) -> list[str]:
    return [m.value for m in app.main.markdown] + [c.value for c in app.main.caption]


def add(app: AppTest, kind: str, text: str, **action: str) -> AppTest:
    """Fill and submit the sidebar's "Add a note" form, as a person would."""
    app.button_group(key="notes_kind").set_value(kind.capitalize()).run()
    [area] = [t for t in app.sidebar.text_area if t.label == "Text"]
    area.input(text)
    if "owner" in action:
        [owner] = [t for t in app.sidebar.text_input if t.label == "Owner"]
        owner.input(action["owner"])
    [button] = [b for b in app.sidebar.button if b.label == f"Add {kind}"]
    button.click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_open_access_notes_are_unsigned_and_shown_as_text(
    url: str, database: notes.Database
) -> None:
    secrets = {"database": {"url": url}}
    app = open_app(secrets=secrets, launch="Glow Serum")
    assert "Notes and saved views are unsigned." in app.sidebar.markdown[0].value
    assert "Written as unsigned" in [c.value for c in app.sidebar.caption]
    add(app, "note", HOSTILE)

    (kept,) = notes.entries(database)
    assert (kept.kind, kept.launch_id, kept.text, kept.author) == (
        "note", "GLOW-SERUM", HOSTILE, "unsigned",
    )  # fmt: skip
    # The current period by default: the demo data's last 90 days.
    assert (kept.start, kept.end) == (date(2026, 8, 29), date(2026, 11, 26))

    log = open_app(LAUNCHES, secrets=secrets, launch="Glow Serum")
    shown = texts(log)
    # Every markdown and HTML character escaped, and the address broken by a word joiner
    # (U+2060) so the markdown cannot link it either.
    assert (
        "Post \\*\\*slipped\\*\\* \\<img src=x onerror=alert\\(1\\)\\> "
        "\\[click\\]\\(https\\:\u2060//evil\\.example\\) \\# 1\\."
    ) in shown
    assert "**Note** · 29 Aug 2026 to 26 Nov 2026 · unsigned" in shown
    # Open access: everyone is "unsigned", so the unsigned author may edit.
    assert popovers(log.main)[-2:] == ["Edit", "Remove"]


def test_the_author_edits_someone_else_cannot(url: str, database: notes.Database) -> None:
    secrets = {"auth": AUTH, "access": ACCESS, "database": {"url": url}}
    ana = open_app(secrets=secrets, user=INSIDER, launch="Glow Serum")
    assert "Written as ana@maisonlumiere\\.example" in [c.value for c in ana.sidebar.caption]
    add(ana, "decision", "Salon leads go to the pro team first")
    (decision,) = notes.entries(database)
    assert decision.author == "ana@maisonlumiere.example"

    ben = open_app(LAUNCHES, secrets=secrets, user=BEN, launch="Glow Serum")
    assert "Salon leads go to the pro team first" in texts(ben)
    assert "Edit" not in popovers(ben.main) and "Remove" not in popovers(ben.main)

    mine = open_app(LAUNCHES, secrets=secrets, user=INSIDER, launch="Glow Serum")
    assert popovers(mine.main)[-2:] == ["Edit", "Remove"]
    [area] = [t for t in mine.main.text_area if t.label == "Text"]
    area.input("Salon leads go to the pro team first, from 10 March")
    [save] = [b for b in mine.main.button if b.label == "Save changes"]
    save.click().run()
    assert not mine.exception
    assert [v.text for v in notes.history(database, decision.id)] == [
        "Salon leads go to the pro team first"
    ]
    assert "History (1)" in popovers(mine.main)
    assert "Salon leads go to the pro team first, from 10 March" in texts(mine)


def test_an_action_needs_an_owner_and_shows_its_due_date(
    url: str, database: notes.Database
) -> None:
    secrets = {"database": {"url": url}}
    app = open_app(secrets=secrets, launch="Velvet Matte Lipstick line")
    add(app, "action", "Call back the salon event leads")
    assert "Not saved: an action needs an owner." in [e.value for e in app.sidebar.error]
    assert notes.entries(database) == []

    add(app, "action", "Call back the salon event leads", owner="Sales")
    (action,) = notes.entries(database)
    due = date.today() + timedelta(days=7)
    assert (action.kind, action.launch_id, action.owner, action.due) == (
        "action", "VELVET-LIP", "Sales", due,
    )  # fmt: skip
    log = open_app(LAUNCHES, secrets=secrets, launch="Velvet Matte Lipstick line")
    assert f"Owner: Sales · due {due:%d %b %Y} · open" in texts(log)


def _save(app: AppTest, name: str) -> None:
    [field] = [t for t in app.sidebar.text_input if t.label == "Name"]
    field.input(name)
    [save] = [b for b in app.sidebar.button if b.label == "Save"]
    save.click().run()
    assert not app.exception


def test_save_this_view_lists_it_for_everyone_as_its_link(url: str) -> None:
    secrets = {"auth": AUTH, "access": ACCESS, "database": {"url": url}}
    ana = open_app(secrets=secrets, user=INSIDER, launch="Glow Serum", region="EU")
    _save(ana, "Weekly launch review — Glow Serum")
    # A link that opens in this tab, as a shared link does (a markdown link opens a new one).
    # The link carries the dates the view resolves to, so it opens the same ones later.
    link = (
        '<a href="/?launch=Glow+Serum&amp;region=EU&amp;period=2026-08-29&amp;period=2026-11-26"'
        ' target="_self" title="Saved by ana@maisonlumiere.example">'
        "Weekly launch review — Glow Serum</a>"
    )
    assert link in [m.value for m in ana.sidebar.markdown]
    assert "My saved views" in popovers(ana.sidebar)

    ben = open_app(secrets=secrets, user=BEN)
    assert link in [m.value for m in ben.sidebar.markdown]
    assert "My saved views" not in popovers(ben.sidebar)


def test_a_saved_view_name_is_shown_as_text(url: str) -> None:
    app = open_app(secrets={"database": {"url": url}})
    _save(app, "**Q3** <b>review</b> [x](y)")
    assert (
        '<a href="/?period=2026-08-29&amp;period=2026-11-26" target="_self" '
        'title="Saved by unsigned">&#42;&#42;Q3&#42;&#42; '
        "&#60;b&#62;review&#60;/b&#62; &#91;x&#93;&#40;y&#41;</a>"
    ) in [m.value for m in app.sidebar.markdown]


def test_an_unreachable_database_leaves_notes_read_only_and_the_kpis_shown() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    secrets = {"database": {"url": f"postgresql://tandem:{PASSWORD}@127.0.0.1:{port}/notes"}}
    app = open_app(secrets=secrets)
    assert app.metric  # the KPIs still show
    why = (
        f"Notes are read-only: the notes database (PostgreSQL database notes on 127.0.0.1:{port})"
        " cannot be reached right now. The numbers are not affected; Tandem tries again"
        " within 30 seconds."
    )
    assert why in [w.value for w in app.sidebar.warning]
    assert [b.disabled for b in app.sidebar.button if b.label in ("Save", "Add note")] == [
        True,
        True,
    ]
    log = open_app(LAUNCHES, secrets=secrets)
    assert why in [w.value for w in log.main.warning]
    assert log.main.markdown  # the launch briefs are still there
    for shown in (app, log):
        assert PASSWORD not in str(shown._tree)

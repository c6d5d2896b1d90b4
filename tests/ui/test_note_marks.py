"""Notes on the charts and open actions in the hand-off strip.

The chart specs are read as Vega-Lite (the layers, their marks and tooltip fields, and
the rows they draw); in the running app (AppTest) the Overview's trend panels and the
Launches overlay carry a note written to the notes database, and the hand-off strip
lists the open actions with owner and due date, the overdue one marked.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import altair as alt
import polars as pl
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

import notes
from present import charts
from present.formatting import escape_markdown
from present.note_marks import INK, MARKER_SCHEMA, layers, on_launch_days
from tests.apptest import open_app
from ui import open_actions

NAMES = {"GLOW-SERUM": "Glow Serum", "VELVET-LIP": "Velvet Matte Lipstick line"}
HTML_NOTE = "Influencer post <b>slipped</b> a **week**"
MARKERS = pl.DataFrame(
    {
        "id": [1, 2],
        "kind": ["note", "decision"],
        "launch_id": ["GLOW-SERUM", "VELVET-LIP"],
        "start": [date(2026, 3, 3), date(2026, 3, 10)],
        "end": [date(2026, 3, 5), date(2026, 3, 10)],
        "text": [HTML_NOTE, "Pro team takes the salon leads"],
        "author": ["ana@maisonlumiere.example", "unsigned"],
    },
    schema=MARKER_SCHEMA,
)
TOOLTIP = [
    ("text", "Written"),
    ("note_kind", "Kind"),
    ("author", "By"),
    ("when", "When"),
    ("launch_name", "Launch"),
]


def vega_layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every single-mark layer of a (possibly nested) layered spec."""
    if "layer" in spec:
        return [leaf for child in spec["layer"] for leaf in vega_layers(child)]
    return [spec]


def mark_type(layer: dict[str, Any]) -> str:
    mark = layer["mark"]
    return str(mark["type"] if isinstance(mark, dict) else mark)


def tooltip(layer: dict[str, Any]) -> list[tuple[str, str]]:
    return [(t["field"], t["title"]) for t in layer["encoding"].get("tooltip", [])]


def test_each_note_is_a_rule_a_symbol_and_over_a_range_a_band_with_its_text() -> None:
    behind, in_front = layers(MARKERS, NAMES)
    spec = alt.layer(*behind, *in_front).to_dict()
    leaves = vega_layers(spec)
    assert [mark_type(leaf) for leaf in leaves] == ["rect", "rule", "point"]
    assert all(tooltip(leaf) == TOOLTIP for leaf in leaves)
    band, rule, symbol = leaves
    assert band["transform"] == [{"filter": "datum['end'] > datum['start']"}]  # ranges only
    assert symbol["encoding"]["shape"]["field"] == "note_kind"
    assert symbol["encoding"]["shape"]["scale"] == {
        "domain": ["Note", "Decision", "Action"],
        "range": ["circle", "diamond", "square"],
    }
    # Not the calendar's look: one dark ink, solid, where events are coloured and dashed.
    assert INK not in charts.EVENT_COLOURS.values()
    assert rule["mark"]["color"] == INK and "strokeDash" not in rule["mark"]
    (rows,) = spec["datasets"].values()
    shown = {(r["text"], r["note_kind"], r["author"], r["when"], r["launch_name"]) for r in rows}
    assert shown == {
        (
            HTML_NOTE,
            "Note",
            "ana@maisonlumiere.example",
            "03 Mar 2026 to 05 Mar 2026",
            "Glow Serum",
        ),
        (
            "Pro team takes the salon leads",
            "Decision",
            "unsigned",
            "10 Mar 2026",
            "Velvet Matte Lipstick line",
        ),
    }


def test_no_notes_no_layers() -> None:
    assert layers(MARKERS.clear(), NAMES) == ((), ())
    assert layers(None, NAMES) == ((), ())


def test_notes_sit_on_their_own_launch_s_days_since_day_0() -> None:
    far = MARKERS.head(1).with_columns(
        id=pl.lit(3, pl.Int64), start=pl.lit(date(2027, 1, 1)), end=pl.lit(date(2027, 1, 1))
    )
    unknown = MARKERS.head(1).with_columns(id=pl.lit(4, pl.Int64), launch_id=pl.lit("GONE"))
    launched = {"GLOW-SERUM": date(2025, 1, 20), "VELVET-LIP": date(2026, 3, 14)}
    placed = on_launch_days(pl.concat([MARKERS, far, unknown]), launched, (-30, 90))
    assert placed.select("id", "day", "end_day").rows() == [(2, -4, -4)]
    # Glow Serum's note is 407 days after its Day 0: inside a wider day range only.
    wider = on_launch_days(MARKERS, launched, (-30, 365 * 2))
    assert wider.select("id", "day", "end_day").sort("id").rows() == [(1, 407, 409), (2, -4, -4)]


def _action(text: str, owner: str, due: date, entry_id: int = 1) -> notes.Entry:
    return notes.Entry(
        id=entry_id,
        kind="action",
        launch_id="GLOW-SERUM",
        start=date(2026, 11, 2),
        end=date(2026, 11, 2),
        text=text,
        owner=owner,
        due=due,
        done=False,
        author="unsigned",
        created_at=datetime(2026, 11, 2, tzinfo=UTC),
        updated_at=None,
        revision=1,
        removed_at=None,
    )


def test_an_action_line_says_owner_due_date_and_whether_it_is_overdue() -> None:
    today = date(2026, 11, 20)
    late = _action("Call back the *salon* leads\nby Friday", "Sales [EU]", date(2026, 11, 19))
    due_today = _action("Send the brief", "Marketing", today, 2)
    assert open_actions.line(late, today, NAMES) == (
        r":red-badge[Overdue] **Sales \[EU\]** · due 19 Nov 2026 · Glow Serum: "
        r"Call back the \*salon\* leads by Friday"
    )
    assert open_actions.line(due_today, today, NAMES) == (
        ":gray-badge[Open] **Marketing** · due 20 Nov 2026 · Glow Serum: Send the brief"
    )
    assert open_actions.summary([late, due_today], today) == (
        "**Open actions** · 2 open, :red[**1 overdue**]"
    )
    assert open_actions.summary([due_today], today) == "**Open actions** · 1 open"
    link = _action("[x](https://evil.example)", "a@b.example", today, 3)
    assert open_actions.line(link, today, NAMES) == (
        ":gray-badge[Open] **a@\u2060b\\.example** · due 20 Nov 2026 · Glow Serum: "
        "\\[x\\]\\(https\\:\u2060//evil\\.example\\)"
    )


# In the running app, with a notes database of the test's own.


@pytest.fixture
def url(tmp_path: Path) -> str:
    return notes.sqlite_url(tmp_path / "notes.db")


@pytest.fixture
def database(url: str) -> Iterator[notes.Database]:
    opened = notes.connect(url)
    yield opened
    opened.close()


def chart_rows(app: AppTest) -> list[tuple[str, list[dict[str, Any]]]]:
    """Each chart's spec and the rows of all its data sets."""
    found = []
    for chart in app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart"):
        rows = []
        for dataset in chart.proto.datasets:
            rows += pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
        found.append((chart.proto.spec, rows))
    return found


def test_a_note_shows_on_every_trend_panel_and_actions_in_the_hand_off_strip(
    url: str, database: notes.Database
) -> None:
    write = notes.Draft("note", "GLOW-SERUM", date(2026, 10, 5), date(2026, 10, 9), text=HTML_NOTE)
    notes.add(database, write, author="ana@maisonlumiere.example")
    action = notes.Draft(
        "action", "GLOW-SERUM", date(2026, 11, 2), text="Call back", owner="Sales", due=date.today()
    )
    notes.add(database, action, author="unsigned")
    late = notes.Draft(
        "action", "GLOW-SERUM", date(2026, 11, 2), text="Brief", owner="Ana", due=date(2026, 1, 5)
    )
    notes.add(database, late, author="unsigned")
    app = open_app(
        secrets={"database": {"url": url}},
        launch="Glow Serum",
        period=["2026-09-01", "2026-11-26"],
    )
    panels = chart_rows(app)
    assert len(panels) == 2  # the Marketing KPI and the Sales KPI
    for spec, rows in panels:
        noted = [r for r in rows if r.get("text") == HTML_NOTE]
        assert len(noted) == 1
        assert noted[0]["author"] == "ana@maisonlumiere.example"
        assert noted[0]["when"] == "05 Oct 2026 to 09 Oct 2026"
        assert noted[0]["note_kind"] == "Note"
        assert '"field": "text", "title": "Written"' in spec
    strip = [m.value for m in app.main.markdown]
    assert "**Open actions** · 2 open, :red[**1 overdue**]" in strip
    assert ":red-badge[Overdue] **Ana** · due 05 Jan 2026 · Glow Serum: Brief" in strip
    assert (
        f":gray-badge[Open] **Sales** · due {date.today():%d %b %Y} · Glow Serum: Call back"
        in strip
    )


def test_a_note_shows_on_the_launch_overlay_at_its_day_since_launch(
    url: str, database: notes.Database
) -> None:
    # Glow Serum launched on 20 January 2025: 19 February is its Day 30.
    draft = notes.Draft("decision", "GLOW-SERUM", date(2025, 2, 19), text="Restock the 50 ml")
    notes.add(database, draft, author="unsigned")
    app = open_app("app_pages/launches.py", secrets={"database": {"url": url}})
    (overlay,) = chart_rows(app)
    spec, rows = overlay
    assert [(r["day"], r["end_day"], r["launch_name"]) for r in rows if "text" in r] == [
        (30, 30, "Glow Serum")
    ]
    assert '"field": "note_kind"' in spec


def test_with_the_database_away_the_strip_says_so_and_the_trend_still_shows() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    secrets = {"database": {"url": f"postgresql://tandem:pw@127.0.0.1:{port}/notes"}}
    app = open_app(secrets=secrets)
    assert "**Open actions** · 0 open" in [m.value for m in app.main.markdown]
    why = (
        f"Notes are read-only: the notes database (PostgreSQL database notes on 127.0.0.1:{port})"
        " cannot be reached right now. The numbers are not affected; Tandem tries again"
        " within 30 seconds."
    )
    assert escape_markdown(why) in [c.value for c in app.main.caption]
    assert len(chart_rows(app)) == 2

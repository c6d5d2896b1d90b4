"""The weekly digest's body: the headline KPIs with their change, every KPI behind its
target's pace, the actions past due and the sources that are stale or failed, in plain
text (docs/architecture.md, "Meeting pack"). tandem/digest.py sends it with the pack."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

import notes
from kpi.filters import Filters
from kpi.model import Model
from present import actions, describe, tiles
from present.cells import ViewFormat
from present.tiles import TileText


def subject(model: Model, view: Filters) -> str:
    return f"Tandem digest · {describe.launches(model, view)} · {describe.period(view)}"


def _tile_line(tile: TileText) -> str:
    change = f" ({tile.change})" if tile.change else ""
    status = f" · {tile.status}" if tile.status else ""
    return f"- {tile.label}: {tile.value}{change}{status}"


def behind(kpis: pl.DataFrame, look: ViewFormat) -> list[TileText]:
    """Every KPI of the view whose status against its target to date is behind."""
    late = kpis.filter(pl.col("status") == "behind")["kpi"].to_list()
    return tiles.row_of(kpis, tuple(late), look)


def body(
    model: Model,
    view: Filters,
    kpis: pl.DataFrame,
    *,
    open_actions: Sequence[notes.Entry],
    sources: Sequence[str],
    link: str,
    today: date,
) -> str:
    """The mail's text; `sources` are the health lines of the stale or failed sources."""
    look = ViewFormat.of(model)
    compared = describe.COMPARED[view.compare]
    lines = [
        subject(model, view),
        " · ".join(part for part in (describe.period(view), compared) if part),
        f"{describe.through(model)} ({describe.as_of(model)})",
        "",
        "Headline",
        *(_tile_line(t) for t in tiles.headline(kpis, look, view.sla_hours)),
        "",
        "Behind the target's pace",
        *(
            [f"- {t.label}: {t.value} · {t.target}" for t in behind(kpis, look)]
            or ["- None: every KPI with a target is on track or ahead."]
        ),
        "",
        "Actions past due",
    ]
    names = look.launch_names
    late = [actions.words(a, today, names) for a in open_actions if a.overdue(today)]
    lines += [f"- {w.owner} · {w.due} · {w.launch}: {w.text}" for w in late] or ["- None."]
    lines += ["", "Sources stale or failed", *([f"- {s}" for s in sources] or ["- None."])]
    lines += ["", f"Open this view in Tandem: {link}", "The meeting pack is attached (PDF)."]
    return "\n".join(lines) + "\n"

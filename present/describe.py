"""A view in words: what the page subtitle, a chart's title lines, the pack's title
page and the digest say about the filters and how far the data goes (docs/architecture.md,
"Meeting pack").

Plain text: names from the data are bidi-stripped and shortened (`formatting.plain`);
a markdown caller passes its own way to write them (`formatting.literal`, ui/page.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from kpi.dimensions import LAUNCH
from kpi.filters import Filters
from kpi.model import Model
from kpi.periods import data_as_of, data_through
from present.formatting import plain
from present.link import COMPARE_LABELS, names

COMPARED = {
    "previous": "vs the previous period",
    "last_year": "vs the same period last year",
    "none": "",
}
Outside = Callable[[str], str]  # how a value from the data or a link is written
EVERY_GROUP = frozenset({"dimensions", "period", "compare", "grain", "sla"})


def launches(model: Model, view: Filters, outside: Outside = plain) -> str:
    """The view's launches by name, or "All launches"."""
    named = names(model, LAUNCH)
    return ", ".join(outside(named.get(i, i)) for i in view.launches) or "All launches"


def period(view: Filters) -> str:
    return f"{view.start:%d %b %Y} to {view.end:%d %b %Y}"


def through(model: Model) -> str:
    day = data_through(model)
    return f"Data through {day:%d %b %Y}" if day else "No data yet"


def as_of(model: Model) -> str:
    """When the data was last read, to the minute (what a download's comment says)."""
    moment = data_as_of(model)
    return f"data as of {moment:%d %b %Y %H:%M}" if moment else "no data yet"


def other_dimensions(view: Filters, outside: Outside = plain) -> list[str]:
    """ "Region: EU, NA" for every dimension but the launch that has values chosen."""
    return [
        f"{d.label}: {', '.join(outside(x) for x in values)}"
        for d, values in view.choices
        if values and d != LAUNCH
    ]


def parts(
    model: Model,
    view: Filters,
    uses: Collection[str] = EVERY_GROUP,
    *,
    outside: Outside = plain,
) -> list[str]:
    """What a page shows, in the sidebar's words: the filter groups it uses, then how
    far the data goes. Values from the data and the link go through `outside`."""
    shown: list[str] = []
    if "dimensions" in uses:
        shown.append(launches(model, view, outside))
    if "period" in uses:
        shown.append(period(view))
    if "compare" in uses:
        shown.append(COMPARED[view.compare])
    if "dimensions" in uses:
        shown += other_dimensions(view, outside)
    shown.append(through(model))
    return [part for part in shown if part]


def stamp(model: Model, view: Filters, uses: Collection[str] = EVERY_GROUP) -> tuple[str, ...]:
    """A chart's subtitle lines, so its own PNG export says which view it is: the
    filters, then how far the data goes and when it was read."""
    *filters, last = parts(model, view, uses)
    return (
        (" · ".join(filters), f"{last} ({as_of(model)})")
        if filters
        else (f"{last} ({as_of(model)})",)
    )


def every_filter(model: Model, view: Filters) -> list[tuple[str, str]]:
    """The pack's title page: each filter by its sidebar label, chosen or not."""
    rows = [("Launch", launches(model, view)), ("Period", period(view))]
    rows.append(("Compare with", COMPARE_LABELS[view.compare]))
    for dimension, values in view.choices:
        if dimension != LAUNCH:
            rows.append(
                (dimension.label, ", ".join(plain(v) for v in values) or f"All {dimension.plural}")
            )
    rows.append(("Grain", view.grain.capitalize()))
    rows.append(("Follow-up SLA", f"{view.sla_hours:g} h"))
    return rows

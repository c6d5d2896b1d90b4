"""A shared link's query string as a `Filters` value (docs/architecture.md, "Pages and the
URL").

The sidebar's widgets write the URL in a person's words: a launch by its name, the
comparison by its label (`compare=No+comparison`), the period as two ISO dates. The app
reads it back through those widgets; the command line (`python -m tandem pack --link`)
has no widgets and reads it here, with the same names, labels, bounds and defaults.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from contract.schema import UNASSIGNED
from kpi.catalog import CATALOG
from kpi.dimensions import Dimension, registry
from kpi.filters import COMPARES, DEFAULT_SLA_HOURS, GRAINS, Compare, Filters, Grain, Period
from kpi.launch_relative import RELATIVE_KPIS
from kpi.model import Model
from kpi.options import known_values
from kpi.periods import data_through, default_period

PERIOD = "period"  # the resolved first and last day, always in a shared link
COMPARE_LABELS: dict[Compare, str] = {
    "previous": "Previous period",
    "last_year": "Same period last year",
    "none": "No comparison",
}
SLA_HOURS = (1, 720)  # the sidebar's bounds for the follow-up SLA
# The chart pickers' choices and defaults (app_pages/overview.py, app_pages/launches.py).
MARKETING_TREND = tuple(k.id for k in CATALOG if k.department == "marketing")
# target_attainment has no per-bucket meaning: the target is prorated over the whole period.
SALES_TREND = tuple(
    k.id for k in CATALOG if k.department in ("sales", "shared") and k.id != "target_attainment"
)
DEFAULT_TREND = ("mqls", "won_revenue")
DEFAULT_RELATIVE_KPI = "mqls"
RELATIVE_DAY_RANGE = (-90, 365)
DEFAULT_RELATIVE_DAYS = (-30, 90)

# The trend's grain when none is picked (docs/architecture.md, "Periods"): by day up to
# five weeks (a point a day reads up to ~35 points), by week up to about seven months
# (~30 points), by month beyond. The grain follows from the period, which the link
# always carries, so a link without a grain shows the same buckets to everyone.
DAILY_UP_TO_DAYS = 35
WEEKLY_UP_TO_DAYS = 210


def default_grain(period: Period) -> Grain:
    if period.days <= DAILY_UP_TO_DAYS:
        return "day"
    return "week" if period.days <= WEEKLY_UP_TO_DAYS else "month"


class LinkError(ValueError):
    """A link whose values this data does not have; the message names each one."""


def names(model: Model, dimension: Dimension) -> dict[str, str]:
    """What the sidebar and the URL call each value: launches by name."""
    if dimension.named_in is None:
        return {}
    table = getattr(model.dataset, dimension.named_in)
    return {**dict(table.select(dimension.column, "name").iter_rows()), UNASSIGNED: UNASSIGNED}


def bounds(model: Model) -> tuple[date, date]:
    """The dates a period may use: the data's span with a year of slack on each side."""
    slack = timedelta(days=366)
    return model.first_day - slack, model.last_day + slack


def period_problem(values: Sequence[str], model: Model) -> str | None:
    """Why the URL's period cannot be used, or None."""
    try:
        days = [date.fromisoformat(value) for value in values]
    except ValueError:
        return "not a date as YYYY-MM-DD"
    first, last = bounds(model)
    if not 1 <= len(days) <= 2:
        return "a first and a last day expected"
    if not all(first <= day <= last for day in days):
        return f"outside {first} to {last}"
    return "ends before it starts" if days[0] > days[-1] else None


def query(link: str) -> dict[str, list[str]]:
    """A link's (or a bare query string's) parameters, each with all its values."""
    text = link if "?" in link or "=" not in link else "?" + link.lstrip("?")
    return parse_qs(urlsplit(text).query, keep_blank_values=False)


def grain_picked(view: Filters) -> bool:
    """Whether the view's grain was picked, rather than given by its period."""
    return view.grain != default_grain(view.period)


def filters_of(params: Mapping[str, Sequence[str]], model: Model) -> Filters:
    """The view a link shows; LinkError names every value the data does not have (the
    app leaves those out with a notice; a scheduled pack must not quietly widen)."""
    problems: list[str] = []
    chosen: dict[str, Any] = {}
    for dimension in registry():
        by_label = {names(model, dimension).get(v, v): v for v in known_values(model, dimension)}
        asked = list(params.get(dimension.key, ()))
        problems += [f"{dimension.key} “{v}”" for v in asked if v not in by_label]
        chosen[dimension.plural] = tuple(by_label[v] for v in asked if v in by_label)
    compare = _one(params, "compare", {label: key for key, label in COMPARE_LABELS.items()})
    grain = _one(params, "grain", {g: g for g in GRAINS})  # left out: the period's
    sla = _sla(params.get("sla", ()))
    problems += [p for p in (compare[1], grain[1], sla[1]) if p]
    period = list(params.get(PERIOD, ()))
    why = period_problem(period, model) if period else None
    if why:
        problems.append(f"period “{'” to “'.join(period)}” ({why})")
    if problems:
        raise LinkError("the link asks for values the data does not have: " + ", ".join(problems))
    days = (
        Period(date.fromisoformat(period[0]), date.fromisoformat(period[-1]))
        if period
        else default_period(model.last_day)
    )
    return Filters(
        start=days.start,
        end=days.end,
        compare=_typed_compare(compare[0]),
        grain=_typed_grain(grain[0]) if grain[0] else default_grain(days),
        sla_hours=sla[0],
        data_through=data_through(model),
        **chosen,
    )


def _one(
    params: Mapping[str, Sequence[str]], key: str, known: Mapping[str, str]
) -> tuple[str | None, str | None]:
    """A single-valued parameter's value, or the problem with it."""
    values = list(params.get(key, ()))
    if not values:
        return None, None
    if len(values) > 1 or values[0] not in known:
        return None, f"{key} “{'”, “'.join(values)}”"
    return known[values[0]], None


def _sla(values: Sequence[str]) -> tuple[float, str | None]:
    if not values:
        return DEFAULT_SLA_HOURS, None
    low, high = SLA_HOURS
    try:
        hours = float(values[-1])
    except ValueError:
        hours = float("nan")
    if not low <= hours <= high:
        return DEFAULT_SLA_HOURS, f"sla “{values[-1]}” (hours from {low} to {high})"
    return hours, None


def _typed_compare(value: str | None) -> Compare:
    for compare in COMPARES:
        if compare == value:
            return compare
    return "previous"


def _typed_grain(value: str) -> Grain:
    return next(grain for grain in GRAINS if grain == value)


@dataclass(frozen=True)
class ChartChoices:
    """What a link says about the charts beside the filters: the Overview's two trend
    KPIs, the Launches overlay's KPI and day range. Missing values are the pages'
    defaults."""

    trend: tuple[str, str] = DEFAULT_TREND
    relative_kpi: str = DEFAULT_RELATIVE_KPI
    relative_days: tuple[int, int] = DEFAULT_RELATIVE_DAYS


def chart_choices(params: Mapping[str, Sequence[str]]) -> ChartChoices:
    """The link's chart pickers (by their KPI labels, as the pickers write them);
    LinkError names a value no picker offers."""
    by_label = {kpi.label: kpi.id for kpi in CATALOG}
    problems: list[str] = []

    def kpi_of(key: str, offered: Sequence[str], default: str) -> str:
        values = list(params.get(key, ()))
        if not values:
            return default
        if len(values) == 1 and by_label.get(values[0]) in offered:
            return by_label[values[0]]
        problems.append(f"{key} “{'”, “'.join(values)}”")
        return default

    trend = (
        kpi_of("trend_marketing", MARKETING_TREND, DEFAULT_TREND[0]),
        kpi_of("trend_sales", SALES_TREND, DEFAULT_TREND[1]),
    )
    relative = kpi_of("relative_kpi", RELATIVE_KPIS, DEFAULT_RELATIVE_KPI)
    days = list(params.get("relative_days", ()))
    span = DEFAULT_RELATIVE_DAYS
    if days:
        low, high = RELATIVE_DAY_RANGE
        try:
            first, last = (int(day) for day in days)
            if not low <= first <= last <= high:
                raise ValueError
            span = (first, last)
        except ValueError:
            problems.append(f"relative_days “{'”, “'.join(days)}” (days from {low} to {high})")
    if problems:
        raise LinkError("the link asks for charts the pages do not offer: " + ", ".join(problems))
    return ChartChoices(trend, relative, span)

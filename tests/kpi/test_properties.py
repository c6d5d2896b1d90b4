"""Invariants on random small data sets (hypothesis).

Money and counts are whole numbers so sums are exact whatever their order, and the
properties can be checked with == rather than a tolerance.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract.dataset import Dataset
from contract.schema import DEALS, LEADS, ORDERS, SPEND
from kpi.catalog import CATALOG
from kpi.combine import kpi_value, total
from kpi.evaluate import MeasureValues, left_out_reason, measure_values
from kpi.filters import Filters, apply_dimensions
from kpi.known import known
from kpi.measures import Measure
from kpi.model import Model, prepare
from kpi.table import kpi_table
from tests.kpi.fixtures import frame

LAUNCHES = ("A", "B", "C")
CHANNELS = ("x", "y", None)
REGIONS = ("EU", "US")
SEGMENTS = ("s1", "s2")
START = datetime(2025, 1, 1)
VIEW = Filters(start=date(2025, 1, 20), end=date(2025, 3, 5))

hours = st.integers(min_value=0, max_value=90 * 24)
later = st.one_of(st.none(), st.integers(min_value=0, max_value=96))


@st.composite
def a_lead(draw: st.DrawFn, index: int) -> dict[str, Any]:
    created = START + timedelta(hours=draw(hours))
    row: dict[str, Any] = {
        "lead_id": f"l{index}", "created_at": created, "launch_id": draw(st.sampled_from(LAUNCHES)),
        "channel": draw(st.sampled_from(CHANNELS)), "region": draw(st.sampled_from(REGIONS)),
        "segment": draw(st.sampled_from(SEGMENTS)), "owner": draw(st.sampled_from(["o1", "o2"])),
        "event": draw(st.sampled_from([None, "expo"])),
    }  # fmt: skip
    mql = draw(later)
    if mql is None:
        return row
    row["mql_at"] = created + timedelta(hours=mql)
    for stage in ("first_touch_at", "accepted_at", "rejected_at", "sql_at", "won_at"):
        offset = draw(later)
        row[stage] = None if offset is None else row["mql_at"] + timedelta(hours=offset)
    return row


@st.composite
def a_deal(draw: st.DrawFn, index: int, leads: int) -> dict[str, Any]:
    created = START + timedelta(hours=draw(hours))
    closed = draw(later)
    lead = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=max(leads - 1, 0))))
    return {
        "deal_id": f"d{index}", "lead_id": None if lead is None or not leads else f"l{lead}",
        "launch_id": draw(st.sampled_from(LAUNCHES)), "created_at": created,
        "closed_at": None if closed is None else created + timedelta(hours=closed * 10),
        "is_won": None if closed is None else draw(st.booleans()),
        "amount": float(draw(st.integers(min_value=0, max_value=5000))),
        "region": draw(st.sampled_from(REGIONS)),
        "source": draw(st.sampled_from(["marketing", "sales"])),
    }  # fmt: skip


@st.composite
def a_spend(draw: st.DrawFn, index: int) -> dict[str, Any]:
    return {
        "date": (START + timedelta(hours=draw(hours))).date(), "campaign": f"c{index}",
        "launch_id": draw(st.sampled_from(LAUNCHES)), "channel": draw(st.sampled_from(["x", "y"])),
        "region": draw(st.sampled_from(REGIONS)),
        "spend": float(draw(st.integers(min_value=0, max_value=900))),
        "impressions": draw(st.integers(min_value=0, max_value=9000)),
        "clicks": draw(st.integers(min_value=0, max_value=90)),
        "conversion_value": float(draw(st.integers(min_value=0, max_value=2000))),
    }  # fmt: skip


@st.composite
def an_order(draw: st.DrawFn, index: int) -> dict[str, Any]:
    return {
        "order_id": f"o{index}", "date": (START + timedelta(hours=draw(hours))).date(),
        "launch_id": draw(st.sampled_from(LAUNCHES)), "channel": "dtc",
        "region": draw(st.sampled_from(REGIONS)),
        "customer_id": draw(st.sampled_from(["k1", "k2", "k3", None])),
        "units": draw(st.integers(min_value=0, max_value=5)),
        "revenue": float(draw(st.integers(min_value=0, max_value=300))),
    }  # fmt: skip


@st.composite
def models(draw: st.DrawFn) -> Model:
    n_leads = draw(st.integers(min_value=0, max_value=12))
    leads = [draw(a_lead(i)) for i in range(n_leads)]
    deals = [draw(a_deal(i, n_leads)) for i in range(draw(st.integers(0, 8)))]
    spend = [draw(a_spend(i)) for i in range(draw(st.integers(0, 8)))]
    orders = [draw(an_order(i)) for i in range(draw(st.integers(0, 8)))]
    frames = {"leads": frame(LEADS, leads), "deals": frame(DEALS, deals),
              "spend": frame(SPEND, spend), "orders": frame(ORDERS, orders)}  # fmt: skip
    return prepare(Dataset.from_frames(frames))


PROPERTY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def measure_total(values: MeasureValues, parts: tuple[Measure, ...]) -> float | None:
    return total(values.get(m.name) for m in parts)


def values(model: Model, filters: Filters) -> dict[str, float | None]:
    return dict(kpi_table(model, filters).select("kpi", "value").iter_rows())


@PROPERTY
@given(models())
def test_additive_kpis_over_launches_add_up_to_the_total(model: Model) -> None:
    total = values(model, VIEW)
    parts = [values(model, VIEW.narrowed(launches=(launch,))) for launch in LAUNCHES]
    for kpi in CATALOG:
        if kpi.additive:
            assert sum(part[kpi.id] or 0.0 for part in parts) == (total[kpi.id] or 0.0), kpi.id


@PROPERTY
@given(models())
def test_every_ratio_is_the_sum_of_numerators_over_the_sum_of_denominators(model: Model) -> None:
    ratios = [kpi for kpi in CATALOG if kpi.denominator]
    per_launch = [
        measure_values(model, VIEW.narrowed(launches=(launch,)), [VIEW.period], ratios)[0]
        for launch in LAUNCHES
    ]
    (whole,) = measure_values(model, VIEW, [VIEW.period], ratios)
    table = values(model, VIEW)
    for kpi in ratios:
        if known(model, kpi).unknown is not None:
            # Inputs this data does not provide (no spend rows, no lost deal): no value.
            assert table[kpi.id] is None, kpi.id
            continue
        numerator = sum(measure_total(part, kpi.numerator) or 0.0 for part in per_launch)
        denominator = sum(measure_total(part, kpi.denominator) or 0.0 for part in per_launch)
        expected = numerator / denominator if denominator else None
        assert kpi_value(kpi, whole).value == expected, kpi.id


dimension_choices = st.tuples(
    st.lists(st.sampled_from(LAUNCHES), max_size=2, unique=True),
    st.lists(st.sampled_from(["x", "y"]), max_size=1, unique=True),
    st.lists(st.sampled_from(REGIONS), max_size=2, unique=True),
)


def narrowed(choice: tuple[list[str], list[str], list[str]]) -> Filters:
    launches, channels, regions = choice
    return VIEW.narrowed(launches=tuple(launches), channels=tuple(channels), regions=tuple(regions))


def intersection(first: Filters, second: Filters) -> Filters | None:
    """Both filters at once; None when some dimension keeps nothing at all."""
    changes: dict[str, tuple[str, ...]] = {}
    for (dimension, a), (_, b) in zip(first.choices, second.choices, strict=True):
        both = tuple(v for v in a if v in b) if a and b else (a or b)
        if (a or b) and not both:
            return None
        changes[dimension.plural] = both
    return VIEW.narrowed(**changes)


@PROPERTY
@given(models(), dimension_choices, dimension_choices)
def test_filtering_twice_equals_filtering_once_with_the_intersection(
    model: Model, first_choice: Any, second_choice: Any
) -> None:
    first, second = narrowed(first_choice), narrowed(second_choice)
    once = intersection(first, second)
    # The same load (what the data provides, its currencies), its facts filtered once.
    twice = replace(
        model,
        facts={n: apply_dimensions(f.lazy(), first).collect() for n, f in model.facts.items()},
    )
    got = kpi_table(twice, second).select("kpi", "value", "comparison")
    if once is None:
        counts = got.join(pl.DataFrame({"kpi": [k.id for k in CATALOG if k.additive]}), on="kpi")
        assert set(counts["value"].drop_nulls()) <= {0.0}
        return
    # A KPI whose table lacks a filtered dimension is left out (null) when filtered once,
    # but pre-filtering empties that table instead: compare the KPIs that are not left out.
    kept = [kpi.id for kpi in CATALOG if left_out_reason(model, once, kpi) is None]
    expected = kpi_table(model, once).select("kpi", "value", "comparison")
    assert got.filter(pl.col("kpi").is_in(kept)).rows() == (
        expected.filter(pl.col("kpi").is_in(kept)).rows()
    )

from datetime import date

import polars as pl

from contract.dataset import Dataset
from contract.schema import EVENTS
from kpi.calendar import events_in
from kpi.filters import Filters
from kpi.model import prepare

EVENTS_FRAME = pl.DataFrame(
    [
        (date(2026, 2, 25), date(2026, 3, 3), "A", "stockout", "A out of stock", None),
        (date(2026, 3, 10), None, "B", "launch_event", "B launch", None),
        (date(2026, 3, 20), None, None, "campaign", "Spring sale", None),
        (date(2026, 4, 2), None, "A", "pr", "A in the press", None),
    ],
    schema=EVENTS.schema,
    orient="row",
)


def titles(filters: Filters) -> list[str]:
    model = prepare(Dataset.from_frames({"events": EVENTS_FRAME}))
    return events_in(model, filters)["title"].to_list()


def test_events_overlapping_the_period_including_spans_that_began_before() -> None:
    march = Filters(start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert titles(march) == ["A out of stock", "B launch", "Spring sale"]


def test_chosen_launches_keep_brand_wide_events() -> None:
    march_a = Filters(start=date(2026, 3, 1), end=date(2026, 3, 31), launches=("A",))
    assert titles(march_a) == ["A out of stock", "Spring sale"]

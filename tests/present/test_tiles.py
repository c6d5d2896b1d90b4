"""A tile's change: coloured only when there is a change to show."""

from __future__ import annotations

from present.cells import ViewFormat
from present.tiles import NO_CHANGE, delta

LOOK = ViewFormat(currency="€")


def row(value: float | None, before: float | None, unit: str = "count") -> dict[str, object]:
    change = None if value is None or before is None else value - before
    pct = None if change is None or not before else change / abs(before)
    return {"value": value, "comparison": before, "delta": change, "delta_pct": pct, "unit": unit}


def test_nothing_to_compare_shows_no_delta() -> None:
    assert delta(row(0.0, 0.0), LOOK) is None  # an empty view: no "↑ +0.0"
    assert delta(row(12.0, None), LOOK) is None  # no comparison period
    assert delta(row(None, 5.0), LOOK) is None


def test_equal_or_too_small_to_show_is_no_change() -> None:
    assert delta(row(40.0, 40.0), LOOK) == NO_CHANGE
    assert delta(row(8.9471, 8.9437, "hours"), LOOK) == NO_CHANGE  # +0.04 %: "+0.0 %"
    assert delta(row(0.73301, 0.73299, "ratio"), LOOK) == NO_CHANGE  # "+0.0 pts"


def test_real_changes_read_as_percent_points_or_amount() -> None:
    assert delta(row(3557.0, 6580.0), LOOK) == "-45.9 %"
    assert delta(row(0.7329, 0.7239, "ratio"), LOOK) == "+0.9 pts"
    assert delta(row(120.5, 0.0, "money"), LOOK) == "+€120.50"  # from zero: the amount

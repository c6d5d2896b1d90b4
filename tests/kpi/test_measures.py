"""Every KPI on the hand-made fixture (tests/kpi/fixtures.py), to the exact value."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import pytest

from contract.dataset import Dataset
from contract.schema import DEALS, LEADS, SPEND
from kpi.catalog import CATALOG
from kpi.fact_measures import CUSTOMERS
from kpi.filters import Filters
from kpi.model import Model, prepare
from kpi.table import kpi_table
from tests.kpi.fixtures import (
    DEAL_ROWS,
    EXPECTED_MARCH,
    LEAD_ROWS,
    MARCH,
    at,
    deal,
    fixture_model,
    frame,
    lead,
)


def values(model: Model, filters: Filters = MARCH) -> dict[str, float | None]:
    return dict(kpi_table(model, filters).select("kpi", "value").iter_rows())


def test_the_fixture_covers_every_kpi() -> None:
    assert set(EXPECTED_MARCH) == {kpi.id for kpi in CATALOG}


@pytest.mark.parametrize("kpi_id", list(EXPECTED_MARCH))
def test_kpi_value_on_the_fixture(model: Model, kpi_id: str) -> None:
    assert values(model)[kpi_id] == EXPECTED_MARCH[kpi_id]


def test_comparison_period_values(model: Model) -> None:
    table = kpi_table(model, MARCH).filter(pl.col("kpi").is_in(["spend", "leads", "mqls", "ctr"]))
    # 29 Jan .. 28 Feb: spend 50 (500 impressions, 5 clicks); leads F and G; MQL G.
    assert dict(table.select("kpi", "comparison").iter_rows()) == {
        "spend": 50.0,
        "leads": 2.0,
        "mqls": 1.0,
        "ctr": 5 / 500,
    }
    spend = table.row(by_predicate=pl.col("kpi") == "spend", named=True)
    assert (spend["delta"], spend["delta_pct"]) == (350.0, 350.0 / 50.0)


def leads_only(*rows: dict[str, object]) -> Model:
    return prepare(Dataset.from_frames({"leads": frame(LEADS, list(rows))}))


# February leads: the data records rejections and first touches, outside March.
REJECTED_IN_FEBRUARY = lead("r", "L1", at(1, month=2), mql_at=at(1, month=2),
                            rejected_at=at(2, month=2))  # fmt: skip
TOUCHED_IN_FEBRUARY = lead("t", "L1", at(1, month=2), mql_at=at(1, month=2),
                           first_touch_at=at(1, 1, month=2))  # fmt: skip


def test_no_rejections_gives_full_acceptance() -> None:
    model = leads_only(
        lead("a", "L1", at(1), mql_at=at(1), accepted_at=at(2), first_touch_at=at(1, 1)),
        lead("b", "L1", at(1), mql_at=at(1), first_touch_at=at(1, 2)),
        REJECTED_IN_FEBRUARY,
    )
    got = values(model)
    assert got["acceptance_rate"] == 1.0  # b is not decided yet, so not in the base
    assert got["mqls"] == 2.0


def test_data_that_records_no_rejection_at_all_gives_no_acceptance_rate() -> None:
    model = leads_only(
        lead("a", "L1", at(1), mql_at=at(1), accepted_at=at(2), first_touch_at=at(1, 1)),
        lead("b", "L1", at(1), mql_at=at(1), first_touch_at=at(1, 2)),
    )
    row = kpi_table(model, MARCH).row(by_predicate=pl.col("kpi") == "acceptance_rate", named=True)
    # Accepted ÷ (accepted + rejected) would be 100 % only because rejections are not kept.
    assert (row["value"], row["note"]) == (None, "not in this data: no rejection dates")
    assert values(model)["accepted_leads"] == 1.0


UNWORKED_LEADS = (
    lead("a", "L1", at(1), mql_at=at(1), event="Expo"),
    lead("b", "L1", at(2), mql_at=at(2)),
    lead("c", "L1", at(30), mql_at=at(30)),
    lead("z", "L1", at(31, 9)),  # not an MQL; the data runs to 31 March
)  # as of 1 April: c's deadline (31 March 00:00) has passed


def test_all_leads_unworked() -> None:
    model = leads_only(*UNWORKED_LEADS, TOUCHED_IN_FEBRUARY)
    got = values(model)
    assert got["unworked_mqls"] == 3.0
    assert got["sla_met_rate"] == 0.0
    assert got["speed_to_lead_hours"] is None
    assert got["event_followup_rate"] == 0.0
    assert got["acceptance_rate"] is None  # nobody accepted or rejected


def test_data_without_first_touch_times_cannot_say_what_is_unworked() -> None:
    table = kpi_table(leads_only(*UNWORKED_LEADS), MARCH)
    touch_kpis = ["unworked_mqls", "sla_met_rate", "speed_to_lead_hours", "event_followup_rate"]
    rows = table.filter(pl.col("kpi").is_in(touch_kpis)).select("value", "comparison", "note")
    assert rows.rows() == [(None, None, "not in this data: no first-touch times")] * 4
    assert dict(table.select("kpi", "value").iter_rows())["mqls"] == 3.0


def test_zero_spend_gives_zero_costs_and_no_rates() -> None:
    spend = frame(
        SPEND,
        [{"date": at(5).date(), "launch_id": "L1", "channel": "x", "campaign": "c", "spend": 0.0,
          "impressions": 0, "clicks": 0, "conversion_value": 0.0}],
    )  # fmt: skip
    model = prepare(Dataset.from_frames({"spend": spend, "leads": frame(LEADS, LEAD_ROWS)}))
    got = values(model)
    assert got["spend"] == 0.0
    assert got["cost_per_lead"] == 0.0
    assert got["ctr"] is None  # no impressions
    assert got["roas"] is None  # no spend to divide by
    assert got["cac"] is None  # no new customers


def test_empty_view_has_zero_counts_and_null_rates(model: Model) -> None:
    table = kpi_table(
        model, Filters(start=MARCH.start.replace(year=2030), end=MARCH.end.replace(year=2030))
    )
    got = dict(table.select("kpi", "value").iter_rows())
    assert got["leads"] == 0.0
    assert got["ctr"] is None
    assert got["speed_to_lead_hours"] is None
    notes = dict(table.select("kpi", "note").iter_rows())
    assert notes["ctr"] == "no spend data in this view to compute it from"
    floats = table.select(pl.selectors.float())
    assert floats.select(pl.all().is_nan().any()).row(0) == (False,) * floats.width


def test_deals_without_lead_have_no_channel_and_leave_a_channel_filter(model: Model) -> None:
    got = values(model, Filters(start=MARCH.start, end=MARCH.end, channels=("paid_social",)))
    # D1 (lead A) and D5 (lead E) are paid_social; D2 has no lead; D3's lead F is paid_social.
    assert got["deals_created"] == 3.0
    assert got["won_revenue"] == 1400.0
    assert got["order_revenue"] is None  # orders have no marketing channel


def test_a_deal_won_before_its_lead_is_still_counted(model: Model) -> None:
    got = values(model, Filters(start=MARCH.start, end=MARCH.end, launches=("L2",)))
    assert got["won_deals"] == 2.0  # D2 and D5 (won 12 March, lead E created 15 March)
    assert got["sales_cycle_days"] == (10.5 + 2) / 2


def test_a_deal_closed_before_it_was_created_counts_but_not_in_the_cycle() -> None:
    # D7 won 14 March, "created" 18 March: its 900 counts; its -4 days do not.
    d7 = deal("D7", None, "L2", "sales", created_at=at(18), closed_at=at(14), is_won=True,
              amount=900.0, owner="Bob", region="US")  # fmt: skip
    model = fixture_model(deals=frame(DEALS, [*DEAL_ROWS, d7]))
    got = values(model)
    assert got["won_deals"] == EXPECTED_MARCH["won_deals"] + 1
    assert got["won_revenue"] == 1000 + 3000 + 400 + 900
    assert got["sales_cycle_days"] == 10.5  # median of 15, 10.5, 2; D7 left out


def test_sla_hours_change_the_sla_measures(model: Model) -> None:
    got = values(model, Filters(start=MARCH.start, end=MARCH.end, sla_hours=48))
    assert got["sla_met_rate"] == 3 / 4  # B's 48 h now counts
    assert got["event_followup_rate"] == 1.0


def test_fixture_model_reads_stage_timestamps_for_as_of(model: Model) -> None:
    assert model.last_day == MARCH.end
    assert fixture_model().as_of == at(1, month=4)


def test_the_model_builds_the_measures_context_for_a_view(model: Model) -> None:
    from kpi.model import Context

    assert model.context(MARCH.narrowed(sla_hours=48)) == Context(
        sla_hours=48, as_of=at(1, month=4)
    )


def test_a_distinct_count_counts_the_only_rows_and_hashes_the_rest() -> None:
    """`Measure.once`: the same count as hashing every value, in a select and per group."""
    orders = pl.DataFrame(
        {
            "g": ["a", "a", "a", "b", "b", "b", "b"],
            "customer_id": ["k1", "k2", "k2", "k3", None, "k1", "k4"],
            "is_only_order": [False, False, False, True, False, False, True],
            "picked": [True, True, False, True, True, None, False],
        }
    )
    rows = pl.col("picked")
    counted = replace(CUSTOMERS, once="is_only_order").over(rows)
    hashed = replace(CUSTOMERS, once=None).over(rows)
    assert orders.select(counted).item() == orders.select(hashed).item() == 3.0  # k1, k2, k3
    per_group = orders.group_by("g").agg(counted.alias("n"), hashed.alias("m")).sort("g")
    assert per_group.rows() == [("a", 2.0, 2.0), ("b", 1.0, 1.0)]
    assert CUSTOMERS.once == "is_only_order"

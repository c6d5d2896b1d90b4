from datetime import date, datetime

import polars as pl
import pytest

from contract.dataset import Dataset
from contract.schema import LEADS, SPEND
from kpi.breakdown import breakdown
from kpi.filters import Filters
from kpi.model import Model, prepare

VIEW = Filters(start=date(2026, 3, 1), end=date(2026, 3, 31))


def spend_row(day: date, campaign: str, amount: float) -> dict[str, object]:
    return {
        "date": day,
        "launch_id": "A",
        "channel": "paid_social",
        "campaign": campaign,
        "platform": "Meta Ads",
        "region": "EU",
        "spend": amount,
        "impressions": 0,
        "clicks": 0,
        "conversions": 0.0,
        "conversion_value": 0.0,
        "currency": "EUR",
    }


def lead_row(
    lead_id: str, campaign: str | None, mql: datetime | None, accepted: bool
) -> dict[str, object]:
    row: dict[str, object] = {name: None for name in LEADS.columns}
    row.update(
        lead_id=lead_id,
        created_at=datetime(2026, 3, 2),
        launch_id="A",
        campaign=campaign,
        channel="paid_social",
        region="EU",
        mql_at=mql,
    )
    if accepted:
        row["accepted_at"] = datetime(2026, 3, 4)
    elif mql is not None:
        row["rejected_at"] = datetime(2026, 3, 4)
    return row


def model() -> Model:
    spend = pl.DataFrame(
        [
            spend_row(date(2026, 3, 1), "Spring", 100.0),
            spend_row(date(2026, 3, 2), "Spring", 50.0),
            spend_row(date(2026, 3, 2), "Quiet", 30.0),
            spend_row(date(2026, 2, 1), "Old", 999.0),
        ],
        schema=SPEND.schema,
    )
    leads = pl.DataFrame(
        [
            lead_row("1", "Spring", datetime(2026, 3, 3), True),
            lead_row("2", "Spring", datetime(2026, 3, 3), False),
            lead_row("3", "Spring", None, False),
            lead_row("4", None, datetime(2026, 3, 5), True),
        ],
        schema=LEADS.schema,
    )
    return prepare(Dataset.from_frames({"spend": spend, "leads": leads}))


def test_campaign_breakdown_is_ratio_of_sums_per_campaign() -> None:
    table = breakdown(
        model(), VIEW, "campaign", ["spend", "leads", "mqls", "cost_per_mql", "acceptance_rate"]
    )
    assert table.to_dicts() == [
        {
            "campaign": "Spring",
            "spend": 150.0,
            "leads": 3.0,
            "mqls": 2.0,
            "cost_per_mql": 75.0,
            "acceptance_rate": 0.5,
        },
        {
            "campaign": "Quiet",
            "spend": 30.0,
            "leads": 0.0,
            "mqls": 0.0,
            "cost_per_mql": None,
            "acceptance_rate": None,
        },
        {
            "campaign": "(none)",
            "spend": 0.0,
            "leads": 1.0,
            "mqls": 1.0,
            "cost_per_mql": 0.0,
            "acceptance_rate": 1.0,
        },
    ]


def test_groups_without_activity_in_the_period_are_left_out() -> None:
    table = breakdown(model(), VIEW, "campaign", ["spend"])
    assert table["campaign"].to_list() == ["Spring", "Quiet"]


def test_a_dimension_no_table_carries_gives_an_empty_table() -> None:
    table = breakdown(model(), VIEW, "sku", ["spend", "mqls"])
    assert table.is_empty() and table.columns == ["sku", "spend", "mqls"]


def test_a_breakdown_needs_a_kpi() -> None:
    with pytest.raises(ValueError, match="at least one KPI"):
        breakdown(model(), VIEW, "campaign", [])

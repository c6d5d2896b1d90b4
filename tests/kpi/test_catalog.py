"""Catalog rules: every KPI of the catalog, once, defined, and computable on the demo."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kpi.catalog import BY_ID, CATALOG, get
from kpi.filters import Filters
from kpi.model import Model
from kpi.table import kpi_table

DESIGN_IDS = [
    "spend",
    "impressions",
    "clicks",
    "ctr",
    "leads",
    "mqls",
    "cost_per_lead",
    "cost_per_mql",
    "roas",
    "marketing_sourced_pipeline",
    "marketing_sourced_revenue",
    "accepted_leads",
    "sqls",
    "deals_created",
    "pipeline_value",
    "won_deals",
    "won_revenue",
    "win_rate",
    "avg_deal_size",
    "sales_cycle_days",
    "order_revenue",
    "units",
    "customers",
    "acceptance_rate",
    "speed_to_lead_hours",
    "sla_met_rate",
    "unworked_mqls",
    "mql_to_sql_rate",
    "mql_to_won_rate",
    "marketing_sourced_share",
    "revenue",
    "target_attainment",
    "cac",
    "event_followup_rate",
]


def test_every_design_kpi_is_in_the_catalog_in_order() -> None:
    assert [kpi.id for kpi in CATALOG] == DESIGN_IDS


def test_ids_and_labels_are_unique() -> None:
    assert len({kpi.id for kpi in CATALOG}) == len(CATALOG)
    assert len({kpi.label for kpi in CATALOG}) == len(CATALOG)


@pytest.mark.parametrize("kpi", CATALOG, ids=lambda kpi: kpi.id)
def test_every_kpi_is_described(kpi: object) -> None:
    from kpi.definition import Kpi

    assert isinstance(kpi, Kpi)
    assert kpi.department in ("marketing", "sales", "shared")
    assert kpi.unit in ("count", "money", "ratio", "hours", "days")
    assert kpi.better in ("up", "down")
    assert kpi.definition.strip().endswith(".")
    assert kpi.formula.strip()
    assert kpi.numerator


def test_conversion_rates_say_they_are_cohort_based() -> None:
    for kpi_id in ("acceptance_rate", "sla_met_rate", "mql_to_sql_rate", "mql_to_won_rate"):
        assert get(kpi_id).definition.startswith("Cohort: of the MQLs created in the period")


def test_measure_names_identify_one_computation() -> None:
    seen: dict[str, object] = {}
    for kpi in CATALOG:
        for measure in kpi.measures:
            assert seen.setdefault(measure.name, measure) is measure, measure.name


def test_unknown_kpi_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="unknown KPI 'nope'; known: spend, impressions"):
        get("nope")
    assert BY_ID["roas"].label == "ROAS"


def test_every_kpi_has_a_value_on_the_demo_default_view(demo_model: Model) -> None:
    end = demo_model.last_day
    table = kpi_table(demo_model, Filters(start=end - timedelta(days=89), end=end))
    missing = table.filter(table["value"].is_null())["kpi"].to_list()
    assert missing == []
    assert table.height == len(CATALOG)

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


def test_formulas_are_built_from_the_measures() -> None:
    assert get("ctr").formula == "sum(clicks) ÷ sum(impressions)"
    assert get("customers").formula == "count distinct(customer_id)"
    assert get("revenue").formula == "sum(amount of deals won) + sum(order revenue)"
    assert get("target_attainment").formula == (
        "(sum(amount of deals won) + sum(order revenue)) ÷ revenue target to date"
    )
    for kpi in CATALOG:
        parts = kpi.formula.split(" ÷ ")
        assert len(parts) == (2 if kpi.denominator or kpi.versus_target_of else 1), kpi.id
        for measure in kpi.numerator:
            assert measure.formula in parts[0], kpi.id
        for measure in kpi.denominator:
            assert measure.formula in parts[1], kpi.id


def test_catalog_records_are_keyword_only() -> None:
    from kpi.definition import Kpi
    from kpi.measures import Measure

    with pytest.raises(TypeError):
        Measure("spend", "spend", "date", "sum", "spend")  # type: ignore[misc]
    with pytest.raises(TypeError):
        Kpi("x", "X", "shared", "count", "up", "X.", ())  # type: ignore[misc]


def test_every_measure_declares_what_it_reads_and_whether_it_is_money() -> None:
    measures = {m.name: m for kpi in CATALOG for m in kpi.measures}
    money = {name for name, m in measures.items() if m.money}
    amounts = {"pipeline_created", "marketing_pipeline", "open_pipeline", "won_revenue"}
    assert money == {"spend", "conversion_value", "marketing_revenue", "order_revenue", *amounts}
    words = {name: [i.words for i in m.inputs] for name, m in measures.items()}
    assert words["unworked_mqls"] == ["MQL dates", "first-touch times"]
    assert words["closed_deals"] == ["close dates", "deal outcomes", "lost deals"]
    assert words["cohort_decided"] == ["MQL dates", "acceptance dates", "rejection dates"]
    assert words["open_pipeline"] == ["deal creation dates", "deal amounts"]
    assert words["new_customers"] == ["orders", "customer ids"]
    for measure in measures.values():
        assert {i.table for i in measure.inputs} == {measure.table}, measure.name


def test_the_model_imports_no_rule() -> None:
    import ast
    from pathlib import Path

    import kpi.model

    tree = ast.parse(Path(kpi.model.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    # The data holder stands below the rules (measures, pacing, the catalog): they import it.
    # It names the engine protocol for type checking only (kpi/engines/base.py).
    assert {name for name in imported if name and name.startswith("kpi")} == {
        "kpi.engines.base",
        "kpi.filters",
        "kpi.inputs",
    }

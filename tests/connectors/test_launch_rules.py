from __future__ import annotations

import polars as pl

from connectors.launch_rules import apply_rules, rule_problem
from kpi.schema import TABLES, UNASSIGNED


def _rules(*rows: tuple[str, str, str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        [(f"r{i}", *row) for i, row in enumerate(rows, start=1)],
        schema=TABLES["launch_rules"].schema,
        orient="row",
    )


def _spend(campaigns: list[str], launches: list[str] | None = None) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "campaign": campaigns,
            "launch_id": launches or [UNASSIGNED] * len(campaigns),
            "region": ["EU"] * len(campaigns),
        }
    )


def test_each_match_kind_ignoring_case() -> None:
    rules = _rules(
        ("campaign", "exact", "Glow Serum", "GLOW"),
        ("campaign", "prefix", "spf_", "SPF"),
        ("campaign", "contains", "night", "NIGHT"),
        ("campaign", "regex", r"^lip-\d+$", "LIP"),
    )
    frame = _spend(["glow serum", "SPF_search", "Brand | Night cream", "Lip-22", "Lip-x", "Other"])
    assert apply_rules(frame, rules)["launch_id"].to_list() == [
        "GLOW",
        "SPF",
        "NIGHT",
        "LIP",
        UNASSIGNED,
        UNASSIGNED,
    ]


def test_first_rule_wins_and_known_launches_are_kept() -> None:
    rules = _rules(
        ("campaign", "contains", "glow", "FIRST"), ("campaign", "contains", "serum", "SECOND")
    )
    frame = _spend(["glow serum", "serum only", "glow"], [UNASSIGNED, UNASSIGNED, "KEPT"])
    assert apply_rules(frame, rules)["launch_id"].to_list() == ["FIRST", "SECOND", "KEPT"]


def test_any_text_column_and_rules_for_absent_columns() -> None:
    rules = _rules(("sku", "prefix", "GLOW-", "GLOW"), ("region", "exact", "eu", "EU-LAUNCH"))
    assert apply_rules(_spend(["a", "b"]), rules)["launch_id"].to_list() == ["EU-LAUNCH"] * 2
    orders = pl.DataFrame({"sku": ["GLOW-30", None], "launch_id": [UNASSIGNED, UNASSIGNED]})
    assert apply_rules(orders, rules)["launch_id"].to_list() == ["GLOW", UNASSIGNED]


def test_a_bad_regex_is_skipped_not_fatal() -> None:
    assert (
        rule_problem("regex", "(unclosed")
        == "pattern '(unclosed' is not a valid regular expression"
    )
    assert rule_problem("contains", "(unclosed") is None
    rules = _rules(("campaign", "regex", "(unclosed", "X"), ("campaign", "contains", "(", "PAREN"))
    assert apply_rules(_spend(["a (b)"]), rules)["launch_id"].to_list() == ["PAREN"]

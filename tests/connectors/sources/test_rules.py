from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.sources.rules import apply_rules, rule_problem
from contract.schema import TABLES, UNASSIGNED


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


_WORDS = st.sampled_from(["glow", "Glow Serum", "spf", "SPF_search", "night", "lip-1", "other"])


@settings(max_examples=60, deadline=None)
@given(
    campaigns=st.lists(_WORDS, min_size=1, max_size=12),
    rules=st.lists(
        st.tuples(
            st.sampled_from(["exact", "prefix", "contains", "regex"]),
            _WORDS,
            st.sampled_from(["A", "B"]),
        ),
        max_size=4,
    ),
)
def test_rules_only_relabel_unassigned_rows_and_never_change_totals(
    campaigns: list[str], rules: list[tuple[str, str, str]]
) -> None:
    launches = [UNASSIGNED if i % 3 else "KNOWN" for i in range(len(campaigns))]
    frame = _spend(campaigns, launches).with_columns(spend=pl.Series([1.5] * len(campaigns)))
    table = _rules(*[("campaign", match, pattern, launch) for match, pattern, launch in rules])
    mapped = apply_rules(frame, table)
    assert mapped.height == frame.height
    assert mapped["spend"].sum() == frame["spend"].sum()
    changed = mapped.filter(pl.col("launch_id") != pl.Series(launches))
    assert set(pl.Series(launches).filter(mapped["launch_id"] != pl.Series(launches))) <= {
        UNASSIGNED
    }
    assert set(changed["launch_id"]) <= {"A", "B"}

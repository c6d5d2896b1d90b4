from __future__ import annotations

from datetime import datetime

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.health import DataHealth
from connectors.sources.combine import combine
from connectors.sources.result import SourceRead
from contract.schema import TABLES, UNASSIGNED, check_frame


def _table(name: str, rows: list[dict[str, object]]) -> pl.DataFrame:
    spec = TABLES[name]
    return pl.DataFrame(
        [{c: r.get(c) for c in spec.columns} for r in rows], schema=spec.schema, orient="row"
    )


def _read(name: str, **tables: list[dict[str, object]]) -> SourceRead:
    frames = {t: _table(t, rows) for t, rows in tables.items()}
    return SourceRead(name, "file", frames, DataHealth(name))


T0 = datetime(2024, 3, 1, 9)
T1 = datetime(2024, 3, 5, 9)


def _lead(lead_id: str, created: datetime = T0, **more: object) -> dict[str, object]:
    return {"lead_id": lead_id, "created_at": created, "launch_id": UNASSIGNED} | more


def _deal(
    deal_id: str, lead_id: str | None, closed: datetime | None, **more: object
) -> dict[str, object]:
    won = closed is not None
    return {
        "deal_id": deal_id,
        "lead_id": lead_id,
        "launch_id": UNASSIGNED,
        "created_at": closed or T0,
        "closed_at": closed,
        "is_won": True if won else None,
        "source": "marketing",
    } | more


def test_all_tables_come_back_valid_even_from_nothing() -> None:
    tables = combine([])
    assert list(tables) == list(TABLES)
    assert all(check_frame(name, frame) == [] for name, frame in tables.items())
    assert all(frame.is_empty() for frame in tables.values())


def test_repeated_keys_keep_the_first_read_and_warn_the_later_one() -> None:
    first = _read("crm", leads=[_lead("L1", channel="email"), _lead("L2")])
    second = _read("sheet", leads=[_lead("L1", channel="social"), _lead("L3")])
    leads = combine([first, second])["leads"]
    assert leads.select("lead_id", "channel").rows() == [
        ("L1", "email"),
        ("L2", None),
        ("L3", None),
    ]
    assert second.health.warnings == [
        "leads: 1 row(s) repeat a key (lead_id) already read from another source or earlier "
        "in this one; the first read was kept"
    ]
    assert first.health.warnings == []
    combine([first, second])  # the UI may combine again on every rerun
    assert len(second.health.warnings) == 1


def test_leads_take_won_at_from_won_deals_and_deals_take_the_leads_launch() -> None:
    crm = _read(
        "crm",
        leads=[_lead("L1", campaign="Glow launch"), _lead("L2", created=T1), _lead("L3")],
        launch_rules=[
            {
                "rule": "1",
                "applies_to": "campaign",
                "match": "prefix",
                "pattern": "glow",
                "launch_id": "GLOW",
            }
        ],
    )
    pipeline = _read(
        "pipeline",
        deals=[
            _deal("D1", "L1", T1),
            _deal("D2", "L2", T0),  # won before the lead's first contact
            _deal("D3", "L3", None),
            _deal("D4", None, T1),
        ],
    )
    tables = combine([crm, pipeline])
    leads, deals = tables["leads"], tables["deals"]
    assert leads.select("lead_id", "launch_id", "won_at").rows() == [
        ("L1", "GLOW", T1),
        ("L2", UNASSIGNED, T0),
        ("L3", UNASSIGNED, None),
    ]
    assert deals.select("deal_id", "launch_id").rows() == [
        ("D1", "GLOW"),
        ("D2", UNASSIGNED),
        ("D3", UNASSIGNED),
        ("D4", UNASSIGNED),
    ]
    assert pipeline.health.warnings == ["1 deal(s) won before the lead's first contact (lead L2)"]
    assert all(check_frame(name, frame) == [] for name, frame in tables.items())


def test_an_invalid_rule_is_reported_on_its_source() -> None:
    rules = _read(
        "rules",
        launch_rules=[
            {
                "rule": "bad",
                "applies_to": "campaign",
                "match": "regex",
                "pattern": "(",
                "launch_id": "X",
            }
        ],
    )
    combine([rules])
    assert rules.health.warnings == [
        "launch rule 'bad' ignored: pattern '(' is not a valid regular expression"
    ]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(["L1", "L2", "L3", "L4"]), st.booleans()), max_size=6),
        max_size=4,
    )
)
def test_any_mix_of_reads_combines_into_valid_tables(batches: list[list[tuple[str, bool]]]) -> None:
    reads = [
        _read(
            f"s{i}",
            leads=[_lead(lead) for lead, _ in {lead: won for lead, won in batch}.items()],
            deals=[
                _deal(f"D{i}-{lead}", lead, T1 if won else None)
                for lead, won in {lead: won for lead, won in batch}.items()
            ],
        )
        for i, batch in enumerate(batches)
    ]
    tables = combine(reads)
    assert all(check_frame(name, frame) == [] for name, frame in tables.items())
    all_leads = {lead for batch in batches for lead, _ in batch}
    assert set(tables["leads"]["lead_id"]) == all_leads
    won_leads = set(tables["deals"].filter(pl.col("is_won"))["lead_id"])
    assert set(tables["leads"].filter(pl.col("won_at").is_not_null())["lead_id"]) == won_leads

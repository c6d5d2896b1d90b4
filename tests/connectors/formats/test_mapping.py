from __future__ import annotations

from datetime import datetime

from connectors.formats.mapping import build_table, field
from connectors.grid.cells import RawTable
from connectors.health import DataHealth

FIELDS = (
    field("lead_id", "ID", kind="id"),
    field("created_at", "Created", kind="stamp"),
    field("channel", "Channel"),
)


def _raw(*rows: list[str]) -> RawTable:
    return RawTable("x.csv", ["ID", "Created", "Channel"], [list(r) for r in rows],
                    [i + 2 for i in range(len(rows))])  # fmt: skip


def test_rows_are_typed_and_bad_ones_traced() -> None:
    health = DataHealth("s")
    leads = build_table(
        _raw(["1.0", "2024-03-01", "Email"], ["2", "", "x"], ["1", "2024-03-02", "dup"], ["3"]),
        "leads",
        FIELDS,
        health,
    )
    assert leads.select("lead_id", "created_at", "channel", "launch_id").rows() == [
        ("1", datetime(2024, 3, 1), "Email", "(unassigned)")
    ]
    assert [(r.line, r.column, r.reason) for r in health.refused] == [
        (3, "Created", "no value in 'Created', needed for created_at"),
        (4, "ID", "repeats the key 1 already read on line 2"),
        (5, "Created", "no value in 'Created', needed for created_at"),
    ]
    assert (health.rows_read, health.rows_kept, health.rows_refused) == (4, 1, 3)

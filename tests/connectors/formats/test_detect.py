from __future__ import annotations

import pytest

from connectors.errors import RefusedFile
from connectors.formats.detect import detect, understood_formats
from connectors.grid.cells import Grid


def _grid(*rows: list[str]) -> Grid:
    return Grid("f.csv", [list(r) for r in rows], list(range(1, len(rows) + 1)))


def test_the_header_may_sit_below_a_preamble() -> None:
    header = ["Campaign", "Cost", "Impr.", "Currency code"]
    grid = _grid(
        ["Campaign report"], ["July 8, 2025 - July 31, 2025"], [], header, ["a", "1", "2", "EUR"]
    )
    adapter, header_at = detect(grid)
    assert (adapter.name, header_at) == ("google_ads", 3)


def test_a_specific_format_outranks_canonical_columns() -> None:
    grid = _grid(["mql_id", "first_contact_date", "lead_id", "created_at", "channel"])
    assert detect(grid)[0].name == "olist_mql"
    assert detect(_grid(["lead_id", "created_at", "channel"]))[0].name == "canonical_leads"


def test_a_forced_table_names_the_missing_columns() -> None:
    with pytest.raises(RefusedFile) as caught:
        detect(_grid(["launch_id", "title"], ["L1", "Glow"]), table="launches")
    assert str(caught.value) == (
        "f.csv: the header row lacks 'name' and 'launch_date' for Tandem launches table "
        "(columns: launch_id, name, brand, category, launch_date, end_date, target_audience, "
        "regions, channels, marketing_owner, sales_owner, brief). Add those columns to the "
        "sheet, each named exactly as here."
    )


def test_unknown_shapes_and_pivots_list_what_tandem_understands() -> None:
    with pytest.raises(RefusedFile, match=r"f\.csv: no header row matches a format") as caught:
        detect(_grid(["colour", "size"], ["red", "9"]))
    assert str(caught.value).endswith(understood_formats())
    with pytest.raises(RefusedFile, match="looks like a pivot table"):
        detect(_grid(["Count of opportunity_id", "Qtr1"], ["Won", "3"], ["Grand Total", "3"]))


def test_an_unknown_forced_format_is_refused() -> None:
    with pytest.raises(RefusedFile, match="'xls' is not a format Tandem knows: google_ads, "):
        detect(_grid(["a"]), format="xls")

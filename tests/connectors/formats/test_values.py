from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.errors import CellError
from connectors.formats.values import boolean, infer_decimal_mark, integer, number, text
from connectors.formats.vocabulary import value_key


@pytest.mark.parametrize(
    ("raw", "decimal", "expected"),
    [
        ("25,881", ".", 25881.0),
        ("1,234.56", ".", 1234.56),
        ("1.234,56", ",", 1234.56),
        ("12,5", ",", 12.5),
        ("77.77%", ".", 0.7777),
        ("$1,200.00", ".", 1200.0),
        ("USD 40", ".", 40.0),
        ("40 EUR", ".", 40.0),
        ("€ 3,5", ",", 3.5),
        ("(12.50)", ".", -12.5),
        ("1 234,5", ",", 1234.5),
        (" --", ".", None),
        ("", ".", None),
    ],
)
def test_numbers_as_exports_write_them(raw: str, decimal: str, expected: float | None) -> None:
    assert (
        number(raw, decimal) == pytest.approx(expected)
        if expected is not None
        else (number(raw, decimal) is None)
    )


@pytest.mark.parametrize("word", ["abc", "ABC", "USD", "$"])
def test_a_word_is_not_a_number(word: str) -> None:
    with pytest.raises(CellError, match=f"'{re.escape(word)}' is not a number"):
        number(word)


def test_whole_numbers_only_for_counts() -> None:
    assert integer('"20,127"'.strip('"')) == 20127
    with pytest.raises(CellError, match="not a whole number"):
        integer("2.5")


@pytest.mark.parametrize(
    ("column", "mark"),
    [
        (["1,5", "2"], ","),
        (["1.234,56", "7"], ","),
        (["1,234.56"], "."),
        (["25,881", "1,934"], "."),  # grouping only: nothing says comma is decimal
        (["0.5", "1,000"], "."),
        ([" --", ""], "."),
    ],
)
def test_decimal_mark_is_decided_by_the_column(column: list[str], mark: str) -> None:
    assert infer_decimal_mark(column) == mark


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_european_formatting_round_trips(value: object) -> None:
    amount = float(value)  # type: ignore[arg-type]
    european = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    assert number(european, ",") == pytest.approx(amount)


def test_text_booleans_and_channel_ids() -> None:
    assert text("  Social ") == "Social"
    assert text(" --") is None
    assert [boolean(v) for v in ("TRUE", "False", "yes", "", "0")] == [
        True,
        False,
        True,
        None,
        False,
    ]
    with pytest.raises(CellError, match="'maybe' is not yes/no"):
        boolean("maybe")
    assert [
        value_key(v) for v in ("Paid Search", "PAID_SEARCH", " paid search ", "Vídeo", None)
    ] == [
        "paid_search",
        "paid_search",
        "paid_search",
        "vídeo",
        "",
    ]

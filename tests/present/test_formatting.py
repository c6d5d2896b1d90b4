from present.formatting import EMPTY, currency_symbol, delta, escape_markdown, exact, signed, value


def test_outside_values_are_shown_literally_in_markdown() -> None:
    assert escape_markdown("a_b*c@d.example") == "a\\_b\\*c@d\\.example"
    assert escape_markdown(":red[x]") == "\\:red\\[x\\]"
    assert escape_markdown("<script>&amp;") == "\\<script\\>\\&amp;"


def test_values_by_unit() -> None:
    assert [value(x, "money") for x in (12.5, 612_831.66, 13_800_000.0, -50.0)] == [
        "€12.50",
        "€613k",
        "€13.8M",
        "-€50.00",
    ]
    assert [value(x, "ratio") for x in (0.7391, 3.35, 0.1234)] == ["73.9 %", "335.0 %", "12.3 %"]
    assert [value(9.2, "hours"), value(31.8, "days"), value(4017.0, "count")] == [
        "9.2 h",
        "31.8 d",
        "4,017",
    ]


def test_nothing_undefined_reaches_the_screen() -> None:
    assert [value(x, "money") for x in (None, float("nan"), float("inf"))] == [EMPTY] * 3


def test_deltas_are_points_for_rates_and_percent_otherwise() -> None:
    assert delta(0.012, 0.05, "ratio") == "+1.2 pts"
    assert delta(-341.5, -0.358, "money") == "-35.8 %"
    assert delta(3.0, None, "count") == "+3"  # compared with zero: the amount, not a percent
    assert delta(120.5, None, "money", "£") == "+£120.50"
    assert delta(None, None, "count") is None


def test_table_cells_are_exact_with_separators_and_the_currency() -> None:
    assert exact(1234.5678, "money", "€") == "€1,234.57"
    assert exact(-50.0, "money", "$") == "-$50.00"
    assert exact(4012.688, "count", "€") == "4,013"
    assert exact(0.1234, "ratio", "€") == "12.3 %"
    assert exact(None, "money", "€") == EMPTY
    assert signed(-0.0123, "ratio", "€") == "-1.2 pts"
    assert signed(341291.55, "money", "€") == "+€341,291.55"
    assert signed(0.0, "count", "€") == "±0"


def test_currency_symbol_comes_from_the_reporting_currency() -> None:
    assert currency_symbol("EUR") == "€"
    assert currency_symbol("GBP") == "£"
    assert currency_symbol("SEK") == "SEK "
    assert value(1500.0, "money", currency_symbol("USD")) == "$1,500"

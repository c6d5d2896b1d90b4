"""A table on slides never runs off a slide: columns sized by their text, rows as tall as
their wrapped cells, the rest continued on the next slide under the same header.

Rendered through LibreOffice, the pack's unworked-MQL table (campaign names that wrap,
dates on two lines) ran past the slide's foot and under the note below it: python-pptx
drew every row one line tall, and a table taller than a slide was never split.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.util import Emu

from present import slide_table
from present.pack import Pack, Section, Table
from present.slides import HEIGHT, MARGIN, WIDTH, pptx

HEADERS = ("Lead", "MQL since", "Campaign", "Rep")


def row(number: int) -> tuple[str, ...]:
    campaign = f"GLOW-SERUM_paid_social_EU_{'retargeting_' * (number % 4)}{number}"
    return (f"L{number}", "01 Sep 2026 18:51", campaign, "Harriet Cole")


def test_columns_share_the_width_by_their_text() -> None:
    shape = slide_table.layout(HEADERS, [row(n) for n in range(20)], WIDTH - 2 * MARGIN)
    assert sum(shape.widths) == WIDTH - 2 * MARGIN
    lead, since, campaign, rep = shape.widths
    assert lead < rep < since < campaign  # the longest texts get the widest columns


def test_a_cell_that_wraps_makes_its_row_taller() -> None:
    narrow = slide_table.layout(("Campaign",), [("short",), ("word " * 40,)], int(Emu(914_400)))
    one_line, wrapped = narrow.rows
    assert wrapped > 5 * one_line // 2  # 40 words in one inch take many lines
    assert narrow.header == one_line  # a one-line header is as tall as a one-line row


def test_a_word_longer_than_its_column_is_broken_over_lines() -> None:
    word = slide_table.layout(("Id",), [("x",), ("x" * 200,)], int(Emu(914_400)))
    one_line, broken = word.rows
    assert broken >= 3 * one_line // 2


def test_rows_go_to_the_next_slide_where_they_do_not_fit() -> None:
    # 50 of header, rows of 100: 2 fit in what is left (300), 5 in a whole slide (550).
    assert slide_table.pages([100] * 10, 50, 300, 550) == [range(0, 2), range(2, 7), range(7, 10)]


def test_a_row_taller_than_a_slide_still_has_one_of_its_own() -> None:
    assert slide_table.pages([100, 900, 100], 50, 550, 550) == [
        range(0, 1),
        range(1, 2),
        range(2, 3),
    ]


def test_a_table_with_no_rows_is_its_header() -> None:
    assert slide_table.pages([], 50, 300, 550) == [range(0, 0)]


def test_a_long_table_is_continued_on_slides_that_each_hold_it() -> None:
    rows = tuple(row(n) for n in range(60))
    table = Table("Unworked MQLs", HEADERS, rows, more="And 12 more rows in the app.")
    pack = Pack("Pack", (), "https://tandem.example/", (Section("Hand-off", tables=(table,)),))
    deck = Presentation(io.BytesIO(pptx(pack)))
    shown: list[tuple[str, ...]] = []
    titles: list[str] = []
    for slide in list(deck.slides)[1:]:
        for shape in slide.shapes:
            if shape.has_table:
                cells = [[cell.text for cell in r.cells] for r in shape.table.rows]
                assert tuple(cells[0]) == HEADERS  # every part under the header
                shown += [tuple(c) for c in cells[1:]]
                height = sum(r.height for r in shape.table.rows)
                assert shape.top + height <= HEIGHT - MARGIN
            elif shape.has_text_frame:
                titles.append(shape.text_frame.text)
                assert shape.top + shape.height <= HEIGHT - MARGIN + int(Emu(1))
    assert shown == list(rows)  # every row once, in order
    assert titles[:2] == ["Hand-off", "Unworked MQLs"]
    assert "Unworked MQLs (continued)" in titles
    assert titles[-1] == "And 12 more rows in the app."

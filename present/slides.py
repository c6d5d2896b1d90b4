"""The meeting pack as PowerPoint, for pasting into the team's own slides: 16:9, a title
slide, then one slide per section, continued on the next when its charts and tables do
not fit. Every text is a real text box or table cell (not a picture), so a number can be
copied as it is on screen."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any, cast

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from present import slide_table
from present.pack import Image, Pack, Section, Table
from present.tiles import TileText

# Lengths are whole EMUs (python-pptx's unit, 914,400 to the inch), kept as plain ints.
WIDTH, HEIGHT = int(Inches(13.333)), int(Inches(7.5))
MARGIN = int(Inches(0.5))
TOP = int(Inches(1.2))  # below the slide's title
TILE = (int(Inches(2.9)), int(Inches(1.25)))
GAP = int(Inches(0.15))
_rgb = cast(Callable[[int, int, int], RGBColor], RGBColor)  # python-pptx has no hints here
INK, MUTED, RULE = _rgb(30, 30, 30), _rgb(100, 100, 100), _rgb(200, 200, 200)
STATUS_INK = {
    "ahead": _rgb(30, 120, 60),
    "on track": _rgb(40, 90, 160),
    "behind": _rgb(180, 40, 40),
}


def _inches(amount: float) -> int:
    return int(Inches(amount))


class _Deck:
    def __init__(self) -> None:
        self.deck = Presentation()
        self.deck.slide_width, self.deck.slide_height = Emu(WIDTH), Emu(HEIGHT)
        self.title = ""
        self.slide: Slide | None = None
        self.y = TOP

    def new(self, title: str) -> Slide:
        slide: Slide = self.deck.slides.add_slide(self.deck.slide_layouts[6])  # blank
        self.slide, self.title, self.y = slide, title, TOP
        _text(slide, title, MARGIN, _inches(0.35), WIDTH - 2 * MARGIN, _inches(0.7), 28, bold=True)
        return slide

    def room(self, height: int) -> Slide:
        """The current slide if `height` still fits on it, else a continuation slide."""
        assert self.slide is not None
        if self.y + height > HEIGHT - MARGIN and self.y > TOP:
            return self.next()
        return self.slide

    def next(self) -> Slide:
        """A continuation slide of the current section."""
        return self.new(f"{self.title.removesuffix(' (continued)')} (continued)")


def pptx(pack: Pack) -> bytes:
    deck = _Deck()
    slide = deck.new(pack.title)
    top = TOP
    for label, value in pack.facts:
        _text(slide, label, MARGIN, top, _inches(2.4), _inches(0.4), 14, bold=True)
        _text(slide, value, MARGIN + _inches(2.5), top, _inches(9.8), _inches(0.4), 14)
        top += _inches(0.42)
    _text(
        slide, "Share link", MARGIN, top + _inches(0.2), _inches(2.4), _inches(0.4), 14, bold=True
    )
    box = _text(
        slide, pack.link, MARGIN + _inches(2.5), top + _inches(0.2), _inches(9.8), _inches(1), 10
    )
    box.text_frame.paragraphs[0].runs[0].hyperlink.address = pack.link
    for section in pack.sections:
        _section(deck, section)
    out = io.BytesIO()
    deck.deck.save(out)
    return out.getvalue()


def _section(deck: _Deck, section: Section) -> None:
    deck.new(section.title)
    if section.groups:
        _groups(deck, section.groups)
    # The section's charts share a slide, its lines below them (tiles and tables aside).
    room = HEIGHT - MARGIN - deck.y - _inches(0.55) * len(section.lines)
    for image in section.images:
        _image(deck, image, room // len(section.images) - GAP)
    for table in section.tables:
        _table(deck, table)
    for line in section.lines:
        slide = deck.room(_inches(0.5))
        _text(slide, line, MARGIN, deck.y, WIDTH - 2 * MARGIN, _inches(0.5), 10, colour=MUTED)
        deck.y += _inches(0.55)


def _groups(deck: _Deck, groups: Sequence[tuple[str, Sequence[TileText]]]) -> None:
    assert deck.slide is not None
    width = (WIDTH - 2 * MARGIN - GAP * (len(groups) - 1)) // len(groups)
    per_row = max(1, (width + GAP) // (TILE[0] + GAP))
    bottom = deck.y
    for index, (name, tiles) in enumerate(groups):
        left, y = MARGIN + index * (width + GAP), deck.y
        if name:
            _text(deck.slide, name, left, y, width, _inches(0.4), 18, bold=True)
            y += _inches(0.45)
        for number, tile in enumerate(tiles):
            row, column = divmod(number, per_row)
            _tile(deck.slide, tile, left + column * (TILE[0] + GAP), y + row * (TILE[1] + GAP))
        bottom = max(bottom, y + -(-len(tiles) // per_row) * (TILE[1] + GAP))
    deck.y = bottom


def _tile(slide: Slide, tile: TileText, x: int, y: int) -> None:
    box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(x), Emu(y), Emu(TILE[0]), Emu(TILE[1]))
    box.fill.background()
    box.line.color.rgb = RULE
    frame = box.text_frame
    frame.word_wrap = True
    lines = [
        (tile.label, 11, False, MUTED),
        (tile.value, 22, True, INK),
        (f"{tile.change} vs comparison" if tile.change else "", 10, False, INK),
        (
            tile.lines(),
            8,
            False,
            STATUS_INK.get(tile.status or "", MUTED),
        ),
    ]
    for number, (text, size, bold, colour) in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour


def _image(deck: _Deck, image: Image, room: int) -> None:
    """The chart at the slide's width, or narrower to stay within `room` high."""
    width = WIDTH - 2 * MARGIN
    height = int(width * image.height / image.width)
    if height > room:
        height, width = room, int(room * image.width / image.height)
    slide = deck.room(height)
    slide.shapes.add_picture(
        io.BytesIO(image.png), Emu(MARGIN), Emu(deck.y), Emu(width), Emu(height)
    )
    deck.y += height + GAP


def _table(deck: _Deck, table: Table) -> None:
    """The table under its title, continued on the next slides (header repeated) where
    its rows do not fit; each row as tall as its wrapped cells (present/slide_table.py)."""
    width, titled, foot = WIDTH - 2 * MARGIN, _inches(0.42), HEIGHT - MARGIN
    shape = slide_table.layout(table.headers, table.rows, width)
    first_row = shape.rows[0] if shape.rows else 0
    if deck.y > TOP and deck.y + titled + shape.header + first_row > foot:
        deck.next()  # not even its first row fits here: the title goes with it
    full = foot - TOP - titled
    for number, rows in enumerate(
        slide_table.pages(shape.rows, shape.header, foot - deck.y - titled, full)
    ):
        slide = deck.next() if number else deck.slide
        assert slide is not None
        title = f"{table.title} (continued)" if number else table.title
        _text(slide, title, MARGIN, deck.y, width, _inches(0.4), 14, bold=True)
        heights = [shape.header, *(shape.rows[r] for r in rows)]
        drawn = slide.shapes.add_table(
            len(heights), len(table.headers), Emu(MARGIN), Emu(deck.y + titled), Emu(width),
            Emu(sum(heights)),
        ).table  # fmt: skip
        for column, column_width in enumerate(shape.widths):
            drawn.columns[column].width = Emu(column_width)
        for row, height in enumerate(heights):
            drawn.rows[row].height = Emu(height)
        for column, header in enumerate(table.headers):
            _cell(drawn.cell(0, column), header, bold=True)
        for row, index in enumerate(rows, start=1):
            for column, value in enumerate(table.rows[index]):
                _cell(drawn.cell(row, column), value)
        deck.y += titled + sum(heights) + GAP
    if table.more:
        slide = deck.room(_inches(0.35))
        _text(slide, table.more, MARGIN, deck.y, width, _inches(0.3), 9, colour=MUTED)
        deck.y += _inches(0.35)


def _cell(cell: Any, text: str, *, bold: bool = False) -> None:
    frame = cell.text_frame
    frame.text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size, run.font.bold = Pt(slide_table.SIZE), bold


def _text(
    slide: Slide,
    text: str,
    x: int,
    y: int,
    width: int,
    height: int,
    size: float,
    *,
    bold: bool = False,
    colour: RGBColor = INK,
) -> Any:
    box = slide.shapes.add_textbox(Emu(x), Emu(y), Emu(width), Emu(height))
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
    return box

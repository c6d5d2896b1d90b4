"""A table's layout on slides: each column as wide as its text needs, each row as tall as
its wrapped text, and the rows that do not fit continued on the next slide.

A slide does not grow: a PowerPoint table whose cells wrap is taller than it was drawn,
and ran off the slide's foot over the note below it (seen rendering the pack through
LibreOffice). So the pack measures each cell's text with the metrics of DejaVu Sans,
the pack's font and wider than PowerPoint's default, and wraps it word by word as the
renderer does, before it places a row.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import ImageFont
from pptx.util import Inches, Pt

from present.fonts import FontMissing, dejavu

SIZE = 9  # points, every cell
_LINE = int(Pt(SIZE * 1.2))  # one line of text
_PAD_X = int(Inches(0.2))  # a cell's left and right margins (PowerPoint's defaults)
_PAD_Y = int(Inches(0.1))  # its top and bottom margins
_EMU_PER_POINT = 12_700
_MEASURED_AT = 100  # the font is measured at this many pixels per em, then scaled


@dataclass(frozen=True)
class Layout:
    widths: tuple[int, ...]  # per column, EMU, summing to the table's width
    header: int  # the header row's height
    rows: tuple[int, ...]  # each row's height


def layout(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> Layout:
    """Column widths sharing `width`, and the height of every row wrapped in them."""
    widths = _widths(headers, rows, width)
    return Layout(
        widths, _height(headers, widths, bold=True), tuple(_height(r, widths) for r in rows)
    )


def pages(heights: Sequence[int], header: int, first: int, full: int) -> list[range]:
    """The rows on each slide: as many as fit in `first` (what is left of the current
    slide) under the header, then in `full` per slide. A row taller than a whole slide
    still gets one of its own: it is never dropped."""
    found: list[range] = []
    start, room = 0, first - header
    for index, height in enumerate(heights):
        if height > room and index > start:
            found.append(range(start, index))
            start, room = index, full - header
        room -= height
    if start < len(heights) or not found:
        found.append(range(start, len(heights)))
    return found


def _widths(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> tuple[int, ...]:
    """Each column its longest text, when they all fit; else the narrow ones keep theirs
    and the wide ones share what is left equally (and wrap)."""
    natural = [
        max([_text_width(header, True), *(_text_width(text) for text in column)]) + _PAD_X
        for header, *column in zip(headers, *rows, strict=True)
    ]
    given = [0] * len(natural)
    left, open_columns = width, sorted(range(len(natural)), key=lambda c: natural[c])
    while open_columns:
        share = left // len(open_columns)
        column = open_columns[0]
        if natural[column] > share:
            for wide in open_columns:
                given[wide] = share
            break
        given[column] = natural[column]
        left -= natural[column]
        open_columns.pop(0)
    spare = width - sum(given)
    if spare > 0:  # every column fits: the room left is spread in proportion
        total = sum(given)
        given = [g + spare * g // total for g in given]
    given[-1] += width - sum(given)  # rounding: the columns sum to the table's width
    return tuple(given)


def _height(row: Sequence[str], widths: Sequence[int], *, bold: bool = False) -> int:
    lines = max(_lines(text, width - _PAD_X, bold) for text, width in zip(row, widths, strict=True))
    return lines * _LINE + _PAD_Y


def _lines(text: str, width: int, bold: bool) -> int:
    """Lines `text` takes in `width`, wrapped at spaces; a word wider than the line is
    broken where it overflows, as PowerPoint breaks it."""
    width, space = max(width, 1), _text_width(" ", bold)
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split(" "):
            size = _text_width(word, bold)
            if used and used + space + size <= width:
                used += space + size
                continue
            if used:
                lines += 1  # the word starts the next line
            broken = max(0, math.ceil(size / width) - 1)  # lines a too-long word runs over
            lines += broken
            used = size - broken * width
        total += lines
    return total


@functools.lru_cache(maxsize=16_384)
def _text_width(text: str, bold: bool = False) -> int:
    """`text`'s width in EMU at SIZE points."""
    font = _font(bold)
    if font is None:  # no DejaVu here: a wide average letter, so rows are never too short
        return int(len(text) * 0.62 * SIZE * _EMU_PER_POINT)
    return int(font.getlength(text) * SIZE / _MEASURED_AT * _EMU_PER_POINT)


@functools.cache
def _font(bold: bool) -> ImageFont.FreeTypeFont | None:
    try:
        regular, heavy = dejavu()
    except FontMissing:
        return None
    return ImageFont.truetype(str(heavy if bold else regular), _MEASURED_AT)

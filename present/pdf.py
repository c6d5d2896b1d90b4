"""The meeting pack as a PDF for reading: A4 landscape, a title page, then one page per
section (more when a section's charts and tables need them). fpdf2 writes it with
DejaVu Sans embedded, so € and names in other scripts print as they are on screen."""

from __future__ import annotations

import io
from collections.abc import Sequence

from fpdf import FPDF
from fpdf.fonts import FontFace

from present.fonts import dejavu
from present.pack import Image, Pack, Section, Table
from present.tiles import TileText

FONT = "DejaVu"
INK, MUTED, RULE = (30, 30, 30), (100, 100, 100), (200, 200, 200)
STATUS_INK = {"ahead": (30, 120, 60), "on track": (40, 90, 160), "behind": (180, 40, 40)}
TILE_HEIGHT = 27.0
GAP = 4.0
LINE_HEIGHT = 6.5  # mm: a section's line under its charts, wrapped once at most
KEEP_WITH_TITLE = 35.0  # mm: a title, the headings and a few rows


class _Document(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="landscape", format="A4")
        regular, bold = dejavu()
        self.add_font(FONT, "", str(regular))
        self.add_font(FONT, "B", str(bold))
        self.footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=14)
        self.set_margins(15, 14, 15)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FONT, "", 7)
        self.set_text_color(*MUTED)
        self.cell(0, 4, f"{self.footer_text} · page {self.page_no()}", align="R")


def pdf(pack: Pack) -> bytes:
    document = _Document(pack.title)
    _title_page(document, pack)
    for section in pack.sections:
        _section(document, section)
    out = io.BytesIO()
    document.output(out)
    return out.getvalue()


def _title_page(document: _Document, pack: Pack) -> None:
    document.add_page()
    document.set_font(FONT, "B", 24)
    document.set_text_color(*INK)
    document.multi_cell(0, 12, pack.title, new_x="LMARGIN", new_y="NEXT")
    document.ln(4)
    document.set_font(FONT, "", 11)
    with document.table(
        col_widths=(45, 222),
        first_row_as_headings=False,
        borders_layout="HORIZONTAL_LINES",
        line_height=7,
        text_align="LEFT",
    ) as facts:
        for label, value in pack.facts:
            row = facts.row()
            row.cell(label, style=FontFace(emphasis="BOLD"))
            row.cell(value)
    document.ln(6)
    document.set_font(FONT, "B", 11)
    document.cell(0, 7, "Share link (opens this view in Tandem)", new_x="LMARGIN", new_y="NEXT")
    document.set_font(FONT, "", 8)
    document.set_text_color(*MUTED)
    document.multi_cell(0, 4.5, pack.link, link=pack.link, new_x="LMARGIN", new_y="NEXT")


def _section(document: _Document, section: Section) -> None:
    document.add_page()
    document.set_font(FONT, "B", 18)
    document.set_text_color(*INK)
    document.cell(0, 10, section.title, new_x="LMARGIN", new_y="NEXT")
    if section.groups:
        _groups(document, section.groups)
    # Without tables, the section's charts share its page with its lines below them.
    reserve = 0.0 if section.tables else LINE_HEIGHT * len(section.lines)
    room = document.h - document.b_margin - document.get_y() - reserve
    for image in section.images:
        _image(document, image, room / len(section.images) - 2)
    for table in section.tables:
        _table(document, table)
    document.set_font(FONT, "", 8)
    document.set_text_color(*MUTED)
    for line in section.lines:
        document.ln(2)
        document.multi_cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")  # LINE_HEIGHT


def _groups(document: _Document, groups: Sequence[tuple[str, Sequence[TileText]]]) -> None:
    """Groups side by side (Marketing | Sales), each a grid of tiles."""
    width = (document.epw - GAP * (len(groups) - 1)) / len(groups)
    top = document.get_y()
    bottom = top
    for index, (name, tiles) in enumerate(groups):
        left = document.l_margin + index * (width + GAP)
        y = top
        if name:
            document.set_xy(left, y)
            document.set_font(FONT, "B", 13)
            document.set_text_color(*INK)
            document.cell(width, 8, name)
            y += 9
        per_row = 2 if len(groups) > 1 else min(len(tiles), 4)
        tile_width = (width - GAP * (per_row - 1)) / per_row
        for number, tile in enumerate(tiles):
            row, column = divmod(number, per_row)
            _tile(
                document,
                tile,
                left + column * (tile_width + GAP),
                y + row * (TILE_HEIGHT + GAP),
                tile_width,
            )
        rows = -(-len(tiles) // per_row)
        bottom = max(bottom, y + rows * (TILE_HEIGHT + GAP))
    document.set_xy(document.l_margin, bottom)


def _tile(document: _Document, tile: TileText, x: float, y: float, width: float) -> None:
    document.set_draw_color(*RULE)
    document.rect(x, y, width, TILE_HEIGHT)
    inner = width - 6
    document.set_xy(x + 3, y + 2)
    document.set_font(FONT, "", 8.5)
    document.set_text_color(*MUTED)
    document.cell(inner, 4.5, tile.label)
    document.set_xy(x + 3, y + 7)
    document.set_font(FONT, "B", 15)
    document.set_text_color(*INK)
    document.cell(inner, 7.5, tile.value)
    document.set_xy(x + 3, y + 15)
    document.set_font(FONT, "", 8)
    if tile.change:
        document.cell(inner, 4, f"{tile.change} vs comparison")
    document.set_xy(x + 3, y + 19.5)
    line = tile.lines()
    if tile.status:
        document.set_text_color(*STATUS_INK.get(tile.status, MUTED))
    else:
        document.set_text_color(*MUTED)
    document.set_font(FONT, "", 7)
    document.multi_cell(inner, 3.2, line, max_line_height=3.2)


def _image(document: _Document, image: Image, share: float) -> None:
    """The chart at the page's width, or smaller so it fits its `share` of the page and
    what is left of it (a new page when less than half of it would)."""
    room = min(share, document.h - document.b_margin - document.get_y() - 2)
    width = min(document.epw, image.width * 0.3)
    height = width * image.height / image.width
    if height > room:
        if room < height / 2:
            document.add_page()
            room = document.h - document.b_margin - document.get_y() - 2
        height = min(height, room)
        width = height * image.width / image.height
    document.image(io.BytesIO(image.png), x=document.l_margin, w=width, h=height)
    document.ln(2)


def _table(document: _Document, table: Table) -> None:
    if document.h - document.b_margin - document.get_y() < KEEP_WITH_TITLE:
        document.add_page()  # a table's title is never left alone at a page's foot
    document.ln(3)
    document.set_font(FONT, "B", 11)
    document.set_text_color(*INK)
    document.cell(0, 7, table.title, new_x="LMARGIN", new_y="NEXT")
    document.set_font(FONT, "", 7.5)
    with document.table(
        line_height=4.2,
        text_align="LEFT",
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", fill_color=(238, 238, 238)),
    ) as drawn:
        drawn.row(table.headers)
        for row in table.rows:
            drawn.row(row)
    if table.more:
        document.set_font(FONT, "", 7)
        document.set_text_color(*MUTED)
        document.cell(0, 5, table.more, new_x="LMARGIN", new_y="NEXT")

"""The meeting pack, rendered and read back: the PowerPoint through python-pptx (exact
texts), the PDF through poppler (pdftotext for its words, pdftoppm for its pages as
images). Expected numbers are the KPI table's values, formatted by the functions the
page's tiles use (present/formatting.py), so the pack reads as the screen does."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from pptx import Presentation

import notes
from kpi.model import Model
from kpi.table import kpi_table
from present import formatting
from present.link import chart_choices, filters_of, query
from present.pack import Pack, written
from present.pdf import pdf
from present.sections import build
from present.slides import pptx

LINK = (
    "https://tandem.example/?launch=Glow+Serum&period=2026-09-01&period=2026-11-26"
    "&compare=Same+period+last+year&region=EU"
)
SILK_LINK = "https://tandem.example/?launch=Silk+Hair+Oil&period=2026-09-01&period=2026-11-26"
TODAY = date(2026, 11, 27)
NOTE = "Influencer post slipped a week <b>not bold</b>"
ACTION = "Sales calls back the salon event leads by Friday"
DONE = "Brief the pro team on the salon kit"
OTHER_LAUNCH = "Reprint the Silk Hair Oil shelf cards"
POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(
    not POPPLER and os.environ.get("CI") != "true",
    reason="poppler-utils not installed (.ci/run installs it)",
)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[notes.Database]:
    opened = notes.connect(notes.sqlite_url(tmp_path_factory.mktemp("pack") / "notes.db"))
    ana = "ana@maisonlumiere.example"
    day = date(2026, 10, 5)
    notes.add(opened, notes.Draft("note", "GLOW-SERUM", day, day + timedelta(6), NOTE), author=ana)
    notes.add(
        opened,
        notes.Draft(
            "action", "GLOW-SERUM", day, text=ACTION, owner="Marc", due=TODAY - timedelta(3)
        ),
        author=ana,
    )
    done = notes.add(
        opened,
        notes.Draft("action", "GLOW-SERUM", day, text=DONE, owner="Ana", due=TODAY),
        author=ana,
    )
    notes.mark_done(opened, done.id, True, author=ana)
    notes.add(
        opened,
        notes.Draft("action", "SILK-HAIR-OIL", day, text=OTHER_LAUNCH, owner="Ana", due=TODAY),
        author="unsigned",
    )
    yield opened
    opened.close()


def made(model: Model, database: notes.Database, link: str) -> Pack:
    params = query(link)
    view, choices = filters_of(params, model), chart_choices(params)
    kept = written(lambda what, **kw: what(database, **kw), model, view, choices)
    return build(model, view, link=link, choices=choices, written=kept, today=TODAY)


@pytest.fixture(scope="module")
def glow(demo_model: Model, database: notes.Database) -> Pack:
    return made(demo_model, database, LINK)


def slides(document: bytes) -> list[list[str]]:
    """Every slide's texts: text boxes and tiles, then table cells, in shape order."""
    found = []
    for slide in Presentation(io.BytesIO(document)).slides:
        texts: list[str] = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
        found.append(texts)
    return found


def shown(model: Model, link: str, kpi: str) -> str:
    """A KPI's tile value for a link's view, formatted as the tile formats it."""
    row = (
        kpi_table(model, filters_of(query(link), model))
        .filter(pl.col("kpi") == kpi)
        .row(0, named=True)
    )
    return formatting.value(row["value"], row["unit"], formatting.currency_symbol(row["currency"]))


def test_the_title_slide_names_the_view_every_filter_and_the_link(glow: Pack) -> None:
    title, *_ = slides(pptx(glow))
    assert title == [
        "Meeting pack · Glow Serum",
        *(
            text
            for pair in (
                ("Launch", "Glow Serum"),
                ("Period", "01 Sep 2026 to 26 Nov 2026"),
                ("Compare with", "Same period last year"),
                ("Channel", "All channels"),
                ("Region", "EU"),
                ("Segment", "All segments"),
                ("Grain", "Week"),
                ("Follow-up SLA", "24 h"),
                ("Data", "Data through 26 Nov 2026 (data as of 27 Nov 2026 00:00)"),
                ("Share link", LINK),
            )
            for text in pair
        ),
    ]


def test_every_section_has_its_slide_with_the_screen_numbers(glow: Pack, demo_model: Model) -> None:
    deck = slides(pptx(glow))
    titles = [texts[0] for texts in deck]
    assert titles == [
        "Meeting pack · Glow Serum",
        "Headline",
        "Marketing and Sales",
        "Hand-off and shared target",
        "Trend",
        "Funnel",
        "Hand-off",
        "Hand-off (continued)",
        "Hand-off (continued)",
        "Since launch",
        "Open actions",
    ]
    headline, departments = deck[1], deck[2]
    mqls = shown(demo_model, LINK, "mqls")
    assert [t.split("\n")[:2] for t in headline[1:]] == [
        ["Revenue vs target", shown(demo_model, LINK, "target_attainment")],
        ["MQLs", mqls],
        ["Follow-up SLA met", shown(demo_model, LINK, "sla_met_rate")],
    ]
    tiles = {text.split("\n")[0]: text.split("\n")[1] for text in departments if "\n" in text}
    assert tiles["Spend"] == shown(demo_model, LINK, "spend")
    assert tiles["Won revenue"] == shown(demo_model, LINK, "won_revenue")
    assert tiles["Won revenue"].startswith("€")
    assert departments[1] == "Marketing" and "Sales" in departments


def test_charts_are_pictures_and_the_notes_are_listed_beside_them(glow: Pack) -> None:
    deck = Presentation(io.BytesIO(pptx(glow)))
    pictures = {
        slide.shapes[0].text_frame.text: sum(shape.shape_type == 13 for shape in slide.shapes)
        for slide in deck.slides
    }
    assert pictures["Trend"] == 2 and pictures["Funnel"] == 1 and pictures["Since launch"] == 1
    [trend] = [s for s in glow.sections if s.title == "Trend"]
    ana = "(ana@maisonlumiere.example)"
    assert trend.lines[1:] == (  # every entry on the trend's days, as the page marks them
        f"● Note · 05 Oct 2026 to 11 Oct 2026 · Glow Serum: {NOTE} {ana}",
        f"■ Action · 05 Oct 2026 · Glow Serum: {ACTION} {ana}",
        f"■ Action · 05 Oct 2026 · Glow Serum: {DONE} {ana}",
    )
    for image in trend.images:
        assert image.png.startswith(b"\x89PNG") and image.width == 900 and image.height > 150


def test_open_actions_are_the_view_launches_not_done_overdue_marked(glow: Pack) -> None:
    *_, actions = slides(pptx(glow))
    assert actions == [
        "Open actions",
        "1 open, 1 overdue",
        *("Status", "Owner", "Due", "Launch", "Action"),
        *("Overdue", "Marc", "due 24 Nov 2026", "Glow Serum", ACTION),
    ]


def test_a_launch_link_gives_that_launch_numbers(
    demo_model: Model, database: notes.Database
) -> None:
    silk = slides(pptx(made(demo_model, database, SILK_LINK)))
    assert silk[0][:3] == ["Meeting pack · Silk Hair Oil", "Launch", "Silk Hair Oil"]
    mqls = shown(demo_model, SILK_LINK, "mqls")
    assert mqls != shown(demo_model, LINK, "mqls")
    assert silk[1][2].split("\n")[:2] == ["MQLs", mqls]
    assert OTHER_LAUNCH in silk[-1] and ACTION not in silk[-1]


@needs_poppler
def test_the_pdf_reads_as_the_screen_and_renders_page_by_page(
    glow: Pack, demo_model: Model, tmp_path: Path
) -> None:
    (tmp_path / "pack.pdf").write_bytes(pdf(glow))
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "pack.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.split("\f")
    assert "Meeting pack · Glow Serum" in pages[0] and "01 Sep 2026 to 26 Nov 2026" in pages[0]
    assert LINK in pages[0].replace("\n", "").replace(" ", "")
    assert "Headline" in pages[1] and shown(demo_model, LINK, "mqls") in pages[1]
    assert shown(demo_model, LINK, "spend") in pages[2]  # € from the embedded DejaVu font
    assert ACTION in text and NOTE in " ".join(text.split())
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(tmp_path / "pack.pdf"), str(tmp_path / "page")],
        check=True,
    )
    rendered = sorted(tmp_path.glob("page-*.png"))
    assert len(rendered) == len([p for p in pages if p.strip()])
    assert all(path.stat().st_size > 2_000 for path in rendered)


@needs_poppler
def test_names_in_other_scripts_and_currency_signs_print_as_written(tmp_path: Path) -> None:
    title = "Meeting pack · Сыворотка Glow · Ωmega Λάμψη"
    facts = (("Launch", "Сыворотка Glow"), ("Spend", "€1,250.00 · £980.00 · ¥12,000"))
    tiny = Pack(title, facts, "https://tandem.example/?launch=%D0%A1", ())
    (tmp_path / "tiny.pdf").write_bytes(pdf(tiny))
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "tiny.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert title in text and "€1,250.00 · £980.00 · ¥12,000" in text

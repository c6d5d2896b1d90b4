"""How a person uses Tandem in a browser, as small helpers for the browser tests."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def settle(page: Page, timeout: float = 30_000) -> None:
    """Wait until the script run triggered by the last action has finished."""
    page.wait_for_timeout(400)
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_timeout(200)
    page.wait_for_selector(IDLE, timeout=timeout)


def open_view(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    settle(page)


def tiles(page: Page) -> dict[str, str]:
    """Tile label → value as shown on screen, once the tiles are drawn."""
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=30_000)
    settle(page)
    values: dict[str, str] = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        values[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return values


def pick(page: Page, label: str, option: str) -> None:
    """Choose an option in a sidebar multiselect, as a person would."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has=page.get_by_text(label, exact=True)
    )
    box.locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    settle(page)


def choose(page: Page, label: str, option: str) -> None:
    """Choose an option in a sidebar selectbox, as a person would."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
        has=page.get_by_text(label, exact=True)
    )
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def options(page: Page, label: str) -> list[str]:
    """The options a sidebar multiselect offers (its "Select all" entry left out)."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has=page.get_by_text(label, exact=True)
    )
    for _ in range(3):  # a click while the sidebar is redrawn does not open the list
        box.locator("input").click()
        try:
            page.get_by_role("option").first.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            settle(page)
    shown = [option.inner_text().strip() for option in page.get_by_role("option").all()]
    page.keyboard.press("Escape")
    return [text for text in shown if text != "Select all"]


def sidebar_dates(page: Page) -> list[str]:
    """The first and last day the sidebar's date range shows."""
    fields = page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"] input')
    fields.first.wait_for(state="attached")
    return [field.input_value() for field in fields.all()]


def go_to(page: Page, title: str) -> None:
    """Follow a link in the sidebar navigation."""
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).click()
    page.wait_for_function(
        "t => document.querySelector('[data-testid=\"stMain\"] h1')?.innerText.trim() === t",
        arg=title,
        timeout=30_000,
    )
    settle(page)


def params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def path(page: Page) -> str:
    return urlparse(page.url).path


def screenshot(page: Page, name: str) -> Path:
    target = Path(__file__).resolve().parent / "artifacts" / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    return target


def grids(page: Page, *, at_least: int = 0) -> list[list[list[str]]]:
    """Every data table on the page, as rows of cell texts (header row first).

    Streamlit draws tables on a canvas; its accessible table mirrors the visible rows,
    drawn a moment after the frame arrives, so wait for every table to have one.
    """
    page.wait_for_function(
        """n => {
            const shown = [...document.querySelectorAll('[data-testid="stDataFrame"]')]
                .filter(d => d.checkVisibility() && d.getBoundingClientRect().height > 0);
            return shown.length >= n && shown.every(d => d.querySelector('table[role=grid] tr'));
        }""",
        arg=at_least,
        timeout=30_000,
    )
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
            .filter(d => d.checkVisibility() && d.getBoundingClientRect().height > 0)
            .map(d => d.querySelector('table[role=grid]')).filter(t => t)
            .map(t => [...t.querySelectorAll('tr')]
            .map(r => [...r.querySelectorAll('th,td')].map(c => c.innerText.trim())))"""
    )


def html_tables(page: Page) -> list[list[list[str]]]:
    """Every table Tandem drew (ui/tables.py: HTML), as rows of cell texts, header first.

    textContent, not innerText: a table inside a closed expander is still read.
    """
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] .tandem-table table')]
            .map(t => [...t.querySelectorAll('tr')]
            .map(r => [...r.querySelectorAll('th,td')].map(c => c.textContent.trim())))"""
    )


def rows(table: list[list[str]]) -> list[dict[str, str]]:
    header, *body = table
    return [dict(zip(header, row, strict=True)) for row in body]


def table_after(page: Page, heading: str) -> list[list[str]]:
    """The table drawn right after the subheader `heading` (waits until it is drawn:
    until then the next table on the page belongs to another heading)."""
    found = """h => {
        const all = [...document.querySelectorAll(
            '[data-testid="stMain"] h3, [data-testid="stMain"] .tandem-table table')];
        const at = all.findIndex(e => e.tagName === 'H3' && e.innerText.trim() === h);
        const next = at < 0 ? undefined : all[at + 1];
        return next && next.tagName === 'TABLE' ? next : null;
    }"""
    page.wait_for_function(found, arg=heading, timeout=30_000)
    return page.evaluate(
        f"""h => [...({found})(h).querySelectorAll('tr')]
            .map(r => [...r.querySelectorAll('th,td')].map(c => c.textContent.trim()))""",
        heading,
    )


def numbers(page: Page, *, tables: int = 0) -> dict[str, object]:
    """What a person compares between two screens: tiles, tables and chart-free text."""
    main = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]')
    settle(page)
    page.wait_for_function(
        "n => document.querySelectorAll("
        "'[data-testid=\"stMain\"] .tandem-table table').length >= n",
        arg=tables,
        timeout=30_000,
    )
    shown: dict[str, object] = {"tables": html_tables(page), "text": main.all_inner_texts()}
    if page.locator('[data-testid="stMetric"]').count():
        shown["tiles"] = tiles(page)
    return shown


def upload(page: Page, *files: Path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(f) for f in files]
    )
    settle(page)


def click_button(page: Page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    settle(page)

"""Values from outside (a link's parameters, names in the data or in sources.toml, an
error's text) reach markdown as literal text: never a link, an image or styling, and
shortened when long. Bidi control characters are dropped from what a caption shows, and
a word joiner (U+2060) after "https:" keeps the markdown from linking the address.

The browser test tests/e2e/test_hostile_links.py shows the same in the rendered page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from present.formatting import SHOWN_CHARS, literal
from tests.apptest import open_app

PHISH = "[Session expired - sign in again](https://evil.example/login)"
PIXEL = "![x](https://evil.example/px.png)"
NOTICE = "This link asked for values the data does not have, so they were left out: "


def test_link_values_show_as_text_in_the_sidebar_notice() -> None:
    app = open_app(launch=PHISH, region=PIXEL)
    [notice] = app.sidebar.warning
    assert notice.value == (
        NOTICE + "launch “\\[Session expired \\- sign in again\\]"
        "\\(https\\:\u2060//evil\\.example/login\\)”"
        ", region “\\!\\[x\\]\\(https\\:\u2060//evil\\.example/px\\.png\\)”"
    )


def test_a_100000_character_link_value_is_shortened() -> None:
    app = open_app(channel="[" * 100_000)
    [notice] = app.sidebar.warning
    assert notice.value == NOTICE + "channel “" + "\\[" * (SHOWN_CHARS - 1) + "…”"


def test_literal_flattens_strips_shortens_and_escapes() -> None:
    assert literal("a\n\n# b\t*c*") == "a \\# b \\*c\\*"
    assert literal("Cr\u00e8me \u202eexe.jpg\u2066") == "Crème exe\\.jpg"
    assert literal("x" * 200, limit=10) == "x" * 9 + "…"
    # Web and e-mail addresses would be linked by the markdown even escaped: broken by U+2060.
    assert literal("www.x.example a@b.example ftp://c") == (
        "www\u2060\\.x\\.example a@\u2060b\\.example ftp\\:\u2060//c"
    )
    assert (
        literal(":red[alert] :material/lock: $x$")
        == "\\:red\\[alert\\] \\:material/lock\\: \\$x\\$"
    )


@pytest.fixture
def hostile_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A launch named like a link (with a bidi override), and a source named like one."""
    (tmp_path / "launches.csv").write_text(
        f"launch_id,name,launch_date,brand\nGLOW,{PHISH} \u202eevres,2026-09-01,Lumen\n",
        encoding="utf-8",
    )
    (tmp_path / "sources.toml").write_text(
        '[settings]\nsnapshot_dir = "snapshots"\n\n'
        '[[source]]\nname = "Plan"\nkind = "file"\npath = "launches.csv"\n\n'
        f'[[source]]\nname = "{PIXEL}"\nkind = "file"\npath = "[gone](https://evil.example).csv"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("TANDEM_SOURCES", str(tmp_path / "sources.toml"))
    return tmp_path


def _escaped(text: str) -> str:
    """Every markdown punctuation character backslash-escaped, as CommonMark allows."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>~$:&" else c for c in text)


def test_launch_names_in_the_subtitle_are_text(hostile_sources: Path) -> None:
    app = open_app(launch=f"{PHISH} \u202eevres")
    assert app.caption[0].value.startswith(  # then the period, which is today's here
        "\\[Session expired \\- sign in again\\]\\(https\\:\u2060//evil\\.example/login\\) evres · "
    )


def test_source_names_and_errors_in_notices_are_text(hostile_sources: Path) -> None:
    app = open_app()
    [error] = app.error
    gone = hostile_sources / "[gone](https://evil.example).csv"
    assert error.value == (
        "\\!\\[x\\]\\(https\\:\u2060//evil\\.example/px\\.png\\) could not be read, so its "
        "numbers are missing: "
        + _escaped(
            f"no file at {gone} (moved or deleted, or its drive or sync folder is not mounted)"
        ).replace("https\\://", "https\\:\u2060//")
    )

"""A launch brief's fields come from the data: shown as text on the Launches page, never
as a link, an image or styling (a word joiner, U+2060, after "https:" keeps the markdown
from linking a bare address)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.apptest import open_app

LINK = "[x](https://evil.example)"
IMAGE = "![x](https://evil.example/p.png)"
SHOWN_LINK = "\\[x\\]\\(https\\:\u2060//evil\\.example\\)"
SHOWN_IMAGE = "\\!\\[x\\]\\(https\\:\u2060//evil\\.example/p\\.png\\)"


@pytest.fixture
def hostile_brief(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "launches.csv").write_text(
        "launch_id,name,brand,category,launch_date,target_audience,regions,channels,"
        "marketing_owner,sales_owner,brief\n"
        f'GLOW,Glow,Lumen,{LINK},2026-09-01,{IMAGE},EU,email,{LINK},ana@x.example,"{LINK}\n'
        f'{IMAGE}"\n',
        encoding="utf-8",
    )
    (tmp_path / "sources.toml").write_text(
        '[settings]\nsnapshot_dir = "snapshots"\n\n'
        '[[source]]\nname = "Plan"\nkind = "file"\npath = "launches.csv"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("TANDEM_SOURCES", str(tmp_path / "sources.toml"))


def test_a_brief_s_fields_show_as_text(hostile_brief: None) -> None:
    app = open_app("app_pages/launches.py", launch="Glow")
    [card] = [m.value for m in app.main.markdown if m.value.startswith("**Glow**")]
    assert card.split("  \n") == [
        f"**Glow** · {SHOWN_LINK}",
        "01 Sep 2026 to ongoing",
        f"**Audience:** {SHOWN_IMAGE}",
        "**Regions:** EU",
        "**Channels:** Email",
        f"**Owners:** marketing {SHOWN_LINK}, sales ana@\u2060x\\.example",
        SHOWN_LINK,
        SHOWN_IMAGE,
    ]

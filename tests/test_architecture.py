"""The import policy (docs/architecture.md, "Rooms"): what each room may import.

Lint enforces it per folder (ruff's banned-api in kpi/, connectors/, contract/, notes/,
present/ and compose/);
these tests check what importing every module really loads, which lint cannot see.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# room → the top-level packages importing it may never load
FORBIDDEN = {
    "contract": ("streamlit", "kpi", "connectors", "ui", "tandem"),
    "kpi": ("streamlit", "connectors", "ui", "tandem"),
    "connectors": ("streamlit", "kpi", "ui", "tandem"),
    "notes": ("streamlit", "kpi", "connectors", "ui", "tandem"),
    "present": ("streamlit", "connectors", "ui", "tandem", "app_pages"),
    "compose": ("streamlit", "ui", "tandem", "app_pages", "present"),
    "tandem": ("streamlit", "ui", "app_pages"),
}


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_importing_a_room_loads_nothing_it_may_not_use(room: str) -> None:
    code = (
        f"import sys, pkgutil, importlib, {room}\n"
        f"for info in pkgutil.walk_packages({room}.__path__, '{room}.'):\n"
        "    if not info.name.endswith('__main__'):\n"
        "        importlib.import_module(info.name)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({FORBIDDEN[room]!r})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_no_pages_folder_beside_app() -> None:
    # A pages/ folder switches Streamlit to its legacy router, which breaks shared links.
    assert not (ROOT / "pages").exists()
    assert (ROOT / "app_pages" / "overview.py").is_file()

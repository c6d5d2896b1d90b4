"""The import policy: kpi/ and connectors/ are pure Python, pages live in app_pages/."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_kpi_and_connectors_import_nothing_from_streamlit() -> None:
    code = (
        "import sys, kpi, connectors, kpi.table, kpi.demo, kpi.export\n"
        "import pkgutil, importlib\n"
        "for package in (kpi, connectors):\n"
        "    for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        if not info.name.endswith('__main__'):\n"
        "            importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_no_pages_folder_beside_app() -> None:
    # A pages/ folder switches Streamlit to its legacy router, which breaks shared links.
    assert not (ROOT / "pages").exists()
    assert (ROOT / "app_pages" / "overview.py").is_file()

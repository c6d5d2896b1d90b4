"""The font the pack writes with: DejaVu Sans, which has €, £, ¥ and the Latin, Greek and
Cyrillic letters names in the data may use (Debian's fonts-dejavu-core; .ci/run installs
it when missing)."""

from __future__ import annotations

import os
from pathlib import Path

FOLDERS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu
    Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
    Path("/usr/share/fonts/TTF"),  # Arch
)
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"


class FontMissing(RuntimeError):
    """No DejaVu Sans on this machine; the message says how to get it."""


def dejavu() -> tuple[Path, Path]:
    """The regular and bold files; TANDEM_FONT_DIR names another folder holding them."""
    folders = [Path(p) for p in [os.environ.get("TANDEM_FONT_DIR", "")] if p] + list(FOLDERS)
    for folder in folders:
        if (folder / REGULAR).is_file() and (folder / BOLD).is_file():
            return folder / REGULAR, folder / BOLD
    raise FontMissing(
        f"the meeting pack needs the DejaVu Sans font ({REGULAR} and {BOLD}): install "
        "Debian's fonts-dejavu-core, or set TANDEM_FONT_DIR to a folder holding them"
    )

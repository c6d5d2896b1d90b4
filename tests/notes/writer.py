"""A Tandem server writing notes, as a process of its own, for the concurrency and crash
tests: `python -m tests.notes.writer URL TAG COUNT [START_FILE]`.

Waits for START_FILE to exist (so many writers start together), then adds COUNT notes
and prints each one's id the moment it is confirmed (committed), one per line.
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

import notes


def main(url: str, tag: str, count: int, start_file: str | None = None) -> None:
    database = notes.connect(url)
    while start_file and not Path(start_file).exists():
        time.sleep(0.01)
    for number in range(count):
        draft = notes.Draft(
            "note", "GLOW-SERUM", date(2025, 3, 1) + timedelta(days=number % 28), None,
            f"{tag} {number}",
        )  # fmt: skip
        entry = notes.add(database, draft, author=f"{tag}@maisonlumiere.example")
        print(entry.id, flush=True)
    database.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), *sys.argv[4:5])

"""Many sessions writing at once lose no note, and a note once confirmed survives the
server being killed. Runs on SQLite and on PostgreSQL (conftest)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import text

import notes

ROOT = Path(__file__).resolve().parents[2]
SESSIONS = 20
ANA = "ana@maisonlumiere.example"


def _writer(
    url: str, tag: str, count: int, start_file: Path | None = None
) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tests.notes.writer", url, tag, str(count)]
    return subprocess.Popen(
        [*command, *([str(start_file)] if start_file else [])],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_twenty_sessions_of_one_server_writing_at_once_lose_no_note(
    database: notes.Database,
) -> None:
    per_session = 25
    together = threading.Barrier(SESSIONS)
    failures: list[BaseException] = []

    def session(number: int) -> None:
        try:
            together.wait()
            for n in range(per_session):
                draft = notes.Draft("note", "GLOW-SERUM", date(2025, 3, 3), text=f"s{number} n{n}")
                notes.add(database, draft, author=f"s{number}@maisonlumiere.example")
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=session, args=(i,)) for i in range(SESSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    kept = notes.entries(database)
    assert sorted(e.text for e in kept) == sorted(
        f"s{i} n{n}" for i in range(SESSIONS) for n in range(per_session)
    )
    assert len({e.id for e in kept}) == SESSIONS * per_session


def test_twenty_server_processes_writing_at_once_lose_no_note(
    database_url: str, tmp_path: Path
) -> None:
    # A fresh database: the twenty also create its schema together, once.
    per_process = 5
    start = tmp_path / "go"
    writers = [_writer(database_url, f"p{i}", per_process, start) for i in range(SESSIONS)]
    start.touch()
    confirmed: set[int] = set()
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        confirmed |= {int(line) for line in out.split()}
    database = notes.connect(database_url)
    kept = notes.entries(database)
    assert {e.id for e in kept} == confirmed
    assert sorted(e.text for e in kept) == sorted(
        f"p{i} {n}" for i in range(SESSIONS) for n in range(per_process)
    )
    database.close()


def test_twenty_edits_of_one_note_at_once_keep_every_earlier_text(
    database: notes.Database,
) -> None:
    added = notes.add(
        database, notes.Draft("note", "GLOW-SERUM", date(2025, 3, 3), text="v-first"), author=ANA
    )
    together = threading.Barrier(SESSIONS)
    failures: list[BaseException] = []

    def edit(number: int) -> None:
        try:
            together.wait()
            notes.edit(database, added.id, replace(added.draft(), text=f"v{number}"), author=ANA)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(SESSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    final = notes.get(database, added.id)
    earlier = notes.history(database, added.id)
    assert final.revision == SESSIONS + 1
    assert [v.revision for v in earlier] == list(range(1, SESSIONS + 1))
    # Every text anyone wrote is the note now or one of its earlier versions, once.
    assert sorted([final.text, *(v.text for v in earlier)]) == sorted(
        ["v-first", *(f"v{i}" for i in range(SESSIONS))]
    )


def test_a_confirmed_note_survives_the_server_being_killed(database_url: str) -> None:
    writer = _writer(database_url, "crash", 100_000)
    assert writer.stdout is not None
    confirmed = [int(writer.stdout.readline()) for _ in range(30)]
    os.kill(writer.pid, signal.SIGKILL)  # no clean-up, no close, mid-write
    rest, _ = writer.communicate(timeout=60)
    assert writer.returncode == -signal.SIGKILL
    confirmed += [int(line) for line in rest.split()]

    database = notes.connect(database_url)
    kept = {e.id: e.text for e in notes.entries(database)}
    assert set(confirmed) <= set(kept)
    assert [kept[i] for i in confirmed] == [f"crash {n}" for n in range(len(confirmed))]
    if database.engine.dialect.name == "sqlite":
        with database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    database.close()

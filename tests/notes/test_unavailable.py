"""A database that cannot be reached is said so in words a page can show (never the URL's
user or password), quickly, and notes come back when it does."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

import notes
from notes.database import describe, parse_url

PASSWORD = "pw-not-to-be-shown-3b1f"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cable:
    """A TCP forwarder on 127.0.0.1 to the real server, that the test can cut and mend."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = _closed_port()
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None

    def mend(self) -> None:
        listener = socket.create_server(("127.0.0.1", self.port))
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        for sock in [self._listener, *self._sockets]:
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self._sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass


def test_an_unreachable_server_is_named_without_its_credentials() -> None:
    port = _closed_port()
    started = time.monotonic()
    with pytest.raises(notes.NotesUnavailable) as refused:
        notes.connect(f"postgresql://tandem:{PASSWORD}@127.0.0.1:{port}/notes")
    assert time.monotonic() - started < 30  # refused at once; a silent host waits 3 s a try
    assert str(refused.value) == (
        f"the notes database (PostgreSQL database notes on 127.0.0.1:{port}) "
        "cannot be reached right now"
    )
    assert PASSWORD not in str(refused.value) and "tandem" not in str(refused.value)


def test_describing_a_database_never_shows_user_or_password() -> None:
    url = parse_url(f"postgres://tandem:{PASSWORD}@db.internal:6543/kpi")
    assert url.drivername == "postgresql+psycopg"
    assert describe(url) == "PostgreSQL database kpi on db.internal:6543"
    assert describe(parse_url("sqlite:///.tandem/notes.db")) == "SQLite file .tandem/notes.db"
    with pytest.raises(notes.NotesError, match="not “mysql”"):
        parse_url(f"mysql://tandem:{PASSWORD}@db/kpi")
    with pytest.raises(notes.NotesError) as bad:
        parse_url(f"not a url {PASSWORD}")
    assert PASSWORD not in str(bad.value)


def test_the_sqlite_file_cannot_be_created_or_is_not_a_database(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(notes.NotesUnavailable, match="cannot be created"):
        notes.connect(notes.sqlite_url(blocker / "notes.db"))
    garbage = tmp_path / "notes.db"
    garbage.write_bytes(b"this is not an SQLite database" * 100)
    with pytest.raises(notes.NotesUnavailable, match="cannot be reached"):
        notes.connect(notes.sqlite_url(garbage))


def test_configured_url_prefers_the_secrets_then_the_sqlite_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TANDEM_NOTES_DB", raising=False)
    assert notes.configured_url(None) == "sqlite:///.tandem/notes.db"
    assert notes.configured_url({"url": "  "}) == "sqlite:///.tandem/notes.db"
    monkeypatch.setenv("TANDEM_NOTES_DB", "/srv/tandem/notes.db")
    assert notes.configured_url({}) == "sqlite:////srv/tandem/notes.db"
    assert notes.configured_url({"url": "postgresql://u:p@h/db"}) == "postgresql://u:p@h/db"


def test_a_server_lost_and_back_makes_notes_read_only_then_writable(postgres_url: str) -> None:
    real = make_url(postgres_url)
    cable = Cable((real.host or "127.0.0.1", real.port or 5432))
    cable.mend()
    database = notes.connect(real.set(port=cable.port).render_as_string(hide_password=False))
    draft = notes.Draft("note", "GLOW-SERUM", date(2025, 3, 3), text="before")
    kept = notes.add(database, draft, author=notes.UNSIGNED)

    cable.cut()
    with pytest.raises(notes.NotesUnavailable, match=f"on 127.0.0.1:{cable.port}"):
        notes.entries(database)
    with pytest.raises(notes.NotesUnavailable):
        notes.add(database, draft, author=notes.UNSIGNED)

    cable.mend()
    assert notes.entries(database) == [kept]  # dead connections replaced, nothing lost
    notes.add(database, draft, author=notes.UNSIGNED)
    assert len(notes.entries(database)) == 2
    database.close()
    cable.cut()

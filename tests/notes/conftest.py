"""Every notes test runs twice: on an SQLite file and on a real PostgreSQL server.

The PostgreSQL server is the one named by TANDEM_TEST_POSTGRES_URL (.ci/postgres.sh
starts one from Debian's postgresql and exports it). Each test gets a schema of its own
there, dropped afterwards. Without that variable the PostgreSQL runs skip with a
one-line reason, except under CI=true, where they fail: CI must test both backends.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import notes

POSTGRES_URL = "TANDEM_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")


def postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_URL)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"no PostgreSQL under CI=true: .ci/run must export {POSTGRES_URL}")
        pytest.skip(f"no PostgreSQL ({POSTGRES_URL} unset; source .ci/postgres.sh to start one)")
    return url


def _admin_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections see only a fresh schema of their own."""
    base = postgres_base_url()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_admin_url(base))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield (
            make_url(base)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return notes.sqlite_url(tmp_path / "notes.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def database(database_url: str) -> Iterator[notes.Database]:
    opened = notes.connect(database_url)
    yield opened
    opened.close()

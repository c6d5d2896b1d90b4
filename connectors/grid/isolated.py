"""Binary exports (XLSX, Parquet) are decoded in a child process, never in the app's.

Their readers are Rust libraries that end the whole process when a file asks for the
impossible, and no Python `except` can stop that. Measured with polars 2.1 and
fastexcel 0.21: a 735-byte Parquet file with one byte changed asks for 2.3 exabytes and
aborts (tests/fixtures/bad/parquet_aborts_reader.parquet); a 1.5 KB workbook with cells
at A1 and XFD1048576 makes the Excel reader allocate 17 billion cells and abort
(xlsx_far_cell.xlsx). In the app's process either would end every user's session. The
child gets a memory ceiling and a time limit; the app gets a frame or a reason.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal

import polars as pl

from connectors.grid.isolated_child import FAILED, MARK

CHILD = Path(__file__).with_name("isolated_child.py")
CHILD_MEMORY = 2 * 1024**3  # address space; a 50 MB export decodes well within it
CHILD_SECONDS = 60.0


class DecodeFailed(Exception):
    """The child could not decode the file; the message says why in plain words."""


def decode(
    kind: Literal["xlsx", "parquet"], data: bytes, *, sheet: str | None = None
) -> tuple[pl.DataFrame, dict[str, Any]]:
    """The frame the reader makes of `data`, and its header (the worksheet names and the
    one read: `sheet`, else the first with data)."""
    # -I: the child ignores PYTHON* variables and the working folder; fewer threads keep
    # its memory reservations small.
    env = os.environ | {"POLARS_MAX_THREADS": "2", "RUST_BACKTRACE": "0"}
    command = [
        sys.executable,
        "-I",
        str(CHILD),
        kind,
        str(CHILD_MEMORY),
        *([sheet] if sheet else []),
    ]
    try:
        done = subprocess.run(
            command, input=data, capture_output=True, timeout=CHILD_SECONDS, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise DecodeFailed(f"reading it took longer than {CHILD_SECONDS:g} s") from None
    except OSError as exc:
        raise DecodeFailed(f"the reader process could not start ({exc.strerror})") from None
    if done.returncode == FAILED:
        reason = done.stderr.decode("utf-8", "replace").rpartition(MARK)[2].strip()
        raise DecodeFailed(reason or "the reader refused it")
    if done.returncode != 0:
        raise DecodeFailed(
            "the reader was stopped: the file made it ask for more memory than allowed, or crash"
        )
    return _unpack(done.stdout)


def _unpack(output: bytes) -> tuple[pl.DataFrame, dict[str, Any]]:
    (length,) = struct.unpack_from("<I", output)
    header = json.loads(output[4 : 4 + length])
    return pl.read_ipc(io.BytesIO(output[4 + length :])), header

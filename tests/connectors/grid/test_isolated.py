"""XLSX and Parquet are decoded in a child process: a reader that aborts takes only it down.

The two files below abort the process that reads them (polars 2.1, fastexcel 0.21).
Read in the app's own process they would end every session; through `read_upload`
they are refused and the test process, like the app, carries on.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from connectors import read_upload
from connectors.grid import isolated

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "bad"
IN_PROCESS = {
    "parquet_aborts_reader.parquet": (
        "import io, sys, polars as pl; pl.read_parquet(io.BytesIO(sys.stdin.buffer.read()))"
    ),
    "xlsx_far_cell.xlsx": (
        "import sys, fastexcel; fastexcel.read_excel(sys.stdin.buffer.read())"
        ".load_sheet(0, header_row=None, dtypes='string').to_polars()"
    ),
}


@pytest.mark.parametrize("name", sorted(IN_PROCESS))
def test_read_in_process_the_file_would_abort_the_app(name: str) -> None:
    # The hazard itself, shown in a throwaway process; should a reader stop aborting
    # after an upgrade, this fails and says so, and the isolation stays as a defence.
    done = subprocess.run(
        [sys.executable, "-c", IN_PROCESS[name]],
        input=(CORPUS / name).read_bytes(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode < 0  # killed by a signal (SIGABRT), not an exception


@pytest.mark.parametrize("name", sorted(IN_PROCESS))
def test_through_the_child_it_is_refused_and_the_app_carries_on(name: str) -> None:
    read = read_upload(name, (CORPUS / name).read_bytes())
    assert read.health.error is not None
    assert read.health.error.endswith(
        "(the reader was stopped: the file made it ask for more memory than allowed, or crash)"
    )


def test_a_child_past_its_time_limit_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolated, "CHILD_SECONDS", 0.01)
    data = (CORPUS / "wrong_dtypes.parquet").read_bytes()
    read = read_upload("slow.parquet", data)
    assert read.health.error == (
        "slow.parquet is not a readable Parquet file (reading it took longer than 0.01 s)"
    )


BOUNDS = {
    "rows": 10,
    "columns": 10,
    "cells": 100,
    "cell_chars": 100,
    "text_bytes": 1000,
    "long_rows": 5,
}


def test_a_good_parquet_comes_back_whole_with_its_measures() -> None:
    data = (CORPUS / "wrong_dtypes.parquet").read_bytes()
    frame, header = isolated.decode("parquet", data, BOUNDS)
    assert frame is not None
    assert frame.columns == ["date", "campaign", "channel", "spend", "impressions"]
    assert frame["impressions"].to_list() == [1000.0, 2000.5, 3000.0]
    # date, campaign, channel and spend are text: 10+10+7, 11+11+11, 11+11+11, 6+8+3 bytes
    assert header == {"rows": 3, "columns": 5, "long_rows": [], "text_bytes": 27 + 33 + 33 + 17}


def test_a_file_over_a_bound_sends_its_measures_and_no_frame() -> None:
    data = (CORPUS / "wrong_dtypes.parquet").read_bytes()
    frame, header = isolated.decode("parquet", data, BOUNDS | {"rows": 2})
    assert frame is None and header == {"rows": 3, "columns": 5}  # from the footer alone
    frame, header = isolated.decode("parquet", data, BOUNDS | {"text_bytes": 109})
    assert frame is None and header["text_bytes"] == 110
    frame, header = isolated.decode("parquet", data, BOUNDS | {"cell_chars": 10})
    # Every row holds an 11-character campaign ("Glow launch"): all are left out.
    assert frame is not None and frame.height == 0 and header["long_rows"] == [0, 1, 2]

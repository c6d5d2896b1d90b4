from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from connectors.sources.config import KINDS, ConfigError, load_config

REPO = Path(__file__).resolve().parents[3]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_demo_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TANDEM_SOURCES", raising=False)
    monkeypatch.chdir(tmp_path)
    assert load_config() is None
    assert load_config(tmp_path / "missing.toml") is None


def test_entries_paths_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "ads.csv").write_text("x\n", encoding="utf-8")
    path = _write(
        tmp_path,
        """
[settings]
snapshot_dir = "snaps"

[[source]]
name = "Ads"
kind = "file"
path = "exports/ads.csv"
format = "google_ads"

[[source]]
name = "Exports"
kind = "folder"
path = "exports"

[[source]]
name = "Plan"
kind = "gsheet"
url = "https://docs.google.com/spreadsheets/d/abc/edit#gid=7"
table = "launches"

[[source]]
name = "Demo"
kind = "demo"
seed = 7
leads = 500
""",
    )
    monkeypatch.setenv("TANDEM_SOURCES", str(path))
    config = load_config()
    assert config is not None
    ads, folder, plan, demo = config.sources
    assert (ads.kind, ads.path, ads.format) == (
        "file",
        tmp_path / "exports" / "ads.csv",
        "google_ads",
    )
    assert folder.path == tmp_path / "exports"
    assert (plan.url, plan.table, plan.gid) == (
        "https://docs.google.com/spreadsheets/d/abc/edit#gid=7",
        "launches",
        None,
    )
    assert dict(demo.options) == {"seed": 7, "leads": 500}
    assert len({ads, folder, plan, demo}) == 4  # hashable: the UI may cache on a source
    assert config.snapshot_dir == tmp_path / "snaps"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('kind = "file"\npath = "x"', "source #1: field 'name' is missing"),
        ('name = "A"\nkind = "ftp"', "'A': field 'kind' must be one of gsheet, file, folder, demo"),
        ('name = "A"\nkind = "file"', "'A': field 'path' is missing"),
        ('name = "A"\nkind = "file"\npath = "nowhere.csv"', "'A': field 'path': no file at"),
        ('name = "A"\nkind = "folder"\npath = "nowhere"', "'A': field 'path': no folder at"),
        ('name = "A"\nkind = "gsheet"', "'A': field 'url' \\(or 'key'\\) is missing"),
        ('name = "A"\nkind = "gsheet"\nkey = "k"\ngid = "x"', "'A': field 'gid' must be a whole"),
        (
            'name = "A"\nkind = "demo"\npassword = "x"',
            "'A' \\(kind 'demo'\\): unknown key 'password' \\(valid keys: name, kind, table, "
            "format, seed, leads\\)",
        ),
        ('name = "A"\nkind = "demo"\ntable = "sales"', "'A': field 'table' must be one of"),
        ('name = "A"\nkind = "demo"\nformat = "xls"', "'A': field 'format' must be one of"),
        ('name = "A"\nkind = "demo"\nseed = "x"', "'A': field 'seed' must be a whole number"),
    ],
)
def test_a_bad_entry_names_the_entry_and_field(tmp_path: Path, entry: str, message: str) -> None:
    path = _write(tmp_path, f"[[source]]\n{entry}\n")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_duplicate_names_and_broken_toml(tmp_path: Path) -> None:
    twice = '[[source]]\nname = "A"\nkind = "demo"\n' * 2
    with pytest.raises(ConfigError, match="'A': field 'name' is used by two sources"):
        load_config(_write(tmp_path, twice))
    with pytest.raises(ConfigError, match="cannot be read as TOML"):
        load_config(_write(tmp_path, "[[source]\n"))


def test_the_example_file_is_valid_toml_with_known_kinds() -> None:
    document = tomllib.loads((REPO / "sources.example.toml").read_text(encoding="utf-8"))
    kinds = {entry["kind"] for entry in document["source"]}
    assert kinds == set(KINDS)
    assert all("private_key" not in str(entry) for entry in document["source"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[sources]]\nname = "A"\nkind = "demo"\n',
            "{path}: unknown key 'sources' (did you mean 'source'?)",
        ),
        (
            '[setings]\nsnapshot_dir = "x"\n',
            "{path}: unknown key 'setings' (did you mean 'settings'?)",
        ),
        (
            '[settings]\nreporting_curency = "EUR"\n',
            "{path}: [settings]: unknown key 'reporting_curency' (did you mean "
            "'reporting_currency'?)",
        ),
        (
            '[[source]]\nname = "Plan"\nkind = "gsheet"\nkey = "k"\nworksheet = "Rules"\n',
            "'Plan' (kind 'gsheet'): unknown key 'worksheet' (did you mean 'sheet'?)",
        ),
        (
            '[[source]]\nname = "Ads"\nkind = "folder"\npaths = "."\n',
            "'Ads' (kind 'folder'): unknown key 'paths' (did you mean 'path'?)",
        ),
        (
            '[settings]\nreporting_currency = "euro"\n',
            "{path}: [settings] field 'reporting_currency' must be a three-letter currency "
            "code such as EUR, not 'euro'",
        ),
    ],
)
def test_an_unknown_key_anywhere_is_refused_with_the_nearest_valid_one(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == message.format(path=path)


def test_settings_and_a_workbook_sheet(tmp_path: Path) -> None:
    (tmp_path / "plan.xlsx").write_bytes(b"")
    path = _write(
        tmp_path,
        '[settings]\nreporting_currency = "GBP"\n\n'
        '[[source]]\nname = "Plan"\nkind = "file"\npath = "plan.xlsx"\nsheet = "Launches"\n',
    )
    config = load_config(path)
    assert config is not None
    assert config.reporting_currency == "GBP"
    assert config.sources[0].sheet == "Launches"

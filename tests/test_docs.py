"""The documents users read: the dataset card, the R example, the definitions the tables follow."""

from __future__ import annotations

import re

import pytest
import yaml

from etl.tables.schema import TABLES, fields

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
ANNOTATION = ROOT / "docs" / "annotation.md"


def front_matter(text: str) -> dict:
    """The YAML between the first two `---` lines, as the Hugging Face Hub reads a dataset card."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, "README.md does not start with YAML front matter"
    return yaml.safe_load(match.group(1))


def test_the_dataset_card_has_one_config_per_table_pointing_at_its_parquet_file():
    card = front_matter(README)
    assert card["license"] == "cc-by-4.0"
    configs = {c["config_name"]: c for c in card["configs"]}
    assert sorted(configs) == sorted(TABLES) and len(card["configs"]) == len(TABLES)
    assert {name: c["data_files"] for name, c in configs.items()} == {t: f"dist/{t}.parquet" for t in TABLES}
    assert [name for name, c in configs.items() if c.get("default")] == ["meetings"]


def test_front_matter_of_a_readme_without_it_is_refused():
    with pytest.raises(AssertionError, match="front matter"):
        front_matter("# Title\n")


def test_the_readme_r_example_is_the_code_nox_r_runs():
    block = re.findall(r"```r\n(.*?)```", README, re.S)[0]  # the first R example; the SQLite one follows
    script = (ROOT / "tests" / "r" / "readme_example.R").read_text(encoding="utf-8")
    assert script.split("\n", 1)[1] == block  # after its one comment line
    assert "readme_example.R" in (ROOT / "noxfile.py").read_text(encoding="utf-8")
    assert "library(readr)" in block and "library(jsonlite)" in block


def test_the_definitions_are_linked_and_name_every_allowed_value():
    text = ANNOTATION.read_text(encoding="utf-8")
    for doc in ("README.md", "CONTRIBUTING.md"):
        assert "docs/annotation.md" in (ROOT / doc).read_text(encoding="utf-8"), doc
    assert "ANNOTATION.md" not in README
    enums = [("meetings", "format"), ("meetings", "level"), ("statements", "act"), ("participants", "role")]
    for table, field in enums:
        (spec,) = [f for f in fields(table) if f["name"] == field]
        missing = [v for v in spec["constraints"]["enum"] if f"`{v}`" not in text]
        assert not missing, f"docs/annotation.md does not define {table}.{field} = {missing}"
    for column in ("content", "refers_to_statement_id", "speaker_side", "start_time", "parent_topic_id"):
        assert f"`{column}`" in text, column

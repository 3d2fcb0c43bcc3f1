"""The published package as the site reads it: the descriptor and typed rows of each table."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyarrow.parquet as pq

from etl.errors import InputError

DESCRIPTOR = "datapackage.json"


@dataclass
class Package:
    folder: Path
    descriptor: dict

    @classmethod
    def read(cls, folder: Path) -> Package:
        path = folder / DESCRIPTOR
        if not path.is_file():
            raise InputError(str(path), "no data package here", hint="run `nox -s build` first, or pass --package")
        return cls(folder, json.loads(path.read_text(encoding="utf-8")))

    @property
    def tables(self) -> list[dict]:
        """One resource per table (the CSV ones; each has a Parquet twin named <table>-parquet)."""
        return [r for r in self.descriptor["resources"] if not r["name"].endswith("-parquet")]

    def resource(self, table: str) -> dict:
        return next(r for r in self.tables if r["name"] == table)

    @cached_property
    def rows(self) -> dict[str, list[dict]]:
        """Rows of every table, typed (dates, integers, booleans, None) as the build made them."""
        by_name = {r["name"]: r for r in self.descriptor["resources"]}
        out = {}
        for res in self.tables:
            twin = by_name.get(f"{res['name']}-parquet")
            if twin is None:
                raise InputError(str(self.folder / DESCRIPTOR), f"no Parquet resource for {res['name']}")
            out[res["name"]] = pq.read_table(self.folder / twin["path"]).to_pylist()
        return out

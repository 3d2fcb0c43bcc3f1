"""`python -m etl site|serve` and `check --html`: the browsable view of the package and of one readout."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from etl.errors import InputError
from etl.run.parse import Parsed
from etl.site.links import Links
from etl.site.page import readout_page

if TYPE_CHECKING:
    from etl.site.build import SiteReport

# etl.site.build (sqlite-utils, the `site` extra) is imported only by `site` and `serve`: `check --html`
# needs Jinja alone, which every install has

CHECK_NOTE = (
    "Preview made by `python -m etl check --html` from {file}: this readout is not in the package yet, "
    "so its rows link nowhere. {problems}"
)


def site(package: Path, out: Path) -> SiteReport:
    from etl.site.build import build_site

    return build_site(package, out)


def serve(out: Path, host: str, port: int) -> int:
    from etl.site.build import DB_FILE, datasette_command

    if not (out / DB_FILE).is_file():
        raise InputError(str(out / DB_FILE), "no site here", hint="run `nox -s site` (python -m etl site) first")
    print(f"serving {out} at http://{host}:{port}/ (Ctrl-C stops)")
    try:
        # the installed datasette with a fixed argument list, no shell
        return subprocess.call(datasette_command(out, host, port))  # noqa: S603
    except KeyboardInterrupt:  # Ctrl-C reaches Datasette too, which stops by itself
        return 0


def check_page(parsed: Parsed, target: Path, problems: list[str]) -> None:
    """The annotated page of a readout parsed by `check`, as one self-contained HTML file."""
    said = f"The check found {len(problems)} error(s) or warning(s), printed by the command." if problems else ""
    note = CHECK_NOTE.format(file=parsed.file.name, problems=said).strip()
    target.write_text(readout_page(parsed.rows, Links(served=False), note=note), encoding="utf-8")

"""The house rule that every module reads in one sitting: no Python file of the project over 300 lines."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 300


def test_no_module_is_over_the_limit():
    modules = [ROOT / "noxfile.py", *(p for d in ("etl", "tests", "benchmarks") for p in (ROOT / d).rglob("*.py"))]
    assert len(modules) > 50
    long = {
        str(p.relative_to(ROOT)): n for p in modules if (n := len(p.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert long == {}, f"split these modules (more than {LIMIT} lines): {long}"

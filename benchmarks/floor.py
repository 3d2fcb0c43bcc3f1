"""The floor of a build: the least work any build of the corpus must do, measured on the same machine.

Read every readout, NFKC-normalise it, split it into sentences and write the
sentences to one Parquet file, on every core.  A build also decodes, finds
the layout, people, speakers, acts and agreements, and validates; its time
divided by this floor says how much it spends on that, independent of the
machine.
"""

from __future__ import annotations

import re
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

_SENTENCE = re.compile(r"[^。\n]+。?")


def _sentences(paths: list[Path]) -> list[tuple[str, str]]:
    out = []
    for path in paths:
        text = unicodedata.normalize("NFKC", path.read_text(encoding="utf-8"))
        out += [(path.name, s) for s in _SENTENCE.findall(text)]
    return out


def floor_seconds(folder: Path, out: Path, jobs: int) -> float:
    """Seconds to read, normalise, split and write every readout of folder with `jobs` processes."""
    start = time.perf_counter()
    files = sorted(folder.glob("*.txt"))
    chunks = [files[i : i + 64] for i in range(0, len(files), 64)]
    names, sentences = [], []
    with ProcessPoolExecutor(jobs) as pool:
        for part in pool.map(_sentences, chunks):
            names += [n for n, _ in part]
            sentences += [s for _, s in part]
    pq.write_table(pa.table({"file": names, "sentence": sentences}), out)
    return time.perf_counter() - start


if __name__ == "__main__":  # python -m benchmarks.floor FOLDER OUT JOBS: the seconds, in a process of its own
    import sys

    print(f"{floor_seconds(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])):.6f}")

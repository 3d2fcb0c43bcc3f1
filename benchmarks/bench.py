"""The build benchmark: `nox -s bench` or `python -m benchmarks.bench [--sizes 1000 10000] [--corpus full short twins]`.

Three corpora: `full`, readouts as long as real summit readouts
(benchmarks/summit.py: sections, sub-sections, multi-clause statements,
mixed with short telephone talks); `short`, the 1-60 statement readouts
of benchmarks/generate.py; and `twins`, the full corpus where a share of the
summits comes with its English readout (benchmarks/english.py), as real
corpora do, so that pairing and aligning twins is measured too.  For each
corpus and size N it writes the corpus and, in a fresh process so that peak
memory is that size's own, runs:

1. the floor (benchmarks/floor.py): read, NFKC-normalise, split into
   sentences and write them to Parquet on every core;
2. a clean build with an empty parse cache, stage by stage;
3. frictionless row validation of the CSV resources (etl/frictionless_check.py);
4. an incremental rebuild after one readout was changed (cache warm).

It prints a table per corpus, a verdict against the targets of issue 17, and
writes every figure to a JSON file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.english import write_twins_corpus
from benchmarks.generate import write_corpus
from benchmarks.memory import TreeMemory, others_mb
from benchmarks.summit import write_full_corpus
from etl.run.parse import default_jobs
from etl.run.timing import Stages, peak_rss_mb

CORPORA = {"full": write_full_corpus, "short": write_corpus, "twins": write_twins_corpus}
TARGETS = {  # issue 17, for the full-length corpus
    "seconds_10000": 15.0,
    "floor_ratio": 3.0,
    "peak_mb": 1024.0,
    "growth_10x": 11.0,
    "incremental_seconds": 1.0,
}
WORKER_STEPS = ("read", "normalise", "extract", "rows", "cache")


def _change_one(folder: Path) -> None:
    """Edit one readout as a contributor fixing a typo would: a statement gains a sentence."""
    readouts = sorted(folder.glob("*.txt"))
    victim = readouts[len(readouts) // 2]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(
        text.rstrip("\n") + "\n（付記）両首脳は，引き続き緊密に連携していくことで一致した。\n", encoding="utf-8"
    )


def _apart(*args: str) -> str:
    """Run `python -m ARGS` from the project's root, in a process of its own; its output."""
    root = Path(__file__).resolve().parents[1]
    return subprocess.run([sys.executable, "-m", *args], check=True, capture_output=True, text=True, cwd=root).stdout


def _floor_apart(folder: Path, out: Path, jobs: int) -> float:
    """The floor (benchmarks/floor.py), apart, so that its memory is not counted as the build's."""
    return float(_apart("benchmarks.floor", str(folder), str(out), str(jobs)).split()[-1])


def _generate_apart(corpus: str, folder: Path, n: int, seed: int) -> None:
    """Write the corpus apart, so that the generator's memory is not counted as the build's."""
    _apart("benchmarks.bench", "--write", str(folder), "--one", str(n), "--corpus", corpus, "--seed", str(seed))


def _frictionless(package: Path) -> float:
    from etl.package.frictionless_check import validate_package

    start = time.perf_counter()
    problems = validate_package(package, ("csv",))
    if problems:
        raise SystemExit("frictionless found the built package invalid:\n" + "\n".join(problems[:5]))
    return time.perf_counter() - start


def run_one(n: int, jobs: int, seed: int, corpus: str = "full") -> dict:
    """Measure one corpus size in this process."""
    from etl.run.build import build  # here, not at the top: parse workers import __main__, this module

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        _generate_apart(corpus, root / "readouts", n, seed)
        generate_s = time.perf_counter() - t
        text_mb = sum(p.stat().st_size for p in (root / "readouts").glob("*.txt")) / 1e6
        floor_s = _floor_apart(root / "readouts", root / "floor.parquet", jobs)
        stages = Stages()
        t = time.perf_counter()
        with TreeMemory() as tree:
            report = build(root / "readouts", root / "out", cache=root / "cache", jobs=jobs, stages=stages)
        clean_s = time.perf_counter() - t
        peak_main = peak_rss_mb()
        # the build process's own peak is exact, and the processes it leaves (forkserver, tracker) were there
        peak_together = max(tree.peak_mb or 0.0, peak_main + others_mb(os.getpid()))
        frictionless_s = _frictionless(root / "out")
        _change_one(root / "readouts")
        again = Stages()
        t = time.perf_counter()
        build(root / "readouts", root / "out", cache=root / "cache", jobs=jobs, stages=again)
        incremental_s = time.perf_counter() - t
    return {
        "corpus": corpus,
        "readouts": n,
        "text_mb": round(text_mb, 1),
        "rows": report.rows,
        "floor_seconds": round(floor_s, 3),
        "floor_ratio": round(clean_s / floor_s, 1),
        "generate_seconds": round(generate_s, 3),
        "build_seconds": round(clean_s, 3),
        "readouts_per_second": round(n / clean_s, 1),
        "stages": [{"stage": s.name, "seconds": round(s.seconds, 3), "peak_mb": round(s.peak_mb)} for s in stages.done],
        "worker_cpu_seconds": {k: round(v, 3) for k, v in stages.worker_seconds.items()},
        "peak_mb": round(peak_main),
        "worker_peak_mb": round(stages.worker_peak_mb),
        "peak_total_mb": round(peak_main + jobs * stages.worker_peak_mb),
        "peak_together_mb": round(peak_together),
        "frictionless_validate_seconds": round(frictionless_s, 3),
        "incremental_seconds": round(incremental_s, 3),
        "incremental_stages": [{"stage": s.name, "seconds": round(s.seconds, 3)} for s in again.done],
    }


def _table(results: list[dict]) -> str:
    names = [s["stage"] for s in results[0]["stages"]]
    head = ["stage"] + [f"N={r['readouts']}" for r in results]
    rows = [
        [f"{name} [s]"] + [f"{next(s['seconds'] for s in r['stages'] if s['stage'] == name):.2f}" for r in results]
        for name in names
    ]
    for step in WORKER_STEPS:
        if any(step in r["worker_cpu_seconds"] for r in results):
            rows.append([f"  {step} (worker CPU s)"] + [f"{r['worker_cpu_seconds'].get(step, 0):.2f}" for r in results])
    rows += [
        ["build total [s]"] + [f"{r['build_seconds']:.2f}" for r in results],
        ["floor: read, NFKC, split, Parquet [s]"] + [f"{r['floor_seconds']:.2f}" for r in results],
        ["build / floor"] + [f"{r['floor_ratio']:.1f}" for r in results],
        ["text [MB]"] + [f"{r['text_mb']:.1f}" for r in results],
        ["readouts per second"] + [f"{r['readouts_per_second']:.0f}" for r in results],
        ["peak memory, main [MB]"] + [str(r["peak_mb"]) for r in results],
        ["peak memory, one worker [MB]"] + [str(r["worker_peak_mb"]) for r in results],
        ["peak memory, all processes together [MB]"] + [str(r["peak_together_mb"]) for r in results],
        ["peak memory, sum of each process's peak [MB]"] + [str(r["peak_total_mb"]) for r in results],
        ["frictionless, CSV rows [s]"] + [f"{r['frictionless_validate_seconds']:.2f}" for r in results],
        ["incremental rebuild [s]"] + [f"{r['incremental_seconds']:.2f}" for r in results],
    ]
    widths = [max(len(x[i]) for x in [head, *rows]) for i in range(len(head))]
    fmt = lambda cells: "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(cells))  # noqa: E731
    return "\n".join([fmt(head), fmt(["-" * w for w in widths]), *map(fmt, rows)])


def _check(value: float, target: float) -> str:
    return "met" if value <= target else "NOT met"


def _verdict(results: list[dict]) -> list[str]:
    """Lines comparing the full-length corpus with the targets of issue 17."""
    by_n = {r["readouts"]: r for r in results}
    out = []
    if 10_000 in by_n:
        r = by_n[10_000]
        rebuilt = _check(r["incremental_seconds"], TARGETS["incremental_seconds"])
        out.append(
            f"10,000 readouts: {r['build_seconds']:.1f} s (target ≤ {TARGETS['seconds_10000']:.0f} s: "
            f"{_check(r['build_seconds'], TARGETS['seconds_10000'])})"
        )
        out.append(
            f"peak memory, all processes together: {r['peak_together_mb']} MB (target ≤ {TARGETS['peak_mb']:.0f} MB: "
            f"{_check(r['peak_together_mb'], TARGETS['peak_mb'])}; the sum of each one's peak: {r['peak_total_mb']} MB)"
        )
        out.append(
            f"one-readout rebuild: {r['incremental_seconds']:.2f} s (target ≤ "
            f"{TARGETS['incremental_seconds']:.0f} s: {rebuilt})"
        )
    for r in results:
        out.append(
            f"N={r['readouts']}: build {r['floor_ratio']:.1f}× the floor (target ≤ "
            f"{TARGETS['floor_ratio']:.0f}×: {_check(r['floor_ratio'], TARGETS['floor_ratio'])})"
        )
    for small, big in zip(sorted(by_n), sorted(by_n)[1:]):
        ratio = by_n[big]["build_seconds"] / by_n[small]["build_seconds"]
        out.append(f"growth {small} -> {big}: ×{ratio:.1f} time for ×{big // small} readouts")
    return out


def _measure(n: int, corpus: str, jobs: int, seed: int) -> dict:
    """One size of one corpus, in a fresh process so that peak memory is its own."""
    print(f"measuring the {corpus} corpus, N={n} …", file=sys.stderr)
    cmd = [sys.executable, "-m", "benchmarks.bench", "--one", str(n), "--corpus", corpus]
    cmd += ["--jobs", str(jobs), "--seed", str(seed)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--corpus", nargs="+", choices=sorted(CORPORA), default=["full", "short", "twins"])
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", default="benchmarks/results.json", help="where to write the figures")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size, print JSON
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)  # internal: with --one, write that corpus
    args = parser.parse_args(argv)
    if args.write and args.one:
        CORPORA[args.corpus[0]](args.write, args.one, args.seed)
        return 0
    if args.one:
        print(json.dumps(run_one(args.one, args.jobs, args.seed, args.corpus[0])))
        return 0
    corpora = {c: [_measure(n, c, args.jobs, args.seed) for n in args.sizes] for c in args.corpus}
    machine = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": default_jobs(),
        "jobs": args.jobs,
    }
    print(f"machine: {machine}")
    for corpus, results in corpora.items():
        print(f"\n{corpus} corpus")
        print(_table(results))
    print("(validate and write overlap on two threads; worker CPU seconds are summed over processes)")
    if "full" in corpora:
        print("\ntargets, full-length corpus:")
        for line in _verdict(corpora["full"]):
            print("  " + line)
    figures = {"machine": machine, "targets": TARGETS, "corpora": corpora}
    Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The build benchmark: `nox -s bench` or `python -m benchmarks.bench [--sizes 100 1000 10000]`.

For each size N it writes a synthetic corpus (benchmarks/generate.py) and, in
a fresh process so that peak memory is that size's own, runs:

1. a clean build with an empty parse cache, stage by stage;
2. frictionless row validation of the CSV resources (etl/frictionless_check.py);
3. an incremental rebuild after one readout was changed (cache warm).

It prints a table and writes every figure to a JSON file.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import write_corpus
from etl.run.parse import default_jobs
from etl.run.timing import Stages, peak_rss_mb

TARGETS = {"seconds_10000": 30.0, "peak_mb": 1536.0, "growth_10x": 11.0, "incremental_seconds": 3.0}
WORKER_STEPS = ("read", "normalise", "extract", "rows", "cache")


def _change_one(folder: Path) -> None:
    """Edit one readout as a contributor fixing a typo would: a statement gains a sentence."""
    readouts = sorted(folder.glob("*.txt"))
    victim = readouts[len(readouts) // 2]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(
        text.rstrip("\n") + "\n（付記）両首脳は，引き続き緊密に連携していくことで一致した。\n", encoding="utf-8"
    )


def _frictionless(package: Path) -> float:
    from etl.package.frictionless_check import validate_package

    start = time.perf_counter()
    problems = validate_package(package, ("csv",))
    if problems:
        raise SystemExit("frictionless found the built package invalid:\n" + "\n".join(problems[:5]))
    return time.perf_counter() - start


def run_one(n: int, jobs: int, seed: int) -> dict:
    """Measure one corpus size in this process."""
    from etl.run.build import build  # here, not at the top: parse workers import __main__, this module

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        write_corpus(root / "readouts", n, seed)
        generate_s = time.perf_counter() - t
        stages = Stages()
        t = time.perf_counter()
        report = build(root / "readouts", root / "out", cache=root / "cache", jobs=jobs, stages=stages)
        clean_s = time.perf_counter() - t
        peak_main = peak_rss_mb()
        frictionless_s = _frictionless(root / "out")
        _change_one(root / "readouts")
        again = Stages()
        t = time.perf_counter()
        build(root / "readouts", root / "out", cache=root / "cache", jobs=jobs, stages=again)
        incremental_s = time.perf_counter() - t
    return {
        "readouts": n,
        "rows": report.rows,
        "generate_seconds": round(generate_s, 3),
        "build_seconds": round(clean_s, 3),
        "readouts_per_second": round(n / clean_s, 1),
        "stages": [{"stage": s.name, "seconds": round(s.seconds, 3), "peak_mb": round(s.peak_mb)} for s in stages.done],
        "worker_cpu_seconds": {k: round(v, 3) for k, v in stages.worker_seconds.items()},
        "peak_mb": round(peak_main),
        "worker_peak_mb": round(stages.worker_peak_mb),
        "peak_total_mb": round(peak_main + jobs * stages.worker_peak_mb),
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
        ["readouts per second"] + [f"{r['readouts_per_second']:.0f}" for r in results],
        ["peak memory, main [MB]"] + [str(r["peak_mb"]) for r in results],
        ["peak memory, one worker [MB]"] + [str(r["worker_peak_mb"]) for r in results],
        ["peak memory, all processes [MB]"] + [str(r["peak_total_mb"]) for r in results],
        ["frictionless, CSV rows [s]"] + [f"{r['frictionless_validate_seconds']:.2f}" for r in results],
        ["incremental rebuild [s]"] + [f"{r['incremental_seconds']:.2f}" for r in results],
    ]
    widths = [max(len(x[i]) for x in [head, *rows]) for i in range(len(head))]
    fmt = lambda cells: "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(cells))  # noqa: E731
    return "\n".join([fmt(head), fmt(["-" * w for w in widths]), *map(fmt, rows)])


def _verdict(results: list[dict]) -> list[str]:
    by_n = {r["readouts"]: r for r in results}
    out = []
    if 10_000 in by_n:
        r = by_n[10_000]
        out.append(f"10,000 readouts: {r['build_seconds']:.1f} s (target ≤ {TARGETS['seconds_10000']:.0f} s)")
        out.append(f"peak memory, all processes: {r['peak_total_mb']} MB (target ≤ {TARGETS['peak_mb']:.0f} MB)")
        out.append(
            f"incremental rebuild: {r['incremental_seconds']:.2f} s (target ≤ {TARGETS['incremental_seconds']:.0f} s)"
        )
    for small, big in zip(sorted(by_n), sorted(by_n)[1:]):
        ratio = by_n[big]["build_seconds"] / by_n[small]["build_seconds"]
        out.append(f"growth {small} -> {big}: ×{ratio:.1f} time for ×{big // small} readouts")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10_000])
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", default="benchmarks/results.json", help="where to write the figures")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size, print JSON
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.jobs, args.seed)))
        return 0
    results = []
    for n in args.sizes:
        print(f"measuring N={n} …", file=sys.stderr)
        cmd = [
            sys.executable,
            "-m",
            "benchmarks.bench",
            "--one",
            str(n),
            "--jobs",
            str(args.jobs),
            "--seed",
            str(args.seed),
        ]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    machine = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": default_jobs(),
        "jobs": args.jobs,
    }
    print(f"machine: {machine}")
    print(_table(results))
    print("(validate and write overlap on two threads; worker CPU seconds are summed over processes)")
    for line in _verdict(results):
        print(line)
    Path(args.json).write_text(json.dumps({"machine": machine, "results": results}, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Ingest CPU time of two versions, interleaved: a git revision against the working tree.

    python bench/compare.py HEAD~3               # 10 MB dump, 3 rounds
    python bench/compare.py 9637395 --mb 50 --rounds 5
    python bench/compare.py 9637395 --instructions   # instructions per MB (valgrind), the same on any run

Shared VMs drift by a third from one minute to the next, so a figure taken
now cannot be set against one taken an hour ago.  This runs the two versions
alternately, each in its own process, and keeps each one's least CPU time
(user + system) for `ingest(--no-annotate)` in-process: interpreter start and
imports are left out, and a busy neighbour can only add time, never take it.
With ``--instructions`` each version instead ingests a 1 MB dump under
valgrind's callgrind, twice and not at all, and the difference gives the
instructions one ingest of 1 MB takes: a count that does not drift with the
machine (it is not time: memory stalls are not in it).  It takes a few
minutes.  Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from ingest import write_dump  # noqa: E402

# Run inside each version's process: the least CPU time of `reps` ingests into fresh archives.
_CHILD = """
import os, sys, tempfile, time
from dateline.ingest import ingest
from dateline.store import Store
best = float("inf")
for _ in range(int(sys.argv[2])):
    with tempfile.TemporaryDirectory() as d:
        store = Store(os.path.join(d, "bench.db"))
        t = time.process_time()
        ingest([sys.argv[1]], store, annotate=False)
        best = min(best, time.process_time() - t)
        store.close()
print(best)
"""


def export_src(rev: str, into: str) -> str:
    """The ``src/`` tree of a git revision, unpacked under ``into``."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "src"], check=True, capture_output=True).stdout
    path = os.path.join(into, "rev.tar")
    with open(path, "wb") as f:
        f.write(archive)
    with tarfile.open(path) as t:
        t.extractall(into, filter="data")
    return os.path.join(into, "src")


def cpu_seconds(src: str, dump: Path, reps: int) -> float:
    env = {**os.environ, "PYTHONPATH": src}
    out = subprocess.run([sys.executable, "-c", _CHILD, str(dump), str(reps)], env=env, check=True,
                         capture_output=True, text=True).stdout
    return float(out)


def instructions_per_mb(src: str, dump: Path) -> float:
    """Instructions of one ingest of ``dump``, by callgrind (start-up and imports taken out)."""
    env = {**os.environ, "PYTHONPATH": src}
    counts = []
    for reps in (0, 2):
        run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c",
                              _CHILD, str(dump), str(reps)], env=env, check=True, capture_output=True, text=True)
        line = next(x for x in run.stderr.splitlines() if "Collected" in x)
        counts.append(int(line.split()[-1]))
    return (counts[1] - counts[0]) / 2 / (dump.stat().st_size / 1e6)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rev", help="git revision to compare the working tree against")
    ap.add_argument("--mb", type=float, default=10)
    ap.add_argument("--rounds", type=int, default=3, help="alternations (each version runs 2 ingests a round)")
    ap.add_argument("--instructions", action="store_true", help="count instructions (valgrind) instead of timing")
    args = ap.parse_args()
    if args.instructions:
        with tempfile.TemporaryDirectory(prefix="dateline-compare-") as work:
            dump = Path(work) / "dump.txt"
            write_dump(dump, 1)
            base = instructions_per_mb(export_src(args.rev, work), dump)
            new = instructions_per_mb(str(REPO / "src"), dump)
        print(f"{args.rev}: {base / 1e9:.3f} G instructions per MB ingested")
        print(f"working tree: {new / 1e9:.3f} G instructions per MB ingested")
        print(f"working tree / {args.rev}: {new / base:.3f}")
        return
    with tempfile.TemporaryDirectory(prefix="dateline-compare-") as work:
        dump = Path(work) / "dump.txt"
        write_dump(dump, args.mb)
        mb = dump.stat().st_size / 1e6
        versions = {args.rev: export_src(args.rev, work), "working tree": str(REPO / "src")}
        best = {name: float("inf") for name in versions}
        for _ in range(args.rounds):
            for name, src in versions.items():
                best[name] = min(best[name], cpu_seconds(src, dump, 2))
    for name, s in best.items():
        print(f"{name}: {s:.3f} s CPU for {mb:.0f} MB ({mb / s:.2f} MB per CPU-second)")
    print(f"working tree / {args.rev}: {best['working tree'] / best[args.rev]:.3f}")


if __name__ == "__main__":
    main()

"""Ingest CPU time of two versions, interleaved: a git revision against the working tree.

    python bench/compare.py HEAD~3               # 10 MB dump, 3 rounds
    python bench/compare.py 9637395 --mb 50 --rounds 5
    python bench/compare.py 9637395 --instructions   # instructions per MB (valgrind), the same on any run
    python bench/compare.py HEAD~3 --full --mb 3     # the whole ingest (annotate + link) on real text

Shared VMs drift by a third from one minute to the next, so a figure taken
now cannot be set against one taken an hour ago.  This runs the two versions
alternately, each in its own process, and keeps each one's least CPU time
(user + system) for `ingest(--no-annotate)` in-process: interpreter start and
imports are left out, and a busy neighbour can only add time, never take it.
With ``--instructions`` each version instead ingests a 1 MB dump under
valgrind's callgrind, twice and not at all, and the difference gives the
instructions one ingest of 1 MB takes: a count that does not drift with the
machine (it is not time: memory stalls are not in it).  It takes a few
minutes.  With ``--full`` each ingest is the whole path (segment, annotate,
store, link) of a dump of real article text (``bench/spark.py``'s, from
``../shared``), the least CPU time of the warm ingests is kept, and the
share of it spent linking (near-duplicates included) is printed too.
Prints figures; asserts nothing.
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

# Run inside each version's process: the least CPU time of `reps` ingests into fresh archives
# (argv[3] "full": annotated and linked, and the linking seconds of that ingest).
_CHILD = """
import os, sys, tempfile, time
import dateline.link.dedupe as dedupe, dateline.link.run as run
from dateline.ingest import ingest
from dateline.store import Store
full = sys.argv[3] == "full"
linking, depth = [0.0], [0]
def timed(f):
    def g(*a, **k):
        t = time.process_time()
        depth[0] += 1
        try:
            return f(*a, **k)
        finally:
            depth[0] -= 1
            if not depth[0]:
                linking[0] += time.process_time() - t
    return g
run.update_links, dedupe.link_new = timed(run.update_links), timed(dedupe.link_new)
best = (float("inf"), 0.0)
for _ in range(int(sys.argv[2])):
    with tempfile.TemporaryDirectory() as d:
        store = Store(os.path.join(d, "bench.db"))
        linking[0] = 0.0
        t = time.process_time()
        ingest([sys.argv[1]], store, annotate=full)
        best = min(best, (time.process_time() - t, linking[0]))
        store.close()
print(*best)
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


def cpu_seconds(src: str, dump: Path, reps: int, full: bool = False) -> tuple[float, float]:
    """(least CPU seconds of ``reps`` ingests, linking seconds of that one)."""
    env = {**os.environ, "PYTHONPATH": src}
    out = subprocess.run([sys.executable, "-c", _CHILD, str(dump), str(reps), "full" if full else "bare"], env=env,
                         check=True, capture_output=True, text=True).stdout
    cpu, linking = out.split()
    return float(cpu), float(linking)


def instructions_per_mb(src: str, dump: Path) -> float:
    """Instructions of one ingest of ``dump``, by callgrind (start-up and imports taken out)."""
    env = {**os.environ, "PYTHONPATH": src}
    counts = []
    for reps in (0, 2):
        run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c",
                              _CHILD, str(dump), str(reps), "bare"], env=env, check=True, capture_output=True, text=True)
        line = next(x for x in run.stderr.splitlines() if "Collected" in x)
        counts.append(int(line.split()[-1]))
    return (counts[1] - counts[0]) / 2 / (dump.stat().st_size / 1e6)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rev", help="git revision to compare the working tree against")
    ap.add_argument("--mb", type=float, default=10)
    ap.add_argument("--rounds", type=int, default=3, help="alternations (each version runs 2 ingests a round)")
    ap.add_argument("--instructions", action="store_true", help="count instructions (valgrind) instead of timing")
    ap.add_argument("--full", action="store_true",
                    help="the whole ingest (annotate + link) of real article text, with the linking share")
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
        if args.full:
            from spark import build_dump  # real article text from ../shared

            build_dump(dump, args.mb)
        else:
            write_dump(dump, args.mb)
        mb = dump.stat().st_size / 1e6
        versions = {args.rev: export_src(args.rev, work), "working tree": str(REPO / "src")}
        best = {name: (float("inf"), 0.0) for name in versions}
        for _ in range(args.rounds):
            for name, src in versions.items():
                best[name] = min(best[name], cpu_seconds(src, dump, 2, args.full))
    for name, (s, linking) in best.items():
        share = f", linking {linking:.2f} s ({100 * linking / s:.0f}%)" if args.full else ""
        print(f"{name}: {s:.3f} s CPU for {mb:.1f} MB ({mb / s:.2f} MB per CPU-second){share}")
    print(f"working tree / {args.rev}: {best['working tree'][0] / best[args.rev][0]:.3f}")


if __name__ == "__main__":
    main()

"""Ingest a small file into a large archive: seconds and peak memory.

    python bench/grow.py [--articles 100000] [--repeat 3]

The large archive is bench/realarchive.py's (real article text, repeated);
the small file is the three real articles held out of it.  Each run ingests
that file (annotate and link, as `dateline ingest` does) into a fresh copy
of the large archive and, interleaved, into an empty archive (the floor:
the same work with nothing to link against).  Prints the best and median
wall time and the peak resident memory of each.  Targets: < 2 s and
< 200 MB into 100,000 articles.  Needs ../shared (says so and stops without).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import realarchive  # noqa: E402

# the dateline command from whichever tree PYTHONPATH puts first (not -m: the
# command's modules would be loaded twice)
CLI = "import sys; sys.argv[0] = 'dateline'; from dateline.cli import app; app()"

# peak RSS of the child alone: a fresh python per run, read through wait4
_RUN = """
import os, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, ru = os.wait4(p.pid, 0)
print(time.perf_counter() - t, ru.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), ru.ru_utime + ru.ru_stime)
"""


def ingest_once(db: str, dump: str, src: str | None = None) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=src) if src else None
    out = subprocess.run([sys.executable, "-c", _RUN, sys.executable, "-c", CLI, "--db", db, "ingest",
                          "-q", dump], capture_output=True, text=True, check=True, env=env).stdout.split()
    secs, mb, code = float(out[0]), float(out[1]), int(out[2])
    if code != 0:
        raise SystemExit(f"ingest failed (exit {code})")
    return secs, mb


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--against", nargs=2, metavar=("SRC", "DB"),
                    help="also, interleaved: another source tree (e.g. a checkout's src/) on its own large archive")
    args = ap.parse_args()
    realarchive.require_sources()
    big = realarchive.build(f"/tmp/dateline-real-{args.articles}.db", args.articles)
    with tempfile.TemporaryDirectory(prefix="dateline-grow-") as tmp:
        dump = realarchive.held_out_dump(tmp)
        plan = {"into empty archive (floor)": (None, None),
                f"into {args.articles:,}-article archive": (None, big)}
        if args.against:
            plan[f"  the same, {args.against[0]}"] = (args.against[0], args.against[1])
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in plan}
        for i in range(args.repeat):
            for name, (src, archive) in plan.items():
                db = os.path.join(tmp, f"run{i}.db")
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(db + suffix):
                        os.unlink(db + suffix)
                if archive:
                    t = time.perf_counter()
                    shutil.copyfile(archive, db)
                    print(f"  (copied the archive in {time.perf_counter() - t:.0f}s)", file=sys.stderr)
                runs[name].append(ingest_once(db, dump, src))
                os.unlink(db)
        print(f"\ningest of a 3-article file, {args.repeat} interleaved runs each (wall s, peak MB)")
        for name, rs in runs.items():
            secs = [r[0] for r in rs]
            mbs = [r[1] for r in rs]
            print(f"  {name:44} best {min(secs):6.2f} s  median {statistics.median(secs):6.2f} s  "
                  f"peak {max(mbs):6.0f} MB")
        print("targets: < 2 s and < 200 MB into 100,000 articles")


if __name__ == "__main__":
    main()

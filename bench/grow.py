"""Ingest a small file into a large archive: seconds, CPU and peak memory.

    python bench/grow.py [--articles 10000 100000] [--repeat 3]

The large archives are bench/realarchive.py's (real article text, repeated).
Each is copied ONCE to a working archive (``/tmp/dateline-grow-N.db``,
migrated once, untimed) and every run ingests a new three-article file of
real text no archive holds (CoNLL-2003 validation stories from ``../shared``,
three different ones per run), annotated and linked as `dateline ingest`
does.  The floor, interleaved: the same file into an empty archive (the same
work with nothing to link against).  A run adds three articles to the
working archive, nothing else changes, so no run pays for copying gigabytes.
Prints the best and median wall time, the median CPU time per article and
the peak resident memory of each; the CPU per article is the figure to
compare between archive sizes on a loaded machine (flat as the archive
grows is the target).  Targets: < 2 s and < 200 MB into 100,000 articles.
Needs ../shared (says so and stops without).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
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


def ingest_once(db: str, dump: str, src: str | None = None) -> tuple[float, float, float]:
    """(wall s, peak MB, CPU s) of one `dateline ingest` in a fresh process."""
    env = dict(os.environ, PYTHONPATH=src) if src else None
    out = subprocess.run([sys.executable, "-c", _RUN, sys.executable, "-c", CLI, "--db", db, "ingest",
                          "-q", dump], capture_output=True, text=True, check=True, env=env).stdout.split()
    secs, mb, code, cpu = float(out[0]), float(out[1]), int(out[2]), float(out[3])
    if code != 0:
        raise SystemExit(f"ingest failed (exit {code})")
    return secs, mb, cpu


def new_texts() -> list:
    """Real stories no archive holds, in a fixed order (three per run)."""
    d = realarchive.SHARED / "dev" / "conll-people-dev" / "articles"
    files = sorted(p for p in d.glob("*.txt")) if d.is_dir() else []
    if not files:
        print(f"skipped: no CoNLL validation stories at {d} (this bench needs ../shared)")
        raise SystemExit(0)
    return files


def three_article_file(out_dir: str, files: list, run: int) -> str:
    path = os.path.join(out_dir, f"three-{run}.txt")
    picked = files[3 * run:3 * run + 3]
    with open(path, "w", encoding="utf-8") as f:
        for p in picked:
            f.write(p.read_text(encoding="utf-8", errors="replace").strip() + "\n\n\n")
    return path


def working_copy(articles: int) -> str:
    """The large archive copied once (and migrated, untimed) for the runs to add to."""
    work = os.path.join(tempfile.gettempdir(), f"dateline-grow-{articles}.db")
    if not os.path.exists(work):
        big = realarchive.build(os.path.join(tempfile.gettempdir(), f"dateline-real-{articles}.db"), articles)
        t = time.perf_counter()
        shutil.copyfile(big, work)
        print(f"  (copied {big} to {work} in {time.perf_counter() - t:.0f}s)", file=sys.stderr)
    from dateline.store import Store

    t = time.perf_counter()
    with Store(work) as s, s.transaction():
        s.refresh_claim_groups()  # a migration may have marked categories stale: grouped once, untimed
    with sqlite3.connect(work) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        n = c.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(f"  (working archive {work}: {n:,} articles, ready in {time.perf_counter() - t:.0f}s)", file=sys.stderr)
    return work


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, nargs="+", default=[100_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--against", metavar="SRC",
                    help="also, interleaved: another source tree (e.g. a checkout's src/) into the same archives")
    ap.add_argument("--first-run", type=int, default=0,
                    help="skip this many three-story files (ones the working archives took another way)")
    args = ap.parse_args()
    realarchive.require_sources()
    files = new_texts()
    works = {n: working_copy(n) for n in args.articles}
    trees = [("", None)] + ([(f" ({args.against})", args.against)] if args.against else [])
    # each archive takes each file once (a file it holds would add nothing):
    # the runs go on from the files the working archives took before
    used = args.first_run
    for work in works.values():
        with sqlite3.connect(work) as c:
            used = max(used, args.first_run + c.execute("SELECT count(*) FROM sources WHERE path LIKE '%three-%'").fetchone()[0])
    if (used + args.repeat * len(trees)) * 3 > len(files):
        raise SystemExit(f"the working archives have taken the new texts: delete {' '.join(works.values())}")
    runs: dict[str, list[tuple[float, float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="dateline-grow-") as tmp:
        for i in range(args.repeat):
            for t, (label, src) in enumerate(trees):
                dump = three_article_file(tmp, files, used + i * len(trees) + t)
                plan = [("into empty archive (floor)", None)] + \
                    [(f"into {n:,}-article archive", work) for n, work in works.items()]
                for name, work in plan:
                    db = work or os.path.join(tmp, "empty.db")
                    if not work:
                        for suffix in ("", "-wal", "-shm"):
                            if os.path.exists(db + suffix):
                                os.unlink(db + suffix)
                    runs.setdefault(name + label, []).append(ingest_once(db, dump, src))
    print(f"\ningest of a 3-article file, {args.repeat} interleaved runs each "
          "(wall s, CPU ms per article, peak MB)")
    for name, rs in runs.items():
        secs = [r[0] for r in rs]
        print(f"  {name:52} best {min(secs):6.2f} s  median {statistics.median(secs):6.2f} s  "
              f"CPU/article {statistics.median(r[2] for r in rs) / 3 * 1000:5.0f} ms  peak {max(r[1] for r in rs):5.0f} MB")
    print("targets: < 2 s and < 200 MB into 100,000 articles; CPU per article flat as the archive grows")


if __name__ == "__main__":
    main()

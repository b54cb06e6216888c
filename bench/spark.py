"""The Spark path against single-process ingest, on real text.  Prints
figures; asserts nothing.

    python bench/spark.py                          # ../shared/dev news + PolNeAR dev texts
    python bench/spark.py 'dumps/*.gz' --masters 'local[1]' 'local[2]'

For each master: the job's wall time (session start left out), articles/s,
and its speed-up over the first master; then `dateline load` of the output
and single-process `ingest` of the same inputs into fresh archives (linking
included in both), and whether the two archives hold the same rows.
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dateline.ingest import ingest  # noqa: E402
from dateline.spark import list_inputs, load, run  # noqa: E402
from dateline.store import Store  # noqa: E402

SHARED = REPO.parent / "shared" / "dev"
DEFAULT = [str(SHARED / "news" / "articles"), str(SHARED / "polnear" / "dev" / "text")]


def rows(path: str, table: str) -> list:
    db = sqlite3.connect(path)
    try:
        cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})") if not r[1].endswith("ed_at")]
        return sorted(map(repr, db.execute(f"SELECT {', '.join(cols)} FROM {table}")))
    finally:
        db.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*", default=DEFAULT)
    ap.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    args = ap.parse_args()
    from pyspark.sql import SparkSession

    files = list_inputs(args.inputs)
    mb = sum(Path(loc).stat().st_size for _, loc in files) / 1e6
    print(f"{len(files)} files, {mb:.1f} MB")
    tmp = Path(tempfile.mkdtemp(prefix="dateline-bench-spark-"))
    try:
        first = None
        for master in args.masters:
            spark = (SparkSession.builder.master(master).appName("dateline-bench")
                     .config("spark.ui.enabled", "false").getOrCreate())
            spark.sparkContext.setLogLevel("ERROR")
            out = tmp / ("out-" + "".join(c for c in master if c.isalnum()))
            t0 = time.perf_counter()
            counts = run(spark, args.inputs, str(out))
            secs = time.perf_counter() - t0
            spark.stop()
            first = first or secs
            print(f"\nspark {master:9s} {secs:7.1f} s  {counts['articles'] / secs:6.1f} articles/s  "
                  f"{mb / secs:5.2f} MB/s  x{first / secs:.2f}  (tasks: one per file)")
        loaded, ingested = tmp / "loaded.db", tmp / "ingested.db"
        t0 = time.perf_counter()
        with Store(str(loaded)) as store:
            totals = load(store, str(out))
        t_load = time.perf_counter() - t0
        t0 = time.perf_counter()
        with Store(str(ingested)) as store:
            ingest(args.inputs, store)
        t_ingest = time.perf_counter() - t0
        print(f"dateline load   {t_load:7.1f} s  ({totals['articles']} articles, {totals['new']} new, linked)")
        print(f"dateline ingest {t_ingest:7.1f} s  (one process, linked)")
        same = all(rows(str(loaded), t) == rows(str(ingested), t)
                   for t in ("articles", "quotes", "counts", "people", "persons", "story_articles", "claim_groups"))
        print(f"archives equal (articles, quotes, counts, people, persons, stories, claim groups): {same}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

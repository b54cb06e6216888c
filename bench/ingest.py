"""Ingest and search benchmarks.  Prints figures; asserts nothing.

    python bench/ingest.py                      # defaults: 50 MB throughput, 100,000-article search
    python bench/ingest.py --memory-mb 1024     # peak memory while ingesting a 1 GB dump

Dumps are generated from the sample dumps in examples/ (text we wrote), each
article varied so that every copy is a distinct article to store.

Figures:
  * throughput: segmenting + storing, no annotation (`ingest --no-annotate`), MB/s per core
  * search p95 over an archive of --articles articles
  * peak RSS of an ingest process reading a --memory-mb dump
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dateline.core import extract  # noqa: E402
from dateline.model import RawDocument  # noqa: E402

WORDS = ("river harbor council ferry bridge market school clinic railway mayor union farmers court budget "
         "storm drought festival museum border convoy strike election minister village valley port").split()
QUERIES = ["cease-fire", "port strike", "foreign minister", "convoy", "lighthouse", '"aid convoys"', "harbor",
           "detainees", "union", "Valdoria talks", "shelling", "volunteers", "river", "budget", "museum"]


def sample_articles(samples: Path | None = None) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of each article in the sample dumps: examples/ by
    default, or another folder of dumps (``--samples``)."""
    out = []
    for f in sorted((samples or REPO / "examples").glob("*.txt")):
        for a in extract(RawDocument(str(f), f.read_text(encoding="utf-8")), annotate=False):
            out.append((a.title or "Untitled Report From the Valley", a.text.split("\n\n")))
    return out


def _letters(n: int) -> str:
    """0 -> "a", 27 -> "bb": tags without digits (repetition folds digits)."""
    s = ""
    while True:
        n, r = divmod(n, 26)
        s = chr(97 + r) + s
        if n == 0:
            return s


def _vary(paragraph: str, words: str) -> str:
    """Slip distinct words in after the paragraph's first word."""
    first, _, rest = paragraph.partition(" ")
    return f"{first} {words} {rest}" if rest else paragraph


def write_dump(path: Path, megabytes: float, seed: int = 7, samples: Path | None = None) -> int:
    """A dump of distinct articles, about ``megabytes`` MB.  Returns articles written."""
    rnd = random.Random(seed)
    samples = sample_articles(samples)
    target = int(megabytes * 1_000_000)
    n = written = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write("The Bench Gazette 2026-03-01 10:00:00\n\n")
        while written < target:
            title, paras = samples[n % len(samples)]
            tag = f"{rnd.choice(WORDS)} {_letters(n)}"
            block = [f"{title} in {tag.title()}"]
            block += [_vary(p, f"{rnd.choice(WORDS)} {tag}") for p in paras]
            block.append("Subscribe to The Gazette to read as many articles as you like.")
            s = "\n\n".join(block) + "\n\n"
            f.write(s)
            written += len(s.encode())
            n += 1
    return n


def run_ingest(db: Path, dump: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of a `dateline ingest --no-annotate` process."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "dateline.cli", "--db", str(db), "ingest", "-q", "--no-annotate",
                           str(dump)], capture_output=True, text=True)
    dt = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(proc.stderr)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return dt, rss


def bench_search(db: Path, rounds: int = 20) -> dict:
    from dateline.store import Store

    times = []
    with Store(str(db), readonly=True) as s:
        for _ in range(rounds):
            for q in QUERIES:
                t = time.perf_counter()
                s.search(q, limit=20)
                times.append((time.perf_counter() - t) * 1000)
        n = s.stats()["articles"]
    times.sort()
    return {"articles": n, "queries": len(times), "p50_ms": statistics.median(times),
            "p95_ms": times[int(0.95 * len(times)) - 1], "max_ms": times[-1]}


def reference_loop() -> float:
    """Seconds a fixed pure-Python loop takes: how fast this machine is right
    now (shared VMs drift; figures from runs whose loops differ don't compare)."""
    t = time.perf_counter()
    n = 0
    for i in range(20_000_000):
        n += i
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50, help="size of the throughput dump (MB)")
    ap.add_argument("--articles", type=int, default=100_000, help="archive size for the search benchmark")
    ap.add_argument("--memory-mb", type=float, default=0, help="also measure peak memory on a dump this big")
    ap.add_argument("--repeat", type=int, default=3, help="throughput runs (best and median are printed)")
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--samples", type=Path, default=None,
                    help="build the throughput dump from the articles of these dumps instead of examples/ "
                         "(e.g. ../shared/seeds: real articles, longer paragraphs)")
    args = ap.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="dateline-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    loop_before = reference_loop()
    dump = work / "throughput.txt"
    write_dump(dump, args.mb, samples=args.samples)
    size = dump.stat().st_size / 1e6
    runs = []
    for _ in range(args.repeat):  # a fresh archive each time; shared VMs vary run to run
        for p in work.glob("t.db*"):
            p.unlink()
        runs.append(run_ingest(work / "t.db", dump)[0])
    runs.sort()
    made_of = f"articles of {args.samples}" if args.samples else "articles of examples/"
    print(f"ingest throughput (segment + store, no annotation, 1 process; {made_of}): best {size / runs[0]:.1f} MB/s, "
          f"median {size / statistics.median(runs):.1f} MB/s ({size:.0f} MB; {len(runs)} runs: "
          + ", ".join(f"{r:.1f}" for r in runs) + " s)")

    # search archive: grow the throughput archive up to --articles articles
    sdb = work / "search.db"
    avg = size * 1e6 / max(1, sum(1 for _ in open(dump, encoding="utf-8") if _.startswith("Subscribe")))
    mb_needed = args.articles * avg / 1e6
    sdump = work / "search.txt"
    n = write_dump(sdump, mb_needed, seed=11)
    run_ingest(sdb, sdump)
    r = bench_search(sdb)
    print(f"search over {r['articles']:,} articles ({n:,} written): p50 {r['p50_ms']:.1f} ms, "
          f"p95 {r['p95_ms']:.1f} ms, max {r['max_ms']:.1f} ms ({r['queries']} queries)")

    if args.memory_mb:
        big = work / "big.txt"
        write_dump(big, args.memory_mb, seed=3)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        dt, rss = run_ingest(work / "big.db", big)
        gb = big.stat().st_size / 1e9
        note = "" if rss > before else " (bounded by an earlier child's peak)"
        print(f"peak memory ingesting {gb:.2f} GB: {rss / 1024:.0f} MiB RSS{note}; {gb * 1000 / dt:.1f} MB/s")
    print(f"machine speed: a fixed Python loop took {loop_before:.2f} s before, {reference_loop():.2f} s after "
          "(lower is faster)")
    if not args.workdir:
        for p in work.iterdir():
            p.unlink()
        os.rmdir(work)


if __name__ == "__main__":
    main()

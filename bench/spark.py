"""The Spark path against single-process ingest, on real text.  Prints
figures; asserts nothing.

    python bench/spark.py                          # one 20 MB dump of real text
    python bench/spark.py --mb 20 200 --repeat 2   # how the costs scale; runs interleaved
    python bench/spark.py --inputs 'dumps/*.gz'    # your own inputs instead of a built dump

The dump is built under /tmp from the development news in ``../shared``
(``dev/news/articles`` and ``dev/polnear/*/text``, about 950 articles, 4.5
MB): each article under a capture header, repeated until the size is
reached, each copy made distinct by its header's day and a note closing its last
paragraph (the copies are near-duplicates of each other, for both paths
alike).  It
is deleted at the end.

For each size and master (fresh session each time): the session's start
(JVM), the job's wall time, the CPU of the driver and every process under it
(JVM, Python workers) and the CPU the tasks report, the task count and the
largest task's CPU; then ``dateline load`` of the output (linking included)
and ``dateline ingest`` of the same input in a subprocess (linking
included), each into a fresh archive, and whether the two archives hold the
same rows.  Load on a machine shared with other work is printed with the
figures (``os.getloadavg``): wall-time ratios mean little when the cores are
busy; CPU seconds are steadier.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from dateline.spark import list_inputs, load, run  # noqa: E402
from dateline.store import Store  # noqa: E402

OUTLETS = ("The Harbour Ledger", "Northgate Post", "Valley Wire")


def build_dump(path: Path, megabytes: float) -> int:
    """A text dump of real article text, about ``megabytes`` MB, every
    article distinct (gzipped when ``path`` ends in .gz).  Returns the
    articles written."""
    import gzip

    from realarchive import require_sources

    texts = [p.read_text(encoding="utf-8", errors="replace").strip() for p in require_sources()]
    target, written, n = int(megabytes * 1e6), 0, 0
    with (gzip.open(path, "wt", encoding="utf-8", compresslevel=1) if path.suffix == ".gz"
          else open(path, "w", encoding="utf-8")) as f:
        while written < target:
            copy, i = divmod(n, len(texts))
            block = (f"{OUTLETS[n % 3]} {2020 + copy % 8}-{1 + i % 12:02d}-{1 + copy % 28:02d} 10:00:00\n\n"
                     f"{texts[i]} (Filed as item {i} of set {copy}.)\n\n")  # in the body: its own id
            f.write(block)
            written += len(block.encode())
            n += 1
    return n


def tree_cpu(root: int = 0, below: bool = False) -> float:
    """CPU seconds of a process and every process under it (those ended
    and waited for included), from /proc; ``below``: without its own."""
    root = root or os.getpid()
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                raw = open(f"/proc/{d}/stat").read()
            except OSError:
                continue
            f = raw[raw.rindex(")") + 2:].split()
            stats[int(d)] = (int(f[1]), sum(int(x) for x in f[11:15]) / tick)
    kids: dict[int, list[int]] = {}
    for pid, (ppid, _) in stats.items():
        kids.setdefault(ppid, []).append(pid)
    total, todo = 0.0, list(kids.get(root, [])) if below else [root]
    while todo:
        p = todo.pop()
        total += stats.get(p, (0, 0.0))[1]
        todo.extend(kids.get(p, []))
    return total


def tree_rss(root: int = 0) -> dict[str, int]:
    """Resident MB under a process: the JVM's, the largest Python worker's,
    and all of them together."""
    root = root or os.getpid()
    procs: dict[int, tuple[int, int, str]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                status = dict(line.split(":", 1) for line in open(f"/proc/{d}/status") if ":" in line)
            except OSError:
                continue
            procs[int(d)] = (int(status["PPid"]), int(status.get("VmRSS", "0 kB").split()[0]) // 1024,
                             status["Name"].strip())
    kids: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in procs.items():
        kids.setdefault(ppid, []).append(pid)
    out = {"jvm": 0, "python": 0, "all": 0}
    todo = list(kids.get(root, []))
    while todo:
        p = todo.pop()
        _, rss, name = procs[p]
        out["all"] += rss
        if name == "java":
            out["jvm"] = max(out["jvm"], rss)
        elif name.startswith("python"):
            out["python"] = max(out["python"], rss)
        todo.extend(kids.get(p, []))
    return out


def rows(path: str, table: str) -> list:
    db = sqlite3.connect(path)
    try:
        cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})") if not r[1].endswith("ed_at")]
        return sorted(map(repr, db.execute(f"SELECT {', '.join(cols)} FROM {table}")))
    finally:
        db.close()


def spark_run(master: str, inputs: list[str], out: Path, annotate: bool, memory: str | None = None) -> dict:
    """One job in a fresh process (so each has its own JVM): its figures."""
    import json

    cmd = [sys.executable, __file__, "--one", master, str(out), *(["--no-annotate"] if not annotate else []),
           *(["--memory", memory] if memory else []), "--inputs", *inputs]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _one(master: str, inputs: list[str], out: Path, annotate: bool, memory: str | None = None) -> dict:
    import threading

    import pyarrow.parquet as pq

    from dateline.spark import session

    c0, t0 = tree_cpu(), time.perf_counter()
    conf = {"spark.ui.enabled": "false"} | ({"spark.driver.memory": memory} if memory else {}) | (
        {"spark.local.dir": os.environ["DATELINE_BENCH_LOCAL_DIR"]} if os.environ.get("DATELINE_BENCH_LOCAL_DIR") else {})
    spark = session(master, "dateline-bench", **conf)
    spark.sparkContext.setLogLevel("ERROR")
    c1, t1, d1 = tree_cpu(), time.perf_counter(), time.process_time()
    peak = {"jvm": 0, "python": 0, "all": 0}
    done = threading.Event()

    def watch() -> None:  # resident memory of the JVM and of each Python worker, every half second
        while not done.wait(2.0):
            for k, v in tree_rss().items():
                peak[k] = max(peak[k], v)
            if os.environ.get("DATELINE_BENCH_PEAK"):  # (for a watcher of a long run)
                Path(os.environ["DATELINE_BENCH_PEAK"]).write_text(f"{time.perf_counter() - t1:.0f} s {peak}\n")

    threading.Thread(target=watch, daemon=True).start()
    counts = run(spark, inputs, str(out), annotate=annotate)
    done.set()
    c2, t2, d2 = tree_cpu(), time.perf_counter(), time.process_time()
    spark.stop()
    files = pq.read_table(out / "files").to_pylist()
    return {"start": t1 - t0, "start_cpu": c1 - c0, "wall": t2 - t1, "cpu": c2 - c1 - (d2 - d1),
            "driver_cpu": d2 - d1,
            "task_cpu": sum(r["cpu"] or 0.0 for r in files), "max_task_cpu": max(r["cpu_max"] or 0.0 for r in files),
            "tasks": sum(r["tasks"] or 0 for r in files),
            "serial": max([r["cpu_read"] for r in files if (r["cpu_read"] or 0) < (r["cpu"] or 0)] or [0.0]), "counts": counts, "peak_mb": peak}


def ingest_run(inputs: list[str], db: Path, annotate: bool) -> tuple[float, float]:
    exe = Path(sys.executable).with_name("dateline")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([str(exe), "--db", str(db), "ingest", "-q", *([] if annotate else ["--no-annotate"]), *inputs],
                   check=False, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, nargs="+", default=[20.0], help="sizes of the real-text dumps built")
    ap.add_argument("--inputs", nargs="+", default=None, help="inputs of your own instead of a built dump")
    ap.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    ap.add_argument("--repeat", type=int, default=1, help="rounds, the masters interleaved")
    ap.add_argument("--no-annotate", action="store_true", help="segment and store only, on both paths")
    ap.add_argument("--no-compare", action="store_true", help="Spark only: no load, no ingest")
    ap.add_argument("--out", default=None, help="where outputs go (default: the temporary folder of the dumps)")
    ap.add_argument("--gzip", action="store_true", help="build the dumps gzipped (a 2 GB dump in 0.7 GB of /tmp)")
    ap.add_argument("--memory", default=None, help="spark.driver.memory (in local mode the executor's), e.g. 1g")
    ap.add_argument("--one", nargs=2, metavar=("MASTER", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    annotate = not args.no_annotate
    if args.one:
        import json

        print(json.dumps(_one(args.one[0], args.inputs, Path(args.one[1]), annotate, args.memory)))
        return
    tmp = Path(tempfile.mkdtemp(prefix="dateline-bench-spark-"))
    try:
        cases = [(f"{mb:g} MB dump", None, mb) for mb in args.mb] if args.inputs is None else [
            ("inputs", args.inputs, None)]
        for name, inputs, mb in cases:
            if inputs is None:
                dump = tmp / f"real-{mb:g}mb.txt{'.gz' if args.gzip else ''}"
                n = build_dump(dump, mb)
                inputs = [str(dump)]
                print(f"\n== {name}: {n} articles of real text, {dump.stat().st_size / 1e6:.1f} MB on disk", flush=True)
            size = mb or sum(Path(loc).stat().st_size for _, loc in list_inputs(inputs)) / 1e6  # MB of text
            first: dict[str, float] = {}
            for rnd in range(args.repeat):
                for master in args.masters:
                    out = Path(args.out or tmp) / ("out-" + "".join(c for c in master if c.isalnum()))
                    r = spark_run(master, inputs, out, annotate, args.memory)
                    base = first.setdefault("wall", r["wall"])
                    print(f"spark {master:9s} round {rnd + 1}: start {r['start']:5.1f} s; job {r['wall']:7.1f} s "
                          f"wall (x{base / r['wall']:.2f} of the first), {size / r['wall']:.2f} MB/s; CPU: start "
                          f"{r['start_cpu']:4.1f} s, driver {r['driver_cpu']:5.1f} s, JVM and workers {r['cpu']:7.1f} s, "
                          f"tasks {r['task_cpu']:7.1f} s, largest task "
                          f"{r['max_task_cpu']:6.1f} s, {r['tasks']} tasks, tasks' CPU over the job's wall "
                          f"{r['task_cpu'] / r['wall']:.2f} (of {master}'s cores), a dump's first pass "
                          f"{r['serial']:5.1f} s; peak resident MB: JVM "
                          f"{r['peak_mb']['jvm']}, largest Python worker {r['peak_mb']['python']}, all "
                          f"{r['peak_mb']['all']}; "
                          f"load average {os.getloadavg()[0]:.1f}", flush=True)
            if args.no_compare:
                continue
            loaded, ingested = tmp / "loaded.db", tmp / "ingested.db"
            for p in (loaded, ingested):
                for suffix in ("", "-wal", "-shm"):
                    Path(str(p) + suffix).unlink(missing_ok=True)
            c0, t0 = time.process_time(), time.perf_counter()
            with Store(str(loaded)) as store:
                totals = load(store, str(out), link=annotate)
            t_load, c_load = time.perf_counter() - t0, time.process_time() - c0
            t_ing, c_ing = ingest_run(inputs, ingested, annotate)
            print(f"dateline load    {t_load:7.1f} s wall, {c_load:7.1f} s CPU ({totals['articles']} articles, "
                  f"{totals['new']} new{', linked' if annotate else ''})")
            print(f"dateline ingest  {t_ing:7.1f} s wall, {c_ing:7.1f} s CPU (one process"
                  f"{', linked' if annotate else ''}); load average {os.getloadavg()[0]:.1f}")
            print(f"spark ({out.name[4:]}) + load against ingest: {(r['start'] + r['wall'] + t_load) / t_ing:.2f}x wall "
                  f"(session start included), {(r['cpu'] + r['driver_cpu'] + r['start_cpu'] + c_load) / c_ing:.2f}x CPU")
            same = all(rows(str(loaded), t) == rows(str(ingested), t)
                       for t in ("articles", "quotes", "counts", "people", "persons", "story_articles",
                                 "claim_groups", "near_duplicates"))
            print(f"archives equal (articles, quotes, counts, people, persons, stories, claim groups, "
                  f"near-duplicates): {same}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Faults against a real ingest, and the memory it takes on hostile input.

    python bench/faults.py                 # 20 SIGKILL trials + a full disk (needs root for the small tmpfs)
    python bench/faults.py --trials 40 --mb 2
    python bench/faults.py --memory        # also peak memory on a 1 GB line, gzip bombs, a 200 MB line
    python bench/faults.py --only memory   # memory only
    python bench/faults.py --only search   # hostile searches on a 100,000-article archive (answered or 400 in 2 s)

Kills: a batch of dumps is ingested once without interruption (the
reference); then, in each trial, a fresh archive is ingested and the process
is killed with SIGKILL at a random moment.  The archive must pass SQLite's
integrity check and FTS5's, hold one index entry per article, hold only
articles exactly as the reference has them (nothing half-stored), and a
re-run must give the reference's export exactly.

Full disk: the archive is put on a tmpfs a few MB large; the ingest must
stop with a clear "disk full" message (no traceback), the archive must be
sound, and a re-run, once the archive is moved somewhere roomy, must give
the reference's export.

Memory: peak resident memory (ru_maxrss of the ingest process) for single
hostile inputs; the target is under 500 MB each.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# (python puts bench/ first on the path, where bench/html.py hides the standard library's html)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent / "src"))


def bench_module(name: str):
    """bench/NAME.py, loaded by path (bench/ on sys.path would hide the
    standard library's html module behind bench/html.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"bench_{name}", HERE / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def write_dump(path: Path, megabytes: float, seed: int) -> int:
    return bench_module("ingest").write_dump(path, megabytes, seed=seed)

CLI = [sys.executable, "-m", "dateline.cli"]


def ingest_cmd(db: Path, *paths: str, annotate: bool = True) -> list[str]:
    return [*CLI, "--db", str(db), "ingest", "-q", *([] if annotate else ["--no-annotate"]), *paths]


def export(db: Path) -> dict[str, str]:
    """id -> the article's export line (text, metadata, annotations)."""
    out = subprocess.run([*CLI, "--db", str(db), "export", "--format", "jsonl"], capture_output=True, text=True,
                         check=True).stdout
    rows = {}
    for line in out.splitlines():
        a = json.loads(line)
        a.pop("source", None)  # (the file an article was first read from may differ after a kill)
        rows[a["id"]] = hashlib.sha1(json.dumps(a, sort_keys=True).encode()).hexdigest()
    return rows


def soundness(db: Path) -> tuple[bool, int, str]:
    """(sound, articles, what is wrong)."""
    if not db.exists():
        return True, 0, ""
    con = sqlite3.connect(db)
    try:
        ic = con.execute("PRAGMA integrity_check").fetchone()[0]
        if ic != "ok":
            return False, -1, f"integrity_check: {ic[:80]}"
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        if "articles" not in tables:
            return True, 0, ""
        try:
            con.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as e:
            return False, -1, f"fts: {e}"
        n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        docs = con.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
        if docs != n:
            return False, n, f"fts entries {docs} != articles {n}"
        return True, n, ""
    finally:
        con.close()


def make_corpus(root: Path, files: int, mb: float) -> list[str]:
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(files):
        p = root / f"dump-{i:02d}.txt"
        write_dump(p, mb / files, seed=100 + i)
        paths.append(str(p))
    return paths


def kill_trials(work: Path, paths: list[str], trials: int, seed: int) -> list[dict]:
    ref_db = work / "ref.db"
    t = time.perf_counter()
    subprocess.run(ingest_cmd(ref_db, *paths), check=True, capture_output=True)
    ref_seconds = time.perf_counter() - t
    ref = export(ref_db)
    print(f"reference: {len(ref)} articles from {len(paths)} files in {ref_seconds:.1f} s")
    rnd = random.Random(seed)
    rows = []
    for i in range(trials):
        db = work / f"kill-{i:02d}.db"
        at = rnd.uniform(0.3, max(0.5, ref_seconds * 0.95))
        proc = subprocess.Popen(ingest_cmd(db, *paths), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(at)
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        sound, n, why = soundness(db)
        partial_ok = True
        if sound and n > 0:
            got = export(db)
            partial_ok = all(ref.get(k) == v for k, v in got.items())
        rerun = subprocess.run(ingest_cmd(db, *paths), capture_output=True, text=True)
        equal = rerun.returncode == 0 and export(db) == ref
        sound_after, _, why_after = soundness(db)
        rows.append({"trial": i + 1, "kill_at_s": round(at, 2), "killed": killed, "articles_at_kill": n,
                     "sound": sound, "no_half_article": partial_ok, "rerun_equal": equal,
                     "sound_after": sound_after, "why": why or why_after})
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    return rows


def full_disk(work: Path, paths: list[str], size_mb: int) -> dict:
    mnt = work / "small-fs"
    mnt.mkdir(exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(mnt)], capture_output=True,
                       text=True)
    if r.returncode != 0:
        return {"skipped": f"cannot make a small filesystem ({r.stderr.strip() or 'mount failed'}; needs root)"}
    try:
        db = mnt / "full.db"
        proc = subprocess.run(ingest_cmd(db, *paths), capture_output=True, text=True)
        err = proc.stderr
        sound, n, why = soundness(db)
        roomy = work / "moved.db"
        for suffix in ("", "-wal", "-shm"):
            if Path(str(db) + suffix).exists():
                shutil.copy(str(db) + suffix, str(roomy) + suffix)
        return {"exit": proc.returncode, "disk_full_message": "disk full" in err, "traceback": "Traceback" in err,
                "articles_stored": n, "sound": sound, "why": why, "first_error": next(
                    (line for line in err.splitlines() if "disk full" in line), err.strip()[:160])[:160],
                "moved": roomy}
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


def run_peak(cmd: list[str], timeout: float = 1800) -> tuple[float, float, int, str]:
    """(peak RSS MB, seconds, exit code, first error/warning line) of one process."""
    t = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errf:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errf, text=True)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        errf.seek(0)
        lines = [ln for ln in errf.read().splitlines() if ln.startswith(("error", "warning"))]
    return usage.ru_maxrss / 1024, time.perf_counter() - t, proc.returncode, (lines[0] if lines else "")[:150]


def memory_inputs(work: Path, line_mb: int) -> list[tuple[str, Path]]:
    """Single hostile inputs, written once (the large ones take a while)."""
    work.mkdir(parents=True, exist_ok=True)
    words = b"the minister said on Tuesday that forces had moved into the region after talks failed "
    out = []
    p = work / f"line-{line_mb}mb.txt"
    if not p.exists():
        with open(p, "wb") as f:
            f.write(b"A Headline Over One Endless Line\n\n")
            chunk = words * ((1 << 20) // len(words))
            for _ in range(line_mb):
                f.write(chunk)
            f.write(b"\n")
    out.append((f"one {line_mb} MB line (.txt)", p))
    p = work / "line-200mb.txt"
    if not p.exists():
        with open(p, "wb") as f:
            f.write(b"A Headline Over One Long Line\n\n")
            chunk = words * ((1 << 20) // len(words))
            for _ in range(200):
                f.write(chunk)
            f.write(b"\n")
    out.append(("one 200 MB line (.txt)", p))
    p = work / "bomb-line.txt.gz"  # the case: a few MB of gzip holding one 2 GB line
    if not p.exists():
        with gzip.open(p, "wb", compresslevel=9) as f:
            f.write(b"A Headline Over a Compressed Line\n\n")
            chunk = b"word " * (1 << 20)
            for _ in range(2048 // 5):
                f.write(chunk)
    out.append(("gzip bomb: one 2 GB line (.txt.gz)", p))
    p = work / "bomb-lines.txt.gz"
    if not p.exists():
        with gzip.open(p, "wb", compresslevel=9) as f:
            chunk = b"The same line of a news scrape, over and over again.\n" * 20_000
            for _ in range(2000):
                f.write(chunk)
    out.append(("gzip bomb: 2 GB of one repeated line", p))
    p = work / "bomb.jsonl.gz"
    if not p.exists():
        with gzip.open(p, "wb", compresslevel=9) as f:
            rec = (json.dumps({"title": "Same", "text": "same words again " * 200}) + "\n").encode()
            chunk = rec * 2000
            for _ in range(300):
                f.write(chunk)
    out.append(("gzip bomb: 2 GB of one JSONL record", p))
    p = work / "bomb.html.gz"
    if not p.exists():
        with gzip.open(p, "wb", compresslevel=9) as f:
            f.write(b"<html><head><title>Bomb</title></head><body><article><p>")
            for _ in range(2048):
                f.write(b"a" * (1 << 20))
    out.append(("gzip bomb: a 2 GB HTML page (.html.gz)", p))
    p = work / "record-19mb.jsonl"
    if not p.exists():
        with open(p, "w") as f:
            f.write(json.dumps({"title": "One Long Record", "text": (words.decode() * 230_000)[:19_000_000]}) + "\n")
    out.append(("one JSONL record of 19 MB, no line breaks", p))
    p = work / "bomb.warc.gz"  # a 350 KB WARC whose second record expands to 300 MB
    if not p.exists():
        _warc_bomb(p, 300 << 20)
    out.append(("WARC bomb: a 300 MB record (.warc.gz)", p))
    p = work / "upload-like.txt.gz"  # a small upload that expands to one 400 MB line
    if not p.exists():
        with gzip.open(p, "wb", compresslevel=9) as f:
            f.write(b"Headline of a Small Upload\n\n")
            for _ in range(400):
                f.write(words * ((1 << 20) // len(words)))
    out.append(("small .gz upload, one 400 MB line", p))
    return out


SEARCHES = [
    ("16 common words", {"q": " ".join(["the", "of", "and", "to", "in", "said", "was", "for"] * 2)}),
    ("16 one-letter prefixes", {"q": " ".join(f"{c}*" for c in "abcdefghijklmnop")}),
    ("16 two-letter prefixes", {"q": " ".join(f"{c}{d}*" for c, d in zip("abcdefghijklmnop", "aeiouaeiouaeioua"))}),
    ("'co*' alone", {"q": "co*"}),
    ("16 ORs of common words", {"q": " OR ".join(["the", "said", "was", "river", "council", "police", "water", "aid"] * 2)}),
    ("phrase of 16 common words", {"q": '"' + " ".join(["the", "of", "and", "to"] * 4) + '"'}),
    ("NOT of common words", {"q": "the NOT said NOT was NOT for"}),
    ("river x 500 (issue 15)", {"q": "river " * 500}),
    ("500 characters, one word", {"q": "r" * 500}),
    ("NUL byte", {"q": "river\x00"}),
]


def search_bounds(db: str, articles: int) -> list[dict]:
    """Hostile searches through the real app (its guard and time budget),
    on an archive of ``articles`` generated articles (bench/web.py's)."""
    from fastapi.testclient import TestClient

    from dateline.web.app import create_app

    bench_module("web").build(db, articles)
    rows = []
    with TestClient(create_app(db, warm=False), base_url="http://127.0.0.1") as c:
        for url in ("/api/search", "/search", "/api/quotes", "/api/counts"):
            for name, params in SEARCHES:
                if url == "/api/counts":
                    params = {"about": params["q"]}
                t = time.perf_counter()
                r = c.get(url, params=params)
                rows.append({"page": url, "query": name, "status": r.status_code,
                             "seconds": f"{time.perf_counter() - t:.2f}"})
    return rows


def _warc_bomb(path: Path, size: int) -> None:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    class Letters(io.RawIOBase):
        def __init__(self, n: int):
            self.n = n

        def readable(self) -> bool:
            return True

        def readinto(self, b) -> int:
            k = min(len(b), self.n)
            b[:k] = b"a" * k
            self.n -= k
            return k

    def http():
        return StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")

    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        page = b"<html><body><article><h1>A Headline</h1><p>" + b"Some news text here. " * 50 + b"</p></article>"
        w.write_record(w.create_warc_record("http://news.example.org/1", "response", payload=io.BytesIO(page),
                                            http_headers=http()))
        w.write_record(w.create_warc_record("http://news.example.org/2", "response", length=size,
                                            payload=io.BufferedReader(Letters(size)), http_headers=http()))


def table(rows: list[dict], cols: list[str]) -> str:
    widths = [max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in cols]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths))]
    lines += ["  ".join(str(r.get(c, "")).ljust(w) for c, w in zip(cols, widths)) for r in rows]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--mb", type=float, default=0.4, help="size of the batch the kills interrupt")
    ap.add_argument("--disk-mb", type=int, default=3, help="size of the small filesystem")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--memory", action="store_true", help="also measure peak memory on hostile single inputs")
    ap.add_argument("--line-mb", type=int, default=1024)
    ap.add_argument("--only", choices=["kills", "disk", "memory", "search"])
    ap.add_argument("--search-db", default="/tmp/dateline-bench-web.db",
                    help="archive for --only search (built by bench/web.py's generator when missing)")
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--keep", help="work folder to keep (default: a temporary one)")
    args = ap.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="dateline-faults-"))
    try:
        if args.only == "search":
            rows = search_bounds(args.search_db, args.articles)
            print(table(rows, ["page", "query", "status", "seconds"]))
            slow = [r for r in rows if float(r["seconds"]) > 2.0 or r["status"] >= 500]
            print(f"\n{len(rows)} hostile searches on {args.articles:,} articles: "
                  f"{len(rows) - len(slow)} answered or refused (4xx) within 2 s, {len(slow)} not")
            return
        paths = make_corpus(work / "corpus", args.files, args.mb)
        if args.only in (None, "kills"):
            rows = kill_trials(work, paths, args.trials, args.seed)
            print()
            print(table(rows, ["trial", "kill_at_s", "killed", "articles_at_kill", "sound", "no_half_article",
                               "rerun_equal", "sound_after", "why"]))
            bad = [r for r in rows if not (r["sound"] and r["no_half_article"] and r["rerun_equal"]
                                           and r["sound_after"])]
            print(f"\nSIGKILL: {len(rows)} trials, {sum(r['killed'] for r in rows)} killed mid-ingest, "
                  f"{len(rows) - len(bad)} sound with a re-run equal to the uninterrupted ingest, {len(bad)} not")
        if args.only in (None, "disk"):
            ref_db = work / "ref.db"
            if not ref_db.exists():
                subprocess.run(ingest_cmd(ref_db, *paths), check=True, capture_output=True)
            d = full_disk(work, paths, args.disk_mb)
            print()
            if "skipped" in d:
                print("full disk: skipped:", d["skipped"])
            else:
                rerun = subprocess.run(ingest_cmd(d["moved"], *paths), capture_output=True, text=True)
                equal = rerun.returncode == 0 and export(d["moved"]) == export(ref_db)
                print(f"full disk ({args.disk_mb} MB tmpfs): exit {d['exit']}, clear message {d['disk_full_message']}, "
                      f"traceback {d['traceback']}, articles stored {d['articles_stored']}, sound {d['sound']} "
                      f"{d['why']}\n  first message: {d['first_error']}\n"
                      f"  re-run on a roomy disk equals the uninterrupted ingest: {equal}")
        if args.memory or args.only == "memory":
            print("\npeak memory, one hostile input each (target < 500 MB)")
            rows = []
            for name, p in memory_inputs(work / "memory", args.line_mb):
                db = work / "memory" / "m.db"
                for suffix in ("", "-wal", "-shm"):
                    Path(str(db) + suffix).unlink(missing_ok=True)
                mb, secs, code, first = run_peak(ingest_cmd(db, str(p)))
                rows.append({"input": name, "file_MB": f"{p.stat().st_size / 1e6:,.1f}", "peak_MB": f"{mb:,.0f}",
                             "seconds": f"{secs:,.1f}", "exit": code, "said": first})
                print(f"  {name}: {mb:,.0f} MB, {secs:,.1f} s", flush=True)
            print()
            print(table(rows, list(rows[0])))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Web page latency on a large archive, with a loopback load generator.

    python bench/web.py [--articles 100000] [--db /tmp/dateline-real-100000.db] [--no-web] [--no-cli]
                        [--requests 200] [--concurrency 1] [--cpu] [--against SRC DB]

Builds (once, then reuses) an archive grown from real article text
(bench/realarchive.py: the development news in ../shared ingested for real,
then repeated with each copy made distinct), so its people, quotes, counts,
stories and claim groups look like news.  Then serves the real app with
uvicorn on 127.0.0.1 only, sends a bounded number of requests per page type
from loopback clients, and prints p50/p95/max latency per page (cold first
hits are reported apart), and times every CLI read command against the
floor of starting the CLI at all.  ``--cpu`` also prints each page's
process CPU time per request measured in-process (steady where other work
shares the cores, unlike wall time).  Nothing leaves the machine; without
../shared it says so and stops.
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import httpx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import realarchive  # noqa: E402

# the dateline command from whichever tree PYTHONPATH puts first (not -m: the
# command's modules would be loaded twice)
CLI = "import sys; sys.argv[0] = 'dateline'; from dateline.cli import app; app()"

from dateline.store import Store  # noqa: E402

CATEGORIES = ["killed", "wounded", "displaced", "detained", "money", "percent", "people", "other"]


def build(db: str, n: int) -> None:
    realarchive.build(db, n)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def urls(db: str, rng: random.Random, k: int) -> dict[str, list[str]]:
    """k varied URLs per page type, drawn from what the archive holds."""
    with Store(db, readonly=True) as s:
        ids = [r[0] for r in s.db.execute("SELECT id FROM articles ORDER BY random() LIMIT ?", (k,))]
        names = [r[0] for r in s.db.execute("SELECT name FROM people ORDER BY random() LIMIT ?", (k,))]
        top = [r["name"] for r in s.people(limit=20)]
        speakers = [r[0] for r in s.db.execute(
            "SELECT speaker FROM quotes WHERE speaker IS NOT NULL ORDER BY random() LIMIT ?", (k,))]
        titles = [r[0] for r in s.db.execute(
            "SELECT title FROM articles WHERE title IS NOT NULL ORDER BY random() LIMIT ?", (k,))]
        cats = [r[0] for r in s.db.execute("SELECT DISTINCT category FROM counts")] or CATEGORIES
        stories = [r[0] for r in s.db.execute("SELECT id FROM stories ORDER BY random() LIMIT ?", (k,))] \
            if s.has_table("stories") else []
        big = [r[0] for r in s.db.execute("SELECT id FROM stories ORDER BY articles DESC LIMIT 20")] \
            if s.has_table("stories") else []
    # words as the archive's headlines use them
    words = [w.strip(".,:;!?\"'“”‘’()").lower() for t in titles for w in t.split()]
    words = [w for w in words if len(w) > 3 and w.isalpha()] or ["news"]
    pick = lambda xs: [rng.choice(xs) for _ in range(k)] if xs else []  # noqa: E731
    two = [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(k)]
    return {
        "floor (a static file)": ["/static/style.css" for _ in range(k)],
        "search (1 word)": [f"/search?q={quote(w)}" for w in pick(words)],
        "search (2 words)": [f"/search?q={quote(w)}" for w in two],
        "search + person facet": [f"/search?q={quote(rng.choice(words))}&person={quote(n)}" for n in pick(names)],
        "api/search": [f"/api/search?q={quote(w)}" for w in pick(words)],
        "article": [f"/articles/{i}" for i in pick(ids)],
        "api/articles": [f"/api/articles/{i}" for i in pick(ids)],
        "person (any)": [f"/people/{quote(n, safe='')}" for n in pick(names)],
        "person (most covered)": [f"/people/{quote(n, safe='')}" for n in pick(top)],
        "people list": [f"/people?page={rng.randint(1, 20)}" for _ in range(k)],
        "people by name": [f"/people?name={quote(n.split()[-1])}" for n in pick(names)],
        "quotes by speaker": [f"/quotes?speaker={quote(n)}" for n in pick(speakers)],
        "quotes (all, paged)": [f"/quotes?page={rng.randint(1, 20)}" for _ in range(k)],
        "quotes (words)": [f"/api/quotes?q={quote(w)}" for w in pick(words)],
        "claims": [f"/claims?category={c}" for c in pick(cats)],
        "claims (all)": ["/claims" for _ in range(k)],
        "claims about": [f"/claims?category={c}&about={quote(rng.choice(words))}" for c in pick(cats)],
        "home": ["/" for _ in range(k)],
        "stories": ["/stories" for _ in range(k)],
        "story (any)": [f"/stories/{i}" for i in pick(stories)],
        "story (largest)": [f"/stories/{i}" for i in pick(big)],
    }


def cli_times(db: str, repeat: int = 3, against: tuple[str, str] | None = None) -> None:
    """Each CLI read command, best of ``repeat`` runs, beside the floor of
    starting the CLI at all (``dateline --help``) measured in the same run;
    with ``against`` (a source tree and its own archive), that tree's time
    too, the two runs of each command interleaved."""
    with Store(db, readonly=True) as s:
        top = s.db.execute("SELECT name FROM persons ORDER BY articles DESC LIMIT 1").fetchone()
        story = s.db.execute("SELECT id FROM stories ORDER BY articles DESC LIMIT 1").fetchone()
        speaker = s.db.execute("SELECT speaker, count(*) n FROM quotes WHERE speaker IS NOT NULL "
                               "GROUP BY 1 ORDER BY n DESC LIMIT 1").fetchone()
        claimant = s.db.execute("SELECT claimant, count(*) n FROM counts WHERE claimant IS NOT NULL "
                                "GROUP BY 1 ORDER BY n DESC LIMIT 1").fetchone()
        word = s.db.execute("SELECT title FROM articles WHERE title IS NOT NULL LIMIT 1").fetchone()[0].split()[0]
    top_name = top[0] if top else "Smith"
    commands = {
        "floor (--help)": ["--help"],
        "stats": ["stats"],
        "articles": ["articles"],
        "search": ["search", word],
        "people": ["people"],
        f"person (most covered: {top_name})": ["person", top_name],
        "quotes --speaker (most quoted)": ["quotes", "--speaker", speaker[0] if speaker else top_name],
        "counts --claimant (most)": ["counts", "--claimant", claimant[0] if claimant else top_name],
        "claims": ["claims"],
        "stories": ["stories"],
        "story (largest)": ["story", str(story[0] if story else 1)],
    }
    trees = {"this tree": (None, db)}
    if against:
        trees[against[0]] = against
    print(f"\nCLI read commands, best of {repeat} (s, wall; in brackets the command's own CPU time, user + "
          "system, steady on a shared machine); the floor is starting the CLI; columns: "
          + ", ".join(f"{k} on {v[1]}" for k, v in trees.items()))
    floor: dict[str, float] = {}
    for name, args in commands.items():
        best: dict[str, float] = {}
        cpu: dict[str, float] = {}
        for _ in range(repeat):
            for tree, (src, archive) in trees.items():
                env = dict(os.environ, PYTHONPATH=src) if src else None
                cmd = [sys.executable, "-c", CLI, *(["--db", archive] if args != ["--help"] else []), *args]
                t = time.perf_counter()
                proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
                err = proc.stderr.read()
                _, status, usage = os.wait4(proc.pid, 0)
                dt = time.perf_counter() - t
                code = os.waitstatus_to_exitcode(status)
                if code not in (0, 1):
                    raise SystemExit(f"dateline {' '.join(args)}: exit {code}: {err.decode()[-500:]}")
                best[tree] = min(best.get(tree, dt), dt)
                cpu[tree] = min(cpu.get(tree, 1e9), usage.ru_utime + usage.ru_stime)
        if not floor:
            floor = dict(best)
        print(f"  {name:44} " + "  ".join(f"{best[t]:7.2f} (floor + {best[t] - floor[t]:5.2f}; cpu {cpu[t]:5.2f})"
                                          for t in trees))


def run(db: str, requests: int, concurrency: int, src: str | None = None) -> None:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=src) if src else dict(os.environ)
    code = ("import sys, uvicorn; from dateline.web.app import create_app; "
            "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')")
    proc = subprocess.Popen([sys.executable, "-c", code, db, str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while True:
            try:
                httpx.get(base + "/static/style.css", timeout=1)
                break
            except httpx.TransportError:
                if time.time() > deadline or proc.poll() is not None:
                    raise SystemExit("server did not start")
                time.sleep(0.1)
        plan = urls(db, random.Random(11), requests)
        local = threading.local()
        refused: list[str] = []

        def fetch(url: str) -> float:
            c = getattr(local, "c", None)
            if c is None:
                c = local.c = httpx.Client(base_url=base, timeout=30)
            t = time.perf_counter()
            r = c.get(url)
            dt = time.perf_counter() - t
            if r.status_code == 400 and "stopped" in r.text.lower():
                refused.append(url)  # the request guard stopped it (over its time budget): counted, timed
            elif r.status_code not in (200, 404):
                raise SystemExit(f"{url}: HTTP {r.status_code}")
            return dt

        print(f"\n{requests} requests per page, concurrency {concurrency}, server: 1 uvicorn process on 127.0.0.1"
              f" ({src or 'this tree'} on {db})")
        print(f"{'page':24} {'cold':>8} {'p50':>8} {'p95':>8} {'max':>8}   (ms)")
        worst = 0.0
        with ThreadPoolExecutor(concurrency) as pool:
            for name, us in plan.items():
                before = len(refused)
                cold = fetch(us[0])
                times = sorted(pool.map(fetch, us))
                stopped = len(refused) - before
                p50 = statistics.median(times)
                p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
                worst = max(worst, p95)
                print(f"{name:24} {cold * 1000:8.1f} {p50 * 1000:8.1f} {p95 * 1000:8.1f} {times[-1] * 1000:8.1f}"
                      + (f"   ({stopped} stopped by the time budget: 400)" if stopped else ""))
        print(f"worst p95: {worst * 1000:.1f} ms (target < 200 ms)")
    finally:
        proc.terminate()
        proc.wait(10)


CPU_CHILD = """
import json, sys, time
from fastapi.testclient import TestClient
from dateline.web.app import create_app
plan = json.load(sys.stdin)
client = TestClient(create_app(sys.argv[1], warm=False))
client.get('/static/style.css')
out = {}
for name, us in plan.items():
    out[name] = []
    for u in us:
        t = time.process_time()
        r = client.get(u)
        out[name].append(time.process_time() - t)
        if r.status_code not in (200, 400, 404):
            raise SystemExit(f'{u}: HTTP {r.status_code}')
import dateline
print(json.dumps({'tree': dateline.__file__, 'times': out}))
"""


def cpu_run(db: str, requests: int, src: str | None = None) -> None:
    """Each page type's cost as process CPU time per request, in-process
    (the app under Starlette's TestClient in a child process, no warm-up
    thread): steady on a shared machine, where wall time measures the
    neighbours.  ``cold`` is the first request of its type on the one app
    (its caches filled only by the types before it), as a first visit finds
    them."""
    import json

    plan = urls(db, random.Random(11), requests)
    env = dict(os.environ, PYTHONPATH=src) if src else dict(os.environ)
    done = subprocess.run([sys.executable, "-c", CPU_CHILD, db], input=json.dumps(plan), env=env,
                          capture_output=True, text=True, cwd=tempfile.gettempdir())
    if done.returncode:
        raise SystemExit(f"CPU run failed: {done.stderr[-2000:]}")
    res = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\n{requests} requests per page, process CPU time per request in-process "
          f"({os.path.dirname(res['tree'])} on {db})")
    print(f"{'page':24} {'cold':>8} {'p50':>8} {'p95':>8} {'max':>8}   (ms CPU)")
    worst = 0.0
    for name, times in res["times"].items():
        cold = times[0]
        times = sorted(times)
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        worst = max(worst, p95)
        print(f"{name:24} {cold * 1000:8.1f} {statistics.median(times) * 1000:8.1f} {p95 * 1000:8.1f} "
              f"{times[-1] * 1000:8.1f}")
    print(f"worst p95: {worst * 1000:.1f} ms CPU")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default=None, help="default: /tmp/dateline-real-N.db")
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=200, help="requests per page type (bounded loop)")
    ap.add_argument("--concurrency", type=int, default=1)
    ap.add_argument("--no-cli", action="store_true", help="skip the CLI read commands")
    ap.add_argument("--no-web", action="store_true", help="skip the web pages")
    ap.add_argument("--against", nargs=2, metavar=("SRC", "DB"),
                    help="also another source tree (e.g. a checkout's src/) on its own archive: "
                         "CLI commands interleaved, web pages after")
    ap.add_argument("--cpu", action="store_true",
                    help="also each page's CPU time per request, in-process (steady on a loaded machine)")
    args = ap.parse_args()
    realarchive.require_sources()
    args.db = args.db or f"/tmp/dateline-real-{args.articles}.db"
    build(args.db, args.articles)
    with Store(args.db, readonly=True) as s:
        st = s.stats()
    print(f"archive: {st['articles']:,} articles, {st['people']:,} people rows, {st['quotes']:,} quotes, "
          f"{st['counts']:,} counts")
    if not args.no_cli:
        cli_times(args.db, against=tuple(args.against) if args.against else None)
    if args.cpu:
        cpu_run(args.db, args.requests)
        if args.against:
            cpu_run(args.against[1], args.requests, args.against[0])
    if not args.no_web:
        run(args.db, args.requests, args.concurrency)
        if args.against:
            run(args.against[1], args.requests, args.concurrency, args.against[0])


if __name__ == "__main__":
    main()

"""Web page latency on a large archive, over loopback.  Prints figures.

    python bench/web.py                       # builds a 100,000-article archive from examples/ text
    python bench/web.py --db /path/big.db     # or measures an archive you have

The archive is made with bench/ingest.py's generator (segment + store), then
the newest --annotate articles get the full annotation so quote, people and
claims pages have something to show.  The app is served by uvicorn on
127.0.0.1 only; a bounded loop of requests per page (sequential, one client)
gives p50/p95 per page.
"""
from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))


def build(db: Path, articles: int, annotate_n: int) -> None:
    import ingest as bench_ingest  # bench/ingest.py

    from dateline.annotate import annotate
    from dateline.link.run import update_links
    from dateline.store import Store

    dump = db.with_suffix(".txt")
    per_article = 1000  # bytes, about
    bench_ingest.write_dump(dump, articles * per_article / 1e6 * 1.02, seed=5)
    bench_ingest.run_ingest(db, dump)
    with Store(str(db)) as s:
        rows = s.db.execute("SELECT rowid, id FROM articles ORDER BY rowid DESC LIMIT ?", (annotate_n,)).fetchall()
        with s.transaction():
            # the generated articles are variants of a few samples: near-duplicate
            # checking is not what this bench measures, so mark them checked
            s.db.execute("INSERT OR IGNORE INTO minhash_done (article_rowid) SELECT rowid FROM articles")
            for _, i in rows:
                a = s.article(i)
                s.replace_annotations(i, annotate(a.text, (a.captured_at or "")[:10] or None))
            update_links(s, [r[0] for r in rows])
    dump.unlink()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default=None)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--annotate", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=20, help="requests per page")
    args = ap.parse_args()
    if args.db:
        db = Path(args.db)
    else:
        db = Path(tempfile.mkdtemp(prefix="dateline-web-")) / "web.db"
        t = time.perf_counter()
        build(db, args.articles, args.annotate)
        print(f"built {db} in {time.perf_counter() - t:.0f} s")

    from dateline.store import Store

    with Store(str(db), readonly=True) as s:
        n = s.stats()["articles"]
        some = [r[0] for r in s.db.execute("SELECT id FROM articles WHERE annotated ORDER BY rowid DESC LIMIT 50")]
        speaker = (s.speakers(limit=1) or [{"speaker": "Teodora Vasic"}])[0]["speaker"]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "dateline.cli", "--db", str(db), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as c:
            for _ in range(100):
                try:
                    c.get("/api/stats")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            pages = {
                "search": lambda i: f"/search?q={['cease-fire', 'harbor', 'convoy', 'union', 'museum'][i % 5]}",
                "api search": lambda i: f"/api/search?q={['strike', 'river', 'minister'][i % 3]}",
                "article": lambda i: f"/articles/{some[i % len(some)]}",
                "quotes": lambda i: "/quotes",
                "quotes by speaker": lambda i: f"/api/quotes?speaker={speaker}",
                "people": lambda i: "/people",
                "claims": lambda i: "/claims?category=killed",
                "stories": lambda i: "/stories",
            }
            print(f"archive: {n:,} articles; {args.rounds} requests per page over loopback")
            for name, url in pages.items():
                times = []
                for i in range(args.rounds):
                    t = time.perf_counter()
                    r = c.get(url(i))
                    times.append((time.perf_counter() - t) * 1000)
                    if r.status_code != 200:
                        print(f"  {name}: HTTP {r.status_code} for {url(i)}")
                        break
                times.sort()
                p95 = times[max(0, int(0.95 * len(times)) - 1)]
                print(f"  {name:18s} p50 {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()

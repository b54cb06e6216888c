"""Web page latency on a large archive, with a loopback load generator.

    python bench/web.py [--db /tmp/dateline-bench-web.db] [--articles 100000]
                        [--requests 200] [--concurrency 1]

Builds (once, then reuses) an archive of generated articles from invented
text: words drawn from a small general vocabulary with a Zipf-like skew,
invented people (a few very often in the news, most rarely), quotes and
counts with offsets into the text, and groups its claims as the linking step
would (Store.refresh_claim_groups).  Then serves the real app with uvicorn on
127.0.0.1 only, sends a bounded number of requests per page type from
loopback clients, and prints p50/p95/max latency per page (cold first hits
are reported apart).  Nothing leaves the machine.
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import httpx

from dateline.model import Annotations, Article, Count, Person, Quote, Span
from dateline.store import Store

WORDS = """the of and to in a that for on with as by at from said was were is are has have had will would could
after before over under about into against between during while since amid near new old first last
city town valley river port bridge road rail school hospital court council ministry agency office budget plan
vote election campaign party leader government army police officials residents workers farmers families
children doctors teachers engineers volunteers refugees migrants soldiers troops rebels talks deal treaty
ceasefire strike protest flood fire storm drought quake outbreak vaccine clinic shelter aid convoy supplies
water power fuel food prices wages taxes trade tariffs exports imports market bank loan debt fund grant
report inquiry investigation trial verdict appeal ruling law bill reform policy program project contract
border coast island mountain north south east west region province district capital village harbor airport
week month year morning evening night weekend season spring summer autumn winter
killed wounded missing displaced detained arrested evacuated rescued injured dead
people houses homes buildings schools roads bridges vehicles boats flights trains
rising falling growing shrinking warned promised denied confirmed estimated reported announced rejected
urged called asked told added noted argued insisted acknowledged expected planned agreed refused
quickly slowly sharply widely largely partly nearly almost still again already only also even
local national regional foreign public private international federal military civilian economic political
security health energy climate transport housing education labor justice defense
""".split()

GIVEN = ("Ada Bram Cleo Dario Elin Faro Gita Hale Ines Jory Kasia Lior Mara Nils Orla Pim Quin Rhea Sami Tova "
         "Ulla Vito Wren Xan Yara Zeno Anouk Bodil Calla Dorit").split()
SYLL = "ka lo mi ren sta vol dar bek tin sor al mur ves pel gan hol rud fen lis tor".split()
ROLES = ["Governor", "Mayor", "Minister of Health", "spokesperson for the agency", "coordinator of the relief group",
         "police chief", "council member", "economist", "Prime Minister", "opposition leader"]
OUTLETS = [f"The {a} {b}" for a in ("Valley", "Harbor", "Northgate", "Eastern", "Coastal") for b in
           ("Ledger", "Post", "Courier", "Gazette")]
CATEGORIES = ["killed", "wounded", "displaced", "detained", "money", "percent", "people", "other"]
CUES = ["said", "told reporters", "said in a statement", "wrote", "added"]


def invented_people(n: int, rng: random.Random) -> list[str]:
    names = set()
    while len(names) < n:
        surname = "".join(rng.choice(SYLL) for _ in range(rng.choice((2, 3)))).capitalize()
        names.add(f"{rng.choice(GIVEN)} {surname}")
    return sorted(names)


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    acc, out = 0.0, []
    for i in range(1, n + 1):
        acc += 1 / i ** s
        out.append(acc)
    return out


class Generator:
    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        self.people = invented_people(5000, self.rng)
        self.rng.shuffle(self.people)
        self.people_cw = zipf_weights(len(self.people), 1.05)
        self.words_cw = zipf_weights(len(WORDS), 0.9)
        self.roles = {p: self.rng.choice(ROLES) for p in self.people}

    def sentence(self, k: int) -> str:
        ws = self.rng.choices(WORDS, cum_weights=self.words_cw, k=k)
        return ws[0].capitalize() + " " + " ".join(ws[1:]) + "."

    def article(self, i: int, day: str) -> Article:
        rng = self.rng
        cast = list(dict.fromkeys(rng.choices(self.people, cum_weights=self.people_cw, k=rng.randint(2, 7))))
        parts: list[str] = []
        pos = 0
        mentions: dict[str, list[Span]] = {p: [] for p in cast}
        quotes: list[Quote] = []
        counts: list[Count] = []

        def add(s: str) -> int:
            nonlocal pos
            start = pos
            parts.append(s)
            pos += len(s)
            return start

        for para in range(rng.randint(6, 10)):
            if para:
                add("\n\n")
            kind = rng.random()
            who = rng.choice(cast)
            if kind < 0.4:  # a quote
                add("“")
                q = " ".join(self.sentence(rng.randint(6, 14)) for _ in range(rng.randint(1, 2)))
                s = add(q)
                add("” " + rng.choice(CUES) + " ")
                m = add(who)
                mentions[who].append(Span(who, m, m + len(who)))
                add(f", the {self.roles[who].lower()}.")
                quotes.append(Quote(q, s, s + len(q), who, self.roles[who], False, False, "speech", "said"))
            elif kind < 0.7:  # a count
                add(self.sentence(rng.randint(5, 12)) + " ")
                value = rng.choice((12, 40, 150, 1200, 3400, 8000, 25000)) * rng.randint(1, 9)
                text = f"{value:,} {rng.choice(('people', 'residents', 'homes', 'workers'))}"
                s = add("At least " + text if rng.random() < 0.3 else text)
                end = pos
                claimant = who if rng.random() < 0.6 else None
                if claimant:
                    add(", according to ")
                    m = add(who)
                    mentions[who].append(Span(who, m, m + len(who)))
                add(". " + self.sentence(rng.randint(8, 16)))
                counts.append(Count(parts[-1 - (3 if claimant else 1)], s, end, float(value),
                                    category=rng.choice(CATEGORIES), what="people", claimant=claimant))
            else:  # narrative naming someone
                add(self.sentence(rng.randint(8, 14)) + " ")
                m = add(who)
                mentions[who].append(Span(who, m, m + len(who)))
                add(" " + self.sentence(rng.randint(10, 20)) + " " + self.sentence(rng.randint(8, 18)))
        text = "".join(parts)
        for c in counts:  # the phrase as stored: exactly the text at its offsets
            c.text = text[c.start:c.end]
        people = [Person(p, sp, self.roles[p]) for p, sp in mentions.items() if sp]
        title = self.sentence(rng.randint(6, 11)).rstrip(".").title()
        return Article(id=f"bench{i:08d}", source=f"bench/{i // 1000:04d}.txt", text=text, title=title,
                       outlet=rng.choice(OUTLETS), published=day, byline=[rng.choice(GIVEN) + " Writer"],
                       annotations=Annotations(people=people, quotes=quotes, counts=counts))


def build(db: str, n: int) -> None:
    gen = Generator()
    t0 = time.perf_counter()
    with Store(db) as s:
        have = s.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        if have >= n:
            print(f"archive {db}: {have:,} articles (reused)")
            group_claims(s)
            return
        base = 730_000 + 7  # ordinal day of 2000-01-08, spread over two years
        from datetime import date

        for start in range(have, n, 5000):
            with s.transaction():
                for i in range(start, min(n, start + 5000)):
                    day = date.fromordinal(base + 8400 + (i * 730) // n).isoformat()
                    s.add_article(gen.article(i, day))
            print(f"  {min(n, start + 5000):,} articles  {time.perf_counter() - t0:.0f}s", file=sys.stderr)
        group_claims(s)
        s.db.execute("PRAGMA optimize")
    print(f"built {db}: {n:,} articles in {time.perf_counter() - t0:.0f}s, "
          f"{os.path.getsize(db) / 1e6:.0f} MB")


def group_claims(s: Store) -> None:
    """What the linking step of an ingest does for the claims page: group the
    claims of the categories whose counts changed (all of them, once)."""
    t0 = time.perf_counter()
    with s.transaction():
        done = s.refresh_claim_groups()
    if done.get("claim_categories_grouped"):
        print(f"claim groups: {done['claim_categories_grouped']} categories grouped in "
              f"{time.perf_counter() - t0:.1f}s ({done['claim_groups']} groups)")


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
        speakers = [r[0] for r in s.db.execute("SELECT speaker FROM quotes ORDER BY random() LIMIT ?", (k,))]
    pick = lambda xs: [rng.choice(xs) for _ in range(k)]  # noqa: E731
    words = WORDS
    two = [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(k)]
    return {
        "search (1 word)": [f"/search?q={quote(w)}" for w in pick(words)],
        "search (2 words)": [f"/search?q={quote(w)}" for w in two],
        "search + person facet": [f"/search?q={quote(rng.choice(words))}&person={quote(n)}" for n in pick(names)],
        "api/search": [f"/api/search?q={quote(w)}" for w in pick(words)],
        "article": [f"/articles/{i}" for i in pick(ids)],
        "api/articles": [f"/api/articles/{i}" for i in pick(ids)],
        "person (any)": [f"/people/{quote(n, safe='')}" for n in pick(names)],
        "person (most covered)": [f"/people/{quote(n, safe='')}" for n in pick(top)],
        "people list": [f"/people?page={rng.randint(1, 20)}" for _ in range(k)],
        "quotes by speaker": [f"/quotes?speaker={quote(n)}" for n in pick(speakers)],
        "quotes (all, paged)": [f"/quotes?page={rng.randint(1, 20)}" for _ in range(k)],
        "quotes (words)": [f"/api/quotes?q={quote(w)}" for w in pick(words)],
        "claims": [f"/claims?category={c}" for c in pick(CATEGORIES)],
        "claims about": [f"/claims?category={c}&about={quote(rng.choice(words))}" for c in pick(CATEGORIES)],
        "home": ["/" for _ in range(k)],
        "stories": ["/stories" for _ in range(k)],
    }


def run(db: str, requests: int, concurrency: int) -> None:
    port = free_port()
    env = dict(os.environ)
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

        def fetch(url: str) -> float:
            c = getattr(local, "c", None)
            if c is None:
                c = local.c = httpx.Client(base_url=base, timeout=30)
            t = time.perf_counter()
            r = c.get(url)
            dt = time.perf_counter() - t
            if r.status_code not in (200, 404):
                raise SystemExit(f"{url}: HTTP {r.status_code}")
            return dt

        print(f"\n{requests} requests per page, concurrency {concurrency}, server: 1 uvicorn process on 127.0.0.1")
        print(f"{'page':24} {'cold':>8} {'p50':>8} {'p95':>8} {'max':>8}   (ms)")
        worst = 0.0
        with ThreadPoolExecutor(concurrency) as pool:
            for name, us in plan.items():
                cold = fetch(us[0])
                times = sorted(pool.map(fetch, us))
                p50 = statistics.median(times)
                p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
                worst = max(worst, p95)
                print(f"{name:24} {cold * 1000:8.1f} {p50 * 1000:8.1f} {p95 * 1000:8.1f} {times[-1] * 1000:8.1f}")
        print(f"worst p95: {worst * 1000:.1f} ms (target < 200 ms)")
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="/tmp/dateline-bench-web.db")
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=200, help="requests per page type (bounded loop)")
    ap.add_argument("--concurrency", type=int, default=1)
    args = ap.parse_args()
    build(args.db, args.articles)
    with Store(args.db, readonly=True) as s:
        st = s.stats()
    print(f"archive: {st['articles']:,} articles, {st['people']:,} people rows, {st['quotes']:,} quotes, "
          f"{st['counts']:,} counts")
    run(args.db, args.requests, args.concurrency)


if __name__ == "__main__":
    main()

"""Story threading (link/stories.py, link/run.py) on invented articles, and
the seed links measured against tests/gold_links/seed_links.json."""
from __future__ import annotations

import json
from pathlib import Path

from dateline.link import stories as S
from dateline.link.stories import Doc, gap_days, story_label, thread, time_factor
from dateline.model import Annotations, Article, Entity, Person, Span
from dateline.store import Store

GOLD = Path(__file__).parent / "gold_links" / "seed_links.json"

DAM = [
    ("Dam Breach Floods Valdoria Valley",
     "The Orsk dam in the Valdoria valley gave way on Tuesday after days of rain, flooding farms and villages "
     "downstream. Engineers had warned that the reservoir spillway was cracked. Renata Oskarsdottir, the regional "
     "engineer, said the spillway had not been inspected in years. Rescue boats moved through the flooded "
     "villages while the reservoir kept draining into the valley.", "2031-03-04"),
    ("Valdoria Orders Inquiry Into Orsk Dam Collapse",
     "The government of Valdoria opened an inquiry into the collapse of the Orsk dam, which flooded the valley "
     "last month. Ms. Oskarsdottir told the inquiry that warnings about the cracked spillway were ignored. "
     "Families displaced by the flooding remain in shelters, and the drained reservoir has exposed the broken "
     "spillway and the engineers' old repairs.", "2031-03-25"),
    ("Months After the Orsk Dam Breach, Valdoria Rebuilds",
     "Rebuilding has begun in the Valdoria valley, where the Orsk dam breach flooded villages in March. "
     "The inquiry found that the spillway cracks were reported by engineers years ago. Renata Oskarsdottir, "
     "who first raised the alarm, said the new reservoir design would include a second spillway.", "2031-06-10"),
]
CHESS = [
    ("Young Grandmaster Leads Harbor City Chess Open",
     "Teodor Blum, a nineteen-year-old grandmaster, leads the Harbor City chess open after a sharp win with the "
     "black pieces. His opening preparation in the endgame rounds stunned older rivals. The tournament has "
     "nine rounds, and the final games are played under a faster clock.", "2031-05-02"),
    ("Blum Wins Harbor City Chess Open",
     "Teodor Blum won the Harbor City chess open on Sunday, drawing his last game with the white pieces to "
     "clinch the tournament. The grandmaster's endgame technique and opening preparation carried him through "
     "nine rounds without a loss. Mr. Blum said he would defend the title next year.", "2031-05-09"),
]
QUOTA = [
    ("Fishing Fleets Protest Cod Quota Cut",
     "Fishing crews in the northern ports blockaded the harbor to protest a cut to the cod quota. The fisheries "
     "board said cod stocks had fallen sharply. Crews said the quota would sink small boats and family "
     "businesses that depend on the winter catch.", "2031-05-20"),
]
DAYS_APART = [
    ("Orsk Dam Breach Floods Valdoria Valley Again",
     "The Orsk dam in the Valdoria valley gave way after days of rain, flooding farms and villages downstream. "
     "Engineers had warned that the reservoir spillway was cracked. Rescue boats moved through the flooded "
     "villages while the reservoir kept draining into the valley.", "2036-09-01"),
]


def docs(items, start=1, people=None):
    out = []
    for i, (title, text, day) in enumerate(items, start=start):
        ppl = [(pid, n, name) for pid, n, name in (people or {}).get(i, [])]
        out.append(Doc(i, title, text, day, ppl, [], []))
    return out


def groups(assign: dict) -> set[frozenset]:
    by: dict[int, set] = {}
    for k, s in assign.items():
        by.setdefault(s, set()).add(k)
    return {frozenset(v) for v in by.values()}


def test_related_articles_thread_and_unrelated_stay_apart():
    d = docs(DAM + CHESS + QUOTA)
    g = groups(thread(d))
    assert frozenset({1, 2, 3}) in g
    assert frozenset({4, 5}) in g
    assert frozenset({6}) in g


def test_thread_is_independent_of_input_order():
    d = docs(DAM + CHESS + QUOTA)
    assert groups(thread(d)) == groups(thread(list(reversed(d))))


def test_incremental_matches_batch():
    d = docs(DAM + CHESS + QUOTA)
    lk = S.StoryLinker()
    out = {}
    for part in (d[:2], d[2:4], d[4:]):
        out.update(lk.add(part))
    assert groups(out) == groups(thread(d))


def test_time_gap_splits_a_story():
    d = docs(DAM + DAYS_APART)
    g = groups(thread(d))
    assert frozenset({4}) in g  # five years later: a new story, however similar
    assert time_factor(gap_days("2031-03-04", "2031-03-10", None)) == 1.0
    assert 0 < time_factor(100) < 1 and time_factor(10_000) == 0.0
    assert time_factor(None) == 1.0


def test_near_duplicate_joins_its_original_without_counting():
    d = docs(DAM + CHESS + QUOTA)
    copy = Doc(9, "Another headline", d[0].text + " An editor's note.", d[0].day, duplicate_of=1)
    lk = S.StoryLinker()
    out = lk.add([*d, copy])
    st = lk.stories[out[1]]
    assert out[9] == out[1] and 9 in st.duplicates and 9 not in st.members and len(st.members) == 3


def test_label_names_shared_distinctive_terms():
    lk = S.StoryLinker()
    out = lk.add(docs(DAM + CHESS))
    lk.relabel()
    label = lk.stories[out[1]].label.lower()
    assert any(w in label for w in ("orsk", "spillway", "valdoria", "dam"))
    assert story_label([{"a": 1.0, "b": 0.2}, {"b": 0.9}], {"a": "Alpha", "b": "Beta"}) == "Beta"


# ---------------------------------------------------------------- archive
def _store_articles(store, items, start_day_people=None):
    for title, text, day in items:
        ppl = []
        for name in ("Renata Oskarsdottir", "Ms. Oskarsdottir", "Teodor Blum"):
            if name in text:
                i = text.index(name)
                ppl.append(Person(name if " " in name and not name.startswith("Ms.") else "Oskarsdottir",
                                  [Span(name, i, i + len(name))]))
        places = []
        if "Valdoria" in text:
            i = text.index("Valdoria")
            places.append(Entity("Valdoria", "place", [Span("Valdoria", i, i + 8)]))
        store.add_article(Article(id=title, source="invented.txt", text=text, title=title, published=day,
                                  annotations=Annotations(people=ppl, places=places)))


def test_archive_threads_incrementally(tmp_path):
    from dateline.link.run import update_links
    from dateline.store.read.stories import stories_list, story_timeline

    store = Store(str(tmp_path / "s.db"))
    with store.transaction():
        _store_articles(store, DAM[:2] + CHESS[:1])
        update_links(store)
    with store.transaction():
        _store_articles(store, DAM[2:] + CHESS[1:] + QUOTA)
        s = update_links(store)
    assert s["articles"] == 3
    rows = stories_list(store.db)
    assert sorted(r["articles"] for r in rows) == [2, 3]
    dam = next(r for r in rows if r["articles"] == 3)
    tl = story_timeline(store.db, dam["id"])
    assert [a["day"] for a in tl["timeline"]] == ["2031-03-04", "2031-03-25", "2031-06-10"]
    assert dam["first_day"] == "2031-03-04" and dam["last_day"] == "2031-06-10"
    store.close()


def test_cli_commands(tmp_path):
    from typer.testing import CliRunner

    from dateline import cli
    from dateline.cli.link import register
    from dateline.link.run import update_links

    path = str(tmp_path / "c.db")
    store = Store(path)
    with store.transaction():
        _store_articles(store, DAM + CHESS)
        update_links(store)
    store.close()
    if not any(getattr(c, "name", None) == "stories" or (c.callback and c.callback.__name__ == "stories")
               for c in cli.app.registered_commands):
        register(cli.app)
    r = CliRunner().invoke(cli.app, ["--db", path, "stories", "--json"])
    assert r.exit_code == 0, r.output
    assert sorted(s["articles"] for s in json.loads(r.output)) == [2, 3]
    r = CliRunner().invoke(cli.app, ["--db", path, "person", "Oskarsdottir", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["name"] == "Renata Oskarsdottir"


# ---------------------------------------------------------------- seeds
def test_seed_links_against_gold(shared, tmp_path):
    from dateline.ingest import ingest
    from dateline.link.run import evaluate_gold, update_links

    store = Store(str(tmp_path / "seeds.db"))
    ingest([str(shared / "seeds")], store)
    with store.transaction():
        update_links(store)
    res = evaluate_gold(store.db, json.loads(GOLD.read_text(encoding="utf-8")))
    store.close()
    print(json.dumps(res))
    assert res["articles_resolved"] == res["articles_gold"]
    assert res["people"]["precision"] >= 0.95 and res["people"]["recall"] >= 0.95
    assert res["stories"]["f1"] >= 0.85


def test_articles_not_yet_linked_are_found_above_the_last_one_done(tmp_path):
    """The articles a link step has still to look at: those above the last
    one done, read through the rowid (not a pass over the archive), unless
    the counts say an older one was skipped."""
    from dateline.link.schema import ensure_schema, undone
    from dateline.model import Article
    from dateline.store import Store

    with Store(str(tmp_path / "a.db")) as s:
        ensure_schema(s.db)
        with s.transaction():
            for i in range(10):
                s.add_article(Article(id=f"{i:032d}", source="x.txt", text=f"Body {i}.", title=f"T {i}"))
        rowids = [r[0] for r in s.db.execute("SELECT rowid FROM articles ORDER BY rowid")]
        assert undone(s.db, "link_done") == rowids
        s.db.executemany("INSERT INTO link_done VALUES (?)", [(r,) for r in rowids[:7]])
        seen: list[str] = []
        s.db.set_trace_callback(seen.append)
        assert undone(s.db, "link_done") == rowids[7:]
        assert undone(s.db, "link_done", limit=2) == rowids[7:9]
        s.db.set_trace_callback(None)
        assert not any("NOT EXISTS" in q for q in seen)
        s.db.execute("DELETE FROM link_done WHERE article_rowid = ?", (rowids[2],))  # an older one skipped
        assert undone(s.db, "link_done") == [rowids[2], *rowids[7:]]


def _file_by_file_equals_rebuild(batches: list[list[str]], tmp_path) -> Store:
    """Ingest ``batches`` one by one into one archive and all at once (then
    ``link --rebuild``) into another; assert their stories are the same and
    return the first."""
    from dateline.ingest import ingest
    from dateline.link.run import relink

    one = Store(str(tmp_path / "one.db"))
    for b in batches:
        ingest(b, one)
    whole = Store(str(tmp_path / "whole.db"))
    ingest([f for b in batches for f in b], whole)
    with whole.transaction():
        relink(whole)
    assert _story_members(one.db) == _story_members(whole.db)
    whole.close()
    return one


def _story_members(db) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for sid, rid in db.execute("SELECT story_id, article_rowid FROM story_articles"):
        out.setdefault(sid, set()).add(rid)
    return out


def test_story_ids_survive_a_rebuild(tmp_path):
    """Issue 14 bug 3: `link --rebuild` renumbered every story, so links to
    /stories/N broke.  A story's id is the rowid of its opening article."""
    from dateline.link.run import relink, update_links

    store = Store(str(tmp_path / "r.db"))
    with store.transaction():  # later news first: incremental order differs from the rebuild's
        _store_articles(store, QUOTA + CHESS[:1])
        update_links(store)
    with store.transaction():
        _store_articles(store, DAM + CHESS[1:])
        update_links(store)
    before = _story_members(store.db)
    with store.transaction():
        relink(store)
    assert _story_members(store.db) == before
    assert all(sid == min(rids) for sid, rids in before.items())
    assert {r[0] for r in store.db.execute("SELECT id FROM stories")} == set(before)
    store.close()


def test_migration_renumbers_stories_by_their_opening_article(tmp_path):
    from dateline.link.run import update_links
    from dateline.store import MIGRATIONS

    path = str(tmp_path / "m.db")
    store = Store(path)
    with store.transaction():
        _store_articles(store, QUOTA + DAM)
        update_links(store)
    want = _story_members(store.db)
    # as an archive made before migration 10 numbered them: 1, 2, ... (here reversed)
    old = {sid: i for i, sid in enumerate(sorted(want, reverse=True), start=1)}
    with store.transaction():
        store.db.execute("UPDATE stories SET id = -id")
        store.db.execute("UPDATE story_articles SET story_id = -story_id")
        for sid, n in old.items():
            store.db.execute("UPDATE stories SET id = ? WHERE id = ?", (n, -sid))
            store.db.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (n, -sid))
    store.db.executescript(f"BEGIN; {MIGRATIONS[9]}; COMMIT;")  # migration 10 again, on the old numbering
    store.close()
    store = Store(path)
    assert _story_members(store.db) == want
    assert {r[0] for r in store.db.execute("SELECT id FROM stories")} == set(want)
    store.close()


def _threads(db) -> set[frozenset]:
    return {frozenset(m) for m in _story_members(db).values()}


def test_files_one_by_one_thread_as_a_rebuild_of_all_at_once(tmp_path):
    """Issue 14 bug 3: the document frequencies an article is weighed with
    were those of its whole batch, so one file at a time gave other threads
    than all files at once.  Each article is now placed against the
    articles before it only, in the order they came, as a rebuild replays."""
    files = sorted(str(p) for p in (Path(__file__).parents[1] / "examples").glob("*.txt"))
    batches = [[f] for f in files] + [[DAM_FILE(tmp_path, DAM + CHESS)], [DAM_FILE(tmp_path, DAYS_APART + QUOTA)]]
    one = _file_by_file_equals_rebuild(batches, tmp_path)
    assert any(len(t) > 1 for t in _threads(one.db))  # something threads at all
    one.close()


def DAM_FILE(tmp_path, items) -> str:  # noqa: N802
    """Invented articles written as a dump file (captured on their day)."""
    path = tmp_path / f"dump-{items[0][2]}.txt"
    path.write_text("".join(f"Captured: {day}T09:00:00Z\n\n{title}\n\n{text}\n\n\n" for title, text, day in items),
                    encoding="utf-8")
    return str(path)


def test_title_case_headline_words_fold_with_the_body():
    """A Title Case headline writes "Convoys" where the body writes
    "convoys": one feature, not two (and a sentence-opening capital too)."""
    tf, _ = S.raw_features(Doc(1, "Aid Convoys Reach the Valleys", "Convoys moved. The convoys reached two valleys "
                                                                    "near Lesk.", None))
    assert tf["convoy"] == 2 + S.TITLE_WEIGHT and "convoys" not in tf
    assert tf["valley"] == 1 + S.TITLE_WEIGHT and "Lesk".lower() in tf


# ---------------------------------------------------------------- background frequencies
SPANISH = [
    ("Cae el puente de Torvela tras las lluvias",
     "El puente de Torvela se derrumbó el lunes después de tres días de lluvias, y dejó aisladas a las aldeas del "
     "valle. Los bomberos dijeron que nadie resultó herido. La alcaldesa pidió ayuda al gobierno regional para "
     "abrir un paso provisional antes del invierno.", "2031-04-07"),
    ("Torvela abre un paso provisional junto al puente caído",
     "Los vecinos de Torvela cruzaron el martes el paso provisional que los bomberos levantaron junto al puente "
     "derrumbado. La alcaldesa dijo que las aldeas del valle ya reciben alimentos y que el gobierno regional "
     "pagará un puente nuevo.", "2031-04-15"),
]


def test_background_knows_english_news_words_only():
    """Issue 14 bug 3: in a young archive every word was rare, so the words
    any news story uses weighed as much as the ones that tell stories apart.
    The shipped background says which words are common in news."""
    assert S.BG_DOCS >= 500
    assert S.background_df("week") > S.background_df("spillway")
    assert S.background_df("pl:new zealand") <= S.background_df("new")  # a name counts as its rarest word
    assert S.background_df("p:17") == 0
    english, _ = S.raw_features(Doc(1, DAM[0][0], DAM[0][1]))
    spanish, _ = S.raw_features(Doc(2, SPANISH[0][0], SPANISH[0][1]))
    invented, _ = S.raw_features(Doc(3, None, "Kalomi renvel dorsa tozin; brotel marfi gaku wyxa."))
    assert S.known(english) and not S.known(spanish) and not S.known(invented)
    # two articles in: a word of every news story weighs less than the story's own words
    v = S.vectorize(english, {f: 1 for f in english}, 2, top_k=1000)
    assert v["spillway"] > v["year"] and v["reservoir"] > v["tuesday"]
    # an article the background does not know is weighed by the archive alone
    assert S.vectorize(spanish, {}, 2, background=False) != S.vectorize(spanish, {}, 2, background=True)


def test_examples_thread_as_a_reader_would(tmp_path):
    """Issue 14 bug 3: the three cease-fire articles of examples/ (two
    outlets, a week apart) were three stories.  They are one; the strike
    and its backlog are one; the lighthouse stands alone."""
    from dateline.ingest import ingest

    store = Store(str(tmp_path / "ex.db"))
    ingest(sorted(str(p) for p in (Path(__file__).parents[1] / "examples").glob("*.txt")), store)
    threads = set()
    for m in _story_members(store.db).values():
        threads.add(frozenset(store.db.execute(
            f"SELECT coalesce(title, substr(text, 1, 40)) FROM articles WHERE rowid IN ({','.join('?' * len(m))})",
            sorted(m)).fetchall()))
    store.close()
    heads = {frozenset(h[0].split()[0] for h in t) for t in threads}
    assert frozenset({"Cease-Fire", "Three", "Valdoria"}) in heads
    assert frozenset({"Port", "Saltmere"}) in heads
    assert frozenset({"Lighthouse"}) in heads
    assert len(threads) == 3


def test_mixed_archive_incremental_is_a_rebuild(tmp_path):
    """English news weighed with the background and another language's
    weighed without it, file by file and all at once: the same threads."""
    files = sorted(str(p) for p in (Path(__file__).parents[1] / "examples").glob("*.txt"))
    batches = [[DAM_FILE(tmp_path, SPANISH)], *([f] for f in files), [DAM_FILE(tmp_path, DAM + CHESS)],
               [DAM_FILE(tmp_path, DAYS_APART + QUOTA)]]
    one = _file_by_file_equals_rebuild(batches, tmp_path)
    sizes = sorted(len(t) for t in _threads(one.db))
    assert sizes.count(3) >= 2  # the cease-fire and the dam
    own = one.db.execute("SELECT count(*) FROM story_vectors WHERE vec LIKE ?", (f'%"{S.OWN}"%',)).fetchone()[0]
    assert own == 2  # the Spanish articles were weighed by the archive alone, and that was kept
    one.close()

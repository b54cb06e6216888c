"""Linking the archive after an ingest: people across articles, stories over
time, claims compared.  ``update_links(store)`` looks only at articles not
linked before and touches only the persons and stories they join; claim
groups are regrouped for the categories whose counts changed
(``Store.refresh_claim_groups``).

Linking computes here and in people.py, stories.py and claims.py; what it
writes goes through the small write functions of write.py; what the
interfaces read is in the store's read layer (``store/read/``).
"""
from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from . import people as P  # noqa: N812
from . import stories as S  # noqa: N812
from . import write as W  # noqa: N812
from .schema import ensure_schema, undone

_CHUNK = 500


def _chunks(items: Sequence, n: int = _CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _marks(n: int) -> str:
    return ",".join("?" * n)


# --------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------

def _load_person_linker(db, records: Sequence[P.Record] | None = None) -> P.PersonLinker:
    """The person linker with the persons linking ``records`` may look at
    (through the persons' block, surname and given-name indexes), or with
    every person (None)."""
    pl = P.PersonLinker()
    cols = "id, first, middle, last, suffix, block, articles, first_day, last_day"
    if records is None:
        rows = db.execute(f"SELECT {cols} FROM persons")
    else:
        blocks, lasts = P.persons_touched_by(records)
        rows = db.execute(
            f"""SELECT {cols} FROM persons WHERE block IN (SELECT value FROM json_each(?1))
                UNION SELECT {cols} FROM persons WHERE last IN (SELECT value FROM json_each(?2))
                UNION SELECT {cols} FROM persons WHERE first IN (SELECT value FROM json_each(?2))
                ORDER BY id""", (json.dumps(sorted(blocks)), json.dumps(sorted(lasts))))
    for pid, first, middle, last, suffix, block, articles, fd, ld in rows:
        key = P.NameKey(first, tuple(middle.split()) if middle else (), last, suffix, block)
        pl.load(pid, key, articles, fd, ld)
    pl.next_id = max(pl.next_id, (db.execute("SELECT max(id) FROM persons").fetchone()[0] or 0) + 1)
    return pl


def link_people(db, rowids: Sequence[int], days: dict[int, str | None]) -> dict[str, Any]:
    """Assign the people rows of articles ``rowids`` to persons."""
    records: list[P.Record] = []
    for chunk in _chunks(list(rowids)):
        for rid, idx, name, role, mentions in db.execute(
                f"SELECT article_rowid, idx, name, role, mentions FROM people WHERE article_rowid IN ({_marks(len(chunk))})"
                " ORDER BY article_rowid, idx", list(chunk)):
            ms = tuple(m[0] for m in json.loads(mentions))
            records.append(P.Record(rid, idx, name, ms, days.get(rid), role or None))
    pl = _load_person_linker(db, records)
    known = set(pl.persons)
    pids = pl.add(records)
    touched = set(pids)
    # persons folded into others: move their rows
    for src, _ in pl.merged.items():
        dst = pl.resolve(src)
        touched.add(dst)
        if src in known:
            W.merge_person(db, src, dst)
    touched -= set(pl.merged)
    new = [p for p in touched if p not in known]
    W.add_persons(db, [(p, "", (k := pl.persons[p].key).first, " ".join(k.middle) or None, k.last, k.suffix, k.block)
                       for p in sorted(new)])
    W.put_person_mentions(db, [(p, r.article, r.idx, r.name) for r, p in zip(records, pids)])
    W.add_person_roles(db, [(p, r.role, r.day, r.article) for r, p in zip(records, pids) if r.role])
    # persons that merged (or are new) are summed from their rows; the others
    # (a well-known name in a new article) from what this batch adds
    whole = {pl.resolve(src) for src in pl.merged} | set(new)
    _refresh_persons(db, sorted(touched & whole))
    _add_to_persons(db, [(r, p) for r, p in zip(records, pids) if p in touched and p not in whole])
    return {"records": len(records), "persons_new": len(new),
            "persons_merged": sum(1 for s in pl.merged if s in known), "persons_touched": len(touched)}


def _add_to_persons(db, recs: list[tuple[P.Record, int]]) -> None:
    """Add new articles' records to the summary columns of their (existing,
    unmerged) persons: the same values :func:`_refresh_persons` gives, read
    through bounded index lookups instead of every row of the person."""
    if not recs:
        return
    by_person: dict[int, list[P.Record]] = defaultdict(list)
    for r, p in recs:
        by_person[p].append(r)
    quoted: Counter = Counter()
    arts = sorted({r.article for r, _ in recs})
    for chunk in _chunks(arts):
        for rid, speaker, n in db.execute(
                f"SELECT article_rowid, speaker, count(*) FROM quotes WHERE article_rowid IN ({_marks(len(chunk))}) "
                "AND speaker IS NOT NULL GROUP BY 1, 2", list(chunk)):
            quoted[(rid, speaker)] = n
    rows = []
    for pid, rs in by_person.items():
        forms = Counter(dict(db.execute(
            "SELECT name, count(*) FROM person_mentions WHERE person_id = ? GROUP BY name", (pid,)).fetchall()))
        days = [r.day for r in rs if r.day]
        role = db.execute("SELECT role FROM person_roles WHERE person_id = ? AND day IS NULL "
                          "ORDER BY article_rowid DESC LIMIT 1", (pid,)).fetchone() or db.execute(
            "SELECT role FROM person_roles WHERE person_id = ? AND day IS NOT NULL "
            "ORDER BY day DESC, article_rowid DESC LIMIT 1", (pid,)).fetchone()
        rows.append((P.display_name(forms) if forms else "", len({r.article for r in rs}),
                     sum(len(r.mentions) for r in rs), sum(quoted[(r.article, r.name)] for r in rs),
                     role[0] if role else None, min(days) if days else None, max(days) if days else None, pid))
    W.add_to_person_summaries(db, rows)


def _refresh_persons(db, ids: list[int]) -> None:
    """Recompute the summary columns of the persons ``ids`` from their rows."""
    for chunk in _chunks(ids):
        m = _marks(len(chunk))
        forms: dict[int, Counter] = defaultdict(Counter)
        for pid, name, n in db.execute(
                f"SELECT person_id, name, count(*) FROM person_mentions WHERE person_id IN ({m}) GROUP BY 1, 2",
                list(chunk)):
            forms[pid][name] = n
        stats = {r[0]: r[1:] for r in db.execute(
            f"""SELECT pm.person_id, count(DISTINCT pm.article_rowid), sum(json_array_length(p.mentions)),
                       min(a.day), max(a.day)
                FROM person_mentions pm
                JOIN people p ON p.article_rowid = pm.article_rowid AND p.idx = pm.person_idx
                JOIN articles a ON a.rowid = pm.article_rowid
                WHERE pm.person_id IN ({m}) GROUP BY pm.person_id""", list(chunk))}
        quoted = dict(db.execute(
            f"""SELECT pm.person_id, count(*) FROM person_mentions pm
                JOIN quotes q ON q.article_rowid = pm.article_rowid AND q.idx >= 0 AND +q.speaker = pm.name
                WHERE pm.person_id IN ({m}) GROUP BY pm.person_id""", list(chunk)).fetchall())
        roles: dict[int, str] = {}
        for pid, role in db.execute(
                f"""SELECT person_id, role FROM person_roles WHERE person_id IN ({m})
                    ORDER BY person_id, day IS NULL, day, article_rowid""", list(chunk)):
            roles[pid] = role  # the last one wins: the latest role
        rows = []
        for pid in chunk:
            arts, mentions, fd, ld = stats.get(pid, (0, 0, None, None))
            name = P.display_name(forms[pid]) if forms.get(pid) else ""
            rows.append((name, arts, mentions or 0, quoted.get(pid, 0), roles.get(pid), fd, ld, pid))
        W.set_person_summaries(db, rows)


# --------------------------------------------------------------------------
# Stories
# --------------------------------------------------------------------------

def _dump_vec(vec: dict[str, float], surface: dict[str, str], tf: dict[str, int] | None = None) -> str:
    """[feature, weight, surface] for each feature of the vector, and with
    ``tf`` (a young archive's article) [feature, weight, surface, count] for
    each kept feature (weight 0 outside the vector)."""
    if not tf:
        return json.dumps([[f, round(x, 5), surface.get(f, "")] for f, x in vec.items()], ensure_ascii=False)
    return json.dumps([[f, round(vec.get(f, 0.0), 5), surface.get(f, ""), n] for f, n in tf.items()]
                      + [[f, round(x, 5), surface.get(f, ""), 0] for f, x in vec.items() if f not in tf],
                      ensure_ascii=False)


class ArchiveStories(S.StoryLinker):
    """The story linker with its state in the archive: only the postings,
    vectors and stories that new articles touch are read."""

    def __init__(self, db) -> None:
        super().__init__()
        self.db = db
        row = db.execute("SELECT value FROM link_state WHERE key = 'docs'").fetchone()
        self.n_docs = int(row[0]) if row else 0
        self._db_postings: dict[str, list] = {}
        self._missing_vec: set = set()
        self.new_docs: list = []
        self.df_known: set[str] = set()

    def _load_df(self, features: Iterable[str]) -> None:
        feats = [f for f in features if f not in self.df_known]
        for chunk in _chunks(feats):
            for f, n in self.db.execute(f"SELECT feature, df FROM link_df WHERE feature IN ({_marks(len(chunk))})",
                                        list(chunk)):
                self.df[f] = n
        self.df_known.update(feats)

    def _posting(self, feature: str) -> Sequence:
        got = self._db_postings.get(feature)
        if got is None:
            got = self._db_postings[feature] = [r[0] for r in self.db.execute(
                "SELECT article_rowid FROM story_postings WHERE feature = ?", (feature,))]
        extra = self.postings.get(feature)
        return got + extra if extra else got

    def _vector(self, key) -> dict[str, float] | None:
        v = self.vectors.get(key)
        if v is not None or key in self._missing_vec:
            return v
        row = self.db.execute("SELECT vec, day FROM story_vectors WHERE article_rowid = ?", (key,)).fetchone()
        if row is None:
            self._missing_vec.add(key)
            return None
        v: dict[str, float] = {}
        tf: dict[str, int] = {}
        for f, x, s, *n in json.loads(row[0]):
            if x:
                v[f] = x
            if n and n[0]:
                tf[f] = n[0]
            if s:
                self.surface.setdefault(f, s)
        self.vectors[key] = v
        if tf:
            self.tfs[key] = tf
        self.days[key] = row[1]
        return v

    def _new_story_id(self, key) -> int:
        """A story's id is the rowid of the article that opened it: the same
        after `dateline link --rebuild` threads the archive again, so links
        to /stories/ID hold (store migration 10 renumbered older archives)."""
        return key

    def _story_id_of(self, key) -> int | None:
        sid = self.story_of.get(key)
        if sid is None:
            row = self.db.execute("SELECT story_id FROM story_articles WHERE article_rowid = ?", (key,)).fetchone()
            if row:
                sid = self.story_of[key] = row[0]
        return sid

    def _story(self, sid: int) -> S.Story | None:
        st = self.stories.get(sid)
        if st is not None:
            return st
        row = self.db.execute("SELECT first_day, last_day, centroid, label FROM stories WHERE id = ?", (sid,)).fetchone()
        if row is None:
            return None
        st = S.Story(sid, first_day=row[0], last_day=row[1], label=row[3], dirty=False)
        for f, x, s in json.loads(row[2]):
            st.centroid[f] = x
            if s:
                self.surface.setdefault(f, s)
        for rid, dup in self.db.execute(
                "SELECT article_rowid, duplicate_of FROM story_articles WHERE story_id = ? ORDER BY rowid", (sid,)):
            (st.duplicates if dup is not None else st.members).append(rid)
        self.stories[sid] = st
        return st

    def _place(self, d: S.Doc, vec: dict[str, float]) -> int:
        sid = super()._place(d, vec)
        self.new_docs.append(d)
        return sid

    def flush(self, df_delta: Counter) -> dict[str, Any]:
        db = self.db
        new_stories = 0
        for d in self.new_docs:
            vec = self.vectors[d.key]
            st = self.stories[self.story_of[d.key]]
            dup = d.duplicate_of if d.key in st.duplicates else None
            W.put_story_vector(db, d.key, d.day, _dump_vec(vec, self.surface, self.tfs.get(d.key)),
                               vec if dup is None else ())
            W.put_story_article(db, st.id, d.key, self.similarity.get(d.key), dup)
        self.relabel()
        touched = 0
        for st in self.stories.values():
            if not st.dirty:
                continue
            touched += 1
            new_stories += W.put_story(db, st.id, st.label, st.first_day, st.last_day, len(st.members),
                                       len(st.duplicates), _dump_vec(st.centroid, self.surface))
        W.add_feature_counts(db, df_delta, self.n_docs)
        return {"stories_new": new_stories, "stories_touched": touched}


def _docs(db, rowids: Sequence[int]) -> list[S.Doc]:
    """Threading input for the articles ``rowids`` (people already linked)."""
    docs: dict[int, S.Doc] = {}
    for chunk in _chunks(list(rowids)):
        m = _marks(len(chunk))
        for rid, title, text, day in db.execute(
                f"SELECT rowid, title, text, day FROM articles WHERE rowid IN ({m})", list(chunk)):
            docs[rid] = S.Doc(rid, title, text, day, [], [], [])
        for rid, pid, n, name in db.execute(
                f"""SELECT pm.article_rowid, pm.person_id, json_array_length(p.mentions), ps.name
                    FROM person_mentions pm
                    JOIN people p ON p.article_rowid = pm.article_rowid AND p.idx = pm.person_idx
                    JOIN persons ps ON ps.id = pm.person_id
                    WHERE pm.article_rowid IN ({m})""", list(chunk)):
            docs[rid].people.append((pid, n or 1, name))
        for rid, kind, name, n in db.execute(
                f"SELECT article_rowid, kind, name, json_array_length(mentions) FROM entities "
                f"WHERE article_rowid IN ({m})", list(chunk)):
            (docs[rid].places if kind == "place" else docs[rid].orgs).append((name, n or 1))
        if _has_table(db, "near_duplicates"):
            for rid, orig in db.execute(
                    f"SELECT article_rowid, duplicate_of_rowid FROM near_duplicates WHERE article_rowid IN ({m}) "
                    "ORDER BY similarity", list(chunk)):
                docs[rid].duplicate_of = orig
    return [docs[r] for r in rowids if r in docs]


def _has_table(db, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------

def update_links(store, new_article_rowids: Sequence[int] | None = None, claims: bool = True) -> dict[str, Any]:
    """Link the articles not linked yet (or exactly ``new_article_rowids``):
    their people join persons, the articles join stories, and (``claims``)
    the claim groups of the categories whose counts changed are made again.
    Runs inside the caller's transaction when there is one; returns a summary."""
    db = store.db
    if not db.in_transaction:
        db.execute("BEGIN IMMEDIATE")
        try:
            out = update_links(store, new_article_rowids, claims)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        return out
    t0 = time.perf_counter()
    ensure_schema(db)
    if _has_table(db, "minhash_bands"):
        from .dedupe import link_new

        link_new(store)
    if new_article_rowids is None:
        rowids = undone(db, "link_done")
    else:
        done = set()
        ids = list(new_article_rowids)
        for chunk in _chunks(ids):
            done.update(r[0] for r in db.execute(
                f"SELECT article_rowid FROM link_done WHERE article_rowid IN ({_marks(len(chunk))})", list(chunk)))
        rowids = [r for r in ids if r not in done]
    summary: dict[str, Any] = {"articles": len(rowids)}
    if not rowids:
        if claims:
            summary.update(store.refresh_claim_groups())  # counts added unlinked, or an archive just migrated
        summary["seconds"] = round(time.perf_counter() - t0, 3)
        return summary
    days: dict[int, str | None] = {}
    for chunk in _chunks(rowids):
        days.update(db.execute(f"SELECT rowid, day FROM articles WHERE rowid IN ({_marks(len(chunk))})", list(chunk)))
    summary.update(link_people(db, rowids, days))
    linker = ArchiveStories(db)
    linker.add(_docs(db, sorted(rowids)))  # in the order they came: a rebuild replays it
    summary.update(linker.flush(linker.df_delta))
    W.mark_done(db, "link_done", rowids)
    if claims:  # the categories whose counts (or stories) changed are grouped again
        summary.update(store.refresh_claim_groups())
    summary["seconds"] = round(time.perf_counter() - t0, 3)
    return summary


def relink(store) -> dict[str, Any]:
    """Forget every link and link the whole archive again (inside the
    caller's transaction when there is one)."""
    ensure_schema(store.db)
    W.forget_links(store.db)
    return update_links(store)


# --------------------------------------------------------------------------
# Evaluation against hand-made gold links (tests/gold_links/*.json)
# --------------------------------------------------------------------------

def _pairs_same(labels: dict) -> set[frozenset]:
    groups: dict[object, list] = defaultdict(list)
    for item, lab in labels.items():
        groups[lab].append(item)
    out = set()
    for items in groups.values():
        items.sort(key=str)
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                out.add(frozenset((items[i], items[j])))
    return out


def _prf(pred: set, gold: set) -> dict[str, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "pairs_pred": len(pred),
            "pairs_gold": len(gold), "pairs_ok": tp}


def resolve_gold_articles(db, gold: dict) -> dict[str, int]:
    """Gold article references -> archive rowids.  An article is named by
    its source file and its headline (``title``) or the opening of its body
    (``first_words``), or by their SHA-1 digests (``title_sha1``;
    ``first_words_sha1`` over the first ``first_chars`` characters), so that
    gold for other people's text need not hold that text."""
    import hashlib
    import os

    def sha1(s: str) -> str:
        return hashlib.sha1(s.encode("utf-8")).hexdigest()

    out = {}
    rows = db.execute("SELECT rowid, source, title, substr(text, 1, 300) FROM articles").fetchall()
    for ref, a in gold["articles"].items():
        for rowid, source, title, head in rows:
            if os.path.basename(source) != a["source"]:
                continue
            if (("title" in a and title == a["title"])
                    or ("title_sha1" in a and title is not None and sha1(title) == a["title_sha1"])
                    or ("first_words" in a and head.startswith(a["first_words"]))
                    or ("first_words_sha1" in a and sha1(head[:a["first_chars"]]) == a["first_words_sha1"])):
                out[ref] = rowid
                break
    return out


def evaluate_gold(db, gold: dict) -> dict[str, Any]:
    """People-merge pair precision/recall and story-pair P/R/F1 of the links
    in the archive against gold links."""
    from ..annotate.names import fold

    arts = resolve_gold_articles(db, gold)
    entries: dict[int, list[tuple[str, int]]] = defaultdict(list)  # rowid -> [(gold name, cluster)]
    for ci, cluster in enumerate(gold["persons"]):
        for e in cluster:
            if e["article"] in arts:
                entries[arts[e["article"]]].append((e["name"], ci))
    pred, truth = {}, {}
    for rowid, idx, name, pid in db.execute("SELECT article_rowid, person_idx, name, person_id FROM person_mentions"):
        rec = (rowid, idx)
        pred[rec] = pid
        truth[rec] = rec
        key = P.parse_name(name)
        for gname, ci in entries.get(rowid, ()):
            gkey = P.parse_name(gname)
            if fold(gname) == fold(name) or (key and gkey and (
                    P.compatible(key, gkey) or (not key.full and P.surname_match(key, gkey)))):
                truth[rec] = ("gold", ci)
                break
    people = _prf(_pairs_same(pred), _pairs_same(truth))
    missing = [e for c in gold["persons"] for e in c
               if e["article"] in arts and not any(truth.get(r) == ("gold", gold["persons"].index(c))
                                                   for r in truth if r[0] == arts[e["article"]])]
    people["gold_records_not_found"] = len(missing)
    story_of = dict(db.execute("SELECT article_rowid, story_id FROM story_articles"))
    rows = list(arts.values())
    g_label = {r: ("single", r) for r in rows}
    for ci, cluster in enumerate(gold["stories"]):
        for ref in cluster:
            if ref in arts:
                g_label[arts[ref]] = ("story", ci)
    skip = {frozenset((arts[a], arts[b])) for a, b in gold.get("uncertain_story_pairs", ()) if a in arts and b in arts}
    p_pairs = _pairs_same({r: story_of.get(r, ("none", r)) for r in rows}) - skip
    g_pairs = _pairs_same(g_label) - skip
    stories = _prf(p_pairs, g_pairs)
    return {"articles_resolved": len(arts), "articles_gold": len(gold["articles"]), "people": people,
            "stories": stories}

"""Read-only questions the interfaces ask of the archive.

``Queries`` is a mixin that :class:`dateline.store.Store` inherits: the CLI,
the web app and its JSON API call these methods and open no SQL of their own.
Every method returns plain dicts and lists (JSON-ready), every value reaches
SQLite as a bound parameter, and tables that a later linking step creates
(``claims``, ``stories``) are optional: when one is missing the method
returns an empty result instead of failing.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any

# Marks around matched words in search snippets: private-use characters that
# cannot occur in news text, so a snippet is split on them, never parsed.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"

CO_MENTION_WINDOW = 500  # co-mentioned people are counted over a person's latest N articles


def _fts(q: str) -> str:
    from . import to_fts_query

    return to_fts_query(q)


def split_marks(snippet: str) -> tuple[str, list[list[int]]]:
    """A marked snippet -> (plain text, [[start, end], ...] of the matched words)."""
    plain: list[str] = []
    marks: list[list[int]] = []
    pos = 0
    start = None
    for ch in snippet:
        if ch == MARK_OPEN:
            start = pos
        elif ch == MARK_CLOSE:
            if start is not None:
                marks.append([start, pos])
            start = None
        else:
            plain.append(ch)
            pos += 1
    return "".join(plain), marks


def _rows(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(r) for r in cur]


def _day_filters(conds: list[str], args: list, since: str | None, until: str | None, col: str = "a.day") -> None:
    if since:
        conds.append(f"{col} >= ?")
        args.append(since[:10])
    if until:
        conds.append(f"{col} <= ?")
        args.append(until[:10])


def _where(conds: list[str]) -> str:
    return ("WHERE " + " AND ".join(conds)) if conds else ""


# Facets of a query matching more articles than this are counted over its
# best-ranked matches (what a reader looks at), which keeps search fast.
FACET_SAMPLE = 2000
# A query (with no filters) matching more articles than this is ranked
# (BM25) among its most recently added RANK_WINDOW matches: ranking costs
# about a microsecond per match, and a word in half of a large archive would
# otherwise cost more than the rest of the page.  Filtered queries (a date,
# an outlet, a person) rank all their matches; rank_window=None ranks all.
RANK_WINDOW = 20_000
WALK_ABOVE = 3000  # filtered rows beyond which walking the day index beats sorting them
# A person's latest articles (a page of 50): walking the day index newest
# first beats sorting theirs from this many articles on (a person in 1 in
# 200 articles fills the page within ~10,000 steps of the walk).
ARTICLES_WALK_ABOVE = 500
# Counts about some words are found by walking the articles in day order when
# about this many times a page of them is expected (else the category's
# counts are read and sorted): a walk visits about ``page / density`` articles.
ABOUT_WALK = 8


def _fts_from(conds: list[str]) -> str:
    """FROM ... WHERE for articles_fts matches under filters on ``articles a``.
    Filters on the rowid alone (a person's articles) need no row lookup: the
    unary + keeps SQLite from handing the IN list to FTS5, which would run the
    query once per rowid."""
    if conds and all(c.startswith("a.rowid IN ") for c in conds):
        return "FROM articles_fts WHERE " + " AND ".join(
            ["articles_fts MATCH ?", *("+articles_fts.rowid" + c[len("a.rowid"):] for c in conds)])
    join = "JOIN articles a ON a.rowid = articles_fts.rowid" if conds else ""
    return f"FROM articles_fts {join} WHERE " + " AND ".join(["articles_fts MATCH ?", *conds])


class Queries:
    """Read-only query methods over ``self.db`` (a ``sqlite3.Connection``
    whose row factory is ``sqlite3.Row``)."""

    db: sqlite3.Connection

    # -- schema probing ------------------------------------------------------
    def has_table(self, name: str) -> bool:
        return self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (name,)
        ).fetchone() is not None

    def columns(self, table: str) -> list[str]:
        if not self.has_table(table):
            return []
        return [r[1] for r in self.db.execute("SELECT * FROM pragma_table_info(?)", (table,))]

    # -- search ----------------------------------------------------------------
    def ranked(self, fts: str, conds: list[str], args: list, n: int,
               rank_window: int | None = RANK_WINDOW) -> list[int]:
        """Rowids of the best ``n`` articles matching an FTS5 query and filters
        on ``articles a``: BM25, title weighted 8, byline 2, text 1."""
        db = self.db
        base, base_args = _fts_from(conds), [fts, *args]
        # filtered: one pass that filters and ranks (walking the matches twice,
        # to cut a window, costs more); unfiltered: the window of recent matches
        if not conds:
            cut = db.execute(f"SELECT rowid {base} ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                             [fts, rank_window - 1]).fetchone() if rank_window else None
            if cut:
                base += " AND articles_fts.rowid >= ?"
                base_args.append(cut[0])
        return [r[0] for r in db.execute(
            f"SELECT articles_fts.rowid {base} ORDER BY bm25(articles_fts, 8.0, 2.0, 1.0) LIMIT ?", [*base_args, n])]

    def _article_filters(self, outlet: str | None, day: str | None, since: str | None, until: str | None,
                         person: str | None) -> tuple[list[str], list]:
        conds: list[str] = []
        args: list = []
        if outlet:
            conds.append("a.outlet = ?")
            args.append(outlet)
        if day:
            conds.append("a.day = ?")
            args.append(day[:10])
        _day_filters(conds, args, since, until)
        if person:  # the linked persons the name denotes, as on their page and in the people facet
            from .read.people import names_for, person_ids

            ids = person_ids(self.db, person)
            if ids:  # (person_id, article_rowid): migration 14's covering index
                conds.append(f"a.rowid IN (SELECT article_rowid FROM person_mentions "
                             f"WHERE person_id IN ({','.join('?' * len(ids))}))")
                args += ids
            else:  # an archive not yet linked: every name the filter stands for
                names = names_for(self.db, person) or [person]
                conds.append(f"a.rowid IN (SELECT article_rowid FROM people WHERE name IN ({','.join('?' * len(names))}))")
                args += names
        return conds, args

    def search_page(self, q: str = "", outlet: str | None = None, day: str | None = None,
                    since: str | None = None, until: str | None = None, person: str | None = None,
                    limit: int = 20, offset: int = 0, facets: bool = True) -> dict[str, Any]:
        """Articles matching words (BM25, title weighs most) and/or filters,
        with snippets, a total and facets (outlets, days, people) over all
        matches.  With no words, the newest matching articles come first."""
        fts = _fts(q or "")
        conds, args = self._article_filters(outlet, day, since, until, person)
        facets_over = None
        if fts:
            base = _fts_from(conds)
            base_args = [fts, *args]
            # rank once (the best FACET_SAMPLE matches), take the page from
            # that list, make snippets for the page's rows only
            ranked = self.ranked(fts, conds, args, max(FACET_SAMPLE, offset + limit))
            page = ranked[offset:offset + limit]
            rows = self.db.execute(
                f"""SELECT a.id, a.title, a.outlet, a.day, a.byline,
                    (SELECT snippet(articles_fts, 2, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 24) FROM articles_fts
                     WHERE articles_fts MATCH ? AND articles_fts.rowid = a.rowid) AS snippet, p.key AS score
                    FROM json_each(?) p JOIN articles a ON a.rowid = p.value ORDER BY p.key""",
                [fts, json.dumps(page)],
            ).fetchall()
            if len(ranked) < max(FACET_SAMPLE, offset + limit):
                total = len(ranked)
            else:
                total = self.db.execute(f"SELECT count(*) {base}", base_args).fetchone()[0]
                facets_over = FACET_SAMPLE  # facets of a very common word: over the best-ranked matches
            matched = "SELECT value FROM json_each(?)"
            base_args = [json.dumps(ranked[:FACET_SAMPLE])]
        else:
            w = _where(conds)
            rows = self.db.execute(
                f"""SELECT a.id, a.title, a.outlet, a.day, a.byline,
                    substr(a.text, 1, 260) AS snippet, NULL AS score
                    FROM articles a {w} ORDER BY a.day DESC, a.rowid DESC LIMIT ? OFFSET ?""",
                [*args, limit, offset],
            ).fetchall()
            total = self.db.execute(f"SELECT count(*) FROM articles a {w}", args).fetchone()[0]
            base_args = args
            matched = f"SELECT a.rowid FROM articles a {w}" if conds else None
        hits = []
        for r in rows:
            h = dict(r)
            h["byline"] = json.loads(h["byline"] or "[]")
            if fts:
                h["snippet"], h["snippet_marks"] = split_marks(h["snippet"] or "")
            else:
                text = h["snippet"] or ""
                h["snippet"] = text + ("…" if len(text) >= 260 else "")
                h["snippet_marks"] = []
            hits.append(h)
        out: dict[str, Any] = {"query": q or "", "fts": fts, "total": total, "limit": limit, "offset": offset,
                               "hits": hits}
        if facets:
            out["facets"] = self._facets(matched, base_args)
            out["facets_over"] = facets_over  # None: all matches; else the best N
        return out

    def day_outlet_counts(self, q: str = "", outlet: str | None = None, since: str | None = None,
                          until: str | None = None, person: str | None = None,
                          window: int = 10_000) -> tuple[list[tuple[str, str | None, int]], bool]:
        """(day, outlet, articles) rows for the dated articles a search (words
        and filters, as search_page takes them) matches, and whether more than
        ``window`` matched (then only the most recently added ``window``
        matches are counted)."""
        fts = _fts(q or "")
        conds, args = self._article_filters(outlet, None, since, until, person)
        if fts:  # the subquery has its own ``articles a``
            matches = f"SELECT articles_fts.rowid {_fts_from(conds)} ORDER BY articles_fts.rowid DESC LIMIT ?"
            params = [fts, *args, window + 1]
        else:
            matches = f"SELECT a.rowid FROM articles a {_where(conds)} ORDER BY a.rowid DESC LIMIT ?"
            params = [*args, window + 1]
        rowids = [r[0] for r in self.db.execute(matches, params)]
        rows = self.db.execute(
            """SELECT a.day, a.outlet, count(*) FROM json_each(?) m JOIN articles a ON a.rowid = m.value
               WHERE a.day IS NOT NULL GROUP BY a.day, a.outlet""", [json.dumps(rowids[:window])])
        return [tuple(r) for r in rows], len(rowids) > window

    def _facets(self, matched: str | None, args: list, n_people: int = 15) -> dict[str, list[dict[str, Any]]]:
        """Counts of matching articles per outlet, day and person."""
        inside = f"WHERE a.rowid IN ({matched})" if matched else ""
        outlets = self.db.execute(
            f"""SELECT a.outlet AS value, count(*) AS n FROM articles a {inside}
                GROUP BY a.outlet ORDER BY n DESC LIMIT 12""", args).fetchall()
        days = self.db.execute(
            f"""SELECT a.day AS value, count(*) AS n FROM articles a {inside}
                GROUP BY a.day ORDER BY a.day DESC LIMIT 31""", args).fetchall()
        if self.linked():  # linked persons, under their display names: one person, one facet
            if matched:
                people = self.db.execute(
                    f"""SELECT ps.name AS value, n FROM (
                          SELECT pm.person_id, count(DISTINCT pm.article_rowid) AS n FROM person_mentions pm
                          WHERE pm.article_rowid IN ({matched}) GROUP BY pm.person_id) t
                        JOIN persons ps ON ps.id = t.person_id ORDER BY n DESC, ps.name LIMIT ?""",
                    [*args, n_people]).fetchall()
            else:
                people = self.db.execute(
                    """SELECT name AS value, articles AS n FROM persons WHERE articles > 0
                       ORDER BY articles DESC, name LIMIT ?""", [n_people]).fetchall()
        else:
            p_inside = f"WHERE p.article_rowid IN ({matched})" if matched else ""
            people = self.db.execute(
                f"""SELECT p.name AS value, count(DISTINCT p.article_rowid) AS n FROM people p {p_inside}
                    GROUP BY p.name ORDER BY n DESC, p.name LIMIT ?""", [*args, n_people]).fetchall()
        return {
            "outlets": [dict(r) for r in outlets if r["value"]],
            "days": [dict(r) for r in days if r["value"]],
            "people": [dict(r) for r in people],
        }

    def outlets(self) -> list[dict[str, Any]]:
        return _rows(self.db.execute(
            "SELECT outlet, count(*) AS articles FROM articles WHERE outlet IS NOT NULL "
            "GROUP BY outlet ORDER BY articles DESC"))

    # -- articles ----------------------------------------------------------------
    def article_brief(self, article_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT id, title, outlet, day FROM articles WHERE id = ?", (article_id,)).fetchone()
        return dict(row) if row else None

    # -- quotes ------------------------------------------------------------------
    def _name_match(self, column: str, table: str, name: str) -> tuple[str, list]:
        """An exact name when the archive knows it, else a part of a name
        ("Park" finds "Lena Park")."""
        if self.db.execute(f"SELECT 1 FROM {table} WHERE {column} = ? LIMIT 1", (name,)).fetchone():
            return f"{column} = ?", [name]
        return f"{column} LIKE ? ESCAPE '\\'", ["%" + _like_escape(name) + "%"]

    def quotes(self, speaker: str | None = None, text: str | None = None, anonymous: bool | None = None,
               since: str | None = None, until: str | None = None, article: str | None = None,
               limit: int = 50, offset: int = 0, speakers: list[str] | None = None) -> list[dict[str, Any]]:
        """Quotes, newest articles first; ``speaker`` is an exact name (or,
        when no speaker has that name, a part of one), ``speakers`` a list of
        exact names (views.quotes resolves a reader's filter to it through
        linked persons), ``text`` full-text words in the quote, speaker or
        description."""
        conds: list[str] = []
        args: list = []
        selective = 0  # how many quotes the filters leave, when an index says so cheaply
        if speakers is not None:
            speaker = speaker or "(names)"
            c, a = f"speaker IN ({','.join('?' * len(speakers)) or 'NULL'})", list(speakers)
        elif speaker:
            c, a = self._name_match("speaker", "quotes", speaker)
        if speaker:
            conds.append("q." + c)
            args += a
            selective = self.db.execute(f"SELECT count(*) FROM quotes WHERE {c}", a).fetchone()[0]
        fts = _fts(text) if text else ""
        if fts:
            conds.append("q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            args.append(fts)
            n = self.db.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH ?", (fts,)).fetchone()[0]
            selective = min(selective, n) if speaker else n
        if anonymous is not None:
            conds.append("q.anonymous = ?")
            args.append(int(bool(anonymous)))
        if article:
            conds.append("a.id = ?")
            args.append(article)
            selective = 1
        _day_filters(conds, args, since, until)
        # Few quotes left by the filters: let the indexes pick them and sort
        # those.  Many (or no filter): walk the articles newest first along
        # their day index and stop at the page's end.
        few = (speaker or fts or article) and selective <= WALK_ABOVE
        join = "quotes q CROSS JOIN articles a" if few else "articles a CROSS JOIN quotes q"
        rows = self.db.execute(
            f"""SELECT q.rowid AS quote_id, q.idx, q.quote, q.start, q.end, q.speaker, q.speaker_desc, q.anonymous,
                q.partial, q.kind, q.cue, a.id AS article_id, a.title, a.outlet, a.day
                FROM {join} ON a.rowid = q.article_rowid {_where(conds)}
                ORDER BY a.day DESC, a.rowid DESC, q.idx LIMIT ? OFFSET ?""",
            [*args, limit, offset],
        )
        out = []
        for r in rows:
            d = dict(r)
            d["anonymous"], d["partial"] = bool(d["anonymous"]), bool(d["partial"])
            out.append(d)
        return out

    def speakers(self, limit: int = 50) -> list[dict[str, Any]]:
        """Who is quoted most (from the totals kept by migration 15)."""
        if not self.has_table("quote_speakers"):  # an older archive opened read-only
            return _rows(self.db.execute(
                """SELECT speaker, count(*) AS quotes FROM quotes WHERE speaker IS NOT NULL
                   GROUP BY speaker ORDER BY quotes DESC, speaker LIMIT ?""", (limit,)))
        return _rows(self.db.execute(
            "SELECT speaker, n AS quotes FROM quote_speakers ORDER BY n DESC, speaker LIMIT ?", (limit,)))

    # -- people ------------------------------------------------------------------
    def linked(self) -> bool:
        """Has `dateline link` (or an annotating ingest) put people together
        across articles?"""
        return self.has_table("persons") and self.db.execute("SELECT 1 FROM persons LIMIT 1").fetchone() is not None

    def person_id(self, name: str) -> int | None:
        """The linked person a name denotes as written: a display name, else
        the person most often given that name by articles; None when the
        archive is not linked or knows no such name."""
        if not self.linked():
            return None
        db = self.db
        row = db.execute("SELECT id FROM persons WHERE name = ? ORDER BY articles DESC LIMIT 1", (name,)).fetchone()
        if row is None:
            row = db.execute("SELECT person_id FROM person_forms WHERE name = ? ORDER BY n DESC LIMIT 1",
                             (name,)).fetchone()
        return row[0] if row else None

    def person_names(self, name: str) -> tuple[str, list[str]]:
        """The display name and every per-article name of the person ``name``
        denotes: one person across articles once the archive is linked
        ("Zelensky", "Volodymyr Zelensky"), the name alone otherwise."""
        pid = self.person_id(name)
        if pid is None:
            return name, [name]
        display = self.db.execute("SELECT name FROM persons WHERE id = ?", (pid,)).fetchone()[0]
        names = [r[0] for r in self.db.execute(
            "SELECT name FROM person_forms WHERE person_id = ? ORDER BY n DESC, name", (pid,))]
        return display, list(dict.fromkeys([display, *names, name]))

    def people(self, limit: int = 100, offset: int = 0, name: str | None = None) -> list[dict[str, Any]]:
        """People by the number of articles naming them, with mention and
        quote counts and their most frequent role: linked persons when the
        archive is linked, else names as each article gives them."""
        if self.linked():
            return self._linked_people(limit, offset, name)
        conds, args = [], []
        if name:
            conds.append("name LIKE ? ESCAPE '\\'")
            args.append("%" + _like_escape(name) + "%")
        # ranked on the name index alone (a person has one row per article);
        # mentions are then summed for this page's names only
        rows = self.db.execute(
            f"""SELECT name, count(*) AS articles FROM people {_where(conds)} GROUP BY name
                ORDER BY articles DESC, name LIMIT ? OFFSET ?""", [*args, limit, offset]).fetchall()
        out = [dict(r) for r in rows]
        if not out:
            return out
        names = [d["name"] for d in out]
        marks = ",".join("?" * len(names))
        mentions = dict(self.db.execute(
            f"SELECT name, sum(json_array_length(mentions)) FROM people WHERE name IN ({marks}) GROUP BY name",
            names).fetchall())
        quoted = dict(self.db.execute(
            f"SELECT speaker, count(*) FROM quotes WHERE speaker IN ({marks}) GROUP BY speaker", names).fetchall())
        roles: dict[str, str] = {}
        for r in self.db.execute(
                f"""SELECT name, role, count(*) AS n FROM people WHERE name IN ({marks}) AND role IS NOT NULL
                    GROUP BY name, role ORDER BY n DESC""", names):
            roles.setdefault(r["name"], r["role"])
        for d in out:
            d["mentions"] = mentions.get(d["name"], 0)
            d["quotes"] = quoted.get(d["name"], 0)
            d["role"] = roles.get(d["name"])
        return out

    def _linked_people(self, limit: int, offset: int, name: str | None) -> list[dict[str, Any]]:
        conds, args = ["ps.articles > 0"], []
        if name:
            conds.append("(ps.name LIKE ? ESCAPE '\\' OR ps.id IN (SELECT person_id FROM person_forms "
                         "WHERE name LIKE ? ESCAPE '\\'))")  # (the names used, not every mention row)
            args += ["%" + _like_escape(name) + "%"] * 2
        # ranked on the persons_rank index; quote counts are kept with each
        # person by the linking step (no join over the persons' articles)
        quotes = "ps.quotes" if "quotes" in self.columns("persons") else "0"
        return _rows(self.db.execute(
            f"""SELECT ps.name, ps.articles, ps.mentions, ps.role, {quotes} AS quotes FROM persons ps {_where(conds)}
                ORDER BY ps.articles DESC, ps.mentions DESC, ps.name LIMIT ? OFFSET ?""", [*args, limit, offset]))

    def person(self, name: str, quotes: int = 50, articles: int = 50) -> dict[str, Any] | None:
        """One person: roles over time, mentions by month, quotes, counts they
        claim, the people named with them, and the articles naming them.
        Once the archive is linked, under every name the person goes by."""
        pid = self.person_id(name)
        if pid is not None:
            return self._linked_person(pid, name, quotes, articles)
        db = self.db
        display, names = self.person_names(name)
        marks = ",".join("?" * len(names))
        # one pass over the person's rows: totals, roles over time, months
        cells = db.execute(
            f"""SELECT p.role, substr(a.day, 1, 7) AS month, count(*) AS n,
                      sum(json_array_length(p.mentions)) AS mentions, min(a.day) AS first_day, max(a.day) AS last_day
               FROM people p JOIN articles a ON a.rowid = p.article_rowid
               WHERE p.name IN ({marks}) GROUP BY p.role, month""", names).fetchall()
        n_quotes = db.execute(f"SELECT count(*) FROM quotes WHERE speaker IN ({marks})", names).fetchone()[0]
        if not cells and not n_quotes:
            return None
        head = {"articles": sum(c["n"] for c in cells), "mentions": sum(c["mentions"] or 0 for c in cells)}
        by_role: dict[str, dict[str, Any]] = {}
        by_month: dict[str, int] = {}
        for c in cells:
            if c["month"]:
                by_month[c["month"]] = by_month.get(c["month"], 0) + c["n"]
            if c["role"] is None:
                continue
            r = by_role.setdefault(c["role"], {"role": c["role"], "first_day": c["first_day"],
                                               "last_day": c["last_day"], "articles": 0})
            r["articles"] += c["n"]
            if c["first_day"] and (r["first_day"] is None or c["first_day"] < r["first_day"]):
                r["first_day"] = c["first_day"]
            if c["last_day"] and (r["last_day"] is None or c["last_day"] > r["last_day"]):
                r["last_day"] = c["last_day"]
        roles = sorted(by_role.values(), key=lambda r: (r["first_day"] is None, r["first_day"] or "", -r["articles"]))
        months = [{"month": m, "articles": n} for m, n in sorted(by_month.items())]
        used = {n: None for n in names if n != display}
        for r in db.execute(f"SELECT DISTINCT json_extract(json_each.value, '$[0]') FROM "
                            f"(SELECT mentions FROM people WHERE name IN ({marks}) ORDER BY rowid DESC LIMIT 200) p, "
                            "json_each(p.mentions) LIMIT 50", names):
            used.setdefault(r[0])
        co = _rows(db.execute(
            f"""SELECT p2.name, count(DISTINCT p2.article_rowid) AS articles
               FROM people p2
               WHERE p2.article_rowid IN (SELECT article_rowid FROM people WHERE name IN ({marks})
                                          ORDER BY rowid DESC LIMIT ?)
                 AND p2.name NOT IN ({marks})
               GROUP BY p2.name ORDER BY articles DESC, p2.name LIMIT 20""", [*names, CO_MENTION_WINDOW, *names]))
        # many articles: walk the day index newest first; few: sort them
        join = "articles a CROSS JOIN people p" if (head["articles"] or 0) > WALK_ABOVE else \
            "people p CROSS JOIN articles a"
        arts = _rows(db.execute(
            f"""SELECT a.id, a.title, a.outlet, a.day, p.role,
                      (SELECT count(*) FROM quotes q WHERE q.article_rowid = a.rowid AND +q.speaker = p.name) AS quotes
               FROM {join} ON a.rowid = p.article_rowid
               WHERE p.name IN ({marks}) ORDER BY a.day DESC, a.rowid DESC LIMIT ?""", [*names, articles]))
        quoted, claims = [], []
        speakers = {r[0] for r in db.execute(f"SELECT DISTINCT speaker FROM quotes WHERE speaker IN ({marks})", names)}
        for n in names:  # a person goes by a handful of names at most
            if n in speakers:  # (quotes() reads a name it does not know as part of one)
                quoted += self.quotes(speaker=n, limit=quotes)
            claims += self.counts(claimant=n, limit=50, exact=True)
        newest = lambda r: (r.get("day") or "", r.get("article_id") or "")  # noqa: E731
        return {
            "name": display,
            "articles": head["articles"] or 0,
            "mentions": head["mentions"] or 0,
            "quotes": n_quotes,
            "names_used": sorted(used),
            "roles": roles,
            "months": months,
            "quoted": sorted(quoted, key=newest, reverse=True)[:quotes] if len(names) > 1 else quoted,
            "claims": sorted(claims, key=newest, reverse=True)[:50] if len(names) > 1 else claims,
            "co_mentioned": co,
            "co_mention_window": CO_MENTION_WINDOW if head["articles"] > CO_MENTION_WINDOW else None,
            "latest_articles": arts,
        }

    def _linked_person(self, pid: int, name: str, quotes: int, articles: int) -> dict[str, Any]:
        """Store.person for a linked person: totals, roles and months from the
        summaries linking keeps (persons, person_role_days, person_months),
        everything else read through bounded index walks, so a person named
        in tens of thousands of articles costs what one in ten does."""
        from .read import people as R

        db = self.db
        head = db.execute("SELECT name, articles, mentions, quotes FROM persons WHERE id = ?", (pid,)).fetchone()
        display, names = self.person_names(name)
        marks = ",".join("?" * len(names))
        used = {n: None for n in names if n != display}
        # (the person's index: their rows in the order linking wrote them, newest last)
        recent = """SELECT article_rowid, person_idx FROM person_mentions INDEXED BY person_mentions_person
                    WHERE person_id = ? ORDER BY rowid DESC LIMIT ?"""
        for r in db.execute(f"""SELECT DISTINCT json_extract(json_each.value, '$[0]') FROM
                                ({recent}) pm JOIN people p ON p.article_rowid = pm.article_rowid AND p.idx = pm.person_idx,
                                json_each(p.mentions) LIMIT 50""", (pid, 200)):
            used.setdefault(r[0])
        co = _rows(db.execute(
            f"""SELECT p2.name, count(DISTINCT p2.article_rowid) AS articles
               FROM people p2
               WHERE p2.article_rowid IN (SELECT article_rowid FROM ({recent}))
                 AND p2.name NOT IN ({marks})
               GROUP BY p2.name ORDER BY articles DESC, p2.name LIMIT 20""", [pid, CO_MENTION_WINDOW, *names]))
        # many articles: walk the day index newest first; few: sort them
        many = (head["articles"] or 0) > ARTICLES_WALK_ABOVE
        join = "articles a CROSS JOIN person_mentions pm" if many else "person_mentions pm CROSS JOIN articles a"
        # the page's articles first, then their quotes counted (not before the sort, for every article)
        arts = _rows(db.execute(
            f"""SELECT x.id, x.title, x.outlet, x.day, x.role,
                      (SELECT count(*) FROM quotes q WHERE q.article_rowid = x.rowid AND q.idx >= 0
                       AND +q.speaker = x.name) AS quotes
               FROM (SELECT a.rowid AS rowid, a.id, a.title, a.outlet, a.day, p.role, p.name
                     FROM {join} ON a.rowid = pm.article_rowid
                     JOIN people p ON p.article_rowid = pm.article_rowid AND p.idx = pm.person_idx
                     WHERE pm.person_id = ? ORDER BY a.day DESC, a.rowid DESC LIMIT ?) x
               ORDER BY x.day DESC, x.rowid DESC""", [pid, articles]))
        return {
            "name": display,
            "articles": head["articles"] or 0,
            "mentions": head["mentions"] or 0,
            "quotes": head["quotes"] or 0,
            "names_used": sorted(used),
            "roles": R.roles(db, pid),
            "months": R.months(db, pid),
            "quoted": self.quotes(speakers=names, limit=quotes),
            "claims": self.counts(claimants=names, limit=50),
            "co_mentioned": co,
            "co_mention_window": CO_MENTION_WINDOW if (head["articles"] or 0) > CO_MENTION_WINDOW else None,
            "latest_articles": arts,
        }

    # -- counts and claims -----------------------------------------------------
    def count_categories(self) -> list[dict[str, Any]]:
        """Count categories, most counts first (from the totals kept by migration 13)."""
        return _rows(self.db.execute(
            "SELECT category, n AS counts FROM count_categories WHERE n > 0 ORDER BY n DESC, category"))

    def counts(self, category: str | None = None, claimant: str | None = None, about: str | None = None,
               since: str | None = None, until: str | None = None, limit: int = 100, offset: int = 0,
               exact: bool = False, oldest_first: bool = False,
               claimants: list[str] | None = None) -> list[dict[str, Any]]:
        """Counts (numbers stated as facts) with their article.  ``about``
        matches the counted thing or the article's words; ``claimant`` an
        exact name (or part of one unless ``exact``)."""
        conds: list[str] = []
        args: list = []
        if category:
            conds.append("c.category = ?")
            args.append(category)
        if claimants is not None:  # exact names (views.counts resolves a filter through linked persons)
            conds.append(f"c.claimant IN ({','.join('?' * len(claimants)) or 'NULL'})")
            args += claimants
        elif claimant:
            if exact:
                c, a = "claimant = ?", [claimant]
            else:
                c, a = self._name_match("claimant", "counts", claimant)
            conds.append("c." + c)
            args += a
        if about:
            fts = _fts(about)
            sub = ["c.what LIKE ? ESCAPE '\\'"]
            args.append("%" + _like_escape(about) + "%")
            if fts:
                sub.append("c.article_rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
                args.append(fts)
            conds.append("(" + " OR ".join(sub) + ")")
        _day_filters(conds, args, since, until)
        cols = """c.rowid AS count_id, c.text, c.start, c.end, c.value, c.low, c.high, c.qualifier,
                c.category, c.what, c.claimant, c.as_of, c.as_of_date,
                a.id AS article_id, a.title, a.outlet, a.day"""
        if claimants is not None:  # how many rows the names have, up to the point where walking pays
            many = not about and self.db.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM counts WHERE claimant IN ({','.join('?' * len(claimants)) or 'NULL'})"
                f"{' AND category = ?' if category else ''} LIMIT ?)",
                [*claimants, *([category] if category else []), WALK_ABOVE + 1]).fetchone()[0] > WALK_ABOVE
        elif about:
            many = not claimant and self._about_dense(_fts(about), category, offset + limit)
        else:
            many = not claimant and (not category or self.db.execute(
                "SELECT count(*) FROM (SELECT 1 FROM counts WHERE category = ? LIMIT ?)",
                (category, WALK_ABOVE + 1)).fetchone()[0] > WALK_ABOVE)
        if not many:  # few rows: the indexes pick them, then they are sorted
            order = "a.day IS NULL, a.day" if oldest_first else "a.day IS NULL, a.day DESC"
            return _rows(self.db.execute(
                f"""SELECT {cols} FROM counts c JOIN articles a ON a.rowid = c.article_rowid {_where(conds)}
                    ORDER BY {order}, c.article_rowid, c.idx LIMIT ? OFFSET ?""", [*args, limit, offset]))
        # many: walk the articles along their day index (dated first, undated
        # last, as above) and stop at the page's end; ``idx >= 0`` (always
        # true) keeps each article's counts read through (article_rowid, idx)
        out: list[dict[str, Any]] = []
        for dated in (True, False):
            want = offset + limit - len(out)
            if want <= 0:
                break
            where = _where([*conds, "a.day >= ''" if dated else "a.day IS NULL"])  # (a range: no Bloom filter)
            out += _rows(self.db.execute(
                f"""SELECT {cols} FROM articles a CROSS JOIN counts c ON c.article_rowid = a.rowid AND c.idx >= 0
                    {where} ORDER BY a.day{'' if oldest_first else ' DESC'}, a.rowid, c.idx LIMIT ?""",
                [*args, want]))
        return out[offset:offset + limit]

    def _about_dense(self, fts: str, category: str | None, want: int) -> bool:
        """Whether the counts (of a category) in articles matching ``fts`` are
        so many that walking the articles in day order fills a page of
        ``want`` sooner than reading and sorting every count of the category:
        their number estimated from the category's total (migration 13's
        totals) and the share of articles that match (FTS5 counts a word's
        articles cheaply)."""
        if not fts or not self.has_table("count_categories"):
            return False
        articles = self.db.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0
        rows = self.db.execute("SELECT sum(n) FROM count_categories" + (" WHERE category = ?" if category else ""),
                               [category] if category else []).fetchone()[0] or 0
        if not articles or rows < ABOUT_WALK * want:
            return False
        hits = self.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (fts,)).fetchone()[0]
        return rows * hits / articles >= ABOUT_WALK * want

    def claimants(self, category: str | None = None, limit: int = 30) -> list[dict[str, Any]]:
        conds, args = ["claimant IS NOT NULL"], []
        if category:
            conds.append("category = ?")
            args.append(category)
        return _rows(self.db.execute(
            f"""SELECT claimant, count(*) AS counts FROM counts {_where(conds)}
                GROUP BY claimant ORDER BY counts DESC, claimant LIMIT ?""", [*args, limit]))

    def compare_counts(self, category: str | None = None, about: str | None = None, since: str | None = None,
                       until: str | None = None, claimants: int = 6, limit: int = 500) -> dict[str, Any]:
        """The numbers different claimants give for one kind of count, side by
        side and over time: one series per claimant (the outlet's own figures
        are the series ``None``), the rest folded into "others"."""
        rows = self.counts(category=category, about=about, since=since, until=until, limit=limit,
                           oldest_first=True)
        tally: dict[str | None, int] = {}
        for r in rows:
            tally[r["claimant"]] = tally.get(r["claimant"], 0) + 1
        top = sorted(tally, key=lambda k: (-tally[k], k or ""))[:claimants]
        series: dict[str, dict[str, Any]] = {}
        for r in rows:
            who = r["claimant"] if r["claimant"] in top else "others"
            key = who if who is not None else ""
            s = series.setdefault(key, {"claimant": who, "points": []})
            s["points"].append(r)
        days = sorted({r["day"] for r in rows if r["day"]})
        return {"category": category, "about": about, "total": len(rows), "truncated": len(rows) >= limit,
                "days": days, "series": list(series.values())}

    # -- stories -------------------------------------------------------------------
    def _story_link(self) -> tuple[str, str, str] | None:
        """(table, story column, article column) of the story membership table."""
        for table in ("story_articles", "stories_articles", "story_members"):
            cols = self.columns(table)
            if not cols:
                continue
            story_col = next((c for c in ("story_id", "story_rowid", "story") if c in cols), None)
            art_col = next((c for c in ("article_rowid", "article_id") if c in cols), None)
            if story_col and art_col:
                return table, story_col, art_col
        return None

    def stories(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Stories from the linking step (table ``stories``); [] until it runs."""
        if not self.has_table("stories"):
            return []
        cols = self.columns("stories")
        order = next((f"{c} DESC" for c in ("last_day", "updated", "day", "first_day") if c in cols), "rowid DESC")
        rows = _rows(self.db.execute(f"SELECT rowid AS _rowid, * FROM stories ORDER BY {order} LIMIT ? OFFSET ?",
                                     (limit, offset)))
        link = self._story_link()
        for r in rows:
            r.setdefault("id", r["_rowid"])
            if link and "articles" not in r:
                table, sc, _ = link
                r["articles"] = self.db.execute(f"SELECT count(*) FROM {table} WHERE {sc} = ?",
                                                (r["id"],)).fetchone()[0]
            r.pop("_rowid", None)
        return rows

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story and its articles in time order (its timeline)."""
        if not self.has_table("stories"):
            return None
        cols = self.columns("stories")
        key = "id" if "id" in cols else "rowid"
        row = self.db.execute(f"SELECT rowid AS _rowid, * FROM stories WHERE {key} = ?", (story_id,)).fetchone()
        if row is None and key == "id" and str(story_id).isdigit():
            row = self.db.execute("SELECT rowid AS _rowid, * FROM stories WHERE id = ?", (int(story_id),)).fetchone()
        if row is None:
            return None
        out = dict(row)
        out.setdefault("id", out["_rowid"])
        out.pop("_rowid", None)
        timeline: list[dict[str, Any]] = []
        link = self._story_link()
        if link:
            table, sc, ac = link
            on = "a.rowid = s." + ac if ac == "article_rowid" else "a.id = s." + ac
            timeline = _rows(self.db.execute(
                f"""SELECT a.id, a.title, a.outlet, a.day, substr(a.text, 1, 240) AS lead,
                    (SELECT count(*) FROM quotes q WHERE q.article_rowid = a.rowid) AS quotes,
                    (SELECT count(*) FROM counts c WHERE c.article_rowid = a.rowid) AS counts
                    FROM {table} s JOIN articles a ON {on} WHERE s.{sc} = ?
                    ORDER BY a.day IS NULL, a.day, a.rowid""", (out["id"],)))
        out["timeline"] = timeline
        return out


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

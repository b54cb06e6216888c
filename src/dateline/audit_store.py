"""Audits in the archive: the tables of migration 9 (audit.AUDIT_SCHEMA),
read and written for the CLI and the web pages.

Every judgement is its own committed statement, so a crash or a killed
terminal loses at most the item on screen; an audit is resumed at its first
unjudged item.
"""
from __future__ import annotations

import json
import secrets
from typing import Any

from . import __version__
from .audit import KINDS, FactKey, Judged, clean_judgement, draw, item_view, sample_size, summarise
from .store import Store, _conditions

_FACT_TABLES = {
    "quotes": "quotes", "speakers": "quotes", "counts": "counts", "claimants": "counts", "people": "people",
}


class NoAudit(LookupError):
    pass


class Audits:
    """The audits of one archive (``Store``)."""

    def __init__(self, store: Store):
        self.store = store
        self.db = store.db

    @property
    def ready(self) -> bool:
        """False for an archive from before the audit tables, opened read-only."""
        return self.store.has_table("audit_judgements")

    # -- the sample ----------------------------------------------------------------
    def population(self, kind: str, outlet: str | None = None, since: str | None = None,
                   until: str | None = None) -> list[FactKey]:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
        conds, args = _conditions(since, until, outlet)
        where = ("WHERE " + " AND ".join(conds)) if conds else ""
        if kind == "articles":
            sql = f"SELECT a.id, 0, a.outlet FROM articles a {where}"
        else:
            sql = (f"SELECT a.id, f.idx, a.outlet FROM {_FACT_TABLES[kind]} f "
                   f"JOIN articles a ON a.rowid = f.article_rowid {where}")
        return [FactKey(r[0], r[1], r[2]) for r in self.db.execute(sql, args)]

    def start(self, kind: str, n: int | None = None, margin: float | None = None, outlet: str | None = None,
              since: str | None = None, until: str | None = None, seed: int | None = None,
              stratify: bool = False, label: str | None = None) -> int:
        """Draw and store a sample; returns the audit id.  ``margin`` sizes
        the sample for that margin at 95% confidence; else ``n`` (100)."""
        pop = self.population(kind, outlet, since, until)
        if not pop:
            raise NoAudit(f"the archive holds no {kind} to audit" + (" with these filters" if
                                                                      (outlet or since or until) else ""))
        if margin is not None:
            n = sample_size(margin, len(pop))
        n = min(n or 100, len(pop))
        seed = secrets.randbelow(2**31) if seed is None else seed
        picked = draw(pop, n, seed, stratify=stratify)
        params = {"n": n, "margin": margin, "outlet": outlet, "since": since, "until": until, "stratify": stratify}
        cache: dict[str, Any] = {}
        rows = []
        for pos, f in enumerate(picked):
            a = cache.get(f.article_id) or cache.setdefault(f.article_id, self.store.article(f.article_id))
            rows.append((pos, f.article_id, f.idx, f.outlet, json.dumps(item_view(kind, a, f.idx), ensure_ascii=False)))
        with self.store.transaction():
            cur = self.db.execute("INSERT INTO audits (kind, seed, params, population, version, label) "
                                  "VALUES (?,?,?,?,?,?)",
                                  (kind, seed, json.dumps(params), len(pop), __version__, label))
            aid = cur.lastrowid
            self.db.executemany("INSERT INTO audit_items (audit_id, pos, article_id, fact_idx, outlet, item) "
                                "VALUES (?,?,?,?,?,?)", [(aid, *r) for r in rows])
        return aid

    # -- reading -------------------------------------------------------------------
    def list(self) -> list[dict[str, Any]]:
        if not self.ready:
            return []
        rows = self.db.execute(
            """SELECT a.*, (SELECT count(*) FROM audit_items i WHERE i.audit_id = a.id) AS sampled,
               (SELECT count(*) FROM audit_judgements j WHERE j.audit_id = a.id) AS judged,
               (SELECT count(*) FROM audit_judgements j WHERE j.audit_id = a.id AND verdict = 'right') AS right,
               (SELECT count(*) FROM audit_judgements j WHERE j.audit_id = a.id AND verdict = 'wrong') AS wrong
               FROM audits a ORDER BY a.id""")
        return [self._audit(r) for r in rows]

    def _audit(self, r) -> dict[str, Any]:
        d = dict(r)
        d["params"] = json.loads(d["params"])
        return d

    def get(self, audit_id: int | None = None) -> dict[str, Any]:
        """An audit by id, or the latest one."""
        if not self.ready:
            raise NoAudit("the archive has no audits yet: `dateline audit start --kind quotes`")
        if audit_id is None:
            r = self.db.execute("SELECT * FROM audits ORDER BY id DESC LIMIT 1").fetchone()
        else:
            r = self.db.execute("SELECT * FROM audits WHERE id = ?", (audit_id,)).fetchone()
        if r is None:
            raise NoAudit("no audits yet: `dateline audit start --kind quotes`" if audit_id is None
                          else f"no audit {audit_id}")
        return self._audit(r)

    def items(self, audit_id: int) -> list[Judged]:
        rows = self.db.execute(
            """SELECT i.pos, i.outlet, i.item, j.verdict, j.wrong_fields, j.correction, j.judged_at
               FROM audit_items i LEFT JOIN audit_judgements j ON j.audit_id = i.audit_id AND j.pos = i.pos
               WHERE i.audit_id = ? ORDER BY i.pos""", (audit_id,))
        return [Judged(r["pos"], r["outlet"], json.loads(r["item"]), r["verdict"],
                       json.loads(r["wrong_fields"] or "[]"), json.loads(r["correction"] or "{}"), r["judged_at"])
                for r in rows]

    def item(self, audit_id: int, pos: int) -> Judged | None:
        found = [j for j in self.items(audit_id) if j.pos == pos]  # audits are small: hundreds of items
        return found[0] if found else None

    def first_pending(self, audit_id: int, after: int = -1) -> int | None:
        """The first unjudged item after ``after`` (wrapping round), or None when all are judged."""
        rows = [r[0] for r in self.db.execute(
            """SELECT i.pos FROM audit_items i LEFT JOIN audit_judgements j ON j.audit_id = i.audit_id
               AND j.pos = i.pos WHERE i.audit_id = ? AND j.pos IS NULL ORDER BY i.pos""", (audit_id,))]
        later = [p for p in rows if p > after]
        return (later or rows or [None])[0]

    def summary(self, audit_id: int | None = None) -> dict[str, Any]:
        a = self.get(audit_id)
        return summarise(a, self.items(a["id"]))

    # -- judging ---------------------------------------------------------------------
    def judge(self, audit_id: int, pos: int, verdict: str, wrong_fields: list[str] | None = None,
              correction: dict[str, str] | None = None) -> None:
        """Store one judgement (replacing an earlier one of the item) and
        commit it at once."""
        a = self.get(audit_id)
        verdict, wf, corr = clean_judgement(a["kind"], verdict, wrong_fields, correction)
        if not self.db.execute("SELECT 1 FROM audit_items WHERE audit_id = ? AND pos = ?", (audit_id, pos)).fetchone():
            raise NoAudit(f"audit {audit_id} has no item {pos + 1}")
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute(
                """INSERT INTO audit_judgements (audit_id, pos, verdict, wrong_fields, correction) VALUES (?,?,?,?,?)
                   ON CONFLICT(audit_id, pos) DO UPDATE SET verdict = excluded.verdict,
                   wrong_fields = excluded.wrong_fields, correction = excluded.correction,
                   judged_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')""",
                (audit_id, pos, verdict, json.dumps(wf), json.dumps(corr, ensure_ascii=False)))
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

"""Tables of the linking step (people across articles, stories over time).

``LINK_SCHEMA`` is one migration for ``store.MIGRATIONS``.  Every statement
uses IF NOT EXISTS so that :func:`ensure_schema` can also apply it to an
archive whose migrations do not include it yet.
"""
from __future__ import annotations

LINK_SCHEMA = """
CREATE TABLE IF NOT EXISTS persons (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,                 -- display name: the most used full form
    first TEXT, middle TEXT, last TEXT NOT NULL, suffix TEXT,  -- name key (skeletons)
    block TEXT NOT NULL,                -- candidate block of the surname
    articles INTEGER NOT NULL DEFAULT 0,
    mentions INTEGER NOT NULL DEFAULT 0,
    role TEXT,                          -- latest role
    first_day TEXT, last_day TEXT
);
CREATE INDEX IF NOT EXISTS persons_name ON persons(name);
CREATE INDEX IF NOT EXISTS persons_block ON persons(block);
CREATE TABLE IF NOT EXISTS person_mentions (
    person_id INTEGER NOT NULL,
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    person_idx INTEGER NOT NULL,        -- people.idx in that article
    name TEXT NOT NULL,                 -- people.name (= quotes.speaker, counts.claimant)
    PRIMARY KEY (article_rowid, person_idx)
);
CREATE INDEX IF NOT EXISTS person_mentions_person ON person_mentions(person_id);
CREATE INDEX IF NOT EXISTS person_mentions_name ON person_mentions(name);
CREATE TABLE IF NOT EXISTS person_roles (
    person_id INTEGER NOT NULL,
    role TEXT NOT NULL,
    day TEXT,
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS person_roles_person ON person_roles(person_id, day);
CREATE TABLE IF NOT EXISTS stories (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    first_day TEXT, last_day TEXT,
    articles INTEGER NOT NULL DEFAULT 0,   -- distinct articles (near-duplicates not counted)
    duplicates INTEGER NOT NULL DEFAULT 0, -- near-duplicates merged into the story
    centroid TEXT NOT NULL DEFAULT '[]'    -- JSON [[feature, weight], ...], top features
);
CREATE INDEX IF NOT EXISTS stories_last_day ON stories(last_day);
CREATE TABLE IF NOT EXISTS story_articles (
    story_id INTEGER NOT NULL,
    article_rowid INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    similarity REAL,                    -- to the story when it joined (NULL: it started the story)
    duplicate_of INTEGER                -- rowid of the article it near-duplicates, if any
);
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id);
CREATE TABLE IF NOT EXISTS story_vectors (
    article_rowid INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    day TEXT,
    vec TEXT NOT NULL                   -- JSON [[feature, weight], ...], L2-normalised
);
CREATE TABLE IF NOT EXISTS story_postings (
    feature TEXT NOT NULL,
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS story_postings_feature ON story_postings(feature);
CREATE TABLE IF NOT EXISTS link_df (
    feature TEXT PRIMARY KEY,
    df INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS link_state (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE IF NOT EXISTS link_done (
    article_rowid INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE
);
"""

TABLES = ("persons", "person_mentions", "person_roles", "stories", "story_articles", "story_vectors",
          "story_postings", "link_df", "link_state", "link_done")


def ensure_schema(db) -> None:
    """Create the linking tables when the archive's migrations have not."""
    have = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if all(t in have for t in TABLES):
        return
    # statement by statement: executescript() would commit the caller's transaction
    for stmt in LINK_SCHEMA.split(";"):
        body = "\n".join(line.split("--", 1)[0] for line in stmt.splitlines()).strip()
        if body:
            db.execute(body)
    if "quotes" not in {r[1] for r in db.execute("SELECT * FROM pragma_table_info('persons')")}:
        db.execute("ALTER TABLE persons ADD COLUMN quotes INTEGER NOT NULL DEFAULT 0")  # store migration 7


def undone(db, done_table: str, limit: int | None = None) -> list[int]:
    """Rowids of the articles not in ``done_table`` (an article_rowid table),
    oldest first.  Articles are looked at in rowid order, so the ones not
    done yet are usually exactly those above the last one done: when the
    counts say so, those are read through the rowid alone; otherwise the
    whole archive is compared with the table."""
    q = lambda sql, *a: db.execute(sql, a).fetchone()[0] or 0  # noqa: E731
    top = q(f"SELECT max(article_rowid) FROM {done_table}")
    above = q("SELECT count(*) FROM articles WHERE rowid > ?", top)
    lim = "" if limit is None else f"LIMIT {int(limit)}"
    if q("SELECT count(*) FROM articles") - q(f"SELECT count(*) FROM {done_table}") == above:
        return [r[0] for r in db.execute(f"SELECT rowid FROM articles WHERE rowid > ? ORDER BY rowid {lim}", (top,))]
    return [r[0] for r in db.execute(
        f"""SELECT a.rowid FROM articles a WHERE NOT EXISTS
            (SELECT 1 FROM {done_table} d WHERE d.article_rowid = a.rowid) ORDER BY a.rowid {lim}""")]

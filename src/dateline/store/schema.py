"""The archive's schema: one list of migrations, applied in order at open.

Every table of the archive (articles, annotations, near-duplicates, people
and stories across articles, claim groups, audits, the summaries the pages
read) is made here and nowhere else.  ``PRAGMA user_version`` is the number
of migrations applied; opening an archive (``Store``) applies the rest, so an
archive made by any earlier version is upgraded in place.
"""
from __future__ import annotations

import sqlite3

from ..audit import AUDIT_SCHEMA

# 3: people across articles, stories over time (link/)
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

# Each migration moves the schema one version up; never edit a released one.
MIGRATIONS: list[str] = [
    # 1: articles, sources, annotations, full-text search
    """
    CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        outlet TEXT, captured_at TEXT, published TEXT, day TEXT,
        url TEXT, language TEXT,
        title TEXT,
        byline TEXT NOT NULL DEFAULT '[]',
        contributors TEXT NOT NULL DEFAULT '[]',
        datelines TEXT NOT NULL DEFAULT '[]',
        truncated INTEGER NOT NULL DEFAULT 0,
        text TEXT NOT NULL,
        annotated INTEGER NOT NULL DEFAULT 0,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
    );
    CREATE INDEX articles_day ON articles(day);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE TABLE article_sources (
        article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
        source TEXT NOT NULL,
        PRIMARY KEY (article_rowid, source)
    );
    CREATE TABLE sources (
        path TEXT PRIMARY KEY,
        size INTEGER, mtime REAL,
        status TEXT NOT NULL,
        message TEXT,
        articles INTEGER NOT NULL DEFAULT 0,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
    );
    CREATE TABLE furniture_keys (key TEXT PRIMARY KEY, hits INTEGER NOT NULL DEFAULT 1);
    CREATE TABLE people (
        article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        name TEXT NOT NULL, role TEXT,
        mentions TEXT NOT NULL,
        PRIMARY KEY (article_rowid, idx)
    );
    CREATE INDEX people_name ON people(name);
    CREATE TABLE entities (
        article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL, name TEXT NOT NULL,
        mentions TEXT NOT NULL,
        PRIMARY KEY (article_rowid, kind, idx)
    );
    CREATE INDEX entities_name ON entities(kind, name);
    CREATE TABLE quotes (
        rowid INTEGER PRIMARY KEY,
        article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        quote TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
        speaker TEXT, speaker_desc TEXT,
        anonymous INTEGER NOT NULL, partial INTEGER NOT NULL, kind TEXT NOT NULL, cue TEXT,
        UNIQUE (article_rowid, idx)
    );
    CREATE INDEX quotes_speaker ON quotes(speaker);
    CREATE TABLE counts (
        rowid INTEGER PRIMARY KEY,
        article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
        value REAL, low REAL, high REAL,
        qualifier TEXT NOT NULL, category TEXT NOT NULL,
        what TEXT, claimant TEXT, as_of TEXT, as_of_date TEXT,
        UNIQUE (article_rowid, idx)
    );
    CREATE INDEX counts_category ON counts(category);
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, byline, text, content='articles', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, byline, text) VALUES (new.rowid, new.title, new.byline, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, byline, text) VALUES ('delete', old.rowid, old.title, old.byline, old.text);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE OF title, byline, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, byline, text) VALUES ('delete', old.rowid, old.title, old.byline, old.text);
        INSERT INTO articles_fts(rowid, title, byline, text) VALUES (new.rowid, new.title, new.byline, new.text);
    END;
    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        quote, speaker, speaker_desc, content='quotes', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, quote, speaker, speaker_desc) VALUES (new.rowid, new.quote, new.speaker, new.speaker_desc);
    END;
    CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, quote, speaker, speaker_desc) VALUES ('delete', old.rowid, old.quote, old.speaker, old.speaker_desc);
    END;
    """,
    # 2: near-duplicate links (link/dedupe.py): MinHash LSH bands, articles looked at, links
    """
    CREATE TABLE near_duplicates (
        article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
        duplicate_of_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
        similarity REAL NOT NULL,
        PRIMARY KEY (article_rowid, duplicate_of_rowid)
    );
    CREATE INDEX near_duplicates_of ON near_duplicates(duplicate_of_rowid);
    CREATE TABLE minhash_bands (
        band INTEGER NOT NULL,
        key INTEGER NOT NULL,
        article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE
    );
    CREATE INDEX minhash_bands_key ON minhash_bands(band, key);
    CREATE INDEX minhash_bands_article ON minhash_bands(article_rowid);
    CREATE TABLE minhash_done (
        article_rowid INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE
    );
    """,
    # 3: people across articles, stories over time (link/)
    LINK_SCHEMA,
    # 4: new articles go into full-text search in bulk (Store.index_pending),
    # not row by row from a trigger: FTS5 pays a fixed cost per statement, and
    # one INSERT ... SELECT per few thousand articles is 3-4x cheaper.
    "DROP TRIGGER articles_ai",
    # 5: counts by claimant (a person's page, `dateline counts --claimant`)
    "CREATE INDEX counts_claimant ON counts(claimant)",
    # 6: claim groups (link/claims.py), computed by the linking step for each
    # category whose counts changed (Store.refresh_claim_groups) and read by
    # Store.claim_groups.  Triggers note the categories whose counts, or whose
    # articles' stories or dates, changed since they were grouped: those are
    # "stale" until the next `dateline link` or ingest, and read live meanwhile.
    """
    CREATE TABLE claim_groups (
        id INTEGER PRIMARY KEY,
        category TEXT NOT NULL,
        pos INTEGER NOT NULL,              -- order in the category: most rows first, then key
        key TEXT NOT NULL,
        label TEXT NOT NULL,
        rows INTEGER NOT NULL,
        claimants INTEGER NOT NULL,
        UNIQUE (category, pos)
    );
    CREATE TABLE claim_group_rows (
        group_id INTEGER NOT NULL,         -- claim_groups.id
        pos INTEGER NOT NULL,              -- order in the group (archive order)
        count_rowid INTEGER NOT NULL,      -- counts.rowid
        PRIMARY KEY (group_id, pos)
    ) WITHOUT ROWID;
    CREATE TABLE claim_groups_stale (category TEXT PRIMARY KEY) WITHOUT ROWID;
    INSERT INTO claim_groups_stale SELECT DISTINCT category FROM counts;
    CREATE TRIGGER counts_claims_ai AFTER INSERT ON counts BEGIN
        INSERT OR IGNORE INTO claim_groups_stale VALUES (new.category);
    END;
    CREATE TRIGGER counts_claims_ad AFTER DELETE ON counts BEGIN
        INSERT OR IGNORE INTO claim_groups_stale VALUES (old.category);
    END;
    CREATE TRIGGER counts_claims_au AFTER UPDATE ON counts BEGIN
        INSERT OR IGNORE INTO claim_groups_stale VALUES (old.category);
        INSERT OR IGNORE INTO claim_groups_stale VALUES (new.category);
    END;
    CREATE TRIGGER story_articles_claims_ai AFTER INSERT ON story_articles BEGIN
        INSERT OR IGNORE INTO claim_groups_stale
            SELECT DISTINCT category FROM counts WHERE article_rowid = new.article_rowid;
    END;
    CREATE TRIGGER story_articles_claims_ad AFTER DELETE ON story_articles BEGIN
        INSERT OR IGNORE INTO claim_groups_stale
            SELECT DISTINCT category FROM counts WHERE article_rowid = old.article_rowid;
    END;
    CREATE TRIGGER story_articles_claims_au AFTER UPDATE OF story_id, article_rowid ON story_articles BEGIN
        INSERT OR IGNORE INTO claim_groups_stale
            SELECT DISTINCT category FROM counts WHERE article_rowid IN (old.article_rowid, new.article_rowid);
    END;
    CREATE TRIGGER articles_claims_au AFTER UPDATE OF id, published, captured_at ON articles BEGIN
        INSERT OR IGNORE INTO claim_groups_stale
            SELECT DISTINCT category FROM counts WHERE article_rowid = new.rowid;
    END;
    """,
    # 7: pages that stay index-driven on large archives: people ranked by an
    # index, each person's quote count kept with them (the people page read
    # it through a join over every article of the listed persons), stories
    # ranked by an index
    """
    ALTER TABLE persons ADD COLUMN quotes INTEGER NOT NULL DEFAULT 0;
    UPDATE persons SET quotes = (
        SELECT count(*) FROM person_mentions pm
        JOIN quotes q ON q.article_rowid = pm.article_rowid AND q.idx >= 0 AND +q.speaker = pm.name
        WHERE pm.person_id = persons.id);
    CREATE INDEX persons_rank ON persons(articles DESC, mentions DESC, name);
    CREATE INDEX person_mentions_forms ON person_mentions(person_id, name);
    CREATE INDEX persons_last ON persons(last);
    CREATE INDEX persons_first ON persons(first);
    CREATE INDEX stories_rank ON stories(articles DESC, last_day DESC, id);
    """,
    # 8: claim groups kept up to date incrementally (Store.refresh_claim_groups):
    # new counts are queued (claim_counts_new) rather than marking their
    # category stale; each category keeps its subjects' row counts
    # (claim_keys), from which the grouping's cross-article steps are made
    # again without reading the category's rows.  Groups of one row are kept
    # too (a new row may join them) and left out when read.
    """
    CREATE TABLE claim_keys (
        category TEXT NOT NULL,
        key TEXT NOT NULL,                 -- a subject as its article gives it (link/claims.prepare_rows)
        n INTEGER NOT NULL,                -- rows with that subject
        first INTEGER NOT NULL,            -- order of first appearance in the archive
        canon TEXT,                        -- the group's subject when not the key itself
        PRIMARY KEY (category, key)
    ) WITHOUT ROWID;
    CREATE TABLE claim_counts_new (count_rowid INTEGER PRIMARY KEY);
    CREATE UNIQUE INDEX claim_groups_key ON claim_groups(category, key);
    DROP TRIGGER counts_claims_ai;
    CREATE TRIGGER counts_claims_ai AFTER INSERT ON counts BEGIN
        INSERT OR IGNORE INTO claim_counts_new VALUES (new.rowid);
    END;
    DROP TRIGGER story_articles_claims_ai;
    CREATE TRIGGER story_articles_claims_ai AFTER INSERT ON story_articles BEGIN
        INSERT OR IGNORE INTO claim_groups_stale
            SELECT DISTINCT category FROM counts WHERE article_rowid = new.article_rowid
            AND rowid NOT IN (SELECT count_rowid FROM claim_counts_new);
    END;
    INSERT OR IGNORE INTO claim_groups_stale SELECT DISTINCT category FROM counts;
    """,
    # 9: audits (audit.py): a stored sample of facts, and a person's judgement of each
    AUDIT_SCHEMA,
    # 10: a story's id is the rowid of the article that opened it (the one
    # that joined no story), so ids survive `link --rebuild`; older archives
    # numbered stories 1, 2, ... in the order they were made
    """
    CREATE TEMP TABLE story_ids (old INTEGER PRIMARY KEY, new INTEGER);  -- keyed: one look-up per story
    INSERT INTO story_ids SELECT s.id AS old, coalesce(
        (SELECT min(article_rowid) FROM story_articles sa
         WHERE sa.story_id = s.id AND sa.similarity IS NULL AND sa.duplicate_of IS NULL),
        (SELECT min(article_rowid) FROM story_articles sa WHERE sa.story_id = s.id), -s.id) AS new FROM stories s;
    CREATE UNIQUE INDEX temp.story_ids_old ON story_ids(old);  -- (added later: without it, quadratic in stories)
    UPDATE stories SET id = -id;
    UPDATE stories SET id = (SELECT new FROM story_ids WHERE old = -stories.id);
    UPDATE story_articles SET story_id = (SELECT new FROM story_ids WHERE old = story_id)
        WHERE story_id IN (SELECT old FROM story_ids WHERE new != old);
    DROP TABLE story_ids;
    """,
    # 11: what a person's page shows, kept per person as linking writes
    # person_mentions and person_roles (triggers), so that the page of a
    # person named in 60,000 articles reads a few dozen rows, not all of
    # theirs: the names they go by with how often (person_forms, also how a
    # name filter finds its persons), articles and mentions by month
    # (person_months; month '' is undated), roles with first and last day
    # (person_role_days; a role's days are not narrowed when rows leave it).
    """
    CREATE TABLE person_forms (
        person_id INTEGER NOT NULL, name TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (person_id, name)
    ) WITHOUT ROWID;
    CREATE INDEX person_forms_name ON person_forms(name);
    CREATE TABLE person_months (
        person_id INTEGER NOT NULL, month TEXT NOT NULL,
        articles INTEGER NOT NULL,         -- person_mentions rows (one per article, nearly always)
        mentions INTEGER NOT NULL,
        PRIMARY KEY (person_id, month)
    ) WITHOUT ROWID;
    CREATE TABLE person_role_days (
        person_id INTEGER NOT NULL, role TEXT NOT NULL, first_day TEXT, last_day TEXT,
        articles INTEGER NOT NULL,
        PRIMARY KEY (person_id, role)
    ) WITHOUT ROWID;
    INSERT INTO person_forms SELECT person_id, name, count(*) FROM person_mentions GROUP BY person_id, name;
    INSERT INTO person_months SELECT pm.person_id, coalesce(substr(a.day, 1, 7), ''), count(*),
            sum(json_array_length(p.mentions))
        FROM person_mentions pm JOIN people p ON p.article_rowid = pm.article_rowid AND p.idx = pm.person_idx
        JOIN articles a ON a.rowid = pm.article_rowid GROUP BY 1, 2;
    INSERT INTO person_role_days SELECT person_id, role, min(day), max(day), count(*)
        FROM person_roles GROUP BY person_id, role;
    CREATE TRIGGER person_mentions_sum_ai AFTER INSERT ON person_mentions BEGIN
        INSERT INTO person_forms (person_id, name, n) VALUES (new.person_id, new.name, 1)
            ON CONFLICT (person_id, name) DO UPDATE SET n = n + 1;
        INSERT INTO person_months (person_id, month, articles, mentions)
            SELECT new.person_id, coalesce(substr(a.day, 1, 7), ''), 1, json_array_length(p.mentions)
            FROM people p JOIN articles a ON a.rowid = p.article_rowid
            WHERE p.article_rowid = new.article_rowid AND p.idx = new.person_idx
            ON CONFLICT (person_id, month) DO UPDATE SET articles = articles + 1,
                mentions = mentions + excluded.mentions;
    END;
    CREATE TRIGGER person_mentions_sum_ad AFTER DELETE ON person_mentions BEGIN
        UPDATE person_forms SET n = n - 1 WHERE person_id = old.person_id AND name = old.name;
        DELETE FROM person_forms WHERE person_id = old.person_id AND name = old.name AND n <= 0;
        UPDATE person_months SET articles = articles - 1, mentions = mentions - coalesce(
            (SELECT json_array_length(p.mentions) FROM people p
             WHERE p.article_rowid = old.article_rowid AND p.idx = old.person_idx), 0)
        WHERE person_id = old.person_id
          AND month = coalesce((SELECT substr(day, 1, 7) FROM articles WHERE rowid = old.article_rowid), '');
        DELETE FROM person_months WHERE person_id = old.person_id AND articles <= 0;
    END;
    CREATE TRIGGER person_mentions_sum_au AFTER UPDATE OF person_id, name ON person_mentions BEGIN
        UPDATE person_forms SET n = n - 1 WHERE person_id = old.person_id AND name = old.name;
        DELETE FROM person_forms WHERE person_id = old.person_id AND name = old.name AND n <= 0;
        UPDATE person_months SET articles = articles - 1, mentions = mentions - coalesce(
            (SELECT json_array_length(p.mentions) FROM people p
             WHERE p.article_rowid = old.article_rowid AND p.idx = old.person_idx), 0)
        WHERE person_id = old.person_id
          AND month = coalesce((SELECT substr(day, 1, 7) FROM articles WHERE rowid = old.article_rowid), '');
        DELETE FROM person_months WHERE person_id = old.person_id AND articles <= 0;
        INSERT INTO person_forms (person_id, name, n) VALUES (new.person_id, new.name, 1)
            ON CONFLICT (person_id, name) DO UPDATE SET n = n + 1;
        INSERT INTO person_months (person_id, month, articles, mentions)
            SELECT new.person_id, coalesce(substr(a.day, 1, 7), ''), 1, json_array_length(p.mentions)
            FROM people p JOIN articles a ON a.rowid = p.article_rowid
            WHERE p.article_rowid = new.article_rowid AND p.idx = new.person_idx
            ON CONFLICT (person_id, month) DO UPDATE SET articles = articles + 1,
                mentions = mentions + excluded.mentions;
    END;
    CREATE TRIGGER person_roles_sum_ai AFTER INSERT ON person_roles BEGIN
        INSERT INTO person_role_days (person_id, role, first_day, last_day, articles)
            VALUES (new.person_id, new.role, new.day, new.day, 1)
            ON CONFLICT (person_id, role) DO UPDATE SET articles = articles + 1,
                first_day = coalesce(min(first_day, excluded.first_day), first_day, excluded.first_day),
                last_day = coalesce(max(last_day, excluded.last_day), last_day, excluded.last_day);
    END;
    CREATE TRIGGER person_roles_sum_ad AFTER DELETE ON person_roles BEGIN
        UPDATE person_role_days SET articles = articles - 1 WHERE person_id = old.person_id AND role = old.role;
        DELETE FROM person_role_days WHERE person_id = old.person_id AND role = old.role AND articles <= 0;
    END;
    CREATE TRIGGER person_roles_sum_au AFTER UPDATE OF person_id, role, day ON person_roles BEGIN
        UPDATE person_role_days SET articles = articles - 1 WHERE person_id = old.person_id AND role = old.role;
        DELETE FROM person_role_days WHERE person_id = old.person_id AND role = old.role AND articles <= 0;
        INSERT INTO person_role_days (person_id, role, first_day, last_day, articles)
            VALUES (new.person_id, new.role, new.day, new.day, 1)
            ON CONFLICT (person_id, role) DO UPDATE SET articles = articles + 1,
                first_day = coalesce(min(first_day, excluded.first_day), first_day, excluded.first_day),
                last_day = coalesce(max(last_day, excluded.last_day), last_day, excluded.last_day);
    END;
    """,
    # 12: `dateline stats` and the home page count truncated articles through
    # a partial index instead of reading every article row
    "CREATE INDEX articles_truncated ON articles(truncated) WHERE truncated",
    # 13: counts per category (the claims page's categories), kept by triggers
    # rather than counted over every count row
    """
    CREATE TABLE count_categories (category TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO count_categories SELECT category, count(*) FROM counts GROUP BY category;
    CREATE TRIGGER counts_categories_ai AFTER INSERT ON counts BEGIN
        INSERT INTO count_categories VALUES (new.category, 1) ON CONFLICT (category) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER counts_categories_ad AFTER DELETE ON counts BEGIN
        UPDATE count_categories SET n = n - 1 WHERE category = old.category;
    END;
    CREATE TRIGGER counts_categories_au AFTER UPDATE OF category ON counts BEGIN
        UPDATE count_categories SET n = n - 1 WHERE category = old.category;
        INSERT INTO count_categories VALUES (new.category, 1) ON CONFLICT (category) DO UPDATE SET n = n + 1;
    END;
    """,
    # 14: a person's articles read from an index alone (the search page's
    # person filter: the most-covered person is in 60,000 articles)
    "CREATE INDEX IF NOT EXISTS person_mentions_articles ON person_mentions(person_id, article_rowid)",
    # 15: quotes per speaker (who is quoted most: the quotes page's speaker
    # list, the home page), kept by triggers rather than counted over every quote
    """
    CREATE TABLE quote_speakers (speaker TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO quote_speakers SELECT speaker, count(*) FROM quotes WHERE speaker IS NOT NULL GROUP BY speaker;
    CREATE INDEX quote_speakers_rank ON quote_speakers(n DESC, speaker);
    CREATE TRIGGER quotes_speakers_ai AFTER INSERT ON quotes WHEN new.speaker IS NOT NULL BEGIN
        INSERT INTO quote_speakers VALUES (new.speaker, 1) ON CONFLICT (speaker) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER quotes_speakers_ad AFTER DELETE ON quotes WHEN old.speaker IS NOT NULL BEGIN
        UPDATE quote_speakers SET n = n - 1 WHERE speaker = old.speaker;
        DELETE FROM quote_speakers WHERE speaker = old.speaker AND n <= 0;
    END;
    CREATE TRIGGER quotes_speakers_au AFTER UPDATE OF speaker ON quotes BEGIN
        UPDATE quote_speakers SET n = n - 1 WHERE speaker = old.speaker;
        DELETE FROM quote_speakers WHERE speaker = old.speaker AND n <= 0;
        INSERT INTO quote_speakers SELECT new.speaker, 1 WHERE new.speaker IS NOT NULL
            ON CONFLICT (speaker) DO UPDATE SET n = n + 1;
    END;
    """,
]


def version(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite3.Connection) -> int:
    """Apply the migrations ``db`` has not had, each in its own transaction;
    returns the schema version reached."""
    v = version(db)
    for i, sql in enumerate(MIGRATIONS[v:], start=v + 1):
        db.executescript(f"BEGIN; {sql}; PRAGMA user_version = {i}; COMMIT;")
    return len(MIGRATIONS)


def require_current(db: sqlite3.Connection) -> None:
    """Raise unless ``db`` has every migration (``Store`` applies them at open)."""
    v = version(db)
    if v < len(MIGRATIONS):
        raise RuntimeError(f"archive schema version {v}, this dateline needs {len(MIGRATIONS)}: "
                           "open it read-write once (any dateline command) to upgrade it")

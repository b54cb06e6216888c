"""Near-duplicate articles: the same story reached twice with small edits.

Exact duplicates never reach here: an article's id is the hash of its
normalised body, so the same body through two files or formats is stored
once.  Near-duplicates (a wire story syndicated by several outlets with its
own headline, a changed first line, a trimmed end; the same page saved as
HTML and as a scraper's JSONL with a caption more or less) are found with
MinHash signatures of word shingles and locality-sensitive hashing
(datasketch), then checked on the real shingle sets before they are linked.

A linked article is still stored (it is someone's publication), but it is
marked as a copy of the first one seen: ``near_duplicates(article_rowid,
duplicate_of_rowid, similarity)``; it is not a new story.

The LSH bands live in the archive (``minhash_bands``), so finding the
duplicates of new articles never loads the archive into memory.
"""
from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import accumulate
from operator import methodcaller

import numpy as np

from ..core import _normalised
from .schema import undone
from .write import add_minhash_bands, add_near_duplicate, mark_done

SHINGLE_WORDS = 5
NUM_PERM = 128
# LSH bands x rows: candidates from an estimated Jaccard of about 0.5 up
# (datasketch's optimum for that threshold at 128 permutations).
BANDS, ROWS = 25, 5
LSH_THRESHOLD = 0.5
# Verified on the real shingle sets: a near-duplicate shares this much...
MIN_JACCARD = 0.7
# ...or the shorter text sits this fully inside the longer (a trimmed copy).
MIN_CONTAINMENT = 0.85
# Candidates verified on their shingle sets, most shared LSH bands first.
MAX_CANDIDATES = 8
# Too short to judge (a caption, a one-paragraph brief): never linked.
MIN_SHINGLES = 30


@dataclass(frozen=True, slots=True)
class Link:
    article: object  # an id or a rowid
    duplicate_of: object
    similarity: float


# --------------------------------------------------------------------------
# Pure functions
# --------------------------------------------------------------------------

def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    """Word k-shingles of the normalised body (case, punctuation folded)."""
    body = _normalised(text)  # normalise_body's UTF-8: words one space apart, so a shingle is a slice of it
    words = body.split()
    if len(words) < k:
        return {body} if words else set()
    before = [0, *accumulate(map(len, words))]  # letters before word j: it starts at before[j] + j
    k1 = k - 1
    return {body[a + i:b + i + k1] for i, (a, b) in enumerate(zip(before, before[k:]))}


# datasketch's MinHash (scheme "affine32", seed 1), computed here with numpy
# alone: importing datasketch loads scipy, which cost more than linking a
# small file into a large archive.  The values are datasketch's exactly (a
# test compares them), so archives keep their LSH bands.
_PERM_A, _PERM_B = None, None


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    global _PERM_A, _PERM_B
    if _PERM_A is None or len(_PERM_A) != num_perm:
        gen = np.random.RandomState(1)
        a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
        b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
        _PERM_A, _PERM_B = a, b
    return _PERM_A, _PERM_B


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (datasketch's pre-mix)."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


_digest = methodcaller("digest")


def signature(sh: Iterable[bytes], num_perm: int = NUM_PERM) -> np.ndarray:
    """MinHash values of a shingle set (SHA-1's first 4 bytes per shingle)."""
    items = list(sh)
    a, b = _permutations(num_perm)
    out = np.full(num_perm, np.uint32(0xFFFFFFFF), dtype=np.uint32)
    if not items:
        return out
    # each SHA-1's first 4 bytes, little-endian: every 5th uint32 of the joined digests
    hv = np.frombuffer(b"".join(map(_digest, map(hashlib.sha1, items))), dtype="<u4")[::5].astype(np.uint32)
    phv = _fmix32(hv).reshape(-1, 1) * a + b
    return np.minimum(out, phv.min(axis=0))


def band_keys(sig, bands: int = BANDS, rows: int = ROWS) -> list[int]:
    """One 63-bit key per LSH band (what SQLite stores as an INTEGER), from
    :func:`signature` values (or a datasketch MinHash)."""
    hv = np.asarray(getattr(sig, "hashvalues", sig), dtype=np.uint64)
    out = []
    for b in range(bands):
        h = hashlib.blake2b(hv[b * rows:(b + 1) * rows].tobytes(), digest_size=8).digest()
        out.append(int.from_bytes(h, "big") >> 1)
    return out


def similarity(a: set[bytes], b: set[bytes]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger)."""
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b))


def is_near_duplicate(a: set[bytes], b: set[bytes]) -> float | None:
    """The similarity that makes two shingle sets near-duplicates, or None."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return None
    j, c = similarity(a, b)
    if j >= MIN_JACCARD:
        return round(j, 4)
    if c >= MIN_CONTAINMENT:
        return round(c, 4)
    return None


def find_near_duplicates(texts: Mapping[object, str]) -> list[Link]:
    """Near-duplicate links within a set of bodies (in memory): each later
    text is linked to the first text of its group.  Keys keep their order."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, params=(BANDS, ROWS))
    sets: dict[object, set[bytes]] = {}
    root: dict[object, object] = {}
    links: list[Link] = []
    for key, text in texts.items():
        sh = shingles(text)
        if len(sh) < MIN_SHINGLES:
            continue
        sig = MinHash(num_perm=NUM_PERM, hashvalues=signature(sh), scheme="affine32")
        best = None
        for cand in lsh.query(sig):
            sim = is_near_duplicate(sh, sets[cand])
            if sim is not None and (best is None or sim > best[1]):
                best = (cand, sim)
        if best:
            original = root.get(best[0], best[0])
            root[key] = original
            links.append(Link(key, original, best[1]))
        sets[key] = sh
        lsh.insert(key, sig)
    return links


# --------------------------------------------------------------------------
# The archive
# --------------------------------------------------------------------------

def link_new(store, batch: int = 500) -> list[Link]:
    """Find near-duplicates of the articles not yet looked at (rowid order)
    among everything looked at before, record the links, and return them.
    Runs inside the caller's transaction when there is one."""
    db = store.db
    links: list[Link] = []
    _SHINGLE_CACHE.clear()
    while True:
        todo = undone(db, "minhash_done", batch)
        if not todo:
            return links
        rows = db.execute("SELECT a.rowid, a.text FROM json_each(?) j JOIN articles a ON a.rowid = j.value "
                          "ORDER BY a.rowid", (json.dumps(todo),)).fetchall()
        for rowid, text in rows:
            link = _link_one(db, rowid, text)
            if link:
                links.append(link)
            mark_done(db, "minhash_done", (rowid,))


_SHINGLE_CACHE: OrderedDict[int, set[bytes] | None] = OrderedDict()  # cleared by each link_new
_SHINGLE_CACHE_SIZE = 512


def _indexed_shingles(db, rowid: int) -> set[bytes] | None:
    """Shingles of an indexed original; the same originals come up again and
    again as candidates, so the most recent are kept."""
    key = rowid
    if key in _SHINGLE_CACHE:
        _SHINGLE_CACHE.move_to_end(key)
        return _SHINGLE_CACHE[key]
    row = db.execute("SELECT text FROM articles WHERE rowid = ?", (rowid,)).fetchone()
    sh = shingles(row[0]) if row else None
    _SHINGLE_CACHE[key] = sh
    if len(_SHINGLE_CACHE) > _SHINGLE_CACHE_SIZE:
        _SHINGLE_CACHE.popitem(last=False)
    return sh


def _link_one(db, rowid: int, text: str) -> Link | None:
    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None
    keys = band_keys(signature(sh))
    hits: dict[int, int] = {}
    for band, key in enumerate(keys):
        for (cand,) in db.execute("SELECT article_rowid FROM minhash_bands WHERE band = ? AND key = ?",
                                  (band, key)):
            hits[cand] = hits.get(cand, 0) + 1
    hits.pop(rowid, None)
    # the candidates sharing the most bands are the likeliest; checking only a
    # few keeps the cost per article bounded however popular a story is
    ranked = sorted(hits, key=lambda c: (-hits[c], c))[:MAX_CANDIDATES]
    best: tuple[int, float] | None = None
    for cand in ranked:
        other = _indexed_shingles(db, cand)
        if other is None:
            continue
        sim = is_near_duplicate(sh, other)
        if sim is not None and (best is None or sim > best[1]):
            best = (cand, sim)
    if best is None:
        # only originals are indexed: later copies find the original, so a
        # story syndicated a thousand times still fills one bucket entry
        add_minhash_bands(db, rowid, keys)
        return None
    original = best[0]
    row = db.execute("SELECT duplicate_of_rowid FROM near_duplicates WHERE article_rowid = ? "
                     "ORDER BY similarity DESC LIMIT 1", (original,)).fetchone()
    if row:
        original = row[0]  # link to the group's first article
    add_near_duplicate(db, rowid, original, best[1])
    return Link(rowid, original, best[1])


def duplicates_of(store, article_id: str) -> list[tuple[str, float]]:
    """The ids of the near-duplicates linked to an article (either way)."""
    rows = store.db.execute(
        """SELECT b.id, n.similarity FROM articles a
           JOIN near_duplicates n ON n.duplicate_of_rowid = a.rowid OR n.article_rowid = a.rowid
           JOIN articles b ON b.rowid = CASE WHEN n.article_rowid = a.rowid THEN n.duplicate_of_rowid
                                             ELSE n.article_rowid END
           WHERE a.id = ? ORDER BY n.similarity DESC""", (article_id,))
    return [(r[0], r[1]) for r in rows]

"""The core: one raw document in, clean annotated articles out.

``extract(raw)`` is a pure function (no I/O, deterministic).  The CLI, the web
ingest, the tests and the Spark job all call it; that is what keeps the
archive-scale path honest.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator

from .furniture import RepeatCounter
from .model import Article, RawDocument
from .segment import Draft, segment

_NORM = re.compile(r"[\W_]+")
# The fast path of normalise_body: typographic punctuation news text is full
# of, ASCII non-word bytes, and the test that nothing else non-ASCII is left.
_TYPOGRAPHIC = ("\u201c", "\u201d", "\u2018", "\u2019", "\u2014", "\u2013", "\u2026")
_ASCII_FOLD = bytes(c if c >= 128 or chr(c).islower() or chr(c).isdigit() else c + 32 if chr(c).isupper() else 32
                    for c in range(256))  # ASCII letters lower-cased, ASCII non-word bytes to spaces
_NON_WORD_BEYOND_ASCII = re.compile(r"[^\x00-\x7f\w]")


def normalise_body(text: str) -> str:
    """What identity is computed on: the words (letters and digits),
    case-folded, one space apart; that is ``[\\W_]+`` -> " " on the NFKC form."""
    return _normalised(text).decode("utf-8")


def _normalised(text: str) -> bytes:
    """normalise_body, UTF-8 encoded.  Byte translation does it (case
    included) when the text is ASCII once its typographic punctuation is
    gone (most English news), or when the only non-ASCII characters left
    are letters and digits; the regex otherwise."""
    s = text
    if not s.isascii():  # (ASCII text is in NFKC form and casefolds as it lower-cases)
        for ch in _TYPOGRAPHIC:
            if ch in s:
                s = s.replace(ch, " ")
        if not s.isascii():
            if not unicodedata.is_normalized("NFKC", s):
                s = unicodedata.normalize("NFKC", s)
            s = s.casefold()
            if _NON_WORD_BEYOND_ASCII.search(s):
                return _NORM.sub(" ", s).strip().encode("utf-8")
    # every ASCII non-word byte is a space now, and no other whitespace is left
    return b" ".join(s.encode("utf-8").translate(_ASCII_FOLD).split())


def article_id(text: str) -> str:
    """Content-derived id: the same body always gets the same id, whichever
    file or format it came through."""
    return hashlib.blake2b(_normalised(text), digest_size=8).hexdigest()


def outlet_from_url(url: str | None) -> str | None:
    """"https://www.example-post.com/world/x" -> "example-post.com"."""
    if not url or "://" not in url:
        return None
    host = url.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0].lower()
    return host.removeprefix("www.") or None


def reference_date(article: Article) -> str | None:
    d = article.published or article.captured_at
    return d[:10] if d else None


def from_draft(d: Draft, source: str, meta: dict | None = None, annotate: bool = True) -> Article:
    meta = meta or {}
    text = d.text
    a = Article(
        id=article_id(text),
        source=source,
        text=text,
        title=d.title or meta.get("title"),
        outlet=d.outlet or meta.get("outlet") or outlet_from_url(d.url or meta.get("url")),
        captured_at=d.captured_at or meta.get("captured_at"),
        published=d.published or meta.get("published"),
        url=d.url or meta.get("url"),
        language=d.language or meta.get("language"),
        byline=d.byline or list(meta.get("byline") or []),
        contributors=d.contributors,
        datelines=d.datelines,
        truncated=d.truncated,
    )
    if annotate:
        from .annotate import annotate as annotate_body  # not loaded by --no-annotate ingests

        a.annotations = annotate_body(text, reference_date(a))
    return a


def extract_lines(lines: Iterable[str], source: str, learned: set[str] | frozenset[str] = frozenset(),
                  meta: dict | None = None, annotate: bool = True) -> Iterator[Article]:
    """A dump's lines -> articles (streaming)."""
    for d in segment(lines, learned, context=meta):
        yield from_draft(d, source, meta, annotate)


def explain(text: str, learned: set[str] | frozenset[str] = frozenset()) -> tuple[list[list], list[Draft]]:
    """A dump segmented with its working shown: one [text, role, why] per
    non-blank line (role: headline, byline, body, subhead, credit, or the
    furniture kind and the rule or learned template that gave it), and the
    drafts made."""
    lines = text.splitlines()
    known = set(learned) | RepeatCounter().add_lines(lines).repeated()
    trace: list[list] = []
    drafts = list(segment(lines, known, trace=trace))
    return trace, drafts


def extract(raw: RawDocument, learned: set[str] | frozenset[str] = frozenset(), annotate: bool = True) -> list[Article]:
    """One raw document -> its articles, clean and annotated.

    Dumps are segmented into many articles; other kinds are handed to their
    format module, which returns drafts cleaned by the same furniture rules.
    """
    if raw.kind == "dump":
        lines = raw.text.splitlines()
        known = set(learned) | RepeatCounter().add_lines(lines).repeated()
        return list(extract_lines(lines, raw.source, known, raw.meta, annotate))
    if raw.kind in ("html", "record"):
        from .read.pages import drafts_of

        return [from_draft(d, raw.source, raw.meta, annotate) for d in drafts_of(raw, learned)]
    raise ValueError(f"unknown document kind {raw.kind!r}")

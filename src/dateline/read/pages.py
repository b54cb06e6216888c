"""Saved web pages and scraper records -> article drafts.

A page (``kind == "html"``) goes through trafilatura for its main text
(comments off): in its fast mode, and again with its fallback extractors
only when the fast result is one they could replace (see ``extract_text``);
the metadata comes from cheap reads of the page's <meta> tags and JSON-LD.  A scraper record (``kind == "record"``) brings
its text and fields already split.  Either way the body lines then go through
the *same* furniture machinery as text dumps (``segment.classify`` with the
roles of ``lexicons/furniture.tsv`` and the learned furniture keys): the
paywall, newsletter and promo lines that survive extraction are dropped, and
a paywall line marks the article truncated.  A page is one article: it is
never split into several.

Everything here is pure (no I/O): the readers hand in decoded text.
"""
from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from ..model import Contributor, RawDocument
from ..segment import Draft, classify, parse_byline, parse_contributors, parse_reported_from, split_names

# A page bigger than this is not a news article (a data dump, an archive):
# it is cut, so one record cannot take the whole memory.
MAX_HTML_CHARS = 8_000_000
# Fewer words than this on a page is a menu, a login or an error page.
MIN_PAGE_WORDS = 12


# --------------------------------------------------------------------------
# Body cleaning: the same furniture rules as dumps
# --------------------------------------------------------------------------

_DATE_ONLY = re.compile(
    r"^(?:(?:published|updated|posted|last updated)\s*:?\s*)?"
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)[a-z]*\.?,?\s+)?"
    r"(?:\d{1,2}\s+[a-z]{3,9}\.?,?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:[,\s|·•-]+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,5})?)?\.?$",
    re.IGNORECASE,
)
_FOLD = re.compile(r"[\W_]+")


def _fold(s: str) -> str:
    return _FOLD.sub(" ", unicodedata.normalize("NFKC", s).casefold()).strip()


_META_PART = re.compile(
    r"^(?:(?:published|updated|posted|last updated|modified|first published)\b(?=.*\d).{0,50}"
    r"|\d+\s*min(?:ute)?s?(?:\s+read)?|\d+\s*(?:minutes?|hours?|days?)\s+ago)$",
    re.IGNORECASE,
)
_META_SEP = re.compile(r"\s*[·|•]\s*")
# "By" in the languages news is most saved in
_BYLINE_PREFIX = re.compile(r"^(?:by|words by|text by|por|par|von|di|door|av|af|od)\s+(?=[A-ZÀ-Þ])", re.IGNORECASE)
# A label above the headline ("Travel", "Opinion", "Breaking News")
MAX_KICKER_WORDS = 6
TITLE_SEARCH_LINES = 5
TOP_LINES = 3


def is_meta_line(s: str) -> bool:
    """A date, time, reading-time or "Updated ..." line (or several of them
    joined by · or |): page furniture at the top of a body."""
    if len(s) > 120:
        return False
    parts = [p for p in _META_SEP.split(s.strip()) if p]
    return bool(parts) and all(_DATE_ONLY.match(p) or _META_PART.match(p) for p in parts)


def byline_names(s: str) -> list[str] | None:
    """Names of a byline line: "By A and B", "Por A", "By A | Staff writer"."""
    if len(s) > 200 or not _BYLINE_PREFIX.match(s):
        return None
    head = _META_SEP.split(s)[0]
    return split_names(_BYLINE_PREFIX.sub("", head)) or parse_byline(head)


def clean_body(lines: Iterable[str], learned: set[str] | frozenset[str] = frozenset(),
               title: str | None = None) -> Draft:
    """Extracted body lines -> one draft: furniture dropped, a paywall ends
    the text (truncated), a byline or dateline at the top and credits at the
    bottom are moved to their fields."""
    d = Draft()
    paragraphs: list[str] = []
    for line in classify(lines, learned):
        k = line.kind
        if k == "content":
            paragraphs.append(line.text)
        elif k == "paywall" and paragraphs:
            d.truncated = True
            break
        # everything else is furniture: blank, header, start, end (offers),
        # widget boxes and their items, inline lines, learned repeats
    # the headline repeated near the top, with the labels above it
    if title:
        ftitle = _fold(title)
        for i, p in enumerate(paragraphs[:TITLE_SEARCH_LINES]):
            if _fold(p) == ftitle:
                if all(len(q.split()) <= MAX_KICKER_WORDS for q in paragraphs[:i]):
                    del paragraphs[: i + 1]
                else:
                    del paragraphs[i]
                break
    # the top few lines: byline, "X reported from Y", date and reading-time
    # lines (a standfirst may stand before them)
    i = 0
    while i < min(len(paragraphs), TOP_LINES):
        s = paragraphs[i]
        if is_meta_line(s):
            del paragraphs[i]
            continue
        names = byline_names(s)
        if names:
            d.byline = d.byline or names
            del paragraphs[i]
            continue
        reported = parse_reported_from(s) if len(s) < 300 else None
        if reported:
            d.datelines.append(s)
            d.byline = d.byline or [c.name for c in reported]
            del paragraphs[i]
            continue
        i += 1
    # the bottom: contributor credits ("Reporting by A; Editing by B")
    while len(paragraphs) > 1:
        credits = parse_contributors(paragraphs[-1])
        if not credits:
            break
        d.contributors[:0] = credits
        paragraphs.pop()
    d.paragraphs = paragraphs
    return d


# --------------------------------------------------------------------------
# Field values
# --------------------------------------------------------------------------

def normalise_date(value: Any) -> str | None:
    """An ISO date or datetime from the forms scrapers and pages use:
    ISO 8601, "2024-03-05 10:00:00", RFC 2822, epoch seconds/milliseconds."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        secs = value / 1000 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(secs, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        except (OverflowError, OSError, ValueError):
            return None
    s = str(value).strip()
    if not s:
        return None
    if s.isdigit() and len(s) >= 9:
        return normalise_date(int(s))
    m = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?", s)
    if m:
        out = m[1]
        if m[2] and not (m[2].startswith("00:00") and not m[3]):
            out += "T" + m[2] + ("Z" if m[3] in ("Z", "UTC", "GMT") else (m[3] or ""))
        return out
    try:
        dt = parsedate_to_datetime(s)
        return dt.strftime("%Y-%m-%dT%H:%M:%S") + (dt.strftime("%z") if dt.tzinfo else "")
    except (TypeError, ValueError, IndexError):
        pass
    m = re.match(r"^(\d{4})/(\d{2})/(\d{2})", s)
    if m:
        return f"{m[1]}-{m[2]}-{m[3]}"
    return None


def split_authors(value: Any) -> list[str]:
    """Author fields as names: a list, "A; B", "By A and B", "A, B"."""
    if not value:
        return []
    if isinstance(value, Mapping):
        value = value.get("name") or ""
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for v in value:
            for n in split_authors(v):
                if n not in out:
                    out.append(n)
        return out
    s = str(value).strip()
    if not s or len(s) > 300:
        return []
    names = split_names(s)
    if names:
        return names
    parts = [p.strip() for p in re.split(r"\s*[;|]\s*", re.sub(r"^by\s+", "", s, flags=re.I)) if p.strip()]
    return [p for p in parts if len(p) <= 80 and not p.startswith(("http://", "https://"))]


def site_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else (host or None)


_LANG = re.compile(rb"<html[^>]*?\slang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)", re.IGNORECASE)


def page_language(html: str) -> str | None:
    m = _LANG.search(html[:4096].encode("utf-8", "ignore"))
    return m[1].decode().lower().replace("_", "-") if m else None


# --------------------------------------------------------------------------
# Scraper records (JSONL): the common field names
# --------------------------------------------------------------------------

# In order of preference: the first present, non-empty one wins.
TEXT_FIELDS = ("text", "maintext", "body", "article_body", "articleBody", "content", "raw_text", "article",
               "full_text", "fulltext", "story")
HTML_FIELDS = ("html", "raw_html", "rawHtml", "page", "content_html")
TITLE_FIELDS = ("title", "headline", "name")
URL_FIELDS = ("url", "link", "source_url", "canonical_url", "uri", "source")
DATE_FIELDS = ("date_publish", "published", "published_at", "publish_date", "pubDate", "datePublished",
               "date", "publication_date", "pub_date", "created_at", "time")
CAPTURED_FIELDS = ("date_download", "captured_at", "crawled_at", "scraped_at", "retrieved_at", "fetch_time",
                   "timestamp")
AUTHOR_FIELDS = ("authors", "author", "byline", "creator", "creators")
SITE_FIELDS = ("outlet", "sitename", "site_name", "site", "publisher", "source_domain", "source-hostname",
               "hostname", "domain", "source_name")
LANG_FIELDS = ("language", "lang", "inLanguage")


def _first(obj: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for n in names:
        v = obj.get(n)
        if v not in (None, "", [], {}):
            return v
    return None


def map_record(obj: Mapping[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
    """A scraper's JSON object -> (kind, text, meta), or None when it holds
    no article text.  news-please (maintext, authors, date_publish,
    source_domain), trafilatura's JSON (text, author "A; B", source,
    sitename) and plain {title, text, url, date, author} all map."""
    text = _first(obj, TEXT_FIELDS)
    kind = "record"
    if not isinstance(text, str) or not text.strip():
        html = _first(obj, HTML_FIELDS)
        if not isinstance(html, str) or "<" not in html:
            return None
        text, kind = html, "html"
    url = _first(obj, URL_FIELDS)
    url = url if isinstance(url, str) and url.startswith(("http://", "https://")) else None
    publisher = _first(obj, SITE_FIELDS)
    if isinstance(publisher, Mapping):
        publisher = publisher.get("name")
    title = _first(obj, TITLE_FIELDS)
    lang = _first(obj, LANG_FIELDS)
    meta: dict[str, Any] = {
        "title": title.strip() if isinstance(title, str) and title.strip() else None,
        "url": url,
        "published": normalise_date(_first(obj, DATE_FIELDS)),
        "captured_at": normalise_date(_first(obj, CAPTURED_FIELDS)),
        "byline": split_authors(_first(obj, AUTHOR_FIELDS)),
        "outlet": str(publisher).strip() if publisher else site_of(url),
        "language": str(lang).lower() if isinstance(lang, str) else None,
    }
    return kind, text, {k: v for k, v in meta.items() if v not in (None, [], "")}


# --------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------

_SCRIPT_LD = re.compile(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_META_TAG = re.compile(r"<meta\s[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_CANONICAL = re.compile(r"<link\s[^>]*rel\s*=\s*[\"']?canonical[^>]*>", re.IGNORECASE)
_TITLE_SEP = re.compile(r"\s+[|–—·•-]\s+|\s+::\s+")
_H1 = re.compile(r"<h1[\s>].*?</h1\s*>", re.IGNORECASE | re.DOTALL)
_ARTICLE_OPEN = re.compile(r"<article[\s>]", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
# Bulk the extractor throws away anyway: cut before parsing (after the
# JSON-LD metadata is read), which makes parsing a heavy page much cheaper.
_BULK_OPEN = re.compile(r"<(?:(script|style|svg)[\s>/]|!--)")


def strip_bulk(html: str) -> str:
    """The page without its <script>, <style>, <svg> elements and comments
    (trafilatura drops them too, after paying to parse them)."""
    low = html.lower()
    if len(low) != len(html):  # a few characters change length when lowered
        return html
    out: list[str] = []
    pos = 0
    for m in _BULK_OPEN.finditer(low):
        start = m.start()
        if start < pos:
            continue  # inside an element already cut
        tag = m[1]
        end_mark = f"</{tag}" if tag else "-->"
        end = low.find(end_mark, m.end())
        if end < 0:
            break  # unclosed: leave the rest to the parser
        end = low.find(">", end) + 1 if tag else end + 3
        if end <= 0:
            break
        out.append(html[pos:start])
        pos = end
    out.append(html[pos:])
    return "".join(out)

DATE_KEYS = ("article:published_time", "og:article:published_time", "datepublished", "article.published",
             "publishdate", "publish-date", "pubdate", "publication_date", "date", "dc.date.issued", "dc.date",
             "dcterms.created", "parsely-pub-date", "sailthru.date", "cxenseparse:recs:publishtime")
TITLE_KEYS = ("og:title", "twitter:title", "headline", "dc.title", "parsely-title", "sailthru.title")
AUTHOR_KEYS = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl", "byline")
SITE_KEYS = ("og:site_name", "application-name", "publisher", "twitter:site")
LANG_KEYS = ("og:locale", "content-language", "language", "dc.language", "inlanguage")


def _unescape(s: str) -> str:
    import html as _html

    return " ".join(_html.unescape(s).split())


def _jsonld_items(text: str) -> list[dict]:
    import json

    out: list[dict] = []
    for m in _SCRIPT_LD.finditer(text):
        try:
            data = json.loads(m[1].strip())
        except ValueError:
            continue
        stack = [data]
        while stack and len(out) < 50:
            x = stack.pop()
            if isinstance(x, list):
                stack.extend(x)
            elif isinstance(x, dict):
                if "@graph" in x:
                    stack.append(x["@graph"])
                out.append(x)
    return out


_ARTICLE_TYPES = ("article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "liveblogposting", "webpage", "report")


def _site_like(part: str, site: str | None) -> bool:
    """Is this piece of a <title> the site's name (or its domain)?"""
    f = _fold(part).removeprefix("the ")
    return bool(site) and f in (_fold(site).removeprefix("the "), _fold(site).lstrip("@"))


def _without_site(title: str, site: str | None) -> str:
    """A headline without the site furniture pages add to <title>: a leading
    or trailing " | Site" / "Site - " piece, and trailing short section or
    site pieces ("Headline - World - The Daily Example")."""
    cuts = list(_TITLE_SEP.finditer(title))
    if not cuts:
        return title
    bounds = [0, *[x for m in cuts for x in (m.start(), m.end())], len(title)]
    parts = [title[bounds[i]:bounds[i + 1]] for i in range(0, len(bounds), 2)]
    lo, hi = 0, len(parts)  # parts[lo:hi] kept
    if _site_like(parts[0], site):
        lo = 1
    while hi - lo > 1 and (_site_like(parts[hi - 1], site)
                           or len(parts[hi - 1].split()) <= 4 < len(" ".join(parts[lo:hi - 1]).split())):
        hi -= 1
    return title[bounds[2 * lo]:bounds[2 * hi - 1]].strip() or title


def _h1_of(html: str, site: str | None) -> str | None:
    """The page's headline as set on the page: the <h1> inside <article>,
    else the page's only <h1> (a logo in an <h1> is the site's name, not a
    headline)."""
    m = _ARTICLE_OPEN.search(html)
    found = _H1.findall(html, m.start()) if m else []
    found = found[:1] or (_H1.findall(html) if len(_H1.findall(html)) == 1 else [])
    if not found:
        return None
    text = _unescape(_TAG.sub(" ", found[0]))
    return text if len(text.split()) >= 2 and not _site_like(text, site) else None


def page_metadata(html: str) -> dict[str, Any]:
    """Title, date, authors, site name, canonical URL and language from the
    page's <meta> tags, JSON-LD and <title>: cheap regex reads, no parse."""
    head_end = html.find("</head")
    head = html[: head_end if head_end > 0 else 200_000]
    tags: dict[str, str] = {}
    for m in _META_TAG.finditer(head):
        attrs = {a[0].lower(): a[1] or a[2] or a[3] for a in _ATTR.findall(m[0])}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv") or "").lower()
        if key and attrs.get("content") and key not in tags:
            tags[key] = _unescape(attrs["content"])
    ld: dict[str, Any] = {}
    for item in _jsonld_items(html):
        kind = item.get("@type")
        kinds = [k.lower() for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]
        if any(k in _ARTICLE_TYPES for k in kinds):
            for k in ("headline", "datePublished", "author", "publisher", "inLanguage", "url"):
                if k in item and k not in ld:
                    ld[k] = item[k]
    pub = ld.get("publisher")
    site = pub.get("name") if isinstance(pub, dict) else pub if isinstance(pub, str) else None
    site = site or next((tags[k] for k in SITE_KEYS if k in tags and not tags[k].startswith("http")), None)
    title = ld.get("headline") if isinstance(ld.get("headline"), str) else None
    title = title or next((tags[k] for k in TITLE_KEYS if k in tags), None) or _h1_of(html, site)
    if not title:
        m = _TITLE_TAG.search(head)
        title = _unescape(m[1]) if m else None
    title = _without_site(title, site) if title else None
    date = ld.get("datePublished") or next((tags[k] for k in DATE_KEYS if k in tags), None)
    authors = split_authors(ld.get("author"))
    if not authors:
        a = next((tags[k] for k in AUTHOR_KEYS if k in tags and not tags[k].startswith(("http", "@"))), None)
        authors = split_authors(a)
    url = None
    m = _CANONICAL.search(head)
    if m:
        href = {a[0].lower(): a[1] or a[2] or a[3] for a in _ATTR.findall(m[0])}.get("href", "")
        url = href if href.startswith(("http://", "https://")) else None
    url = url or (tags.get("og:url") if tags.get("og:url", "").startswith(("http://", "https://")) else None)
    lang = page_language(html) or (ld.get("inLanguage") if isinstance(ld.get("inLanguage"), str) else None) \
        or next((tags[k] for k in LANG_KEYS if k in tags), None)
    return {
        "title": _unescape(title) if title else None,
        "published": normalise_date(date),
        "byline": authors,
        "outlet": site.lstrip("@") if site else None,
        "url": url,
        "language": lang.lower().replace("_", "-") if lang else None,
    }


def _date_of(html: str) -> str | None:
    """htmldate, when the page's metadata gives no date (slower)."""
    try:
        from htmldate import find_date

        return find_date(html, extensive_search=False, original_date=True)
    except Exception:  # noqa: BLE001 - a date is a bonus, never a failure
        return None


# trafilatura's options objects, built once: building one per call (what
# the keyword arguments of ``trafilatura.extract`` do) re-reads its config,
# ~7% of the time of a small page.  Keyed by "fast".
_EXTRACTORS: dict[bool, Any] = {}


def _extractor(fast: bool, url: str | None) -> Any:
    from trafilatura.settings import Extractor

    opts = _EXTRACTORS.get(fast)
    if opts is None:
        # trafilatura's defaults (as its benchmark runs), comments excluded;
        # "python" output keeps the body tree for the check in extract_text
        opts = _EXTRACTORS[fast] = Extractor(output_format="python", comments=False, fast=fast)
    if url:  # the shared object is never changed: a copy carries the page's URL
        opts = copy.copy(opts)
        opts.url = opts.source = url
    return opts


def _keeps_own(doc: Any, min_size: int) -> bool:
    """Is this fast-pass result safe from trafilatura's fallbacks?  jusText
    is tried on a text shorter than ``min_size`` (trafilatura's
    MIN_EXTRACTED_SIZE), readability wins over a text without paragraph
    text or with more tables than paragraphs.  The 2x margin: the fast
    mode's last-resort recovery (short texts only) keeps teaser blocks the
    full mode drops, which can lift a text over ``min_size``."""
    body = doc.body
    n_p = len(body.findall(".//p"))
    return (len(doc.text or "") >= 2 * min_size and n_p >= len(body.findall(".//table"))
            and bool(body.xpath(".//p//text()")))


def extract_text(html: str, url: str | None = None) -> str | None:
    """The main text of a page, as ``trafilatura.extract(html,
    include_comments=False)`` gives it, for less work.

    First trafilatura's fast mode: its own extraction without the
    comparison with readability and jusText (a quarter to a third of its
    time on a news page).  When that result is one those fallbacks could
    replace (``_keeps_own``), the page is extracted again with them.  Not
    covered: readability replacing a long, paragraph-made result because it
    found twice as much text, on pages the main extractor reads only in
    part (seen on some software documentation pages, not on the test
    articles), and the jusText try of the recall retry.
    """
    from trafilatura import bare_extraction

    fast = _extractor(True, url)
    doc = bare_extraction(html, options=fast)
    if doc is None or not _keeps_own(doc, fast.min_extracted_size):
        doc = bare_extraction(html, options=_extractor(False, url))
    # what extract()'s text output adds: stripped, Unicode NFC
    text = unicodedata.normalize("NFC", doc.text.strip()) if doc is not None and doc.text else ""
    return text or None


def extract_page(html: str, url: str | None = None) -> dict[str, Any] | None:
    """trafilatura on one page: {"text", "title", "byline", "published",
    "outlet", "url", "language"}; None when it finds no main text."""
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
    meta = page_metadata(html)
    text = extract_text(strip_bulk(html), url)
    if not text:
        return None
    meta["text"] = text
    if not meta["published"]:
        meta["published"] = normalise_date(_date_of(html))
    meta["outlet"] = meta["outlet"] or site_of(url or meta["url"])
    return meta


def drafts_of(raw: RawDocument, learned: set[str] | frozenset[str] = frozenset()) -> list[Draft]:
    """One page or record -> at most one cleaned draft."""
    meta = raw.meta or {}
    if raw.kind == "html":
        page = extract_page(raw.text, meta.get("url"))
        if page is None:
            return []
        title = meta.get("title") or page["title"]
        d = clean_body(page["text"].splitlines(), learned, title)
        d.title = title
        d.byline = list(meta.get("byline") or page["byline"] or d.byline)
        d.outlet = meta.get("outlet") or page["outlet"]
        d.url = meta.get("url") or page["url"]
        d.captured_at = meta.get("captured_at")
        d.published = meta.get("published") or page["published"]
        d.language = meta.get("language") or page["language"]
    elif raw.kind == "record":
        title = meta.get("title")
        d = clean_body(raw.text.splitlines(), learned, title)
        d.title = title
        d.byline = list(meta.get("byline") or d.byline)
        d.outlet, d.url, d.captured_at = meta.get("outlet"), meta.get("url"), meta.get("captured_at")
        d.published, d.language = meta.get("published"), meta.get("language")
    else:
        raise ValueError(f"drafts_of: not a page or record: {raw.kind!r}")
    if raw.kind == "html" and len(d.text.split()) < MIN_PAGE_WORDS:
        return []  # a menu or an error page, not an article
    return [d] if d.paragraphs else []


__all__ = ["Contributor", "clean_body", "drafts_of", "extract_page", "extract_text", "map_record", "normalise_date",
           "split_authors"]

"""Dump -> articles: headlines, boundaries, bylines, credits, furniture.

A scraped dump is a run of lines.  Each line is first *classified* (capture
header, known furniture with its role, learned furniture, content; blank
lines mean nothing and are dropped);
the classified stream is cut at *hard boundaries* (a paywall, a subscription
offer or article footer, the top of a page, a capture header) into sections;
each section is then split at *soft boundaries* (a "contributed reporting"
line, a headline standing after body text, a headline with a byline or a
date line under it) into article drafts.  Everything streams: only one
section is held in memory at a time.

Boxes ("Most viewed", "Related topics", "Key events", an article's footer)
swallow the short list lines under them.  When article text follows such a
list, its last lines may be the next article's top (headline, byline, the
outlet or job line under the byline); segmentation takes them back, marked
tentative, and keeps them only where a headline or byline can stand.  Date
and time lines (role ``meta``) are dropped but leave marks: a name above one
is a byline, a line below one is a live-blog entry, not a new story.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from . import furniture, lexicon
from .read import unwrapped
from .model import Contributor

# A section longer than this without any boundary is flushed as it stands
# (a 200 MB file with no headline must not be held whole in memory).
MAX_SECTION_CHARS = 2_000_000


# --------------------------------------------------------------------------
# Line classes
# --------------------------------------------------------------------------

@dataclass(slots=True)
class Line:
    text: str
    kind: str  # "content" | "header" | furniture role | "learned" | "item"
    rule_outlet: str | None = None
    meta: dict | None = None


_HEADER = re.compile(
    r"^(?P<outlet>[^\W\d_][^\d\n]{1,80}?)[\s,|·—-]+"
    r"(?:(?:captured|retrieved|saved|scraped|archived|accessed)(?: on| at)?:?\s+)?(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[ T](?P<time>\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?))?\s*(?:UTC|GMT)?$"
)
_KV_HEADER = re.compile(
    r"^(?P<key>url|source url|link|captured(?: at| on)?|retrieved(?: at| on)?|saved(?: at| on)?|outlet|site)\s*:\s*(?P<value>\S.{0,300})$",
    re.IGNORECASE,
)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?")


def parse_header(line: str) -> dict | None:
    """A capture header: "The New York Times 2025-03-11 08:42:17", "URL: ...",
    "Captured: 2025-03-11T08:42:17Z".  Returns the fields it gives."""
    if len(line) > 320:
        return None
    m = _KV_HEADER.match(line) if ":" in line[:20] else None
    if m:
        key, value = m["key"].lower(), m["value"].strip()
        if key in ("url", "source url", "link"):
            return {"url": value} if value.startswith(("http://", "https://")) else None
        if key in ("outlet", "site"):
            return {"outlet": value}
        iso = _ISO.search(value)
        return {"captured_at": iso.group(0).replace(" ", "T")} if iso else None
    m = _HEADER.match(line) if line[-1].isdigit() or line.endswith(("Z", "UTC", "GMT")) else None
    if m and len(m["outlet"].split()) <= 6 and m["outlet"].strip()[0].isupper() \
            and not m["outlet"].rstrip().endswith(":"):  # "Published: 2031-05-02 09:45" is a field
        ts = m["date"] + ("T" + m["time"] if m["time"] else "")
        return {"outlet": m["outlet"].strip(" ,|·—-"), "captured_at": ts, "url": None}
    return None


# A wire dateline on a line of its own: a place in capitals (a region after a comma may follow),
# then the day: "PORTVALE 2031-05-02", "NEW HARBOUR, Aug. 2", "EASTMOOR, Ruritania 2 May 2031"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?"
_WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.&-]+(?: [A-Z][A-Z'’.&-]*){0,3})(?:, [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,2})?,? "
    r"(?:\d{4}-\d{2}-\d{2}|(?i:" + _MONTH + r") \d{1,2}(?:,? \d{4})?|\d{1,2} (?i:" + _MONTH + r")(?: \d{4})?)$"
)


# ... or opening the lead: "PORTVALE 2031-05-02 The ferry operator said ..."
_WIRE_LEAD = re.compile(_WIRE_DATELINE.pattern[:-1] + r"\s+(?:[-–—]\s+)?[A-Z\"“‘']")


def wire_dateline(line: str, above: str | None) -> bool:
    """A wire dateline line ("PORTVALE 2031-05-02") under a headline-shaped
    line ``above``: the story's place and day, not a capture header (which
    stands over a headline, after the last story's text or at the top)."""
    return above is not None and len(line) <= 80 and _WIRE_DATELINE.match(line) is not None \
        and (is_headline(above) or _title_shape(above))


def classify(lines: Iterable[str], learned: set[str] | frozenset[str] = frozenset()) -> Iterator[Line]:
    """Label every line of a dump (blank lines are dropped: they mean
    nothing).  Boxes (widgets, and the footers and offers that end an
    article) swallow the list lines that follow them: bullets become
    "inline", short unpunctuated lines "item" (segmentation may take the last
    of them back as the next article's headline); single furniture lines
    inside a box do not end it.  A caption toggle takes the next line with
    it.  Runs of learned (repeated) lines are furniture only while they stay
    short."""
    for kind, text, outlet, meta in _classified(lines, learned):
        yield Line(text, kind, outlet, meta)


def clean_lines(lines: Iterable[str]) -> Iterator[str]:
    """A dump's lines stripped, blank lines gone (in C: this sees every line
    of every dump).  Classification and repeat counting read lines so."""
    return filter(None, map(str.strip, lines))


def _classified(lines: Iterable[str], learned: set[str] | frozenset[str]) -> Iterator[tuple]:
    """classify(), as (kind, text, rule outlet, header fields) tuples."""
    in_widget = False
    swallow = False
    signature = 0  # lines left of a mail's signature (after "-- ")
    run: list[list] = []  # learned lines held until the run's length is known
    # cheap gate before computing a line's keys: the first word of some learned key
    firsts = {k.split(" ", 1)[0] for k in learned}
    # and a cheaper one before that: the first character a line with such a
    # first word can have (keys fold digits to 0 and curly quotes to straight)
    initials = {w[:1] for w in firsts}
    initials |= set("0123456789" if "0" in initials else "") | set("‘’" if "'" in initials else "") | \
        set("“”" if '"' in initials else "")
    known_rule, max_rule_chars = furniture.dispatch().rule, furniture.MAX_FURNITURE_CHARS

    def flush_run(next_kind: str | None) -> Iterator[tuple]:
        words = sum(len(x[1].split()) for x in run)
        short = len(run) <= furniture.MAX_REPEAT_RUN_LINES and words <= furniture.MAX_REPEAT_RUN_WORDS
        if next_kind == "meta" and ": " not in run[-1][1] and confident_byline(run[-1][1], None, date_below=True):
            run[-1][0] = "content"  # a repeated name over a date line: one writer's byline, not furniture
        for x in run:
            yield (x[0] if short else "content"), x[1], None, None
        run.clear()

    shapes = any(k.startswith(furniture.SHAPE) for k in learned)
    above = None  # the line just yielded as content (a headline a wire dateline stands under)
    for raw in clean_lines(lines):
        # most lines are whole: a no-break space to make plain, or a byline or field glued on, are rare
        pieces = _unglued(raw) if "\u00a0" in raw or raw[-1] not in _SENTENCE_END_CHARS and (
            "By " in raw or ": " in raw or "by " in raw) else (raw,)
        for s in pieces:
            last = s[-1]
            prev, above = above, None
            if prev is not None and last.isdigit() and wire_dateline(s, prev):
                if run:
                    yield from flush_run("meta")
                yield "meta", s, None, None
                continue
            # a capture header ends with a digit, "Z", "UTC" or "GMT", or has a ":" near its start
            header = parse_header(s) if last.isdigit() or last in "ZTC" or ":" in s[:20] else None
            if header:
                in_widget = swallow = False
                signature = 0
                if run:
                    yield from flush_run("header")
                yield "header", s, None, header
                continue
            rule = known_rule(s)
            if rule:
                role = rule.role
                signature = MAX_SIGNATURE_LINES if s == SIGNATURE else 0
                if role in _BOX_ROLES:
                    in_widget = True
                elif role in _BOUNDARY_ROLES:
                    in_widget = False
                swallow = role == "caption"
                if run:
                    yield from flush_run(role)
                yield role, s, rule.outlet, None
                continue
            if swallow:
                swallow = False
                if len(s) <= max_rule_chars:
                    yield "inline", s, None, None
                    continue
            if in_widget:
                kind = _widget_item(s)
                if kind:
                    yield kind, s, None, None
                    continue
                in_widget = False
            if firsts and (s[0].lower() in initials or not s[0].isascii()) and _first_word_key(s) in firsts \
                    and furniture.is_repeated(s, learned):
                run.append(["learned", s])
                signature = 0
                continue
            if shapes and last not in _SENTENCE_END_CHARS and furniture.shape_key(s) in learned and not _BY.match(s):
                run.append(["learned", s])  # a repeated template: "Title: ...", "[Image 2: ...]", "Item 3 of 8 · ..."
                signature = 0
                continue
            if run:
                yield from flush_run("content")
            if signature:  # a mail's signature: its lines are no article's, whatever they end with
                signature -= 1
                yield "inline", s, None, None
                continue
            yield "content", s, None, None
            above = s
    if run:
        yield from flush_run(None)


_SENTENCE_END_CHARS = frozenset(".!?,;")
# An e-mail's signature separator ("-- ", stripped), and the most lines a signature under it has
SIGNATURE = "--"
MAX_SIGNATURE_LINES = 4
# Export fields and bylines glued to the line before ("...the bridge will reopenBy Lena Ortiz",
# "Title: ...Mark ValeAuthor: Tess Ramos")
_GLUED = re.compile(r"(?<=[a-z’'”\")?!])(?=(?:By|Author|Authors|Byline|Writer|Published|Date|Source)\b:? ?[A-Z0-9])"
                    r"(?=By [A-Z]|[A-Za-z]+: )"
                    # "...planner saysby Nora Quist": a lower-case "by" glued on, then names to the end
                    r"|(?:(?<=[a-z]{3}[^\Wb])|(?<=[a-z][’'”\"?!]))(?=by (?:[A-Z][\w’'.-]+ ){1,3}[A-Z][\w’'.-]+$)")
# words that end in "by" before a name without being glued to a byline ("nearby Main Street")
_BY_WORDS = frozenset("nearby standby lobby hobby baby rugby derby shabby hereby thereby whereby".split())


# The line a byline or field is glued to is at least this long (a headline; "pubDate:" is one field)
MIN_GLUED_HEAD = 16


def _unglued(s: str) -> list[str]:
    """A line with no-break spaces made plain, and a byline or an export
    field glued to the end of the line before it put on a line of its own."""
    if "\u00a0" in s:
        s = s.replace("\u00a0", " ")
    # (what is glued on is a byline or a field, after a headline or a field: never after a sentence)
    if len(s) < 400 and s[-1] not in _SENTENCE_END_CHARS and ("By " in s or ": " in s or "by " in s):
        parts = _GLUED.split(s)
        if len(parts) > 1 and len(parts[0]) >= MIN_GLUED_HEAD and not (
                parts[0][-8:].rsplit(" ", 1)[-1].lower() + "by" in _BY_WORDS):
            return [p.strip() for p in parts if p.strip()]
    return [s]


_BOX_ROLES = frozenset(("widget", "end"))
_BOUNDARY_ROLES = frozenset(("start", "paywall"))


def _first_word_key(s: str) -> str:
    """furniture.line_key of a line's first word (cheaply: most words need
    only lower-casing)."""
    space = s.find(" ")
    w = (s if space < 0 else s[:space]).lower()
    return w if w.isalpha() else furniture.line_key(s.split(None, 1)[0])


_BULLET = re.compile(r"^(?:[-•*–·▪►]\s+|\d{1,2}[.)]\s+)")
# A box's list lines (topic names, "Most viewed" headlines) are at most this long
MAX_ITEM_WORDS = 16


def _widget_item(s: str) -> str | None:
    """A line under a box: "inline" for a bullet, "item" for a short line
    with no closing punctuation (a topic name, a listed headline), None when
    the box is over."""
    if _BULLET.match(s):
        return "inline"
    if len(s) > 160 or s.endswith(_TERMINAL) or s.endswith(_SENTENCE_IN_QUOTES) or s.endswith(("!", '."')):
        return None
    return "item" if s.count(" ") < MAX_ITEM_WORDS else None


# --------------------------------------------------------------------------
# Drafts
# --------------------------------------------------------------------------

@dataclass(slots=True)
class Draft:
    """An article as segmentation sees it, before ids and annotation."""
    title: str | None = None
    byline: list[str] = field(default_factory=list)
    datelines: list[str] = field(default_factory=list)
    contributors: list[Contributor] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    truncated: bool = False
    outlet: str | None = None
    captured_at: str | None = None
    url: str | None = None
    published: str | None = None  # pages and records know it; dumps leave it to the container
    language: str | None = None
    held: bool = False  # "Continued on page 5": the rest comes later in the input
    resumes: str | None = None  # "HARBOUR FEES, from page 3": this is the rest of a held article
    record: bool = False  # the input's template started it (a record of an export)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


# --------------------------------------------------------------------------
# Headlines, bylines, credits
# --------------------------------------------------------------------------

_SMALL_WORDS = frozenset(
    "a an and as at but by de del der for from in into is of off on onto or over per the to up via vs von with "
    "after before are be amid than that this its it his her their out about against between over under".split()
)
_TERMINAL = (".", ",", ";", "…", ":")
_DASH_ENDS = ("—", "–", " -")  # "Brennick, Ohio CCN —": a dateline that runs into the first paragraph
_SENTENCE_IN_QUOTES = (".”", '."', ".’", ",”", ',"')  # a quoted sentence, never a headline
_WORD = re.compile(r"[^\W_][\w’'\-.]*")


def is_headline(line: str) -> bool:
    """Headline shape: short, no closing full stop, most words capitalised
    (title case), or a short sentence-case line with no closing full stop."""
    s = line.strip()
    if not (8 <= len(s) <= 200) or s.endswith(_TERMINAL) or s.endswith(_SENTENCE_IN_QUOTES) or s.endswith(_DASH_ENDS):
        return False
    if _BULLET.match(s) or not s[0].isupper() and not s[0].isdigit() and s[0] not in "“\"‘'":
        return False
    words = _WORD.findall(s)
    if not 2 <= len(words) <= 25:
        return False
    content = caps = 0  # words that are not small ones; those of them capitalised (or a number)
    for w in words:
        if w.lower() not in _SMALL_WORDS:
            content += 1
            if w[0].isupper() or w[0].isdigit():
                caps += 1
    if not content:
        return False
    return caps / content >= 0.7 or (len(words) <= 14 and caps / content >= 0.2)


def _title_shape(line: str) -> bool:
    """A looser headline shape for lines whose place already says "headline"
    (above a byline, above a longer standfirst, the last line of a list
    before an article): sentence case is fine ("‘We will rebuild’: town counts
    cost of floods")."""
    if not (8 <= len(line) <= 200) or line.endswith(_TERMINAL) or line.endswith(_SENTENCE_IN_QUOTES):
        return False
    if line.endswith(("!", '."')) or line.endswith(_DASH_ENDS) or _BULLET.match(line):
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "“\"‘'"):
        return False
    return 3 <= len(_WORD.findall(line)) <= 25


_PARTICLES = frozenset(
    "de da das do dos du del della di la le van von der den ten ter al el bin ibn y e st. st".split()
)
_RUN_TOGETHER = re.compile(r"(?<=[^\W\d_]{3})(?<![A-Z]{3})(?=[A-Z][a-zà-ÿ])")
_NAME_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+(?:and|et|und|AND|ET|UND)\s+|\s*&\s*|\s*;\s*)")


def _is_name(part: str) -> bool:
    tokens = part.split()
    if not 1 <= len(tokens) <= 5:
        return False
    capitalised = 0
    for t in tokens:
        if t.lower() in _PARTICLES or t.lower().startswith(("al-", "el-", "bin-")):
            continue
        if not t[0].isupper() or any(ch.isdigit() for ch in t):
            return False
        capitalised += 1
    return capitalised >= 1 and len(tokens) >= 2


# "By", or the pen a channel writes before its writer's name ("✍️ Tarmo Lindell")
_BY = re.compile(r"^(?:(?:by|words by|reporting by|por|par)\s+|[✍✎✏🖊🖋]\ufe0f?\s*)", re.IGNORECASE)


def split_names(s: str) -> list[str] | None:
    """"Maria OkonkwoLuis Fernández Vega and Clara Whitlock" ->
    three names.  None when ``s`` is not a list of names."""
    s = _BY.sub("", s.strip()).rstrip(". ")
    if not s or len(s) > 200:
        return None
    s = _RUN_TOGETHER.sub(", ", s)
    parts = [p.strip() for p in _NAME_SEP.split(s) if p.strip()]
    if parts and all(_is_name(p) for p in parts):
        return [p.title() if p.isupper() else p for p in parts]  # "BY ANNA KOWALSKI"
    return None


# The words that say a byline's tail is a job, not a name
ROLE_WORDS = frozenset(lexicon.entries("byline_jobs.txt"))
# Words that are never part of a person's name (a short headline is not a byline)
_NOT_NAME_WORDS = frozenset(lexicon.entries("people_stopwords.txt")) | frozenset(lexicon.entries("common_caps.txt"))
_TAIL_SMALL = frozenset("of and the for on & - in at de del".split())
_PAREN = re.compile(r"\s*\([^()]{0,40}\)")


def _is_job_tail(words: list[str], strict: bool = False) -> bool:
    """"North of England correspondent", "in Kyiv", "Health editor, BBC News".
    ``strict``: no places, and the job word in lower case, as bylines write it
    ("Paper Names New Editor" is a headline)."""
    if not 1 <= len(words) <= 7:
        return False
    if words[0] in ("in", "at") and len(words) <= 5 and not strict:
        return all(w[:1].isupper() or w in _TAIL_SMALL for w in words[1:]) and words[-1][:1].isupper()
    if strict:
        if not any(w.strip(",") in ROLE_WORDS for w in words):
            return False
    elif not any(w.lower().strip(",") in ROLE_WORDS for w in words):
        return False
    if words[-1].lower() in ROLE_WORDS and all(w.isalpha() for w in words):
        return True  # "Local democracy reporter"
    return all(w[:1].isupper() or w.lower().strip(",") in ROLE_WORDS or w.lower() in _TAIL_SMALL for w in words)


def _names_before_tail(s: str, strict: bool = False) -> list[str] | None:
    """Names followed by a job or a place: "Helen Marsh North of England
    correspondent" -> ["Helen Marsh"] (the shortest list of names that leaves
    a job behind it)."""
    s = _BY.sub("", s)
    head, comma, tail = s.partition(",")
    if comma and _is_job_tail(tail.split(), strict):
        names = split_names(head)
        if names:
            return names
    tokens = s.split()
    if not 3 <= len(tokens) <= 14:
        return None
    for t in range(max(2, len(tokens) - 7), len(tokens)):
        if tokens[t].lower() in ("and", "&") or tokens[t - 1].lower() in ("and", "&"):
            continue
        if _is_job_tail(tokens[t:], strict):
            names = split_names(" ".join(tokens[:t]))
            if names:
                return names
    return None


def parse_byline(line: str) -> list[str] | None:
    """A byline line: "By Jane Doe and John Roe", names run together, names
    with a job or place after them ("Helen Marsh North of England
    correspondent", "A (now) and B (earlier)")."""
    if len(line.split()) > 20 or line.endswith((".", "?", "!")) and not line.lower().startswith("by "):
        return None
    if "(" in line:
        line = _PAREN.sub("", line)
    if "|" in line:  # "By Miriam Okonjo | Photographs by Teodor Lind": the writers come first
        line = line.split("|", 1)[0].rstrip()
    names = split_names(line) or _names_before_tail(line)
    if names is None and "," in line:
        head, _, tail = line.rpartition(",")
        if _is_newsroom(tail.strip()):  # "By Dana Whitcomb, Marcus Lee and Priya Venkataraman, CCN"
            return split_names(head) or _names_before_tail(head)
    return names


def _is_newsroom(s: str) -> bool:
    """A newsroom's name after a byline's comma: an acronym ("CCN") or what
    stands under a byline ("Northern Broadcasting News")."""
    return 2 <= len(s) <= 6 and s.isalpha() and s.isupper() or is_affiliation(s)


# Words that name a newsroom ("Millbrook Gazette", "Northern Broadcasting News"), with the
# organisation heads of lexicons/org_heads.txt ("News", "Post", "Times", "Media"...)
OUTLET_WORDS = frozenset(lexicon.entries("outlet_words.txt")) | frozenset(
    w.lower() for w in lexicon.entries("org_heads.txt"))


def is_affiliation(line: str) -> bool:
    """The line under a byline: "Millbrook Gazette", "Health correspondent,
    Northern Broadcasting", "BBC News, Leeds": a job, or a newsroom's name
    (and its place)."""
    if len(line) > 80 or line.endswith((".", "!", "?", "”", '"', ":", ";")) or _BY.match(line):
        return False
    words = line.replace(",", " ").split()
    if not 1 <= len(words) <= 7 or not words[0][:1].isupper():
        return False
    lows = [w.lower() for w in words]
    if not ROLE_WORDS.isdisjoint(lows):
        return True
    return not OUTLET_WORDS.isdisjoint(lows) and all(
        w[:1].isupper() or w[:1].isdigit() or w in _TAIL_SMALL for w in words)


def confident_byline(line: str, next_line: str | None = None, date_below: bool = False) -> list[str] | None:
    """Names of a line that is a byline even with no headline above it: it
    says "By", or a date line or an affiliation line stands under it (then
    the line must be names and nothing else), or a lower-case job follows
    the names ("Helen Marsh Transport correspondent")."""
    if len(line) > 200:
        return None
    if _BY.match(line):
        return parse_byline(line)
    if line.endswith((".", "?", "!", ":")):
        return None
    if "(" in line:
        line = _PAREN.sub("", line)
    if line.isupper() and 2 <= line.count(" ") + 1 <= 8 and next_line is not None and len(next_line) > 2 * len(line):
        # a print byline in capitals over the text: "MOHLOAI MPESI", "JANE ROE AND JOHN DOE"
        names = split_names(line)
        if names and all(1 <= n.count(" ") <= 2 for n in names) and not _NOT_NAME_WORDS.intersection(
                line.lower().split()):
            return names
    if date_below or (next_line is not None and is_affiliation(next_line)):
        names = split_names(line)
        # "Paper Names New Editor", "Markets Rally Again" are no names
        if names and all(n.count(" ") <= 2 for n in names) and not _NOT_NAME_WORDS.intersection(line.lower().split()):
            return names
    if not ROLE_WORDS.isdisjoint(line.replace(",", " ").split()) and split_names(line) is None:
        return _names_before_tail(line, strict=True)
    return None


_CREDIT_LEAD = (r"^(?:additional |further )?(?:reporting|research|writing)(?: and (?:reporting|research|writing))? "
                r"(?:was )?(?:contributed |provided |done )?by\s+")
_CONTRIB_BY = re.compile(_CREDIT_LEAD + r"(?P<body>.+?)\.?$", re.IGNORECASE)
_CLAUSE_BY = re.compile(_CREDIT_LEAD, re.IGNORECASE)  # the same lead on a clause after ";"
# "Associated Press writers A in Paris and B in Berlin contributed..."
_STAFF_PREFIX = re.compile(
    r"^(?:[A-Z][\w.&'’-]*\s+){1,4}(?:staff\s+)?(?:writers?|reporters?|journalists?|correspondents?|photographers?)\s+"
    r"(?=[A-Z])"
)
# "CCN's Ellen Brandt": the newsroom's possessive before the names
_NEWSROOM_POSSESSIVE = re.compile(r"^(?:[A-Z][\w&.-]*\s+){0,3}[A-Z][\w&.-]*['’]s\s+(?=[A-Z])")
_CONTRIB_SUFFIX = re.compile(
    r"^(?P<names>.+?)\s+(?:contributed|provided additional) (?:reporting|research|to this (?:report|article|story))(?P<rest>.*?)\.?$",
    re.IGNORECASE,
)
_REPORTED_FROM = re.compile(r"^(?P<names>.+?)\s+reported (?P<rest>(?:from|in) .+?)\.?$", re.IGNORECASE)
_PLACE_PREP = re.compile(r"\s+(?:from|in)\s+")
_AND_SPLIT = re.compile(r",?\s+and\s+")


def _credits(body: str) -> list[Contributor] | None:
    """"A from Warsaw; B and C from Kyiv and D from Berlin" -> contributors."""
    out: list[Contributor] = []
    for clause in re.split(r"\s*;\s*", body):
        clause = re.sub(r"^(?:and|with)\s+", "", clause.strip(), flags=re.IGNORECASE)
        if not clause or re.match(r"^(?:editing|edited|graphics|photos?|video|design|production) by\b", clause, re.I):
            continue
        clause = _NEWSROOM_POSSESSIVE.sub("", _STAFF_PREFIX.sub("", _CLAUSE_BY.sub("", clause)))
        pieces = _PLACE_PREP.split(clause)
        names = split_names(pieces[0])
        if names is None:
            return None
        if len(pieces) == 1:
            out.extend(Contributor(n) for n in names)
            continue
        for middle in pieces[1:-1]:
            # "Kyiv and Ivan Lesnoy": a place, then the next names
            m = list(_AND_SPLIT.finditer(middle))
            if not m:
                return None
            cut = m[0]
            place, nxt = middle[: cut.start()].strip(" ,"), middle[cut.end():]
            out.extend(Contributor(n, place) for n in names)
            names = split_names(nxt)
            if names is None:
                return None
        out.extend(Contributor(n, pieces[-1].strip(" ,.")) for n in names)
    return out or None


def parse_contributors(line: str) -> list[Contributor] | None:
    """Contributor lines: "Reporting was contributed by A from Warsaw; ...",
    "A and B contributed reporting.", "A contributed reporting from Accra, Ghana."."""
    if len(line) > 600 or not ("contributed" in line or "eporting" in line or "esearch" in line or "riting" in line):
        return None
    m = _CONTRIB_BY.match(line)
    if m:
        return _credits(m["body"])
    m = _CONTRIB_SUFFIX.match(line)
    if m:
        return _credits(m["names"] + m["rest"])
    return None


def parse_reported_from(line: str) -> list[Contributor] | None:
    """"A and B reported from Asunción, Paraguay, and C from Lima."."""
    if len(line) > 400 or " reported " not in line:
        return None
    m = _REPORTED_FROM.match(line)
    if not m:
        return None
    return _credits(m["names"] + " " + m["rest"])


# --------------------------------------------------------------------------
# A headline after body text: a new story, or a subhead?
# --------------------------------------------------------------------------

_HONORIFIC_REF = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Gen|Sen|Rep|Gov)\.\s+([A-Z][\w’'\-]+)")
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zà-ÿ’'\-]{2,})\b")
_COMMON_CAPS = frozenset(
    "The This That These Those When While After Before But And For With From Monday Tuesday Wednesday Thursday "
    "Friday Saturday Sunday January February March April May June July August September October November "
    "December Jan Feb Mar Apr Aug Sept Oct Nov Dec Mr Ms Mrs Dr".split()
)


def _proper_nouns(text: str) -> set[str]:
    return {w.rstrip("’'s") for w in _PROPER.findall(text) if w not in _COMMON_CAPS}


def starts_new_story(before: list[str], headline: str, after: list[str], own_names: bool = True) -> bool:
    """A headline-shaped line inside a section starts a new story when it is
    headline-length and what follows does not lean on what came before: no
    "Mr. X" for an X already met, few shared proper nouns.  ``own_names``:
    a line that names what was named before is a subhead (in a dump whose
    stories share their subject, a test left to lexical cohesion)."""
    words = _WORD.findall(headline)
    if len(words) < 6 or not after or not before:
        return False
    if not any(len(p.split()) >= 12 for p in after[:2]):
        return False
    previous = " ".join(before[-40:])
    following = " ".join(after[:3])
    for surname in set(_HONORIFIC_REF.findall(following)):
        if re.search(rf"\b{re.escape(surname)}\b", previous):
            return False
    # a subhead names what its article has named ("Harbour board warned of Norland-Ostmark ferry row")
    own = {w.rstrip("’'s").lower() for w in _PROPER.findall(headline.replace("-", " ")) if w not in _COMMON_CAPS}
    if own_names and own and own & {w.lower() for w in _proper_nouns(previous.replace("-", " "))}:
        return False
    names = _proper_nouns(following)
    if not names:
        return _title_case(words)  # (a sentence-case line over nameless text is a subhead)
    # names met before as names (a common noun that is also a name, "city", "street", does not count)
    named = {w.lower() for w in _proper_nouns(previous)}
    shared = sum(1 for x in names if x.lower() in named) / len(names)
    # a sentence-case line is a subhead far more often than a new story: it needs a clean break
    if _title_case(words):
        return shared < 0.34
    return shared == 0 and len(names) >= 3


# Lexical cohesion (as TextTiling measures it): the text before a headline-shaped line and
# the text after it, TOPIC_WINDOW paragraphs each, as counts of word stems (first five
# letters of words of four letters or more).  Below MAX_TOPIC_COSINE they share almost
# nothing: a new story.  (Subheads over the development articles score 0.14 and up;
# the threshold keeps a margin below them.)
TOPIC_WINDOW = 4
# A listicle's number over its next item ("7", "#7", "7."): an item, not a story
_LIST_NUMBER = re.compile(r"^#?\d{1,3}[.)]?$")
MAX_TOPIC_COSINE = 0.10
MIN_TOPIC_PARAGRAPHS = 3
MIN_TOPIC_HEADLINE_WORDS = 6
MIN_TOPIC_PROSE_WORDS = 12  # the paragraphs on either side are prose: this many words or more


def _stem_counts(paragraphs: list[str]) -> dict[str, int]:
    return Counter([w[:5] for w in _WORD.findall("\n".join(paragraphs).lower()) if len(w) >= 4])


def cohesion(before: list[str], after: list[str]) -> float:
    """Cosine of the stem counts of two runs of text (0 when one is empty)."""
    a, b = _stem_counts(before), _stem_counts(after)
    if not a or not b:
        return 0.0
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    return dot / ((sum(v * v for v in a.values()) * sum(v * v for v in b.values())) ** 0.5)


def _capitalised(s: str) -> bool:
    """Half its words or more start with a capital: what a title-case
    headline with a full stop needs (a cheap test before the real one)."""
    words = s.split()
    return 2 * sum(1 for w in words if w[0].isupper()) >= len(words)


def topic_break(before: list[str], line: str, after: list[str]) -> bool:
    """A headline-shaped line (its closing full stop allowed) with an
    article's paragraph under it, where the text under it shares almost no
    words with the text before it: a new story in a dump with nothing else
    between its articles.  A subhead's section goes on with its article's
    words."""
    if len(line) > 200 or line.endswith(("?", ",", ":")) or not after or len(after[0]) < MIN_TOPIC_PROSE_WORDS * 3:
        return False
    u = unstopped(line)
    words = _WORD.findall(u)
    if not MIN_TOPIC_HEADLINE_WORDS <= len(words) <= MAX_STOPPED_HEADLINE_WORDS or u.count(". ") or not is_headline(u):
        return False
    if u is not line and not _title_case(words):
        return False  # a short sentence in sentence case is a list's point ("Fill in the gaps."), not a headline
    if any(p.count(" ") < MIN_TOPIC_PROSE_WORDS - 1 for p in before[-2:]) or len(after[0].split()) < MIN_TOPIC_PROSE_WORDS:
        return False  # after a list of links or a listicle's short items: no story ended there
    return cohesion(before[-TOPIC_WINDOW:], after) < MAX_TOPIC_COSINE and starts_new_story(
        before, u, after, own_names=False)


def _title_case(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(content) and sum(1 for w in content if w[0].isupper() or w[0].isdigit()) / len(content) >= 0.7


# A dump with one line per paragraph and nothing between its articles: a headline line
# (headline shape, much shorter than the paragraph under it, between a paragraph that
# ends as a sentence and one that opens a story) whose text brings in new people and
# places: at most this share of the names under it were named before it ...
MAX_RHYTHM_SHARED_NAMES = 0.5
# ... and the words on either side share little (cohesion, as topic_break measures it)
MAX_RHYTHM_COSINE = 0.2
# Once the input shows this many such heads, a head with a weaker break is one too
# (the rhythm is the input's own) ...
MIN_RHYTHM_HEADS = 2
MAX_RHYTHM_WEAK_SHARED = 0.8
MAX_RHYTHM_WEAK_COSINE = 0.3
# A head has at least this many words (a subhead is often shorter: "Orders and jobs")
MIN_RHYTHM_HEAD_WORDS = 4
# A story's lead under a head (or under its deck) has at least this many words
MIN_RHYTHM_LEAD_WORDS = 8
# ... and an article between two heads has at least this many paragraphs
MIN_RHYTHM_PARAGRAPHS = 3
# What a paragraph that carries on from the one before opens with (a story's lead does not)
_CARRIES_ON = re.compile(r"^(?:He|She|It|They|But|And|This|That|These|Those|His|Her|Their|Its|So|Yet|Still|Also|"
                         r"Then|There|Meanwhile|However|Instead)\b")
_NAME_AND_AGE = re.compile(r"^(?:[A-Z][\w’'.-]*\s){1,4}[A-Z][\w’'.-]*,?\s\d{1,3}$")
_SENTENCE_CLOSE = (".", "!", "?", '"', "”", "’", "'", ")")
_QUOTE_ENDS = ("?", "'", '"', "”", "’")


def _head_shaped(lines: list[str], i: int) -> bool:
    """Line i stands as a headline does in a run of one-line paragraphs: the
    headline shape ("Headline;" over its deck too; a closing quotation only
    in title case or a question), after a paragraph that ends as a sentence,
    over a lead (or a deck, then a lead) half as long again as it or more."""
    s = lines[i]
    if not 0 < i < len(lines) - 1 or not lines[i - 1].endswith(_SENTENCE_CLOSE):
        return False
    u = s[:-1] if s.endswith(";") else s  # "Headline;" over its deck
    words = _WORD.findall(u)
    if len(words) < MIN_RHYTHM_HEAD_WORDS or not is_headline(u) or u.endswith(_QUOTE_ENDS) and not (
            _title_case(words) or u[-1] == "?"):
        return False
    if _STAMP.search(s) or _NAME_AND_AGE.match(s):
        return False  # a live blog's time-stamped entry, a profile's "Name Surname, 52"
    # a lead under it (or a deck, then the lead)
    return any(x.count(" ") >= MIN_RHYTHM_LEAD_WORDS - 1 and len(x) >= 1.5 * len(s) for x in lines[i + 1:i + 3])


def _break_strength(before: list[str], after: list[str]) -> int:
    """How cleanly the text after a head leaves the text before it: 2 (new
    names, few shared words, no "Mr. X" met before, a lead's opening), 1 (a
    weaker break), 0 (the same story goes on)."""
    if not before or not after or _CARRIES_ON.match(after[0]):
        return 0
    previous, following = " ".join(before[-40:]), " ".join(after[:3])
    for surname in set(_HONORIFIC_REF.findall(following)):
        if re.search(rf"\b{re.escape(surname)}\b", previous):
            return 0
    names = _proper_nouns(following)
    if len(names) < 2:
        return 0
    named = {w.lower() for w in _proper_nouns(previous)}
    shared = sum(1 for x in names if x.lower() in named) / len(names)
    cos = cohesion(before[-TOPIC_WINDOW:], after[:TOPIC_WINDOW])
    if shared < MAX_RHYTHM_SHARED_NAMES and cos < MAX_RHYTHM_COSINE:
        return 2
    return 1 if shared < MAX_RHYTHM_WEAK_SHARED and cos < MAX_RHYTHM_WEAK_COSINE else 0


def rhythm_heads(lines: list[str]) -> set[int]:
    """In an input of one-line paragraphs with nothing else between its
    articles, the lines that head a new
    article: head-shaped lines over a clean break (_break_strength 2), when
    the input shows at least MIN_RHYTHM_HEADS of them, and then those over a
    weaker break too; each article between two heads keeps
    MIN_RHYTHM_PARAGRAPHS paragraphs; a question heads one only over a clean
    break.  A one-article file's subheads carry its story on (its names, its
    words): they head nothing."""
    if len(lines) < 2 * MIN_RHYTHM_PARAGRAPHS:
        return set()
    found: list[tuple[int, int]] = []
    last = 0
    for i in range(MIN_RHYTHM_PARAGRAPHS + 1, len(lines) - 1):
        if _head_shaped(lines, i):
            strength = _break_strength(lines[last + 1:i], lines[i + 1:i + 1 + TOPIC_WINDOW])
            if strength == 2 or strength and not lines[i].endswith("?"):  # (a question needs a clean break)
                found.append((i, strength))
                if strength == 2:
                    last = i
    if sum(1 for _, k in found if k == 2) < MIN_RHYTHM_HEADS:
        return set()
    out: set[int] = set()
    last = 0
    for i, _ in found:
        if i - last > MIN_RHYTHM_PARAGRAPHS:
            out.add(i)
            last = i
    return out


# --------------------------------------------------------------------------
# Sections -> drafts
# --------------------------------------------------------------------------

_TEASER_CUT = re.compile(r"(?:[\w,;]\s?(?:…|\.\.\.)|[\[(](?:…|\.\.\.|more\s?…?|mehr|plus|más)[\])])$", re.IGNORECASE)


def _ends_cut_off(paragraph: str) -> bool:
    """The text stops mid-sentence, or at a teaser's cut: "...said that the…", "[…]", "(more…)"."""
    p = paragraph.rstrip()
    return not p.endswith((".", "!", "?", "”", '"', "’", "'", ")", "…", "]")) or (
        p.endswith(("…", "...", "]", ")")) and bool(_TEASER_CUT.search(p[-12:])))


# A byline with no "By" has at most this many spaces ("Helen Marsh North of England correspondent")
MAX_BYLINE_SPACES = 8
_NOT_BYLINE_ENDS = (".", "?", "!", ":", ",", ";")

# Marks on a section's lines (segment() sets them, split_section() reads them)
TENTATIVE = 1    # taken back from a box's list: a headline (or byline) only if its place says so
STRONG = 2       # ...and a byline came with it: it starts an article
DATE_BELOW = 4   # a date/time line stood just under this line
DATE_ABOVE = 8   # a date/time line stood just above this line (a live-blog entry)
CUT = 16         # the input's template starts a record here
_NO_MARKS: dict[int, int] = {}


# --------------------------------------------------------------------------
# The input's template: furniture that recurs around its records
# --------------------------------------------------------------------------

# "Item 3 of 8", "RECORD 2 of 7", "Message 4/12": a record counter inside a furniture line
_RECORD_COUNTER = re.compile(r"(?<![\d/])\d{1,5}\s?(?:of|/|von|de|sur|di)\s?\d{1,5}(?![\d/])")
# "Page 2 of 3" counts pages, not records (an article goes on across them)
_PAGE = re.compile(r"\b(?:page|pages|p\.|pp\.|seite|página|pagina|pág\.)\s?\d", re.IGNORECASE)
# "(1/2)", "2/3 ⬇️": a post's part counter at the start of a line (the post goes on in the next one)
_PART_COUNTER = re.compile(r"^[(\[]?(\d{1,2})\s?/\s?(\d{1,2})[)\]]?(?:\s|$)")
# Export fields: "Title: ...", "Author: ...", "Published: ..."
_FIELD = re.compile(r"^(?P<key>[^\W\d_][\w .:-]{0,24}?)\s?:(?:\s+(?P<value>.*)|$)")
# The field names that carry a record's headline and its writers (other fields are metadata)
TITLE_FIELDS = frozenset("title headline hed subject titre título titulo titel titolo".split())
AUTHOR_FIELDS = frozenset("author authors byline writer writers creator dc:creator from auteur auteurs autor autora "
                          "autores verfasser autore".split())
_EMAIL = re.compile(r"\s*(?:<[^<>]{3,80}>|\(?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\)?)")


# Furniture kinds the template leaves to other rules: date lines (a live blog's entries
# stand under them) and a box's list lines
_UNTEMPLATED = frozenset(("meta", "item"))


@lru_cache(maxsize=8192)  # furniture lines recur: that is what makes them furniture
def template_key(line: str) -> str:
    """A furniture line as the template sees it: its shape ("Title:",
    "[Image 2", "Item 3 of 8 ·") when it has one, else its folded self."""
    return furniture.shape_key(line) or furniture.line_key(line)


def unstopped(line: str) -> str:
    """A line without the one full stop (or semicolon) some outlets end their
    headlines with: "Court Blocks Rule." -> "Court Blocks Rule", "Fear.’" ->
    "Fear’".  Unchanged when it ends otherwise (or with an ellipsis)."""
    if line.endswith(("..", "…")):
        return line
    if line.endswith((".", ";")):
        return line[:-1]
    if len(line) > 2 and line[-2] == "." and line[-1] in "’”\"'":
        return line[:-2] + line[-1]
    return line


def stopped_headline(line: str, after: list[str]) -> bool:
    """A headline that ends with a full stop, for a line whose place already
    says "article top" (just under a block of the input's furniture): the
    headline shape without that stop, one sentence, a longer line among the
    three under it."""
    u = unstopped(line)
    if u is line or u.count(". ") > 1 or not any(len(x) > len(line) for x in after[:3]):
        return False
    words = len(_WORD.findall(u))
    # (a lead sentence is longer than a sentence-case headline)
    return is_headline(u) and words <= MAX_STOPPED_HEADLINE_WORDS or _title_shape(u) and words <= MAX_STOPPED_SENTENCE_WORDS


# A headline with a closing full stop has at most this many words; in sentence case, at most MAX_STOPPED_SENTENCE_WORDS
MAX_STOPPED_HEADLINE_WORDS = 22
MAX_STOPPED_SENTENCE_WORDS = 16


# What a story's lead opens with, and what it says, that a headline does not: an article or
# pronoun first ("The council met ..."), the day or who said it
_LEAD_OPENER = re.compile(r"^(?:The|A|An|This|That|These|Those|He|She|It|They|We|I|You|His|Her|Their|Its|Our|"
                          r"On|In|At|When|After|Before|As|While|For|But|And|So|There|Here|Last|Earlier)\b")
_LEAD_WORDS = re.compile(r"\b(?:said|says|told|(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tonight)\b",
                         re.IGNORECASE)


def top_headline(line: str, after: list[str], cue: bool) -> bool:
    """An input's first line with a closing full stop (stopped_headline()
    says its shape fits) is its headline when it is in title case or when,
    in sentence case, it reads as a headline rather than as a lead or an
    outlet's tagline (no comma, no article or pronoun first, no day and no
    "said") and a date line or a byline stands under it (``cue``) or the
    text goes on to use its words in a paragraph half as long again as it."""
    u = unstopped(line)
    if _title_case(_WORD.findall(u)):
        return True
    if "," in u or _LEAD_OPENER.match(u) or _LEAD_WORDS.search(u):
        return False
    return cue or _shares_words(u, after) and any(len(x) >= MIN_LEAD_RATIO * len(line) for x in after[:2])


# A paragraph under a headline is at least this many times as long as it
MIN_LEAD_RATIO = 1.5


def _opens_article(lines: list[str], i: int, block: bool = False) -> bool:
    """Line i looks like an article's top: a byline, or a headline-shaped line
    with a byline or a longer line under it; under a ``block`` of furniture
    (two lines or more) the headline may end with a full stop."""
    s = lines[i]
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if len(s) > 200:
        return False
    if unstopped(s) is not s:
        return block and stopped_headline(s, lines[i + 1:i + 4])
    if s.endswith(_TERMINAL):
        return False
    if _BY.match(s) or confident_byline(s, nxt):
        return True
    return nxt is not None and (is_headline(s) or _title_shape(s)) and (
        len(nxt) > len(s) or bool(_BY.match(nxt)) or bool(confident_byline(nxt)))


# A post's time stamp in a furniture line: "[12.09.16 8:05]", "10:45 AM", "2031-05-02"
_STAMP = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d.,])|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")


def _block(gap) -> bool:
    """A gap of furniture that can stand between records: two lines or more,
    or one line with a post's time stamp (a channel export writes only that
    between its posts; an advertisement slot has none)."""
    return len(gap) >= 2 or len(gap) == 1 and gap[0][0] not in _UNTEMPLATED and bool(_STAMP.search(gap[0][1]))


# A furniture key marks record starts only when seen in this many places
MIN_TEMPLATE_PLACES = 3


class Template:
    """What one input's furniture lines do, counted as the input is read: a
    key (template_key) that stands above an article's top in at least half
    of its (two or more) places marks where records start."""

    def __init__(self) -> None:
        self.seen: dict[str, list[int]] = {}  # key -> [places, places above an article's top]
        self.counters: set[str] = set()  # keys of lines that count the input's records ("Item 3 of 8")
        self.blocks: set[str] = set()  # keys seen in a gap of two or more furniture lines

    def observe(self, lines: list[str], gaps: dict[int, list], end_starts: bool) -> None:
        """Count one section's gaps; ``end_starts``: the section was ended by
        a page top, a capture header or a jump (what follows its last gap
        starts an article)."""
        n = len(lines)
        for i, gap in gaps.items():
            top = _opens_article(lines, i, _block(gap)) if i < n else end_starts
            keys = {template_key(text) for kind, text in gap if kind not in _UNTEMPLATED}
            if len(gap) >= 2:
                self.blocks |= keys
            for key in keys:
                c = self.seen.get(key)
                if c is None:
                    c = self.seen[key] = [0, 0]
                c[0] += 1
                c[1] += top

    def starts(self, key: str) -> bool:
        c = self.seen.get(key)
        return c is not None and c[0] >= MIN_TEMPLATE_PLACES and 2 * c[1] >= c[0]


def record_fields(gap: list) -> dict | None:
    """The headline and writers an export's fields give ("Title: ...",
    "Author: ..."), if any."""
    out: dict = {}
    for _, text in gap:
        m = _FIELD.match(text)
        if not m or not m["value"]:
            continue
        key = m["key"].strip().lower()
        if key in TITLE_FIELDS and "title" not in out:
            out["title"] = _MAIL_TAGS.sub("", m["value"].strip()).strip('"“”') or m["value"].strip()
        elif key in AUTHOR_FIELDS and "byline" not in out:
            value = _EMAIL.sub("", m["value"]).strip(' "')  # "Nadia Brook <nadia@example.org>"
            names = split_names(value) or parse_byline(value) if value else None
            if names:
                out["byline"] = names
    return out or None


# What a mailing list or mail client puts before a forwarded subject: "[Alert] ", "Fwd: ", "TR : "
# (a reply's "Re:" stays: a reply is a text of its own, not the one it answers)
_MAIL_TAGS = re.compile(r"^(?:\[[^\[\]]{1,40}\]\s*|(?:fwd?|fw|wg|tr|enc|rv)\s?:\s*)+", re.IGNORECASE)


def restates(title: str, line: str) -> bool:
    """A line that says again the headline a record's field gave (a mail's
    subject, with the list's tag before it, over the same headline)."""
    words = _WORD.findall(line.lower())
    return len(words) >= 2 and _WORD.findall(title.lower())[-len(words):] == words


@lru_cache(maxsize=8192)
def is_field(line: str) -> bool:
    """An export's field line: "Credit: The Associated Press", "Section: World"
    (a headline field may end as a sentence: "Subject: Court blocks rule.")."""
    if len(line) > 200:
        return False
    m = _FIELD.match(line)
    if not m or m["key"].count(" ") > 2 or not (m["key"][0].isupper() or " " not in m["key"]):
        return False
    return not line.endswith((".", "!", "?")) or m["key"].strip().lower() in TITLE_FIELDS


def field_lines(lines: list[str], gaps: dict[int, list]) -> set[int]:
    """Content lines that are fields of a record's header: field-shaped, next
    to a gap that holds two or more of the input's (repeated) fields."""
    out: set[int] = set()
    n = len(lines)
    for i, gap in gaps.items():
        if sum(1 for _, t in gap if is_field(t)) >= 2:
            for j in (i - 1, i):
                if 0 <= j < n and is_field(lines[j]):
                    out.add(j)
    return out


# Records counted in a furniture line ("Item 3 of 8") stand at least this many lines apart
# (a gallery's "Image 2 of 5" lines stand close together inside one article)
MIN_RECORD_LINES = 5


@lru_cache(maxsize=8192)
def _counter(text: str) -> tuple[int, int] | None:
    """(k, total) of a record counter in a furniture line ("Item 3 of 8"); not a
    post's part counter ("(2/2)") nor a page's ("Page 2 of 3")."""
    if not any(c.isdigit() for c in text) or _PART_COUNTER.match(text) or _PAGE.search(text):
        return None
    m = _RECORD_COUNTER.search(text)
    if not m:
        return None
    k, total = (int(x) for x in re.findall(r"\d+", m.group(0)))
    return k, total


def _record_counters(gaps: dict[int, list], n: int, template: Template) -> None:
    """Furniture lines of one key that count up to one total, records apart
    ("Item 1 of 8" ... "Item 2 of 8"): their key goes to template.counters."""
    seen: dict[str, list[tuple[int, int, int]]] = {}
    for i, gap in gaps.items():
        for _, text in gap:
            c = _counter(text)
            if c:
                seen.setdefault(template_key(text), []).append((i, *c))
    for key, places in seen.items():
        if len(places) >= 2 and len({t for _, _, t in places}) == 1 and all(
                b[1] > a[1] and b[0] - a[0] >= MIN_RECORD_LINES for a, b in zip(places, places[1:])):
            template.counters.add(key)


def cuts(lines: list[str], gaps: dict[int, list], template: Template) -> dict[int, tuple[str, dict | None]]:
    """Where the input's template starts a record inside a section: line i ->
    (why, fields).  A gap of furniture starts a record when it holds a key
    the template says stands above articles, a record counter ("Item 3 of
    8") on a repeated line, or a record's headline or author fields; a post's
    part counter ("(2/2)") continues the post before instead ("join")."""
    out: dict[int, tuple[str, dict | None]] = {}
    n = len(lines)
    _record_counters(gaps, n, template)
    for i, gap in gaps.items():
        if i >= n:
            continue
        if any((m := _PART_COUNTER.match(text)) and 1 < int(m[1]) <= int(m[2]) for _, text in gap):
            out[i] = ("join", None)
            continue
        # a field line that is read as text (it ends as a sentence does) beside a block of fields is one of them
        near = [("content", lines[j]) for j in (i - 1, i) if 0 <= j < n and is_field(lines[j])] \
            if sum(1 for _, t in gap if is_field(t)) >= 2 else []
        meta = record_fields(near + gap if near else gap)
        why = None
        if meta:
            why = "record fields"
        elif any(template_key(text) in template.counters for _, text in gap):
            why = "record counter"
        elif _block(gap) or not any(c.isalpha() for c in gap[0][1]) or template_key(gap[0][1]) in template.blocks:
            # (a record's furniture comes in a block somewhere in the input, or is a rule line: a
            # repeated line that always stands alone before a subhead, such as an advertisement slot,
            # starts nothing)
            for kind, text in gap:
                if kind not in _UNTEMPLATED and template.starts(template_key(text)):
                    why = f"template: {text[:60]}"
                    break
        if why and (i > 0 or meta):
            out[i] = (why, meta)
    return out


# An article has a paragraph of at least this many words (less one)
MIN_SENTENCE_SPACES = 7


def split_section(lines: list[str], context: dict, truncated: bool = False,
                  marks: dict[int, int] | None = None, gaps: dict[int, list] | None = None,
                  template: Template | None = None, roles: list | None = None, topics: bool = False) -> list[Draft]:
    """Content lines between two hard boundaries -> one or more drafts.
    ``gaps`` holds the furniture lines that stood before each line; with
    the input's ``template`` they say where records start (see cuts()).
    ``topics``: nothing in the input has cut it into articles, so a
    headline over a change of topic starts one (topic_break())."""
    drafts: list[Draft] = []
    d = Draft(**context)
    fields: dict[int, dict] = {}
    skip: set[int] = set()
    if gaps:
        marks = dict(marks) if marks else {}
        skip = field_lines(lines, gaps)
        for i, (why, meta) in cuts(lines, gaps, template or Template()).items():
            if why == "join":
                marks[i] = marks.get(i, 0) | DATE_ABOVE  # a post continued: no new story here
                continue
            marks[i] = marks.get(i, 0) | CUT
            if meta:
                fields[i] = meta
            if roles is not None:
                roles[i] = ("body", "the input's template starts a record here: " + why)
    marks = marks or _NO_MARKS

    def role(k: int, name: str, why: str = "") -> None:
        """(for the trace) line k's role, and why; a record's start keeps its reason"""
        if roles is not None:
            before = roles[k][1] if roles[k] else ""
            if not d.paragraphs and d.title is None and not d.byline and name != "furniture":
                why = "new article" + "".join(": " + x for x in (before, why) if x)
            roles[k] = (name, why)

    def close() -> None:
        nonlocal d
        # a headline with no body under it is not an article, nor lines of which none is a sentence
        if d.paragraphs and not (len(d.paragraphs) == 1 and d.title is None and is_headline(d.paragraphs[0])) \
                and any(p.count(" ") >= MIN_SENTENCE_SPACES for p in d.paragraphs):
            _drop_pull_quotes(d.paragraphs)
            drafts.append(d)
        d = Draft(**context)

    def byline_below(j: int) -> bool:
        """A byline that needs no headline stands at line j or j+1."""
        for k in (j, j + 1):
            # (a lead that opens with a wire dateline is a date line under the names)
            if k < n and len(lines[k]) < 200 and confident_byline(
                    lines[k], lines[k + 1] if k + 1 < n else None, bool(marks.get(k, 0) & DATE_BELOW)
                    or k + 1 < n and _WIRE_LEAD.match(lines[k + 1]) is not None):
                return True
        return False

    byline_at = -2
    topic_head = -1  # a headline found by topic_break(), read again as the new draft's
    heads = rhythm_heads(lines) if topics else set()  # (a head over new names, in a run of them)
    i, n = 0, len(lines)
    while i < n:
        s = lines[i]
        if len(d.paragraphs) >= 2 and s.endswith(_TERMINAL) and i not in marks and (not heads or i not in heads) \
                and not parse_contributors(s) \
                and not d.paragraphs[-1].endswith(_DASH_ENDS) and (
                    not topics or s[-1] in ",:" or s.count(" ") >= MAX_STOPPED_HEADLINE_WORDS or not _capitalised(s)):
            d.paragraphs.append(s)  # the body's third paragraph on: nothing below can apply (most lines)
            i += 1
            continue
        mark = marks.get(i, 0) if marks else 0
        if mark & CUT:
            # (a headline with no text yet over the input's furniture, as a share bar under a
            # headline is, keeps its text when that text is prose: the record is the headline's)
            if d.paragraphs or d.title is None or i in fields or _opens_article(lines, i, _block(gaps.get(i, ()))):
                close()  # a record starts here (the input's template says so)
            d.record = True
            if i in fields:
                d.title = fields[i].get("title") or d.title
                d.byline = fields[i].get("byline") or d.byline
        if not d.paragraphs and gaps and i in gaps:
            # a wire dateline under the headline ("PORTVALE 2031-05-02"): the story's place and day
            d.datelines.extend(t for k, t in gaps[i] if k == "meta" and _WIRE_DATELINE.match(t))
        if i in skip:
            role(i, "furniture", "a record's field")
            i += 1
            continue
        if d.record and d.title is not None and not d.paragraphs and restates(d.title, s):
            role(i, "headline", "the headline the record's fields gave, again")
            d.title = s
            i += 1
            continue
        fresh = not d.paragraphs and d.title is None and not d.byline
        if mark & TENTATIVE and not fresh:
            # a list line taken back from a box: it starts an article when a byline comes with it
            if mark & STRONG or byline_below(i + 1):
                close()
                fresh = True
            else:
                i += 1
                continue
        nxt = lines[i + 1] if i + 1 < n else None
        if fresh and nxt is not None and _is_kicker(s, nxt) and not confident_byline(s, nxt, bool(mark & DATE_BELOW)):
            role(i, "furniture", "a section label over the headline")
            i += 1  # "DISPATCHES", "Science" over the headline: the section's label
            continue
        if fresh and (s.count(" ") <= MAX_BYLINE_SPACES or _BY.match(s)) and not s.endswith(_NOT_BYLINE_ENDS):
            # a byline with no headline above it ("Sam Diaz" over "Millbrook Gazette")
            names = confident_byline(s, nxt, bool(mark & DATE_BELOW))
            if names and not (nxt is not None and parse_byline(nxt) and not is_affiliation(nxt)):
                role(i, "byline", "names with no headline above")
                d.byline = names
                byline_at = i
                i += 1
                continue
        if fresh and nxt is not None and (mark & CUT or i == topic_head or gaps and _block(gaps.get(i, ()))) \
                and stopped_headline(s, lines[i + 1:i + 4]):
            role(i, "headline", "under a block of the input's furniture (a headline with a full stop)")
            d.title = s
            i += 1
            continue
        if fresh and i == 0 and nxt is not None and stopped_headline(s, lines[1:4]) and top_headline(
                s, lines[1:6], bool(mark & DATE_BELOW) or byline_below(1)):
            role(i, "headline", "the input's first line: a headline with a full stop")
            d.title = s
            i += 1
            continue
        if fresh and nxt is not None and (
                is_headline(s) or _title_shape(s) and (
                    mark & TENTATIVE or len(nxt) > len(s) or byline_below(i + 1))) and (
                not mark & TENTATIVE or _shares_words(s, lines[i + 1:i + 6])):
            role(i, "headline")
            d.title = s
            i += 1
            continue
        if mark & TENTATIVE:
            role(i, "furniture", "a box's list line")
            i += 1  # a list line after all
            continue
        if d.title and not d.byline and (not d.paragraphs or len(d.paragraphs) == 1 and lines[i - 1] is d.paragraphs[0]
                                         and (not d.paragraphs[0].endswith((".", "!", "?")) or _BY.match(s) or mark & DATE_BELOW)):
            # the byline, under the headline (or under a standfirst)
            names = parse_byline(s)
            if names:
                role(i, "byline")
                d.byline = names
                byline_at = i
                i += 1
                continue
        if i == byline_at + 1 and is_affiliation(s):
            role(i, "byline", "affiliation under the byline")
            i += 1  # "Millbrook Gazette", "Health correspondent, BBC News" under the byline
            continue
        reported = parse_reported_from(s) if not d.paragraphs or len(d.paragraphs) < 2 else None
        if reported:
            role(i, "credit", "reported from")
            d.datelines.append(s)
            if not d.byline:
                d.byline = [c.name for c in reported]
            i += 1
            continue
        credits = parse_contributors(s)
        if credits:
            role(i, "credit", "contributors: ends the article")
            d.contributors.extend(credits)
            close()
            i += 1
            continue
        if d.paragraphs and not s.endswith(_TERMINAL) and not mark & DATE_ABOVE and (
                is_headline(s) and not s.endswith("?") and starts_new_story(d.paragraphs, s, lines[i + 1:i + 4])
                or _title_shape(s) and (mark & DATE_BELOW or byline_below(i + 1))):
            close()
            if roles is not None:
                roles[i] = ("body", "a headline after body text, with a byline or date under it, or on a new topic")
            continue  # the line is read again as the new draft's headline
        if i in heads and d.paragraphs and i != topic_head:
            close()
            topic_head = i
            if roles is not None:
                roles[i] = ("body", "a headline line in the input's rhythm of headlines over new names")
            continue  # the line is read again as the new draft's headline
        if topics and len(d.paragraphs) >= MIN_TOPIC_PARAGRAPHS and i != topic_head and not mark & DATE_ABOVE \
                and not (gaps and any(_LIST_NUMBER.match(t) for _, t in gaps.get(i, ()))) and topic_break(d.paragraphs, s, lines[i + 1:i + 1 + TOPIC_WINDOW]):
            close()
            topic_head = i
            if roles is not None:
                roles[i] = ("body", "a headline over text that shares almost no words with the text before it")
            continue  # the line is read again as the new draft's headline
        if s[0] in "—–-" and d.paragraphs and len(s) < 60:
            names = split_names(s.lstrip("—–- "))
            if names:  # a writer's signature under the text: "— Noor van der Hoek"
                role(i, "byline", "a signature under the text")
                d.byline = d.byline or names
                i += 1
                continue
        if roles is not None:
            role(i, "subhead" if d.paragraphs and is_headline(s) and not s.endswith(_TERMINAL) else "body")
        if d.paragraphs and d.paragraphs[-1].endswith(_DASH_ENDS) and len(d.paragraphs[-1]) <= 80:
            d.paragraphs[-1] += " " + s  # a dateline on its own line: "Washington CCN —"
        else:
            d.paragraphs.append(s)
        i += 1
    last = d
    close()
    if drafts and drafts[-1] is last:
        last.truncated = truncated or _ends_cut_off(last.paragraphs[-1])
    for x in drafts:
        if x is not last and not x.contributors and _ends_cut_off(x.paragraphs[-1]):
            x.truncated = True
    return drafts


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _WORD.findall(text.lower()) if len(w) >= 4}


def _shares_words(headline: str, following: list[str]) -> bool:
    """A headline names something its article goes on to say: a list line
    taken back from a box ("Related", "Most read") heads the text below it
    only if they share a word (its first five letters)."""
    return not _stems(headline).isdisjoint(_stems(" ".join(following)))


def _is_kicker(s: str, nxt: str) -> bool:
    """A section label over a headline: one word ("DISPATCHES", "Science"),
    or a few in capitals with a headline under them ("US ELECTION"; an
    all-capitals headline over its byline is no label)."""
    if len(s) > 30 or s.count(" ") > 2 or s.endswith((*_TERMINAL, "?", "!")) or not s[:1].isalpha():
        return False
    if " " not in s:
        return True
    return s.isupper() and not _BY.match(nxt) and (is_headline(nxt) or _title_shape(nxt))


# A pull quote is at most this many words
MAX_PULL_QUOTE_WORDS = 30
# The article's text is searched once for each short paragraph; a draft that would
# need more characters searched than this (a live blog, a dump with no headlines,
# thousands of short paragraphs) is not looked at for pull quotes
MAX_PULL_QUOTE_SCAN = 20_000_000
_QUOTE_TRIM = " “”\"‘’'.,;:!?…—–-"


def _drop_pull_quotes(paragraphs: list[str]) -> None:
    """Magazine pull quotes: a short paragraph whose words stand again inside
    another, longer paragraph of the article is dropped (in place); never
    the first (a standfirst the first paragraph repeats stays).  (The
    shape is checked first; the repeat, one C scan of the text per short
    paragraph, only then, and within MAX_PULL_QUOTE_SCAN characters.)"""
    if len(paragraphs) < 3:
        return
    shaped = [(k, p, core) for k, p in enumerate(paragraphs) if k and 20 <= len(p) < 240
              and len(core := p.strip(_QUOTE_TRIM)) >= 20 and 3 <= core.count(" ") < MAX_PULL_QUOTE_WORDS]
    if not shaped:
        return
    text = "\n".join(paragraphs)
    if len(shaped) * len(text) > MAX_PULL_QUOTE_SCAN:
        return
    drop = [k for k, p, core in shaped
            if text.count(core) > 1 and any(core in q for q in paragraphs if len(q) > len(p))]
    for k in reversed(drop):
        del paragraphs[k]


def _release(items: list[list]) -> list[tuple[str, int]]:
    """A box's list lines, when an article's text follows them: which of the
    last ones are that article's top (headline, byline, affiliation)?  The
    rest were the box's.  Lines the input repeats at the end of the list (a
    share bar under each headline, not a newsroom's name under each byline)
    are no article's top: the top is above them."""
    j = len(items)
    while j and items[j - 1][2] and not is_affiliation(items[j - 1][0]):  # (the newsroom under each byline stays)
        j -= 1
    if not j:
        return []
    items = items[:j]
    for b in range(max(0, j - 3), j):
        text, date_below = items[b][:2]
        nxt = items[b + 1][0] if b + 1 < j else None
        if all(is_affiliation(x[0]) for x in items[b + 1:]) and confident_byline(text, nxt, date_below):
            top = b - 1 if b > 0 and _title_shape(items[b - 1][0]) else b
            out = [(x[0], DATE_BELOW if x[1] else 0) for x in items[top:]]
            out[0] = (out[0][0], out[0][1] | TENTATIVE | STRONG)
            return out
    text, date_below = items[-1][:2]
    if _title_shape(text):
        return [(text, TENTATIVE | (DATE_BELOW if date_below else 0))]
    return []


MAX_HELD_ITEMS = 8
# Line kinds segmentation steps over (furniture that neither cuts nor marks)
_PASSING_KINDS = frozenset(("inline", "learned", "caption", "widget"))


def segment(lines: Iterable[str], learned: set[str] | frozenset[str] = frozenset(),
            context: dict | None = None, trace: list | None = None, start: dict | None = None) -> Iterator[Draft]:
    """Stream a dump's lines into article drafts.  ``trace``, when given, is
    filled with one [text, role, why] per line, in input order (what
    ``dateline segment`` prints).  ``start``: a range of a large dump that
    begins at a capture header (the Spark job segments one in ranges; its
    lines are taken as they are, not unwrapped): the input's ``template`` so
    far and whether a boundary was ``opened`` before (with ``observe``, the
    range's template is counted and no draft made); at each capture header
    ``start["at_header"]`` notes what segmentation still held there."""
    lines = unwrapped(lines) if start is None else lines  # (a hard-wrapped export's paragraphs on one line each)
    ctx = {"outlet": None, "captured_at": None, "url": None}
    ctx.update({k: v for k, v in (context or {}).items() if k in ctx and v})
    section: list[str] = []
    marks: dict[int, int] = {}
    gaps: dict[int, list] = {}  # the furniture lines that stood before section line i: [(kind, text)]
    items: list[list] = []  # a box's list lines: [text, date below, repeated in the input]
    size = 0
    outlet_hint: str | None = None
    template = start["template"] if start is not None else Template()
    held: list[Draft] = []  # articles "continued on page N", waiting for their rest
    resume: list[str] = []  # the "from page N" label the next section's first draft continues
    refs: list[list] = []  # trace entries of the section's lines
    opened = [bool(start and start.get("opened"))]  # a boundary was met: what stood before the first one was the export's own top
    cut_once = [False]  # a hard boundary was met

    def flush(truncated: bool = False, starts: bool = False, hold: bool = False,
              final: bool = False, full: bool = False) -> Iterator[Draft]:
        """``full``: the section grew too long, with no boundary in it."""
        nonlocal size
        # an input that nothing has cut into articles yet (no page top, footer, paywall, header):
        # what is left to tell its articles apart is their words (topic_break)
        topics = (final or full) and not cut_once[0]
        cut_once[0] = cut_once[0] or not (final or full)
        template.observe(section, gaps, starts)
        # a record's fields just above a page top or capture header (a feed's "title:" over its "link:") are its own
        tail = gaps.get(len(section)) if starts else None
        if tail and not record_fields(tail):
            tail = None
        if section and start is not None and start.get("observe"):  # the template counted, nothing split
            if gaps:
                _record_counters(gaps, len(section), template)
            section.clear()
            marks.clear()
            opened[0] = opened[0] or not final
        elif section:
            c = dict(ctx)
            if not c["outlet"] and outlet_hint:
                c["outlet"] = outlet_hint
            roles = [None] * len(section) if trace is not None else None
            drafts = split_section(section, c, truncated, marks, gaps, template, roles, topics)
            if roles is not None:
                for ref, r in zip(refs, roles):
                    ref[1:] = r or ("body", "")
            section.clear()
            marks.clear()
            refs.clear()
            if not opened[0] and drafts and (starts or len(drafts) > 1 and (
                    drafts[1].record or drafts[1].title and drafts[1].byline)) and _is_preamble(drafts[0]):
                del drafts[0]  # an export's own top: its name, what it holds, how to use it
            if hold and drafts:
                drafts[-1].held = True
            if resume and drafts:
                drafts[0].resumes = resume.pop()
            yield from _rejoined(drafts, held)
            opened[0] = opened[0] or not final
        gaps.clear()
        if tail:
            gaps[0] = tail
        size = 0

    def note(text: str, kind: str, why: str = "") -> None:
        if trace is not None:
            trace.append([text, kind, why])

    last_kind = "blank"
    date_above = False
    for k, text, rule_outlet, meta in _classified(lines, learned):
        if k == "content" and not items and not date_above:  # most lines
            section.append(text)
            if trace is not None:
                refs.append(r := [text, "body", ""])
                trace.append(r)
            size += len(text)
            if size > MAX_SECTION_CHARS:
                yield from flush(full=True)
            last_kind = k
            continue
        if trace is not None and k != "content":
            note(text, k, _why(k, text, learned))
        if rule_outlet and not outlet_hint:
            outlet_hint = rule_outlet
        if k in _PASSING_KINDS:
            gaps.setdefault(len(section), []).append((k, text))
            continue
        if k == "item":
            gaps.setdefault(len(section), []).append((k, text))
            items.append([text, False, furniture.is_repeated(text, learned)])
            if len(items) > MAX_HELD_ITEMS:
                del items[0]
            last_kind = k
            date_above = False
            continue
        if k == "meta":
            gaps.setdefault(len(section), []).append((k, text))
            if last_kind == "item" and items:
                items[-1][1] = True
            elif last_kind == "content" and section:
                marks[len(section) - 1] = marks.get(len(section) - 1, 0) | DATE_BELOW
            date_above = True
            continue
        if k == "header":
            yield from flush(starts=True)
            items.clear()
            ctx.update(meta)
            if start is not None:
                start["at_header"] = {"held": len(held), "resume": len(resume), "tail": bool(gaps),
                                      "opened": opened[0]}
        elif k == "paywall":
            yield from flush(truncated=True)
            items.clear()
        elif k == "end":
            yield from flush()
            items.clear()
        elif k == "continued":
            yield from flush(hold=True)
            items.clear()
        elif k == "continuation":
            yield from flush(starts=True)
            items.clear()
            resume[:] = [text]
        elif k == "start":
            # the headline, if any, stands just above the page-top furniture
            carry: list[tuple[str, int]] = []
            carried: list[list] = []
            if last_kind == "item" and items:
                carry = _release(items)
                carried = [[top, "body", ""] for top, _ in carry]
            elif section and (last_kind == "content" or len(section) == 1) and is_headline(section[-1]) \
                    and not section[-1].isupper() and len(section) - 1 not in gaps:
                carry = [(section.pop(), marks.pop(len(section), 0))]
                carried = [refs.pop()] if trace is not None else []
            yield from flush(starts=True)
            items.clear()
            for top, mark in carry:
                if mark:
                    marks[len(section)] = mark
                section.append(top)
            refs.extend(carried)
        elif k == "content":
            if items:
                for top, mark in _release(items):
                    if mark:
                        marks[len(section)] = mark
                    section.append(top)
                    if trace is not None:
                        refs.append([top, "body", ""])  # (its list line is in the trace already)
                items.clear()
            if date_above:
                marks[len(section)] = marks.get(len(section), 0) | DATE_ABOVE
            section.append(text)
            if trace is not None:
                refs.append(r := [text, "body", ""])
                trace.append(r)
            size += len(text)
            if size > MAX_SECTION_CHARS:
                yield from flush(full=True)
        date_above = False
        last_kind = k
    yield from flush(final=True)
    yield from held
    held.clear()


# An export's top (before its first record) is dropped when it has fewer words than this
MAX_PREAMBLE_WORDS = 40


def _is_preamble(d: Draft) -> bool:
    return not d.record and not (d.title and d.byline) and (sum(p.count(" ") + 1 for p in d.paragraphs) < MAX_PREAMBLE_WORDS
                                           or not any(p.count(" ") >= 14 for p in d.paragraphs))


def _rejoined(drafts: list[Draft], held: list[Draft]) -> Iterator[Draft]:
    """Drafts out, with jumps put back together: a draft "continued on page
    N" waits in ``held``; a draft that resumes one ("X, from page N") is
    added to the held draft whose headline shares most words with its label
    (else the latest), which goes out when it is not continued again."""
    for d in drafts:
        if d.resumes is not None and held:
            label = _stems(d.resumes)
            target = max(reversed(held), key=lambda h: len(label & _stems(h.title or "")))
            if d.title:
                target.paragraphs.append(d.title)  # the jump's subhead
            target.paragraphs.extend(d.paragraphs)
            target.truncated = d.truncated
            target.contributors.extend(d.contributors)
            if not d.held:
                held.remove(target)
                target.held = False
                yield target
            continue
        if d.held:
            held.append(d)
            continue
        yield d


def _why(kind: str, text: str, learned) -> str:
    """Which rule or learned template gave a furniture line its role (for the trace)."""
    if kind == "header":
        return "capture header"
    if kind == "meta" and _WIRE_DATELINE.match(text):
        return "a wire dateline under a headline: a place in capitals, then the day"
    if kind == "learned":
        key = furniture.repeated_key(text, learned)
        return f"learned: repeats in this input or the archive as {key!r}" if key else "learned"
    rule = furniture.known_rule(text)
    if rule:
        return f"rule /{rule.pattern[:70]}/" + (f" ({rule.outlet})" if rule.outlet else "")
    if kind in ("item", "inline"):
        return "in a box's list, or the line after a caption toggle"
    return ""

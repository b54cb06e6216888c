"""Dump -> articles: headlines, boundaries, bylines, credits, furniture.

A scraped dump is a run of lines.  Each line is first *classified* (capture
header, known furniture with its role, learned furniture, blank, content);
the classified stream is cut at *hard boundaries* (a paywall, a subscription
offer, the top of a page, a capture header) into sections; each section is
then split at *soft boundaries* (a "contributed reporting" line, a headline
standing after body text) into article drafts.  Everything streams: only one
section is held in memory at a time.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from . import furniture
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
    kind: str  # "content" | "blank" | "header" | furniture role | "learned"
    rule_outlet: str | None = None
    meta: dict | None = None


_HEADER = re.compile(
    r"^(?P<outlet>[^\W\d_][^\d\n]{1,80}?)[\s,|·—-]+(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[ T](?P<time>\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?))?\s*(?:UTC|GMT)?$"
)
_KV_HEADER = re.compile(
    r"^(?P<key>url|source url|link|captured(?: at| on)?|retrieved(?: at| on)?|saved(?: at| on)?|outlet|site)\s*:\s*(?P<value>\S.{0,300})$",
    re.IGNORECASE,
)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?")


def parse_header(line: str) -> dict | None:
    """A capture header: "The New York Times 2025-01-24 12:10:58", "URL: ...",
    "Captured: 2025-01-24T12:10:58Z".  Returns the fields it gives."""
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
    if m and len(m["outlet"].split()) <= 6 and m["outlet"].strip()[0].isupper():
        ts = m["date"] + ("T" + m["time"] if m["time"] else "")
        return {"outlet": m["outlet"].strip(" ,|·—-"), "captured_at": ts, "url": None}
    return None


def classify(lines: Iterable[str], learned: set[str] | frozenset[str] = frozenset()) -> Iterator[Line]:
    """Label every line of a dump.  Widget boxes swallow the list lines that
    follow them; runs of learned (repeated) lines are furniture only while
    they stay short."""
    in_widget = False
    run: list[Line] = []
    # cheap gate before computing a line's keys: the first word of some learned key
    firsts = {k.split(" ", 1)[0] for k in learned}

    def flush_run() -> Iterator[Line]:
        words = sum(len(x.text.split()) for x in run)
        short = len(run) <= furniture.MAX_REPEAT_RUN_LINES and words <= furniture.MAX_REPEAT_RUN_WORDS
        for x in run:
            if not short:
                x.kind = "content"
            yield x
        run.clear()

    for raw in lines:
        s = raw.strip().replace("\u00a0", " ")
        if not s:
            if run:
                run.append(Line("", "blank"))
            else:
                yield Line("", "blank")
            continue
        header = parse_header(s)
        if header:
            in_widget = False
            if run:
                yield from flush_run()
            yield Line(s, "header", meta=header)
            continue
        rule = furniture.known_rule(s)
        if rule:
            in_widget = rule.role == "widget"
            if run:
                yield from flush_run()
            yield Line(s, rule.role, rule_outlet=rule.outlet)
            continue
        if in_widget and _is_widget_item(s):
            yield Line(s, "inline")
            continue
        in_widget = False
        if firsts and _first_word_key(s) in firsts and furniture.is_repeated(s, learned):
            run.append(Line(s, "learned"))
            continue
        if run:
            yield from flush_run()
        yield Line(s, "content")
    yield from flush_run()


def _first_word_key(s: str) -> str:
    """furniture.line_key of a line's first word (cheaply: most words need
    only lower-casing)."""
    space = s.find(" ")
    w = (s if space < 0 else s[:space]).lower()
    return w if w.isalpha() else furniture.line_key(s.split(None, 1)[0])


_BULLET = re.compile(r"^(?:[-•*–·▪►]\s+|\d{1,2}[.)]\s+)")


def _is_widget_item(s: str) -> bool:
    """A bullet of a box, or a short list line (topic names under "Related")."""
    if _BULLET.match(s):
        return True
    return len(s.split()) <= 6 and not s.endswith((".", "”", '"', ":"))


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
_SENTENCE_IN_QUOTES = (".”", '."', ".’", ",”", ',"')  # a quoted sentence, never a headline
_WORD = re.compile(r"[^\W_][\w’'\-.]*")


def is_headline(line: str) -> bool:
    """Headline shape: short, no closing full stop, most words capitalised
    (title case), or a short sentence-case line with no closing full stop."""
    s = line.strip()
    if not (8 <= len(s) <= 200) or s.endswith(_TERMINAL) or s.endswith(_SENTENCE_IN_QUOTES):
        return False
    if _BULLET.match(s) or not s[0].isupper() and not s[0].isdigit() and s[0] not in "“\"‘'":
        return False
    words = _WORD.findall(s)
    if not 2 <= len(words) <= 25:
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not content:
        return False
    caps = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return caps / len(content) >= 0.7 or (len(words) <= 14 and caps / len(content) >= 0.2)


_PARTICLES = frozenset(
    "de da das do dos du del della di la le van von der den ten ter al el bin ibn y e st. st".split()
)
_RUN_TOGETHER = re.compile(r"(?<=[^\W\d_]{3})(?<![A-Z]{3})(?=[A-Z][a-zà-ÿ])")
_NAME_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*;\s*)")


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


def split_names(s: str) -> list[str] | None:
    """"Julie TurkewitzEmiliano Rodríguez Mega and Genevieve Glatsky" ->
    three names.  None when ``s`` is not a list of names."""
    s = re.sub(r"^(?:by|words by|reporting by)\s+", "", s.strip(), flags=re.IGNORECASE).rstrip(". ")
    if not s or len(s) > 200:
        return None
    s = _RUN_TOGETHER.sub(", ", s)
    parts = [p.strip() for p in _NAME_SEP.split(s) if p.strip()]
    if parts and all(_is_name(p) for p in parts):
        return parts
    return None


def parse_byline(line: str) -> list[str] | None:
    """A byline line: "By Jane Doe and John Roe", or names run together."""
    if len(line.split()) > 20 or line.endswith((".", "?", "!")) and not line.lower().startswith("by "):
        return None
    return split_names(line)


_CONTRIB_BY = re.compile(
    r"^(?:additional |further )?(?:reporting|research) (?:was )?(?:contributed |provided )?by\s+(?P<body>.+?)\.?$",
    re.IGNORECASE,
)
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
        pieces = _PLACE_PREP.split(clause)
        names = split_names(pieces[0])
        if names is None:
            return None
        if len(pieces) == 1:
            out.extend(Contributor(n) for n in names)
            continue
        for middle in pieces[1:-1]:
            # "Kyiv and Oleg Matsnev": a place, then the next names
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
    "A and B contributed reporting.", "A contributed reporting from Dakar, Senegal."."""
    if len(line) > 600 or not ("contributed" in line or "eporting" in line or "esearch" in line):
        return None
    m = _CONTRIB_BY.match(line)
    if m:
        return _credits(m["body"])
    m = _CONTRIB_SUFFIX.match(line)
    if m:
        return _credits(m["names"] + m["rest"])
    return None


def parse_reported_from(line: str) -> list[Contributor] | None:
    """"A and B reported from Bogotá, Colombia, and C from Mexico City."."""
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


def starts_new_story(before: list[str], headline: str, after: list[str]) -> bool:
    """A headline-shaped line inside a section starts a new story when it is
    headline-length and what follows does not lean on what came before: no
    "Mr. X" for an X already met, few shared proper nouns."""
    if len(_WORD.findall(headline)) < 6 or not after or not before:
        return False
    if not any(len(p.split()) >= 12 for p in after[:2]):
        return False
    previous = " ".join(before[-40:])
    following = " ".join(after[:3])
    for surname in set(_HONORIFIC_REF.findall(following)):
        if re.search(rf"\b{re.escape(surname)}\b", previous):
            return False
    seen = _proper_nouns(previous)
    names = _proper_nouns(following)
    if not names:
        return True
    return len(names & seen) / len(names) < 0.34


# --------------------------------------------------------------------------
# Sections -> drafts
# --------------------------------------------------------------------------

def _ends_cut_off(paragraph: str) -> bool:
    return not paragraph.rstrip().endswith((".", "!", "?", "”", '"', "’", "'", ")", "…", "]"))


def split_section(lines: list[str], context: dict, truncated: bool = False) -> list[Draft]:
    """Content lines between two hard boundaries -> one or more drafts."""
    drafts: list[Draft] = []
    d = Draft(**context)

    def close() -> None:
        nonlocal d
        # a headline with no body under it is not an article
        if d.paragraphs and not (len(d.paragraphs) == 1 and d.title is None and is_headline(d.paragraphs[0])):
            drafts.append(d)
        d = Draft(**context)

    i, n = 0, len(lines)
    while i < n:
        s = lines[i]
        if not d.paragraphs and d.title is None and not d.byline and is_headline(s) and i + 1 < n:
            d.title = s
            i += 1
            continue
        if not d.paragraphs and not d.byline:
            names = parse_byline(s) if d.title else None
            if names:
                d.byline = names
                i += 1
                continue
        reported = parse_reported_from(s) if not d.paragraphs or len(d.paragraphs) < 2 else None
        if reported:
            d.datelines.append(s)
            if not d.byline:
                d.byline = [c.name for c in reported]
            i += 1
            continue
        credits = parse_contributors(s)
        if credits:
            d.contributors.extend(credits)
            close()
            i += 1
            continue
        if d.paragraphs and is_headline(s) and starts_new_story(d.paragraphs, s, lines[i + 1:i + 4]):
            close()
            continue  # the line is read again as the new draft's headline
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


def segment(lines: Iterable[str], learned: set[str] | frozenset[str] = frozenset(),
            context: dict | None = None) -> Iterator[Draft]:
    """Stream a dump's lines into article drafts."""
    ctx = {"outlet": None, "captured_at": None, "url": None}
    ctx.update({k: v for k, v in (context or {}).items() if k in ctx and v})
    section: list[str] = []
    size = 0
    outlet_hint: str | None = None

    def flush(truncated: bool = False) -> Iterator[Draft]:
        nonlocal size
        if section:
            c = dict(ctx)
            if not c["outlet"] and outlet_hint:
                c["outlet"] = outlet_hint
            yield from split_section(section, c, truncated)
            section.clear()
        size = 0

    last_kind = "blank"
    for line in classify(lines, learned):
        if line.rule_outlet and not outlet_hint:
            outlet_hint = line.rule_outlet
        k = line.kind
        if k == "blank":
            continue
        if k == "header":
            yield from flush()
            ctx.update(line.meta)
        elif k == "paywall":
            yield from flush(truncated=True)
        elif k == "end":
            yield from flush()
        elif k == "start":
            # the headline, if any, stands just above the page-top furniture
            carry = None
            if section and (last_kind == "content" or len(section) == 1) and is_headline(section[-1]):
                carry = section.pop()
            yield from flush()
            if carry:
                section.append(carry)
        elif k == "content":
            section.append(line.text)
            size += len(line.text)
            if size > MAX_SECTION_CHARS:
                yield from flush()
        last_kind = k if k in ("content", "start", "header", "paywall", "end") else last_kind
    yield from flush()

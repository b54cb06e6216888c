"""HTML pieces built in Python: highlighted article text, marked snippets,
and small inline SVG charts.

Text is never string-replaced into HTML: it is cut at the stored character
offsets and every piece is escaped on its own (markupsafe), then wrapped in
elements whose attribute values are escaped too.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote as _urlquote

from markupsafe import Markup, escape

from ..model import Count, Person, Quote

PALETTE_SIZE = 8  # speaker colours c0..c7 in style.css (colour-blind-safe set)
_PARAGRAPH = re.compile(r"[^\n]+")


def person_url(name: str) -> str:
    return "/people/" + _urlquote(name, safe="")


def speaker_label(q: Quote) -> str:
    if q.speaker:
        return q.speaker
    if q.anonymous:
        return "Unnamed source"
    return "Unattributed"


def quote_tip(q: Quote) -> str:
    who = q.speaker or ("unnamed source" if q.anonymous else "speaker not identified")
    parts = [who[0].upper() + who[1:]]
    if q.speaker_desc and q.speaker_desc != q.speaker:
        parts.append(f"({q.speaker_desc})")
    tip = " ".join(parts)
    if q.cue:
        tip += f" — {q.cue}"
    extra = [x for x in ("in writing" if q.kind == "writing" else "", "partial quote" if q.partial else "",
                         "anonymous" if q.anonymous and q.speaker else "") if x]
    if extra:
        tip += " · " + ", ".join(extra)
    return tip


QUALIFIER_WORDS = {
    "exact": "", "about": "about", "at_least": "at least", "more_than": "more than",
    "fewer_than": "fewer than", "up_to": "up to", "range": "between",
}


def fmt_number(v: float | None) -> str:
    if v is None:
        return ""
    if abs(v) >= 1e9 and v % 1e7 == 0:
        return f"{v / 1e9:g} billion"
    if abs(v) >= 1e6 and v % 1e4 == 0:
        return f"{v / 1e6:g} million"
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def count_value(c) -> str:
    """'about 1,200', 'between 20 and 99', from a Count or a count dict."""
    g = (lambda k: c.get(k)) if isinstance(c, dict) else (lambda k: getattr(c, k))
    qual = g("qualifier") or "exact"
    if g("low") is not None and g("high") is not None and (qual == "range" or g("value") is None):
        return f"{fmt_number(g('low'))}–{fmt_number(g('high'))}"
    word = QUALIFIER_WORDS.get(qual, qual.replace("_", " "))
    v = fmt_number(g("value"))
    return (f"{word} {v}" if word else v) or "?"


def count_tip(c: Count) -> str:
    parts = [c.category]
    if c.what:
        parts[0] += f": {c.what}"
    value = count_value(c)
    if c.qualifier and c.qualifier not in ("exact", "range"):
        value += " (hedged)"
    parts.append(value)
    parts.append(f"claimed by {c.claimant}" if c.claimant else "stated by the outlet")
    if c.as_of or c.as_of_date:
        parts.append(f"as of {c.as_of_date or c.as_of}")
    return " · ".join(parts)


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    open: str  # the opening tag (already escaped)
    close: str


@dataclass
class Highlighted:
    html: Markup
    legend: list[dict] = field(default_factory=list)  # speaker, css class, quotes


def _non_overlapping(marks: Iterable[_Mark]) -> list[_Mark]:
    kept: list[_Mark] = []
    for m in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _attr(s: str) -> str:
    return str(escape(s))


def highlight_article(text: str, quotes: list[Quote], counts: list[Count], people: list[Person]) -> Highlighted:
    """The article body as HTML paragraphs: quotes coloured by speaker
    (outer layer), counts and people mentions inside them (inner layer)."""
    n = len(text)
    ok = lambda s, e: isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= n  # noqa: E731

    colours: dict[str, str] = {}
    legend: dict[str, dict] = {}
    outer = []
    for i, q in enumerate(quotes):
        if not ok(q.start, q.end):
            continue
        label = speaker_label(q)
        if q.speaker:
            css = colours.setdefault(q.speaker, f"c{len(colours) % PALETTE_SIZE}")
        else:
            css = "qa" if q.anonymous else "qn"
        entry = legend.setdefault(label, {"speaker": label, "css": css, "quotes": 0, "first": f"q{i}",
                                          "person": bool(q.speaker)})
        entry["quotes"] += 1
        tip = quote_tip(q)
        outer.append(_Mark(q.start, q.end,
                           f'<span class="q {css}" id="q{i}" tabindex="0" data-tip="{_attr(tip)}" '
                           f'title="{_attr(tip)}">', "</span>"))
    outer = _non_overlapping(outer)

    count_marks = []
    for c in counts:
        if ok(c.start, c.end):
            tip = count_tip(c)
            count_marks.append(_Mark(c.start, c.end,
                                     f'<span class="n" tabindex="0" data-tip="{_attr(tip)}" title="{_attr(tip)}">',
                                     "</span>"))
    count_marks = _non_overlapping(count_marks)
    mention_marks = []
    for p in people:
        href = _attr(person_url(p.name))
        tip = _attr(p.name + (f" — {p.role}" if p.role else ""))
        for m in p.mentions:
            if ok(m.start, m.end):
                mention_marks.append(_Mark(m.start, m.end, f'<a class="pm" href="{href}" title="{tip}">', "</a>"))
    inner = _non_overlapping([*count_marks, *_free_of(mention_marks, count_marks)])

    def inner_html(s: int, e: int) -> str:
        out, pos = [], s
        for m in inner:
            if m.end <= s or m.start >= e:
                continue
            ms, me = max(m.start, s), min(m.end, e)
            out.append(str(escape(text[pos:ms])))
            out.append(m.open + str(escape(text[ms:me])) + m.close)
            pos = me
        out.append(str(escape(text[pos:e])))
        return "".join(out)

    paragraphs = []
    for para in _PARAGRAPH.finditer(text):
        s, e = para.span()
        out, pos = [], s
        for m in outer:
            if m.end <= s or m.start >= e:
                continue
            ms, me = max(m.start, s), min(m.end, e)
            out.append(inner_html(pos, ms))
            out.append(m.open + inner_html(ms, me) + m.close)
            pos = me
        out.append(inner_html(pos, e))
        paragraphs.append("<p>" + "".join(out) + "</p>")
    return Highlighted(Markup("\n".join(paragraphs)), list(legend.values()))


def _free_of(marks: list[_Mark], taken: list[_Mark]) -> list[_Mark]:
    return [m for m in marks if not any(m.start < t.end and t.start < m.end for t in taken)]


def marked(text: str, marks: list[list[int]]) -> Markup:
    """A snippet with <mark> around matched words (offsets from split_marks)."""
    out, pos = [], 0
    for s, e in marks:
        if s < pos or e > len(text):
            continue
        out.append(str(escape(text[pos:s])))
        out.append("<mark>" + str(escape(text[s:e])) + "</mark>")
        pos = e
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


# -- charts --------------------------------------------------------------------
SERIES_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8a6d00", "#555555"]



def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, t = [], start
    while t <= hi + step * 0.5:
        ticks.append(round(t, 10))
        t += step
    return ticks




def month_bars(months: list[dict], width: int = 560, height: int = 110) -> Markup:
    """Articles naming someone, per month, as a small bar chart."""
    if not months:
        return Markup("")
    top = max(m["articles"] for m in months) or 1
    bw = max(2.0, min(28.0, (width - 20) / len(months)))
    o = [f'<svg class="bars" viewBox="0 0 {width} {height}" role="img" aria-label="Articles per month" '
         f'xmlns="http://www.w3.org/2000/svg">']
    for i, m in enumerate(months):
        h = (height - 30) * m["articles"] / top
        x = 10 + i * bw
        o.append(f'<g><rect x="{x:.1f}" y="{height - 20 - h:.1f}" width="{bw - 2:.1f}" height="{h:.1f}" '
                 f'fill="#0072b2"/><title>{escape(m["month"])}: {m["articles"]} articles</title></g>')
    first, last = months[0]["month"], months[-1]["month"]
    o.append(f'<text x="10" y="{height - 4}" font-size="11" fill="#555">{escape(first)}</text>')
    if last != first:
        o.append(f'<text x="{10 + len(months) * bw:.1f}" y="{height - 4}" font-size="11" fill="#555" '
                 f'text-anchor="end">{escape(last)}</text>')
    o.append("</svg>")
    return Markup("".join(o))


def time_bars(ot: dict, width: int = 720, height: int = 180) -> Markup:
    """Matching articles per day, week or month (views.timeline.over_time)
    as bars, stacked per outlet when there are several series (their key
    under the bars), with a note when only the newest matches were counted.
    A standalone SVG document (the search page shows it as an image: a
    second request, so the results never wait for it); it scales with its
    box.  Every label is escaped."""
    buckets, series = ot.get("buckets") or [], ot.get("series") or []
    if not buckets or not series:
        return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 40" font-family="sans-serif">'
                      '<text x="8" y="24" font-size="13" fill="#555">No dated articles match.</text></svg>')
    totals = [sum(s["counts"][i] for s in series) for i in range(len(buckets))]
    top = max(totals) or 1
    ticks = [t for t in _nice_ticks(0, top, 3) if float(t).is_integer()]  # articles: whole numbers
    y1 = max(ticks[-1], top) if ticks else top
    keyed = [s for s in series if s.get("outlet")] if len(series) > 1 else []
    per_row = max(1, width // 230)
    key_h = 18 * math.ceil(len(keyed) / per_row) if keyed else 0
    note = f"counted: the {ot['window']:,} most recently added matches" if ot.get("window") else ""
    left, right, bottom, head = 34, 8, 22, 24 if note else 8
    plot_w, plot_h = width - left - right, height - bottom - head
    total_h = height + key_h
    bw = plot_w / len(buckets)
    sy = lambda v: head + plot_h * (1 - v / y1)  # noqa: E731
    unit = {"day": "day", "week": "week of", "month": "month"}.get(ot.get("by"), "")
    o = [f'<svg class="chart timebars" viewBox="0 0 {width} {total_h}" role="img" aria-label="Matching articles '
         f'per {escape(ot.get("by") or "day")}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">']
    if note:
        o.append(f'<text x="{width - right}" y="14" text-anchor="end" font-size="11" fill="#555">{escape(note)}</text>')
    for t in ticks:
        o.append(f'<line x1="{left}" x2="{width - right}" y1="{sy(t):.1f}" y2="{sy(t):.1f}" stroke="#ddd"/>'
                 f'<text x="{left - 4}" y="{sy(t) + 4:.1f}" text-anchor="end" font-size="11" fill="#555">'
                 f'{escape(fmt_number(t))}</text>')
    for i, b in enumerate(buckets):
        base = 0
        for si, s in enumerate(series):
            n = s["counts"][i]
            if not n:
                continue
            colour = SERIES_COLOURS[si % len(SERIES_COLOURS)]
            who = f'{s["outlet"]}: ' if s.get("outlet") else ""
            o.append(f'<rect x="{left + i * bw + 0.5:.1f}" y="{sy(base + n):.1f}" width="{max(bw - 1, 0.8):.1f}" '
                     f'height="{sy(base) - sy(base + n):.1f}" fill="{colour}"><title>{escape(who)}{n} '
                     f'article{"" if n == 1 else "s"}, {escape(unit)} {escape(b)}</title></rect>')
            base += n
    o.append(f'<line x1="{left}" x2="{width - right}" y1="{head + plot_h}" y2="{head + plot_h}" stroke="#555"/>')
    shown = {0, len(buckets) - 1} | ({len(buckets) // 2} if len(buckets) > 4 else set())
    for i in sorted(shown):
        anchor = "start" if i == 0 else "end" if i == len(buckets) - 1 else "middle"
        x = left + i * bw + (0 if anchor == "start" else bw if anchor == "end" else bw / 2)
        o.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="{anchor}" font-size="11" fill="#555">'
                 f'{escape(buckets[i])}</text>')
    col_w = (width - left) / per_row
    for k, s in enumerate(keyed):
        x, y = left + (k % per_row) * col_w, height + 4 + 18 * (k // per_row)
        colour = SERIES_COLOURS[series.index(s) % len(SERIES_COLOURS)]
        label = s["outlet"] if len(s["outlet"]) <= 30 else s["outlet"][:29] + "…"
        o.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="11" height="11" fill="{colour}"/>'
                 f'<text x="{x + 16:.1f}" y="{y + 10:.1f}" font-size="12" fill="#1a1a1a">{escape(label)}</text>')
    o.append("</svg>")
    return Markup("".join(o))

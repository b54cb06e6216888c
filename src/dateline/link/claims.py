"""Compare claims: the same quantity counted by different claimants.

Pure functions over count rows (no SQL).  A row is a mapping (or a
:class:`ClaimRow`) with at least ``category`` and ``what`` plus the count's
numbers; see :func:`as_row` for the accepted keys.  :func:`group_claims`
puts the rows that measure the same quantity ("Ukrainian soldiers killed")
side by side, across articles and claimants; :func:`draw_claims` charts one
group (matplotlib, Agg backend).

The subject of a count is normalised from its ``what`` phrase: the counted
noun and its modifiers (nationality, "civilian", ...), with verbs, hedges and
determiners dropped and synonyms folded (``lexicons/claim_subjects.json``).
A subject with no modifier ("soldiers killed") joins the one qualified group
of the same head and category in the same article ("Ukrainian soldiers
killed"), and across articles the unique qualified group containing it.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Mapping

__all__ = ["ClaimRow", "ClaimGroup", "as_row", "rows_from_articles", "subject_key", "claim_interval",
           "row_date", "group_claims", "draw_claims"]

_LEX = json.loads((resources.files("dateline") / "lexicons" / "claim_subjects.json").read_text(encoding="utf-8"))
_SYN: dict[str, str] = {}
for _canon, _forms in _LEX["synonyms"].items():
    for _f in _forms:
        _SYN[_f] = _canon
_MULTI = sorted((f for f in _SYN if " " in f), key=len, reverse=True)
_DROP = frozenset(_LEX["drop"])
_GENERIC = frozenset(_LEX["generic_heads"])
_CANON = frozenset(_LEX["synonyms"])
_TOKEN_RE = re.compile(r"[a-z][a-z’'-]*")
# Categories the all-categories grouping leaves out (ratios, prices and
# things): they are grouped only when asked for by name.
UNGROUPED_CATEGORIES = ("money", "percent", "other")


@dataclass(slots=True)
class ClaimRow:
    article_id: str | None
    category: str
    what: str | None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    claimant: str | None = None
    as_of: str | None = None
    as_of_date: str | None = None
    date: str | None = None          # article published (or captured) date
    text: str | None = None
    story: str | None = None         # optional story/cluster id: scopes generic subjects
    subject: str = ""                # normalised subject key (filled by group_claims)
    count_id: int | None = None      # the count's row in the archive (counts.rowid), when it came from one


@dataclass(slots=True)
class ClaimGroup:
    key: str                         # "killed|soldier ukrainian"
    category: str
    label: str                       # "Ukrainian soldiers — killed"
    rows: list[ClaimRow] = field(default_factory=list)

    @property
    def claimants(self) -> list[str]:
        return sorted({r.claimant or "(outlet)" for r in self.rows})

    def table(self) -> list[dict[str, Any]]:
        """Rows side by side, oldest first: claimant, number, qualifier, as of,
        article.  ``date`` is the date charted (as of, else the article's);
        ``article_date`` the article's own."""
        out = []
        for r in sorted(self.rows, key=lambda r: (row_date(r) or "9999", r.claimant or "")):
            out.append({"claimant": r.claimant or "(outlet)", "value": _fmt_value(r), "qualifier": r.qualifier,
                        "low": r.low, "high": r.high, "number": r.value,
                        "as_of": r.as_of, "as_of_date": r.as_of_date, "date": row_date(r),
                        "article_date": r.date, "article_id": r.article_id, "text": r.text})
        return out


# ---------------------------------------------------------------- rows

def as_row(x: Mapping[str, Any] | ClaimRow, **defaults) -> ClaimRow:
    """A :class:`ClaimRow` from a count dict (export or store row).

    Accepted keys: article_id | article | id, category, what, value, low, high,
    qualifier, claimant, as_of, as_of_date, published | captured_at | date,
    text, story, count_id.  ``defaults`` fill missing keys (e.g. article_id=...)."""
    if isinstance(x, ClaimRow):
        return x
    d = {**defaults, **{k: v for k, v in dict(x).items() if v is not None}}
    date = d.get("date") or d.get("published") or d.get("captured_at")
    return ClaimRow(
        article_id=d.get("article_id") or d.get("article") or d.get("id"),
        category=d.get("category") or "other", what=d.get("what"),
        value=d.get("value"), low=d.get("low"), high=d.get("high"),
        qualifier=d.get("qualifier") or "exact", claimant=d.get("claimant"),
        as_of=d.get("as_of"), as_of_date=d.get("as_of_date"),
        date=str(date)[:10] if date else None, text=d.get("text"), story=d.get("story"),
        count_id=d.get("count_id"))


def rows_from_articles(articles: Iterable[Mapping[str, Any]]) -> list[ClaimRow]:
    """Rows from export records (``{"id", "published", "captured_at", "counts": [...]}``)."""
    rows = []
    for a in articles:
        date = a.get("published") or a.get("captured_at")
        for c in a.get("counts") or []:
            rows.append(as_row(c, article_id=a.get("id"), date=date, story=a.get("story")))
    return rows


# ---------------------------------------------------------------- subjects

def _norm_token(t: str) -> str:
    t = t.replace("’", "'")
    if t.endswith("'s"):
        t = t[:-2]
    t = t.strip("'-")
    if t in _SYN:
        return _SYN[t]
    if len(t) > 4 and t.endswith("ies"):
        t = t[:-3] + "y"
    elif len(t) > 3 and t.endswith("s") and not t.endswith(("ss", "us", "sis")):
        t = t[:-1]
    return _SYN.get(t, t)


def subject_tokens(what: str | None) -> list[str]:
    """Content words of a ``what`` phrase, normalised ("Ukrainian soldiers who
    have died" -> ["ukrainian", "soldier"])."""
    return list(_subject_tokens(what))


@lru_cache(maxsize=1 << 16)
def _subject_tokens(what: str | None) -> tuple[str, ...]:
    """:func:`subject_tokens`, remembered: an archive repeats its phrases."""
    if not what:
        return ()
    s = " " + what.lower().replace("’", "'") + " "
    for f in _MULTI:
        s = s.replace(" " + f + " ", " " + _SYN[f] + " ")
    out = []
    for t in _TOKEN_RE.findall(s):
        t = t.replace("’", "'")
        if t in _DROP or t.strip("'") in _DROP:
            continue
        n = _norm_token(t)
        if n and n not in _DROP and n not in out:
            out.append(n)
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def subject_key(category: str, what: str | None) -> str:
    """``category|sorted subject tokens``; generic heads (person, death) are
    dropped when a more specific word is there ("Ukrainian deaths" ->
    "ukrainian")."""
    toks = _subject_tokens(what)
    specific = [t for t in toks if t not in _GENERIC]
    toks = specific or toks
    return f"{category}|{' '.join(sorted(toks))}"


def _is_generic(key: str) -> bool:
    """A subject with no qualifier ("children", "people killed") could be any
    event's: it only groups within one story (or one article)."""
    toks = key.split("|", 1)[1].split()
    return len(toks) <= 1 or all(t in _GENERIC for t in toks)


# ---------------------------------------------------------------- numbers and dates

def claim_interval(r: ClaimRow) -> tuple[float | None, float | None]:
    """The interval a row asserts: exact -> [v, v], more_than/at_least -> [v, inf),
    fewer_than/up_to -> (0, v], range -> [low, high], about -> [v, v]."""
    v = r.value
    if r.qualifier == "range" or v is None:
        return r.low, r.high
    if r.qualifier in ("more_than", "at_least"):
        return float(v), None
    if r.qualifier in ("fewer_than", "up_to"):
        return None, float(v)
    return float(v), float(v)


def row_date(r: ClaimRow) -> str | None:
    """ISO date the number refers to: ``as_of_date`` else the article date."""
    d = r.as_of_date
    if d and re.match(r"^\d{4}(?:-\d\d(?:-\d\d)?|-Q[1-4])?$", d):
        return d
    return r.date


def _date_num(d: str | None):
    """A matplotlib-friendly datetime for an ISO date, month, quarter or year."""
    import datetime as dt
    if not d:
        return None
    m = re.match(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?|-Q([1-4]))?", d)
    if not m:
        return None
    y = int(m.group(1))
    if m.group(4):
        return dt.datetime(y, 3 * int(m.group(4)) - 1, 15)
    mo = int(m.group(2) or 7)
    day = int(m.group(3) or (15 if m.group(2) else 1))
    try:
        return dt.datetime(y, mo, day)
    except ValueError:
        return None


_QUAL_WORD = {"more_than": "more than ", "at_least": "at least ", "about": "about ", "fewer_than": "fewer than ",
              "up_to": "up to ", "exact": ""}


def _fmt_num(x) -> str:
    if x is None:
        return "?"
    x = float(x)
    if x >= 1e9:
        return f"{x / 1e9:g} billion"
    if x >= 1e6:
        return f"{x / 1e6:g} million"
    if x == int(x):
        return f"{int(x):,}"
    return f"{x:g}"


def _fmt_value(r: ClaimRow) -> str:
    if r.qualifier == "range" or r.value is None:
        return f"{_fmt_num(r.low)}–{_fmt_num(r.high)}"
    return _QUAL_WORD.get(r.qualifier, "") + _fmt_num(r.value)


# ---------------------------------------------------------------- grouping

def group_claims(rows: Iterable[Mapping[str, Any] | ClaimRow], *, min_rows: int = 2, min_claimants: int = 2,
                 categories: Iterable[str] | None = None, fuzzy: int = 90) -> list[ClaimGroup]:
    """Group rows that measure the same quantity.

    Key = category + normalised subject.  Bare subjects ("soldiers killed")
    join the article's single qualified group with the same head ("Ukrainian
    soldiers killed"), then, across articles, the unique qualified key that
    contains them; near-identical keys (rapidfuzz token_set_ratio >= ``fuzzy``)
    merge.  Generic subjects ("people killed") only group within one ``story``.
    Groups with fewer than ``min_rows`` rows or ``min_claimants`` distinct
    claimants are dropped.  Largest groups first.

    The work is split for the archive, which keeps it incremental:
    :func:`prepare_rows` (per article), :func:`canonical_keys` (over the
    distinct subjects of a category only), :func:`assemble`.
    """
    rs = prepare_rows(rows, categories)
    canon = canonical_keys(key_stats(rs), fuzzy)
    for r in rs:
        r.subject = canon.get(r.subject, r.subject)
    return assemble(rs, min_rows=min_rows, min_claimants=min_claimants)


def prepare_rows(rows: Iterable[Mapping[str, Any] | ClaimRow],
                 categories: Iterable[str] | None = None) -> list[ClaimRow]:
    """The rows grouping keeps, each with its subject as its article gives
    it: a figure repeated in one article once, rows naming nothing dropped,
    and a bare subject joined to the article's single qualified subject
    containing it.  Depends on each row's article alone."""
    cats = set(categories) if categories else None
    rs = []
    seen = set()
    for r in rows:
        r = as_row(r)
        if cats is not None and r.category not in cats:
            continue
        if cats is None and r.category in UNGROUPED_CATEGORIES:
            continue  # ratios, prices and things: ask for them explicitly
        if r.value is None and r.low is None and r.high is None:
            continue
        sig = (r.article_id, r.claimant, r.value, r.low, r.high, r.qualifier, r.category, r.what)
        if sig in seen:
            continue  # the same figure repeated in one article
        seen.add(sig)
        rs.append(r)
    for r in rs:
        r.subject = subject_key(r.category, r.what)
    rs = [r for r in rs if r.subject.split("|", 1)[1]]  # nothing named: "others", "four"
    # within an article: a bare subject joins the single qualified key containing it
    by_article: dict[Any, list[ClaimRow]] = defaultdict(list)
    for r in rs:
        by_article[r.article_id].append(r)
    for arows in by_article.values():
        keyed: dict[str, list[ClaimRow]] = defaultdict(list)
        for r in arows:
            keyed[r.subject].append(r)
        for r in arows:
            sup = [k for k in keyed if k != r.subject and _contains(k, r.subject)]
            # "dozens of families" is not "more than 1,000 displaced families":
            # a bare subject joins only a figure of about its size
            if len(sup) == 1 and any(comparable(r, o) for o in keyed[sup[0]]):
                r.subject = sup[0]
    return rs


def _magnitude(r: ClaimRow) -> float | None:
    """The size of a row's figure: a closed interval's geometric middle, else its bound."""
    lo, hi = claim_interval(r)
    if lo and hi:
        return math.sqrt(lo * hi)
    return lo or hi or None


def comparable(a: ClaimRow, b: ClaimRow) -> bool:
    """Whether two figures can measure one quantity: within an order of
    magnitude of each other, or two ranges ("hundreds", "thousands",
    "between 200 and 400") that overlap."""
    if a.qualifier == "range" and b.qualifier == "range":
        (alo, ahi), (blo, bhi) = claim_interval(a), claim_interval(b)
        if None not in (alo, ahi, blo, bhi) and alo <= bhi and blo <= ahi:
            return True
    ma, mb = _magnitude(a), _magnitude(b)
    if ma is None or mb is None:
        return True
    return max(ma, mb) <= 10 * min(ma, mb)


def key_stats(rs: Iterable[ClaimRow]) -> dict[str, int]:
    """Rows per subject, the subjects in the order they first appear."""
    return dict(Counter(r.subject for r in rs))


def canonical_keys(stats: Mapping[str, int], fuzzy: int = 90) -> dict[str, str]:
    """Each subject -> the key of its group, from the subjects of the rows
    alone (``stats``: rows per subject in order of first appearance): a
    qualified subject joins the unique qualified subject containing it, then
    near-identical keys merge into the most frequent.  Subjects that stay
    themselves are left out."""
    # across articles: unique superset (qualified subjects only), found
    # through the subjects holding each word rather than by trying all pairs
    holders: dict[str, set[str]] = defaultdict(set)
    for k in stats:
        for t in k.split("|", 1)[1].split():
            holders[t].add(k)
    remap = {}
    for k in stats:
        if _is_generic(k):
            continue
        toks = k.split("|", 1)[1].split()
        cands = set.intersection(*(holders[t] for t in toks)) if toks else set()
        sup = [o for o in cands if o != k and _contains(o, k)]
        if len(sup) == 1:
            remap[k] = sup[0]
    merged: dict[str, int] = {}
    for k, n in stats.items():
        t = remap.get(k, k)
        merged[t] = merged.get(t, 0) + n
    canon: dict[str, str] = {}
    try:
        from rapidfuzz import fuzz
    except ImportError:  # pragma: no cover
        fuzz = None
    if fuzz is not None:
        keys = sorted(merged.items(), key=lambda kv: -kv[1])
        # representatives so far, by category and head noun (a key only merges
        # into one of the same category and head), in the order they came
        reps: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for k, _n in keys:
            cat, subj = k.split("|", 1)
            bucket = reps[(cat, _head(subj))]
            target = k
            if subj and not _is_generic(k):  # a bare subject ("members") is no near-copy of "family members"
                for rep, rsub in bucket:
                    if rsub and fuzz.token_set_ratio(subj, rsub) >= fuzzy:
                        target = rep
                        break
            if target == k and not _is_generic(k):
                bucket.append((k, subj))
            canon[k] = target
    out = {}
    for k in stats:
        t = remap.get(k, k)
        t = canon.get(t, t)
        if t != k:
            out[k] = t
    return out


def group_key(r: ClaimRow) -> str:
    """The stored key of the group a row (with its final subject) is in."""
    if _is_generic(r.subject):
        return f"{r.subject}@{r.story or f'article:{r.article_id}'}"
    return r.subject


def assemble(rs: Iterable[ClaimRow], *, min_rows: int = 2, min_claimants: int = 2) -> list[ClaimGroup]:
    """Rows with their final subjects -> groups, largest first."""
    groups: dict[str, list[ClaimRow]] = defaultdict(list)
    for r in rs:
        groups[group_key(r)].append(r)
    out = []
    for key, grs in groups.items():
        if len(grs) < min_rows or len({r.claimant or "(outlet)" for r in grs}) < min_claimants:
            continue
        cat = key.split("|", 1)[0]
        out.append(ClaimGroup(key=key, category=cat, label=_label(cat, grs), rows=grs))
    out.sort(key=lambda g: (-len(g.rows), g.key))
    return out


def _head(subject: str) -> str:
    toks = subject.split()
    nouns = [t for t in toks if t in _CANON or t in _GENERIC]
    return nouns[0] if nouns else (toks[-1] if toks else "")


def _contains(big: str, small: str) -> bool:
    bc, bs = big.split("|", 1)
    sc, ss = small.split("|", 1)
    if bc != sc or not ss:
        return False
    a, b = set(bs.split()), set(ss.split())
    return b < a


_CAT_WORD = {"killed": "killed", "wounded": "wounded", "missing": "missing", "displaced": "displaced",
             "detained": "detained", "hostages": "held hostage", "personnel": "personnel", "people": "",
             "other": ""}


def _label(category: str, rows: list[ClaimRow]) -> str:
    """The most specific ``what`` among the rows, cleaned, plus the category."""
    best = None
    best_n = -1
    for r in rows:
        toks = _subject_tokens(r.what)
        if len(toks) > best_n:
            best, best_n = r.what, len(toks)
    phrase = best or ""
    words = [w for w in phrase.split() if w.lower() not in _DROP]
    noun = " ".join(words) or category
    suffix = _CAT_WORD.get(category, category)
    return f"{noun} — {suffix}" if suffix else noun


# ---------------------------------------------------------------- chart

MAX_CHART_POINTS = 200  # a larger group is drawn from this many of its rows, spread over time
MAX_CHART_LABELS = 40   # values written beside the points up to this many


def draw_claims(group: ClaimGroup, path: str, *, title: str | None = None) -> str:
    """Chart one group: each claimant's value or interval over time.

    x = ``as_of_date`` (else the article date; rows with neither are spread
    at the right); exact/about values are points, ranges vertical bars,
    "more than"/"at least" upward triangles, "fewer than"/"up to" downward
    ones.  One colour per claimant.  Writes PNG or SVG (by extension) to
    ``path`` and returns it."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    rows = list(group.rows)
    if len(rows) > MAX_CHART_POINTS:  # evenly over time: a point per row would take minutes and say nothing more
        ordered = sorted(rows, key=lambda r: (row_date(r) or "9999", r.claimant or ""))
        step = len(ordered) / MAX_CHART_POINTS
        rows = [ordered[int(i * step)] for i in range(MAX_CHART_POINTS)]
        title = f"{title or group.label} ({MAX_CHART_POINTS} of {len(group.rows)} rows)"
    labelled_values = len(rows) <= MAX_CHART_LABELS
    claimants = sorted({r.claimant or "(outlet)" for r in rows})
    cmap = plt.get_cmap("tab10")
    colour = {c: cmap(i % 10) for i, c in enumerate(claimants)}
    dated = [(r, _date_num(row_date(r))) for r in rows]
    have_dates = [d for _, d in dated if d is not None]
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    if have_dates:
        import datetime as dt
        lo, hi = min(have_dates), max(have_dates)
        span = max((hi - lo).days, 30)
        undated_x = hi + dt.timedelta(days=span * 0.15)
        xs = [d if d is not None else undated_x for _, d in dated]
    else:
        xs = list(range(len(rows)))
    # small horizontal jitter for rows on the same date
    seen: Counter = Counter()
    jittered = []
    for x in xs:
        k = str(x)
        n = seen[k]
        seen[k] += 1
        if n and have_dates:
            import datetime as dt
            x = x + dt.timedelta(days=3 * n)
        elif n:
            x = x + 0.1 * n
        jittered.append(x)
    labelled = set()
    # one artist per claimant and kind of mark, not one per row
    bars: dict[str, list] = defaultdict(list)
    marks: dict[tuple[str, str, bool], list] = defaultdict(list)
    for (r, _), x in zip(dated, jittered):
        who = r.claimant or "(outlet)"
        col = colour[who]
        if r.qualifier == "range" or r.value is None:
            lo_v = r.low if r.low is not None else r.high
            hi_v = r.high if r.high is not None else r.low
            if lo_v is None:
                continue
            bars[who].append((x, lo_v, hi_v))
            y = (lo_v + hi_v) / 2
        else:
            y = float(r.value)
            marker = {"more_than": "^", "at_least": "^", "fewer_than": "v", "up_to": "v"}.get(r.qualifier, "o")
            marks[(who, marker, r.qualifier == "about")].append((x, y))
        if labelled_values:
            ax.annotate(_fmt_value(r), (x, y), textcoords="offset points", xytext=(6, 4), fontsize=8, color=col)
    for who, pts in bars.items():
        lab = None if who in labelled else who
        labelled.add(who)
        ax.vlines([p[0] for p in pts], [p[1] for p in pts], [p[2] for p in pts], colors=[colour[who]], linewidth=6,
                  alpha=0.6, label=lab)
    for (who, marker, hollow), pts in marks.items():
        lab = None if who in labelled else who
        labelled.add(who)
        col = colour[who]
        ax.scatter([p[0] for p in pts], [p[1] for p in pts], marker=marker, s=80, edgecolors=[col],
                   facecolors="none" if hollow else col, linewidths=1.8, label=lab, zorder=3)
    if have_dates:
        # matplotlib's concise dates: days when the points fall in one month,
        # months over a year... (a fixed "%Y-%m" wrote one month per tick)
        locator = mdates.AutoDateLocator(maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.set_xlabel("as of (else article date)")
    else:
        ax.set_xticks(range(len(rows)))
        ax.set_xticklabels([(r.claimant or "(outlet)")[:14] for r in rows], rotation=30, ha="right", fontsize=8)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _p: _fmt_num(v) if v >= 0 else ""))
    top = max([float(v) for r in rows for v in (r.value, r.low, r.high) if v is not None] or [1.0])
    ax.set_ylim(0, top * 1.18)
    ax.set_title(title or group.label, fontsize=11)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8, loc="best", title="claimant", title_fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def groups_about(groups: list, about: str | None) -> list:
    """The groups whose label, counted things or phrases mention every word
    of ``about`` (case-insensitive); all of them without ``about``."""
    if not about:
        return groups
    words = [w.lower() for w in about.split()]
    return [g for g in groups
            if all(any(w in (x or "").lower() for x in [g.label, *(r.what for r in g.rows), *(r.text for r in g.rows)])
                   for w in words)]

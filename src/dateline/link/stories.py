"""One story across time: threading articles that follow the same events.

Each article becomes a sparse TF-IDF vector over its content words (title
words count more) and its entities (linked people ``p:<person id>``, places
``pl:``, organisations ``o:``), cut to its ``TOP_K`` strongest features and
L2-normalised.  Document frequencies are the archive's own added to a
background of some thousand news articles (``lexicons/story_df.tsv``), so
a young archive does not take every word for rare.  A new article joins
the story whose articles and centroid it resembles most, when the
resemblance, discounted by the time gap, clears a threshold; otherwise it
starts a story.  Candidates come from an inverted
index of the features (very common features are not used to find
candidates), so adding an article costs a few index look-ups, never a scan
of the archive.  Near-duplicates join the story of their original and are
not counted twice.

The algorithm is in :class:`StoryLinker` (pure, in memory); the archive
subclass in ``run.py`` keeps its state in SQLite.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from ..annotate.names import fold

TOP_K = 40            # features kept per article
CENTROID_K = 80       # features kept per story centroid
TITLE_WEIGHT = 3      # a title word counts as this many body words
ENTITY_BOOST = 1.6    # entities weigh more than words of the same rarity
# Joining a story: best article similarity and centroid similarity (after the
# time discount) averaged must reach STORY_MIN, the best article ARTICLE_MIN.
ARTICLE_MIN = 0.22
STORY_MIN = 0.25
MIN_SHARED = 3        # candidate articles share at least this many indexed features
MAX_CANDIDATES = 60   # candidate articles scored per new article
LABEL_MEMBERS = 50    # a label is drawn from a story's latest articles
# Features in more than this share of articles (and more than MIN_CAP) are not
# used to find candidates (they still count in the similarity).
MAX_DF_SHARE = 0.02
MIN_CAP = 25
# Time: no discount within GRACE_DAYS, then a slow decay; beyond MAX_GAP_DAYS
# two articles are never one story.
GRACE_DAYS = 10
HALF_LIFE_DAYS = 150
MAX_GAP_DAYS = 400
# A young archive's document frequencies say little (the first article's are
# all 1), so while it holds fewer than YOUNG_DOCS articles the stored
# articles are weighed again with the frequencies of the moment at each
# decision, from the raw counts of their TF_KEEP strongest features.
YOUNG_DOCS = 500
TF_KEEP = 100
# Background document frequencies (lexicons/story_df.tsv, train/story_df.py)
# weigh an article whose distinct words are at least KNOWN_SHARE background
# words; OWN marks the kept counts of one weighed by the archive alone.
KNOWN_SHARE = 0.4
OWN = "#:own"

_WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")


def _stop_words() -> frozenset[str]:
    from importlib.resources import files

    text = files("dateline.lexicons").joinpath("stop_words.txt").read_text(encoding="utf-8")
    return frozenset(fold(w) for line in text.splitlines() if not line.startswith("#") for w in line.split())


STOP = _stop_words()


# --------------------------------------------------------------------------
# Features (pure)
# --------------------------------------------------------------------------

def stem(w: str) -> str:
    """A light plural fold of a lowercase word: "deportees" -> "deportee",
    "cities" -> "city", "losses" -> "loss"."""
    if len(w) > 4:
        if w.endswith("ies"):
            return w[:-3] + "y"
        if w.endswith(("sses", "shes", "ches", "xes")):
            return w[:-2]
        if w.endswith("s") and not w.endswith(("ss", "us", "is")):
            return w[:-1]
    return w


_TOKENS: dict[str, tuple[str, str, str] | None] = {}   # token -> (surface, feature, stemmed feature)


def _token(tok: str) -> tuple[str, str, str] | None:
    """A token's surface (possessive off), folded feature and its stem; None
    for a stop word or a word too short (kept for the words news repeats)."""
    got = _TOKENS.get(tok, False)
    if got is not False:
        return got
    w = tok[:-2] if tok.endswith(("’s", "'s")) else tok
    f = fold(w)
    out = None if len(f) < 3 or f in STOP else (w, (f := f.replace("'", "")), stem(f))
    if len(_TOKENS) > 200_000:
        _TOKENS.clear()
    _TOKENS[tok] = out
    return out


def words(text: str, lower: frozenset[str] | set[str] = frozenset()) -> Iterable[tuple[str, str]]:
    """(feature, surface) for each content word of ``text``.  A lowercase
    word is stemmed, and so is a capitalised one whose folded form is in
    ``lower`` (a headline in Title Case: "Convoys" as "convoys" in the body)."""
    for tok in _WORD.findall(text):
        t = _token(tok)
        if t is not None:
            w, f, st = t
            yield (st if w[:1].islower() or f in lower else f), w


@dataclass(slots=True)
class Doc:
    """What threading needs to know about one article."""

    key: object                               # rowid
    title: str | None
    text: str
    day: str | None = None
    people: Sequence[tuple[object, int, str]] = ()   # (person id, mentions, name)
    places: Sequence[tuple[str, int]] = ()           # (name, mentions)
    orgs: Sequence[tuple[str, int]] = ()
    duplicate_of: object | None = None               # rowid of a near-duplicate original


def raw_features(doc: Doc) -> tuple[Counter, dict[str, str]]:
    """Raw feature counts of an article and a surface form for each."""
    surface: dict[str, str] = {}
    seen: dict[str, dict[str, int]] = {}   # feature -> {surface: count}, in the order first seen
    titled: dict[str, str] = {}
    # each distinct token once, with its count, in the order tokens first
    # appear (so features and surfaces are first seen in the text's order)
    body = []
    known = _TOKENS.get
    for tok, n in Counter(_WORD.findall(doc.text)).items():
        t = known(tok, False)
        if t is False:
            t = _token(tok)
        if t is not None:
            body.append((*t, n))
    # words written in lowercase somewhere in the body are ordinary words:
    # capitalised at a sentence start or in a Title Case headline, they are
    # stemmed as well
    lower = {f for w, f, _, _ in body if w[:1].islower()}
    tf: Counter = Counter()
    for w, f, st, n in body:
        f = st if w[:1].islower() or f in lower else f
        tf[f] = tf.get(f, 0) + n
        c = seen.get(f)
        if c is None:
            seen[f] = {w: n}
        else:
            c[w] = c.get(w, 0) + n
    for f, w in words(doc.title or "", lower):
        tf[f] += TITLE_WEIGHT
        titled.setdefault(f, w)
    for f, c in seen.items():  # surface forms from the body (titles are Title Cased): the commonest, first seen on a tie
        surface[f] = next(iter(c)) if len(c) == 1 else max(c, key=c.__getitem__)
    for f, w in titled.items():
        surface.setdefault(f, w)
    for prefix, items in (("pl:", doc.places), ("o:", doc.orgs)):
        for name, n in items:
            f = prefix + fold(name)
            tf[f] += n
            surface.setdefault(f, name)
    for pid, n, name in doc.people:
        f = f"p:{pid}"
        tf[f] += n
        surface[f] = name
    return tf, surface


def _background() -> tuple[int, dict[str, int]]:
    """(articles, word -> articles it appears in) of ``lexicons/story_df.tsv``."""
    from importlib.resources import files

    n, df = 0, {}
    for line in files("dateline.lexicons").joinpath("story_df.tsv").read_text(encoding="utf-8").splitlines():
        w, _, c = line.partition("\t")
        if w == "#docs":
            n = int(c)
        elif c and not w.startswith("#"):
            df[w] = int(c)
    return n, df


BG_DOCS, BG_DF = _background()


@lru_cache(maxsize=65536)
def background_df(feature: str) -> int:
    """In how many background articles a feature appears: a word's own
    count; a place or organisation counts as its rarest word ("pl:new
    zealand" as "zealand"); a linked person (an archive id) has none."""
    if ":" not in feature:
        return BG_DF.get(feature, 0)
    kind, _, name = feature.partition(":")
    if kind == "p":
        return 0
    got = [max(BG_DF.get(f, 0), BG_DF.get(stem(f), 0)) for f in (fold(t).replace("'", "") for t in _WORD.findall(name))]
    return min(got) if got else 0


def known(tf: Mapping[str, int]) -> bool:
    """Whether the background knows an article's words: at least
    KNOWN_SHARE of its distinct words are background words.  English news
    is mostly made of them (about 0.6 to 0.95: rare names and a story's own
    terms aside); an article in another language, or of invented
    syllables, is not (0.2 and less), and is weighed by the archive alone
    (the background would make all its words look equally rare)."""
    words_ = seen = 0
    for f in tf:
        if ":" not in f:
            words_ += 1
            seen += f in BG_DF
    return words_ > 0 and seen >= KNOWN_SHARE * words_


def idf(df: int, n_docs: int, bg_df: int = 0, bg_docs: int = 0) -> float:
    """Inverse document frequency over the archive and the background."""
    return math.log((n_docs + bg_docs + 1) / (df + bg_df + 1)) + 1.0


def _strongest(w: Mapping[str, float], k: int) -> list[tuple[str, float]]:
    """The k heaviest (feature, weight) pairs, ties by feature: what
    ``sorted(w.items(), key=lambda kv: (-kv[1], kv[0]))[:k]`` gives, in two
    sorts that call no Python per item (a stable sort, reversed, keeps ties
    in feature order)."""
    return sorted(sorted(w.items()), key=itemgetter(1), reverse=True)[:k]


def vectorize(tf: Mapping[str, int], df: Mapping[str, int], n_docs: int, top_k: int = TOP_K,
              background: bool = True) -> dict[str, float]:
    """Top-k TF-IDF weights, L2-normalised.  With ``background``, words,
    places and organisations are weighed over the archive and the
    background articles together (in a young archive the background
    decides; a large one outweighs it); linked people, and everything of an
    article the background does not know, over the archive alone."""
    return _normed(_strongest(_weights(tf, df, n_docs, background), top_k))


def _weights(tf: Mapping[str, int], df: Mapping[str, int], n_docs: int, background: bool = True) -> dict[str, float]:
    w = {}
    log = math.log
    bg_df = BG_DF if background else {}
    n_all = n_docs + (BG_DOCS if background else 0) + 1  # idf() inlined: this loop is the linker's hot path
    for f, c in tf.items():
        if ":" not in f:
            w[f] = (1.0 + log(c)) * (log(n_all / (df.get(f, 1) + bg_df.get(f, 0) + 1)) + 1.0)
        elif f.startswith("p:"):
            w[f] = (1.0 + log(c)) * idf(df.get(f, 1), n_docs) * ENTITY_BOOST
        elif f != OWN:
            w[f] = (1.0 + log(c)) * (log(n_all / (df.get(f, 1) + (background_df(f) if background else 0) + 1))
                                     + 1.0) * ENTITY_BOOST
    return w


def _normed(top: list[tuple[str, float]]) -> dict[str, float]:
    norm = math.sqrt(sum(x * x for _, x in top)) or 1.0
    return {f: x / norm for f, x in top}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b[f] for f, x in a.items() if f in b)


def _date(d: str | None) -> dt.date | None:
    if not d:
        return None
    try:
        return dt.date.fromisoformat(d[:10])
    except ValueError:
        return None


def gap_days(day: str | None, first: str | None, last: str | None) -> int | None:
    """Days from ``day`` to the span [first, last]; None when unknown."""
    d, a, b = _date(day), _date(first), _date(last or first)
    if d is None or a is None or b is None:
        return None
    if a <= d <= b:
        return 0
    return min(abs((d - a).days), abs((d - b).days))


def time_factor(gap: int | None) -> float:
    """Discount of a similarity for a time gap (unknown gap: none)."""
    if gap is None or gap <= GRACE_DAYS:
        return 1.0
    if gap > MAX_GAP_DAYS:
        return 0.0
    return 0.5 ** ((gap - GRACE_DAYS) / HALF_LIFE_DAYS)


def centroid(vectors: Iterable[Mapping[str, float]], top_k: int = CENTROID_K) -> dict[str, float]:
    acc: Counter = Counter()
    for v in vectors:
        for f, x in v.items():
            acc[f] += x
    top = _strongest(acc, top_k)
    norm = math.sqrt(sum(x * x for _, x in top)) or 1.0
    return {f: x / norm for f, x in top}


def story_label(members: Sequence[Mapping[str, float]], surface: Mapping[str, str], n: int = 4) -> str:
    """The most distinctive features the articles share: each feature scores
    its summed weight, and features in only one article of a multi-article
    story are used only when nothing is shared."""
    support: Counter = Counter()
    weight: Counter = Counter()
    for v in members:
        for f, x in v.items():
            support[f] += 1
            weight[f] += x
    need = 2 if len(members) > 1 else 1
    pool = [f for f in weight if support[f] >= need] or list(weight)
    ranked = sorted(pool, key=lambda f: (-(weight[f] * (1 + 0.5 * (support[f] - 1))), f))
    out: list[str] = []
    seen: set[str] = set()
    for f in ranked:
        s = surface.get(f) or f.split(":", 1)[-1]
        k = fold(s)
        if k in seen or any(k in fold(o) or fold(o) in k for o in out):
            continue
        seen.add(k)
        out.append(s)
        if len(out) == n:
            break
    return " · ".join(out)


# --------------------------------------------------------------------------
# The linker (in memory; run.ArchiveStories keeps the same state in SQLite)
# --------------------------------------------------------------------------

@dataclass(slots=True)
class Story:
    id: int
    members: list = field(default_factory=list)        # distinct article keys, in join order
    duplicates: list = field(default_factory=list)
    first_day: str | None = None
    last_day: str | None = None
    centroid: dict[str, float] = field(default_factory=dict)
    label: str = ""
    dirty: bool = True


class StoryLinker:
    """Threads articles into stories, incrementally.  Storage hooks
    (``_postings``, ``_vector``...) are dicts here; the archive subclass
    reads and writes SQLite instead."""

    def __init__(self) -> None:
        self.df: Counter = Counter()
        self.n_docs = 0
        self.vectors: dict[object, dict[str, float]] = {}
        self.tfs: dict[object, dict[str, int]] = {}    # raw counts kept while the archive is young
        self._now: dict[object, dict[str, float] | None] = {}  # vectors weighed for the current decision
        self.days: dict[object, str | None] = {}
        self.story_of: dict[object, int] = {}
        self.stories: dict[int, Story] = {}
        self.postings: dict[str, list] = defaultdict(list)
        self.surface: dict[str, str] = {}
        self.next_id = 1
        self.similarity: dict[object, float | None] = {}
        self.df_delta: Counter = Counter()       # document frequencies added since loading

    # -- storage hooks -------------------------------------------------------------
    def _load_df(self, features: Iterable[str]) -> None:
        pass

    def _posting(self, feature: str) -> Sequence:
        return self.postings.get(feature, ())

    def _vector(self, key) -> dict[str, float] | None:
        return self.vectors.get(key)

    def _story(self, sid: int) -> Story | None:
        return self.stories.get(sid)

    def _story_id_of(self, key) -> int | None:
        return self.story_of.get(key)

    def _new_story_id(self, key) -> int:
        """The id of a story ``key`` opens: the next number here (keys may be
        any object); the archive uses the opening article's rowid."""
        sid = self.next_id
        self.next_id += 1
        return sid

    def _member_vectors(self, story: Story) -> list[dict[str, float]]:
        return [v for k in story.members if (v := self._vector(k)) is not None]

    # -- threading -------------------------------------------------------------------
    def add(self, docs: Sequence[Doc]) -> dict[object, int]:
        """Thread new articles, one after another in the order given;
        returns the story id of each.  An article is weighed and placed
        against the articles before it only (the document frequencies grow
        article by article), so adding articles in parts gives the threads
        of adding them all at once in the same order: incremental linking
        and a rebuild agree."""
        feats = []
        for d in docs:
            tf, surf = raw_features(d)
            feats.append(tf)
            for f, s in surf.items():
                self.surface.setdefault(f, s)
        self._load_df({f for tf in feats for f in tf})
        out: dict[object, int] = {}
        for d, tf in zip(docs, feats):
            self.df.update(tf.keys())
            self.df_delta.update(tf.keys())
            self.n_docs += 1
            self._now.clear()
            bg = known(tf)
            if self.young():  # weighed and ranked once: the TF_KEEP strongest, and the TOP_K of them
                ranked = _strongest(_weights(tf, self.df, self.n_docs, bg), TF_KEEP)
                self.tfs[d.key] = {f: tf[f] for f, _ in ranked} | ({} if bg else {OWN: 1})
                vec = _normed(ranked[:TOP_K])
            else:
                vec = vectorize(tf, self.df, self.n_docs, background=bg)
            out[d.key] = self._place(d, vec)
        return out

    def young(self) -> bool:
        return self.n_docs < YOUNG_DOCS

    def _weighted(self, key) -> dict[str, float] | None:
        """An article's vector for a decision now: while the archive is
        young, weighed again from its raw counts with today's frequencies."""
        v = self._vector(key)
        if v is None or not self.young():
            return v
        tf = self.tfs.get(key)
        if not tf:
            return v
        w = self._now.get(key)
        if w is None:
            self._load_df(tf)
            w = self._now[key] = vectorize(tf, self.df, self.n_docs, background=OWN not in tf)
        return w

    def _centroid(self, story: Story) -> dict[str, float]:
        if not self.young():
            return story.centroid
        return centroid([v for k in story.members if (v := self._weighted(k)) is not None])

    def cap(self) -> int:
        return max(MIN_CAP, int(MAX_DF_SHARE * self.n_docs))

    def candidates(self, vec: Mapping[str, float], day: str | None) -> list[tuple[object, float]]:
        """(article, similarity after the time discount) of likely matches."""
        cap = self.cap()
        shared: Counter = Counter()
        for f in vec:
            if self.df.get(f, 0) > cap:
                continue
            for k in self._posting(f):
                shared[k] += 1
        pool = [k for k, n in shared.items() if n >= MIN_SHARED]
        pool.sort(key=lambda k: (-shared[k], str(k)))
        out = []
        for k in pool[:MAX_CANDIDATES]:
            u = self._weighted(k)
            if u is None:
                continue
            s = cosine(vec, u) * time_factor(gap_days(day, self.days.get(k), None))
            if s > 0:
                out.append((k, s))
        return out

    def _place(self, d: Doc, vec: dict[str, float]) -> int:
        self.vectors[d.key] = vec
        self.days[d.key] = d.day
        story = None
        sim = None
        if d.duplicate_of is not None:
            sid = self._story_id_of(d.duplicate_of)
            story = self._story(sid) if sid is not None else None
        if story is not None:
            story.duplicates.append(d.key)
            sim = 1.0
        else:
            story, sim = self._best_story(d, vec)
            if story is None:
                story = Story(self._new_story_id(d.key))
                self.stories[story.id] = story
            story.members.append(d.key)
            n = len(story.members) - 1  # the centroid moves by the new article's share
            story.centroid = centroid([{f: x * n for f, x in story.centroid.items()}, vec])
            for f in vec:
                self.postings[f].append(d.key)
        self.story_of[d.key] = story.id
        self.similarity[d.key] = sim
        if d.day:
            story.first_day = min(story.first_day or d.day[:10], d.day[:10])
            story.last_day = max(story.last_day or d.day[:10], d.day[:10])
        story.dirty = True
        return story.id

    def _best_story(self, d: Doc, vec: dict[str, float]) -> tuple[Story | None, float | None]:
        best_art: dict[int, float] = {}
        for k, s in self.candidates(vec, d.day):
            sid = self._story_id_of(k)
            if sid is not None and s > best_art.get(sid, 0.0):
                best_art[sid] = s
        best, best_score = None, 0.0
        for sid, s in best_art.items():
            if s < ARTICLE_MIN:
                continue
            st = self._story(sid)
            if st is None:
                continue
            c = cosine(vec, self._centroid(st)) * time_factor(gap_days(d.day, st.first_day, st.last_day))
            score = (s + c) / 2
            if score >= STORY_MIN and (score > best_score or (score == best_score and best and sid < best.id)):
                best, best_score = st, score
        return best, (round(best_score, 4) if best else None)

    def label(self, story: Story) -> str:
        return story_label(self._member_vectors(story)[-LABEL_MEMBERS:], self.surface)

    def relabel(self) -> None:
        for st in self.stories.values():
            if st.dirty:
                st.label = self.label(st)


def by_day(docs: Sequence[Doc]) -> list[Doc]:
    """Articles in time order (undated first), ties by key."""
    return sorted(docs, key=lambda d: (d.day or "", str(d.key)))


def thread(docs: Sequence[Doc]) -> dict[object, int]:
    """Story ids for a set of articles threaded in memory, taken by day."""
    linker = StoryLinker()
    out = linker.add(by_day(docs))
    linker.relabel()
    return out

"""The text model of one article body, built once and shared by the annotators.

    doc = Text.of(body)        # paragraphs, quotation spans, masked text, sentences
    doc.paragraph(pos)         # (start, end) of the paragraph holding pos
    doc.sentence(pos)          # (start, end) of the sentence holding pos
    doc.spans                  # [(start, end, closed)]: text inside quotation marks

Paragraphs are the non-empty lines.  Quotation spans (``quote_spans``):

* double marks, curly or straight; single marks inside them stay part of the
  outer span; a closing mark with nothing open that reads like an opening
  one (``”Yes,” he said``) opens, an opening mark between a word and a space
  or punctuation (``"rapists“ while``) closes;
* single marks outside double ones (British ‘...’, or straight '...' in a
  text that writes its apostrophes straight), paired so that apostrophes
  (don’t, Ukraine’s, the ’90s, workers’, rock ‘n’ roll) never open or close
  a quotation; double marks inside such a span stay part of it;
* a span still open at the end of its paragraph ends there (``closed``
  false): the quotation goes on in the next paragraph (news convention:
  every paragraph of a long quotation opens with a mark, only the last one
  closes);
* stray spaces inside the marks are not part of the span;
* markup left in a scraped text is no quotation: a straight mark after
  ``=`` opens an attribute's value (``<a href="...">``), one before ``>``
  ends a tag.

Everything here is linear in the length of the text: a megabyte without a
line break costs what a megabyte of short paragraphs does.

``masked`` is the text with quotation interiors blanked (``\\x00``) but their
final punctuation kept, so sentence ends and commas stay visible and nothing
inside a quotation is taken for the outlet's own words.  Sentences are split
on the masked text: a quotation never ends a sentence from inside.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from .. import lexicon

__all__ = ["Text", "english_marks", "quote_spans", "paragraph_spans", "mask", "sentence_starts"]

_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"

# ------------------------------------------------------------------ paragraphs
_PARA_RE = re.compile(r"[^\n]+")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line."""
    return [m.span() for m in _PARA_RE.finditer(text)]


# ------------------------------------------------------------------ quotation marks
_MARK_RE = re.compile(r"[“”\"]")
_SINGLE_CURLY_RE = re.compile(r"[‘’]")
_SINGLE_STRAIGHT_RE = re.compile(r"'")
_KEEP_END = ",.?!;:…—"
# words written with a leading apostrophe that looks like an opening mark
# ("rock ‘n’ roll", "‘em", "‘til"); decades ("the ‘90s") are caught by rule
ELISIONS = frozenset(w.lower() for w in lexicon.entries("elisions.txt"))
_SPEECH_VERBS = frozenset(w for w in lexicon.entries("speech_verbs.txt") if " " not in w)
_DECADE_RE = re.compile(r"\d\d(?:s|’s|'s)?(?![\w])")
_ELISION_WORD_RE = re.compile(r"[^\W\d_]+")
# a single mark opens after these (or at the paragraph start) ...
_SQ_OPEN_PREV = frozenset(" \t\u00a0([{—–-/“\"")
# ... and closes after sentence punctuation (a strong close) or a word
_SQ_STRONG_PREV = frozenset(",.?!…;:—–-)”\"")
_SQ_OPEN_ANCHOR = ":,.?!—–;"
# a typed opening mark that closes: after a word or punctuation, before a space or punctuation
_CLOSE_AFTER = frozenset(",.?!…;:—–)")


def quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """Spans inside quotation marks: (start, end, closed), in text order.

    See the module docstring for the conventions.  The spans of the text
    last given to ``Text.of`` are not computed again.
    """
    doc = _LAST[0]
    if doc is not None and doc.text is text:
        return doc.spans
    return _quote_spans(text, paragraph_spans(text))


# the quotation marks of other languages' typography, as translated copy keeps them: French
# guillemets (« ... », ‹ ... ›) and the low-high marks of German and central Europe („ ... “, „ ... ”)
_FOREIGN_MARKS = str.maketrans({"«": "“", "»": "”", "‹": "‘", "›": "’"})
_LOW_HIGH_RE = re.compile(r"„([^„“”\n]*)[“”]")


def english_marks(text: str) -> str:
    """``text`` with guillemets and low-high quotation marks written as English curly marks
    (one character for one, so every offset stays valid): « ... » and „ ... “ become “ ... ”.
    The rules below read English marks; the annotators read this copy and slice what they
    report from the original."""
    if "«" not in text and "»" not in text and "„" not in text and "‹" not in text:
        return text
    text = text.translate(_FOREIGN_MARKS)
    if "„" in text:
        text = _LOW_HIGH_RE.sub(lambda m: "“" + m.group(1) + "”", text).replace("„", "“")
    return text


def _quote_spans(text: str, paras: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    out: list[tuple[int, int, bool]] = []
    single_re = opener = None
    if "‘" in text:
        single_re, opener = _SINGLE_CURLY_RE, "‘"
    elif "'" in text and "’" not in text:
        single_re, opener = _SINGLE_STRAIGHT_RE, "'"
    for k, (ps, pe) in enumerate(paras):
        spans = _double_spans(text, ps, pe)
        if opener is not None and text.find(opener, ps, pe) >= 0:
            nxt = paras[k + 1] if k + 1 < len(paras) else None
            spans = _with_single_spans(text, ps, pe, spans, single_re, nxt)
        out.extend(spans)
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """``text[s:e]`` without the spaces just inside the marks."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _double_spans(text: str, ps: int, pe: int) -> list[tuple[int, int, bool]]:
    out: list[tuple[int, int, bool]] = []
    marks = [m.start() for m in _MARK_RE.finditer(text, ps, pe)]
    # closing marks before the next opening one, for each mark (one backward pass)
    closes_ahead = [0] * (len(marks) + 1)
    for k in range(len(marks) - 1, -1, -1):
        closes_ahead[k] = 0 if text[marks[k]] == "“" else closes_ahead[k + 1] + (text[marks[k]] == "”")
    open_at = -1
    nested = 0  # closing marks still owed to curly quotations nested in the open one
    markup = False  # inside a markup attribute's value (href="...") left in the text
    for k, i in enumerate(marks):
        ch = text[i]
        if markup:
            markup = ch != '"'
            continue
        if nested:
            if ch == "”":
                nested -= 1
            continue
        if ch == '"' and open_at < 0 and (text[i - 1:i] == "=" or text[i + 1:i + 2] == ">"):
            markup = text[i - 1:i] == "="  # a value opens after "=", and a tag closes with ">"
            continue
        if open_at < 0:
            if ch == "”":
                # a closing mark with nothing open: a typo'd opening mark?
                prev = text[i - 1] if i > ps else " "
                nxt = text[i + 1] if i + 1 < pe else " "
                if not (prev.isspace() or prev in "(—") or not (nxt.isalnum()):
                    continue
            elif ch == '"':
                nxt = text[i + 1] if i + 1 < pe else " "
                if nxt.isspace() and not _spaced_open(text, marks, k, ps):
                    continue
            open_at = i + 1
        else:
            if ch == "“":
                prev = text[i - 1]
                nxt = text[i + 1] if i + 1 < pe else " "
                if (prev.isalnum() or prev in _CLOSE_AFTER) and (nxt.isspace() or nxt in _KEEP_END):
                    # an opening mark typed for a closing one: “rapists“ while
                    s, e = _trim(text, open_at, i)
                    if e > s:
                        out.append((s, e, True))
                    open_at = -1
                    continue
                if closes_ahead[k + 1] >= 2 and text[open_at - 1] == "“":
                    # “... “nested” ...”: two closing marks follow before any opening one
                    nested = 1
                    continue
                # a second opening mark: the first one was never closed
                s, e = _trim(text, open_at, i)
                if e > s:
                    out.append((s, e, False))
                open_at = i + 1
                continue
            s, e = _trim(text, open_at, i)
            if e > s:
                out.append((s, e, True))
            open_at = -1
    if open_at >= 0:
        s, e = _trim(text, open_at, pe)
        if e > s:
            out.append((s, e, False))
    return out


def _spaced_open(text: str, marks: list[int], k: int, ps: int) -> bool:
    """A straight mark with a space after it that opens all the same (``" We have nothing left ," said ...``):
    it opens the paragraph or follows a colon, and the straight marks from it to the paragraph end pair up."""
    i = marks[k]
    j = i
    while j > ps and text[j - 1] in " \t\u00a0":
        j -= 1
    if j > ps and text[j - 1] != ":":
        return False
    rest = [x for x in marks[k:] if text[x] == '"']
    return len(rest) % 2 == 0


def _single_opens(text: str, i: int, ps: int, pe: int) -> bool:
    """Is the single mark at ``i`` an opening quotation mark?"""
    if text[i] == "’":
        return False
    if i > ps and text[i - 1] not in _SQ_OPEN_PREV:
        return False  # inside a word: Hawai‘i, don't
    if i + 1 >= pe:
        return False
    nx = text[i + 1]
    if not (nx.isalnum() or nx in "“\"…(["):
        return False
    if nx.isdigit() and _DECADE_RE.match(text, i + 1, pe):
        return False  # the ‘90s, '08
    w = _ELISION_WORD_RE.match(text, i + 1, pe)
    if w and w.group().lower() in ELISIONS:
        return False  # ‘em, ‘til, rock ‘n’ roll
    return True


def _single_close(text: str, i: int, ps: int, pe: int) -> int:
    """0: not a closing mark; 1: weak (could be an apostrophe: workers’, goin’); 2: strong."""
    if text[i] == "‘" or i <= ps:
        return 0
    prev = text[i - 1]
    if prev.isspace():
        return 0
    if i + 1 < pe:
        nx = text[i + 1]
        if nx.isalnum() or nx in "‘’'":
            return 0  # don’t, Ukraine’s, O’Brien
    if prev in _SQ_STRONG_PREV:
        return 2
    if not prev.isalnum():
        return 0
    j = i - 1
    while j > ps and text[j - 1].isalpha():
        j -= 1
    if j > ps and text[j - 1] in "‘'" and text[j:i].lower() in ELISIONS:
        return 0  # the second mark of rock ‘n’ roll
    if prev in "sSzZ" or (prev in "nN" and text[i - 2:i].lower() == "in"):
        return 1  # plural possessive or a dropped g
    return 2


def _with_single_spans(text: str, ps: int, pe: int, dspans: list, single_re, nxt_para) -> list:
    """``dspans`` (double-mark spans of one paragraph) plus the single-mark
    quotations outside them; a double-mark span nested in a single-mark one
    is dropped (it is part of the outer quotation).  One pass over the
    marks, one pointer into the double spans: linear."""
    # positions covered by double spans (with their marks) are skipped
    cover = [(s - 1, e + 1) for s, e, _ in dspans]
    ci = 0
    singles: list[tuple[int, int, bool]] = []
    open_at = -1
    weak = -1
    for m in single_re.finditer(text, ps, pe):
        i = m.start()
        while ci < len(cover) and cover[ci][1] <= i:
            ci += 1
        if ci < len(cover) and cover[ci][0] <= i:
            continue
        if open_at >= 0:
            c = _single_close(text, i, ps, pe)
            if c == 2:
                if i > open_at:
                    singles.append((open_at, i, True))
                open_at, weak = -1, -1
                continue
            if c == 1:
                if weak < 0:
                    weak = i
                continue
            if _single_opens(text, i, ps, pe):
                # a new opening mark: close at a pending weak mark, else the
                # first mark was no quotation mark (an apostrophe)
                if weak > open_at:
                    singles.append((open_at, weak, True))
                open_at, weak = i + 1, -1
            continue
        if _single_opens(text, i, ps, pe):
            open_at, weak = i + 1, -1
    if open_at >= 0:
        if weak > open_at:
            singles.append((open_at, weak, True))
        elif nxt_para is not None and _para_opens_single(text, nxt_para, single_re) and \
                _opens_clause(text, ps, open_at - 1):
            end = pe
            while end > open_at and text[end - 1].isspace():
                end -= 1
            if end > open_at:
                singles.append((open_at, end, False))
    if not singles:
        return dspans
    # drop the double spans inside a single one (both lists are sorted)
    keep = []
    k = 0
    for d in dspans:
        while k < len(singles) and singles[k][1] < d[1]:
            k += 1
        if not (k < len(singles) and singles[k][0] <= d[0] and d[1] <= singles[k][1]):
            keep.append(d)
    return sorted(keep + singles)


def _para_opens_single(text: str, para: tuple[int, int], single_re) -> bool:
    a, b = para
    return bool(single_re.match(text, a)) and _single_opens(text, a, a, b)


def _opens_clause(text: str, ps: int, i: int) -> bool:
    """A mark at ``i`` that starts a quotation left open: at the paragraph
    start, or after a colon, comma, dash, sentence end or speech verb."""
    j = i
    while j > ps and text[j - 1].isspace():
        j -= 1
    if j <= ps or text[j - 1] in _SQ_OPEN_ANCHOR:
        return True
    k = j
    while k > ps and not text[k - 1].isspace():
        k -= 1
    return text[k:j] in _SPEECH_VERBS  # she said ‘...


# ------------------------------------------------------------------ masked text and sentences
def last_match(rx: re.Pattern, text: str, lo: int = 0, hi: int | None = None) -> re.Match | None:
    """The last match of ``rx`` in ``text[lo:hi]`` (positions in ``text``), or None."""
    last = None
    for last in rx.finditer(text, lo, len(text) if hi is None else hi):
        pass
    return last


def mask(text: str, spans) -> str:
    """Text with quotation interiors blanked (\\x00), keeping their final
    punctuation so sentence ends and commas stay visible."""
    doc = _LAST[0]
    if doc is not None and doc.text is text and doc.spans is spans:
        return doc.masked
    if not spans:
        return text
    parts = []
    last = 0
    for s, e, _ in spans:
        keep = 0
        if e - s >= 1 and text[e - 1] in _KEEP_END:
            keep = 1
        elif e - s >= 2 and text[e - 1] in "’'" and text[e - 2] in _KEEP_END:
            keep = 2
        parts.append(text[last:s])
        parts.append("\x00" * (e - s - keep))
        parts.append(text[e - keep:e])
        last = e
    parts.append(text[last:])
    return "".join(parts)


SENT_END_RE = re.compile(r"[.?!…][’'”\")\]]*(?=\s+[“\"‘'(\[0-9\x00" + _UP + r"])|\n+")
ABBREV = frozenset("""Mr Mrs Ms Dr Gen Sen Rep Gov Lt Col Capt Sgt St Jr Sr Prof Rev Adm Maj Cmdr
Mme Mlle Messrs Jan Feb Mar Apr Aug Sept Sep Oct Nov Dec No Nos vs Mt Ft Gens Reps Sens Corp Inc Ltd
Co Bros Ave Blvd Lt.Col approx est""".split())
ACRONYM_RE = re.compile(r"(?:[A-Za-z]\.)+$")
_WORD_TAIL = re.compile(r"\S*\Z")  # (searched up to a position: the run of non-spaces that ends there)


def sentence_starts(masked: str) -> list[int]:
    """Where each sentence of the masked text starts (the first is 0)."""
    doc = _LAST[0]
    if doc is not None and doc.masked is masked:
        return doc.starts
    starts = [0]
    for m in SENT_END_RE.finditer(masked):
        i = m.start()
        if masked[i] == "\n":
            if m.end() > starts[-1]:
                starts.append(m.end())
            continue
        if masked[i] == ".":
            j = _WORD_TAIL.search(masked, max(0, i - 40), i).start()  # the word before the period (40 characters at most)
            tok = masked[j:i].lstrip("(“\"‘")
            if tok in ABBREV or (len(tok) == 1 and tok.isupper()) or ACRONYM_RE.search(tok + "."):
                if "." in tok or len(tok) <= 1 or tok in ABBREV:
                    continue
        e = m.end()
        while e < len(masked) and masked[e].isspace():
            e += 1
        if e > starts[-1]:
            starts.append(e)
    return starts


# ------------------------------------------------------------------ the model
class Text:
    """One article body: paragraphs, quotation spans, masked text, sentences.

    Build it with ``Text.of(body)``: the annotators of one article then share
    one model (``quote_spans``, ``mask`` and ``sentence_starts`` answer from
    it for the same string).  Lookups by position are binary searches.
    """

    __slots__ = ("text", "paragraphs", "_pstarts", "spans", "_sstarts", "masked", "starts")

    def __init__(self, text: str):
        self.text = text
        self.paragraphs = paragraph_spans(text)
        self._pstarts = [a for a, _ in self.paragraphs]
        self.spans = _quote_spans(text, self.paragraphs)
        self._sstarts = [s for s, _, _ in self.spans]
        self.masked = mask(text, self.spans)
        self.starts = sentence_starts(self.masked)

    @classmethod
    def of(cls, text: str) -> Text:
        """The model of ``text``, built once: asking again for the same string returns it."""
        doc = _LAST[0]
        if doc is not None and doc.text is text:
            return doc
        doc = cls(text)
        _LAST[0] = doc
        return doc

    def paragraph(self, pos: int) -> tuple[int, int]:
        """(start, end) of the paragraph holding ``pos``; between paragraphs,
        the empty stretch of line breaks around ``pos``."""
        k = bisect_right(self._pstarts, pos) - 1
        if k >= 0 and pos <= self.paragraphs[k][1]:
            return self.paragraphs[k]
        a = self.paragraphs[k][1] + 1 if k >= 0 else 0
        b = self.paragraphs[k + 1][0] - 1 if k + 1 < len(self.paragraphs) else len(self.text)
        return a, max(a, b)

    def paragraph_index(self, pos: int) -> int:
        """Number of the paragraph holding ``pos`` (or the one before it)."""
        return bisect_right(self._pstarts, pos) - 1

    def sentence(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence holding ``pos``, trailing spaces excluded."""
        k = bisect_right(self.starts, pos) - 1
        a = self.starts[k]
        b = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.text)
        while b > a and self.text[b - 1].isspace():
            b -= 1
        return a, b

    def sentences(self):
        """(start, end) of every sentence, in order."""
        n = len(self.starts)
        for k in range(n):
            yield self.sentence(self.starts[k]) if k + 1 < n else (self.starts[k], len(self.text.rstrip()))

    def quote_at(self, start: int, end: int) -> int | None:
        """Index in ``spans`` of the quotation holding ``text[start:end]``."""
        k = bisect_right(self._sstarts, start) - 1
        if k >= 0:
            s, e, _ = self.spans[k]
            if s <= start and end <= e:
                return k
        return None


_LAST: list[Text | None] = [None]  # the model last built by Text.of

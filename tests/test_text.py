"""The shared text model: paragraphs, quotation spans, sentences (invented text)."""
from __future__ import annotations

from dateline.annotate import BLOCK, annotate, blocks
from dateline.annotate.attribution import quote_spans as attribution_quote_spans
from dateline.annotate.text import Text, quote_spans


def spans(text):
    return [(text[s:e], closed) for s, e, closed in quote_spans(text)]


def test_kinds_of_marks():
    text = ('“The bridge is safe,” the engineer said.\n'
            'He called it "a miracle" and left.\n'
            'She wrote: ‘We are staying put.’\n')
    assert spans(text) == [("The bridge is safe,", True), ("a miracle", True), ("We are staying put.", True)]


def test_opening_mark_typed_for_a_closing_one():
    text = '“The plan is finished,“ said the mayor. “We start again in May.”'
    assert spans(text) == [("The plan is finished,", True), ("We start again in May.", True)]


def test_stray_spaces_inside_marks_are_not_part_of_the_span():
    text = 'The sign read “ Closed for repairs ” all week.'
    assert spans(text) == [("Closed for repairs", True)]


def test_markup_left_in_a_scraped_text_is_no_quotation():
    text = ('Watch the clip at <a href="https://example.org/harbour/video">the harbour site</a>. '
            '"We are ready," the pilot said.\n'
            '<post data-author="@harbourdesk" data-date="May 1, 2016">Ferries run again today</post>\n'
            '<post data-date="May 2,\n'
            '">Second day of ferries</post> and "a fine start" to the week.')
    assert spans(text) == [("We are ready,", True), ("a fine start", True)]


def test_quotation_left_open_runs_to_the_paragraph_end():
    text = '“The first floor flooded.\n\n“Then the second,” she said.'
    assert spans(text) == [("The first floor flooded.", False), ("Then the second,", True)]


def test_apostrophes_never_pair_across_many_quotations():
    # many double-mark quotations and apostrophes in one long paragraph, then a ‘...’ quotation
    para = " ".join(f'The farmers’ union said “round {i} went well” on day {i}.' for i in range(300))
    text = para + " Later the chair said ‘enough is enough’ and left."
    got = spans(text)
    assert len(got) == 301
    assert got[-1] == ("enough is enough", True)
    assert all(g[0].startswith("round ") for g in got[:-1])


def test_model_geometry():
    text = 'Rain fell. The river rose “fast. Very fast.” Then it stopped.\n\nA new paragraph.'
    doc = Text.of(text)
    assert Text.of(text) is doc and quote_spans(text) is doc.spans
    assert attribution_quote_spans(text) is doc.spans  # the attribution code shares the model
    assert doc.paragraph(text.index("river")) == (0, text.index("\n"))
    assert doc.paragraph(text.index("A new")) == (text.index("A new"), len(text))
    # a sentence never ends inside a quotation
    a, b = doc.sentence(text.index("river"))
    assert text[a:b] == "The river rose “fast. Very fast.”"
    assert [text[a:b] for a, b in doc.sentences()] == [
        "Rain fell.", "The river rose “fast. Very fast.”", "Then it stopped.", "A new paragraph."]
    assert doc.quote_at(text.index("Very"), text.index("Very") + 4) == 0
    assert doc.quote_at(0, 4) is None


_PARA = ('Officials in the river town said 14 people were rescued on Monday. '
         '“We worked through the night,” said Marta Quiroga, the fire chief. '
         'She said the water had “never come this high” in forty years. ')


def test_a_paragraph_longer_than_a_block_is_annotated_in_blocks():
    n = BLOCK * 3 // len(_PARA) + 1
    text = _PARA * n
    assert "\n" not in text and len(text) > 3 * BLOCK
    parts = blocks(Text.of(text))
    assert len(parts) >= 3 and parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(b - a <= BLOCK for a, b in parts)
    assert all(parts[k][1] == parts[k + 1][0] for k in range(len(parts) - 1))
    ann = annotate(text)
    full = [q for q in ann.quotes if q.quote == "We worked through the night,"]
    assert len(full) == n
    assert all(text[q.start:q.end] == q.quote for q in ann.quotes)
    assert all(q.speaker == "Marta Quiroga" for q in full)
    assert all(text[c.start:c.end] == c.text for c in ann.counts)
    assert sum(c.value == 14 for c in ann.counts) == n
    quiroga = [p for p in ann.people if p.name == "Marta Quiroga"]
    assert len(quiroga) == 1 and len(quiroga[0].mentions) >= n
    assert all(text[m.start:m.end] == m.text for p in ann.people for m in p.mentions)


def test_curly_quotation_nested_in_a_curly_one():
    text = '“All residents born here, and “subject to its laws” thereof, are members,” the charter reads.'
    assert spans(text) == [("All residents born here, and “subject to its laws” thereof, are members,", True)]
    # a second opening mark with one closing mark after it: the first quotation was left open
    text = '“We left at dawn. “Then we came back,” she said.'
    assert spans(text) == [("We left at dawn.", False), ("Then we came back,", True)]


def test_spans_stay_in_bounds_on_random_marks():
    import random
    rnd = random.Random(7)
    alphabet = ["“", "”", '"', "‘", "’", "'", " ", " ", "\n", ",", ".", "a", "b", "Word", "s", "90"]
    for _ in range(2000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        got = quote_spans(text)
        last = -1
        for s, e, _closed in got:
            assert 0 <= s < e <= len(text) and s >= last
            assert "\n" not in text[s:e]
            last = e
        doc = Text(text)
        for k in range(0, len(text) + 1):
            a, b = doc.sentence(k) if text else (0, 0)
            assert 0 <= a <= b <= len(text)


def test_the_word_before_a_period_is_found_as_the_character_scan_found_it():
    """sentence_starts reads the word before a period with one regex search
    (up to 40 characters back, stopping at any Unicode space): the same
    start as walking back character by character."""
    import random

    from dateline.annotate.text import _WORD_TAIL

    r = random.Random(7)
    alphabet = [" ", "a", "B", ".", "\n", "\u00a0", "\u2009", "\u3000", "\x1c", "\u200b", "\x00", "é", "“"]
    for _ in range(3000):
        s = "".join(r.choice(alphabet) for _ in range(r.randint(1, 90)))
        i = r.randrange(len(s))
        j = i
        while j > 0 and i - j < 40 and not s[j - 1].isspace():
            j -= 1
        assert _WORD_TAIL.search(s, max(0, i - 40), i).start() == j, (s, i)


def test_last_match_is_the_last_inside_the_window():
    import re

    from dateline.annotate.text import last_match

    rx = re.compile(r"\d+")
    text = "a 1 b 22 c 333 d"
    assert last_match(rx, text).group() == "333"
    assert last_match(rx, text, 0, 9).group() == "22"
    assert last_match(rx, text, 4, 7).start() == 6  # positions are the text's, not the window's
    assert last_match(rx, text, 15) is None

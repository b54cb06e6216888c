"""The world's ways of writing quotations and numbers (issue 12), on invented
sentences in the house styles of outlets in South Asia, Africa, Australia,
South-east Asia, Ireland, the Gulf and the wire services.

The cases and what is expected of each live in ``world_formats_probe.py``
(``python tests/world_formats_probe.py`` prints the pass count by group)."""
from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from world_formats_probe import CASES, REF, check  # noqa: E402

from dateline.annotate import annotate  # noqa: E402


@pytest.mark.parametrize("case", CASES, ids=[f"{c.group}-{i}" for i, c in enumerate(CASES)])
def test_world_formats(case):
    ann = annotate(case.text, REF)
    for q in ann.quotes:
        assert case.text[q.start:q.end] == q.quote
    for c in ann.counts:
        assert case.text[c.start:c.end] == c.text
    assert check(case, ann) == []


def test_english_marks_keep_offsets():
    from dateline.annotate.text import english_marks
    text = "« Oui », dit-elle. „Ja“, sagte er. ‹Non›."
    out = english_marks(text)
    assert len(out) == len(text)
    assert out == "“ Oui ”, dit-elle. “Ja”, sagte er. ‘Non’."
    assert english_marks("no marks here") == "no marks here"


def test_quote_text_is_the_original():
    text = "«The “new” plan is a failure,» said Aminata Diallo, who speaks for the vendors."
    (q,) = annotate(text).quotes
    assert q.quote == "The “new” plan is a failure," and q.speaker == "Aminata Diallo"

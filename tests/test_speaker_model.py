"""The learned speaker ranker (``annotate/speakers.py``, trained by
``train/speakers.py``).  Every sentence and annotation here is invented."""
import importlib.util
from pathlib import Path

import pytest

from dateline.annotate import annotate, speakers
from dateline.annotate.attribution import Context, Source
from dateline.annotate.people import find_entities
from dateline.annotate.text import Text

REPO = Path(__file__).resolve().parents[1]
SHARED_EVAL = REPO.parent / "shared" / "eval"

# the attribution rules find no speaker for these quotations on their own
# (no verb of saying ties a name to them); the person the text offers does
UNATTRIBUTED = [
    ("Harriet Okonkwo, the harbour master, walked the quay on Tuesday morning.\n\n"
     "She stopped at the broken pier. “The pier will not reopen before spring, and the ferries will run "
     "from the north slip,” came her verdict as workers looked on.", "Harriet Okonkwo"),
    ("The council met on Monday to discuss the flood defences.\n\nCouncillor Pradeep Anand was blunt "
     "about the budget. Then came the line everyone remembered: “We cannot build walls with promises.”",
     "Pradeep Anand"),
]


def rules_only(text):
    saved, speakers.MODEL = speakers.MODEL, None
    try:
        return [q.speaker for q in annotate(text).quotes]
    finally:
        speakers.MODEL = saved


def test_model_loads():
    m = speakers.load_model()
    assert m is not None and m["weights"] and {"margin", "floor"} <= set(m)
    assert (REPO / "src/dateline/lexicons/speaker_model.json").stat().st_size < 20_000


@pytest.mark.parametrize("text,speaker", UNATTRIBUTED)
def test_ranker_names_the_speaker_the_rules_miss(text, speaker):
    assert rules_only(text) == [None]
    assert [q.speaker for q in annotate(text).quotes] == [speaker]


def test_ranker_keeps_a_rule_pick():
    text = "“The pier will reopen in May,” said Harriet Okonkwo, the harbour master. Tomas Reyes disagreed."
    assert [q.speaker for q in annotate(text).quotes] == ["Harriet Okonkwo"] == rules_only(text)


def test_ranks_the_subject_of_a_speech_verb_above_an_object():
    text = ("Harriet Okonkwo told Tomas Reyes about the pier on Tuesday. "
            "“It will not reopen before spring.”")
    Text.of(text)
    people, orgs, _ = find_entities(text)
    ctx = Context(text, people, orgs)
    s = text.index("It will")
    e = text.index("”")
    cands = speakers.candidates(ctx, s, e, None, None)
    assert {c.name for c in cands} >= {"Harriet Okonkwo", "Tomas Reyes"}
    counts = speakers.mention_counts(ctx)
    probs = speakers.probabilities(speakers.MODEL, [speakers.features(ctx, s, e, c, None, counts) for c in cands])
    best = max(zip(probs, cands), key=lambda x: x[0])[1]
    assert best.name == "Harriet Okonkwo"
    items = [[s, e, None, True]]
    speakers.rank(ctx, items)
    assert isinstance(items[0][2], Source) and items[0][2].name == "Harriet Okonkwo"


def test_no_model_changes_nothing():
    text, _ = UNATTRIBUTED[0]
    Text.of(text)
    people, orgs, _ = find_entities(text)
    ctx = Context(text, people, orgs)
    items = [[10, 20, None, True]]
    saved, speakers.MODEL = speakers.MODEL, None
    try:
        speakers.rank(ctx, items)
    finally:
        speakers.MODEL = saved
    assert items[0][2] is None


@pytest.mark.skipif(not (SHARED_EVAL / "polnear_quotes.py").exists(), reason="../shared/eval not here")
def test_training_examples_from_a_brat_snippet():
    spec = importlib.util.spec_from_file_location("train_speakers", REPO / "train" / "speakers.py")
    tr = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tr)
    text = ("Harriet Okonkwo, the harbour master, walked the quay on Tuesday.\n\n"
            "“The pier will not reopen before spring,” said Tomas Reyes, an engineer.\n")
    q = text.index("The pier")
    qe = text.index("”")
    src = text.index("Tomas Reyes")
    cue = text.index("said")
    ann = (f"T1\tSource {src} {src + 11}\tTomas Reyes\n"
           f"T2\tCue {cue} {cue + 4}\tsaid\n"
           f"T3\tContent {q - 1} {qe + 1}\t{text[q - 1:qe + 1]}\n"
           f"E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n")
    events = tr.parse_ann(ann)
    assert events == [([(q - 1, qe + 1)], [(src, src + 11)])]
    exs = tr.article_examples(text, events)
    assert len(exs) == 1 and exs[0]["named"] and exs[0]["rule_ok"]
    labels = {name: y for _f, y, _ok, _rule, name in exs[0]["rows"]}
    assert labels["Tomas Reyes"] == 1 and labels["Harriet Okonkwo"] == 0
    # a ranker fitted on it prefers the right candidate
    model = tr.fit_ranker([[(f, y) for f, y, *_ in x["rows"]] for x in exs * 3], min_count=1, l2=1.0)
    probs = speakers.probabilities(model, [f for f, *_ in exs[0]["rows"]])
    right = [p for p, r in zip(probs, exs[0]["rows"]) if r[1]]
    assert max(right) == max(probs)

"""The seed dumps scored against the hand-made gold (../shared).

Targets are the issues' targets.  These tests measure the whole system the
way a user runs it: CLI ingest, CLI export, the project's scorer."""


def test_articles_and_furniture(seed_scores):
    s = seed_scores
    assert s["articles"]["f1"] == 1.0
    assert s["titles_correct"] == "11/11"
    assert s["truncated_flag_correct"] == "14/14"
    assert s["body_ends_found"] == "28/28"
    assert s["boilerplate_lines_leaked"] == 0
    assert s["credits"]["f1"] >= 0.95


def test_quotes_and_people(seed_scores):
    s = seed_scores
    assert s["quotes"]["f1"] >= 0.95
    assert s["scare_quotes_reported_as_quotes"] <= 1
    assert s["attribution_end_to_end"] >= 0.90
    assert s["people"]["f1"] >= 0.90


def test_counts(seed_scores):
    s = seed_scores
    assert s["counts"]["f1"] >= 0.85
    assert s["count_category_accuracy"] >= 0.90
    assert s["count_qualifier_accuracy"] >= 0.90
    assert s["count_claimant_accuracy"] >= 0.80

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

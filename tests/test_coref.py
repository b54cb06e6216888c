"""Mention -> entity resolution (annotate/coref.py) on invented short articles.

Each article is written here, in the manner of regional and wire news, to
exercise one rule: a definite description or title named by the person it
stands for, a body described by its type named by the body, an indefinite
description tied to a name by apposition or by a delayed identification, a
document's author, and the same resolution for a count's claimant.  The
negative cases check that nothing is named when the article names no one.
"""
from __future__ import annotations

import pytest

from dateline.annotate import annotate


def speaker_of(text: str, start: str) -> str | None:
    quotes = annotate(text).quotes
    hits = [q for q in quotes if q.quote.startswith(start)]
    assert hits, f"no quote starting {start!r} in {[q.quote for q in quotes]}"
    return hits[0].speaker


def claimant_of(text: str, number: str) -> str | None:
    counts = annotate(text).counts
    hits = [c for c in counts if number in c.text]
    assert hits, f"no count {number!r} in {[c.text for c in counts]}"
    return hits[0].claimant


GOVERNOR = """Governor Maren Quist signed the drought relief bill on Tuesday after a month of debate in the capital.

Farm groups had asked for the money since spring, when the reservoirs fell to their lowest level in a decade.

“This is not the end of the work, only the start of it,” the governor said at the signing.
"""

TITLE_ORG = """Harbour Authority Director Ines Valcourt warned shipping firms that the new quay would open late.

Dredging was halted twice in the winter after storms.

The Harbour Authority Director also urged captains to keep “every lane clear until the buoys are back,” and asked for patience.
"""

MINISTRY = """Veldoria’s Ministry of Water Resources said on Monday that the northern dam would be inspected.

Engineers found cracks in the spillway last month, according to local reports.

“The inspection will take at least three weeks,” the ministry said in a statement.
"""

HOME_MINISTRY = """The Interior Ministry of Norland opened an inquiry into the fire on Sunday.

The drills were announced by Ostmark’s home ministry on Monday. They will include sirens and blackout training, and prepare people for “enemy drills,” the ministry said.
"""

EMBASSY = """Norland’s embassy in Lisbon says its consul spoke with the port authorities shortly after the crash.

The Embassy says the ship’s crew “are safe and will be flown home this week.”
"""

INDEFINITE_APPOSITION = """Pia Moreno, a nurse at the county hospital, has worked the night shift for eleven years.

The hospital lost a third of its staff in the last two years.

“We are asked to do the work of three people,” said a nurse at the county hospital.
"""

DELAYED = """A leader of the growers’ cooperative said the price cut “came without any warning” to farmers.

“We learned about it from the radio like everyone else,” said Hal Brandt, chief spokesman of the Growers Cooperative. “Nobody called us.”
"""

DELAYED_OTHER = """An official said the bridge “will stay closed until the spring thaw.”

“The steel is older than anyone thought,” said Dana Ruiz, a professor of engineering at the state college.
"""

LETTER = """The Riverside Borough Council sent a letter to residents on Friday about the new waste collection days.

Collections will move from Monday to Thursday in most streets.

“Bins must be out by seven in the morning,” the letter said.
"""

STATEMENT = """The Harbour Board, chaired by Mayor Lena Ostrow, said in a statement that the ferry strike had cost the port dearly.

“These stoppages hurt every family on the island,” the statement said.
"""

CLAIMANT = """Veldoria’s Ministry of Health opened two field clinics near the flooded valley on Wednesday.

The ministry said 14 people were treated for injuries overnight.
"""

NO_NAMED_MINISTRY = """Flood water reached the main square of the town on Sunday night.

“We expect the river to fall by Tuesday,” the ministry said.
"""

NEAREST = """Norland’s Ministry of Finance proposed a new fuel tax in March.

On Thursday, Ostmark’s Ministry of Energy said it would answer the proposal within a month.

“We will not accept a tax on transit fuel,” the ministry said.
"""


def test_definite_role_is_the_person_named_with_that_title():
    assert speaker_of(GOVERNOR, "This is not the end") == "Maren Quist"


def test_title_after_the_is_the_person_even_when_it_looks_like_an_organisation():
    assert speaker_of(TITLE_ORG, "every lane clear") == "Ines Valcourt"


def test_the_ministry_is_the_ministry_named_before_with_its_possessor_and_tail():
    assert speaker_of(MINISTRY, "The inspection will take") == "Veldoria’s Ministry of Water Resources"


def test_lowercase_head_named_by_its_possessor_nearest_first():
    assert speaker_of(HOME_MINISTRY, "enemy drills") == "Ostmark’s home ministry"


def test_capitalised_bare_head_is_the_body_named_before_with_its_place():
    assert speaker_of(EMBASSY, "are safe and will be") == "Norland’s embassy in Lisbon"


def test_nearest_body_with_the_head_wins():
    assert speaker_of(NEAREST, "We will not accept") == "Ostmark’s Ministry of Energy"


def test_indefinite_description_tied_to_a_name_by_apposition():
    assert speaker_of(INDEFINITE_APPOSITION, "We are asked") == "Pia Moreno"


def test_indefinite_description_named_in_the_next_paragraph():
    assert speaker_of(DELAYED, "came without any warning") == "Hal Brandt"
    assert speaker_of(DELAYED, "We learned about it") == "Hal Brandt"


def test_indefinite_description_with_another_role_next_stays_unnamed():
    assert speaker_of(DELAYED_OTHER, "will stay closed") != "Dana Ruiz"


def test_a_letter_is_written_by_who_sent_it():
    assert speaker_of(LETTER, "Bins must be out") == "Riverside Borough Council"


def test_a_statement_is_written_by_the_body_that_issued_it_not_its_chair():
    assert speaker_of(STATEMENT, "These stoppages") == "Harbour Board"


def test_count_claimant_goes_through_the_same_resolution():
    assert claimant_of(CLAIMANT, "14 people") == "Veldoria’s Ministry of Health"


def test_no_named_body_leaves_the_description():
    sp = speaker_of(NO_NAMED_MINISTRY, "We expect the river")
    assert sp is None or sp.lower() == "ministry"


@pytest.mark.parametrize("text", [GOVERNOR, MINISTRY, DELAYED, LETTER])
def test_resolved_speakers_keep_their_mention_span(text):
    for q in annotate(text).quotes:
        assert text[q.start:q.end] == q.quote


BODY_MEMBER = """Veldoria’s Ministry of Health opened two field clinics near the flooded valley on Wednesday.

“The clinics will stay open all winter,” the ministry’s spokesman said.

“Nobody will be turned away,” a ministry spokeswoman said later.
"""


def test_a_body_s_member_is_named_through_the_body():
    assert speaker_of(BODY_MEMBER, "The clinics will") == "Veldoria’s Ministry of Health’s spokesman"
    assert speaker_of(BODY_MEMBER, "Nobody will be") == "Veldoria’s Ministry of Health spokeswoman"


BARE_RESIDENT = """A resident said the tap water “has been brown for a week.”

“We boil everything now,” said Ana Lee, a resident of Elm Street.
"""


def test_a_bare_indefinite_description_is_not_the_next_person_named():
    assert speaker_of(BARE_RESIDENT, "has been brown") != "Ana Lee"


STUDY = """Lamps that burn plant oil are older than most people think.

A study conducted by Mira Okafor of Lakeshore State University found that “oil lamps were in use in every early town.”
"""

ACRONYM = """The IMF cut its growth forecast for the region on Tuesday, citing weak exports.

“Growth will slow to two percent next year,” a fund spokesperson said.
"""


def test_a_document_names_its_own_author():
    assert speaker_of(STUDY, "oil lamps were") == "Mira Okafor"


def test_a_body_named_only_by_its_initials():
    assert speaker_of(ACRONYM, "Growth will slow") == "IMF spokesperson"


PLATFORM = """Ostmark’s defence ministry on Telegram said two drones were shot down overnight.

“Air defences worked all night,” the ministry said.
"""


def test_a_platform_after_a_body_is_no_part_of_its_name():
    assert speaker_of(PLATFORM, "Air defences") == "Ostmark’s defence ministry"


GROUP_LETTER = """The state Senate ethics panel sent a letter on Monday to the transport secretary about delayed rail contracts.

The senators noted that the contracts were signed “without a single public hearing.”

“We expect full answers within 30 days,” the senators wrote in their letter.
"""


def test_a_plural_group_is_the_body_that_sent_its_letter():
    assert speaker_of(GROUP_LETTER, "without a single public") == "Senate ethics panel"
    assert speaker_of(GROUP_LETTER, "We expect full answers") == "Senate ethics panel"

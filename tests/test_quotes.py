"""Quotations, scare quotes and speaker attribution on invented sentences."""
from __future__ import annotations

import pytest

from dateline.annotate.attribution import Context, source_of
from dateline.annotate.quotes import find_quotes
from dateline.model import Entity, Person, Span


def q(text, people=(), orgs=()):
    out = find_quotes(text, list(people), list(orgs))
    for x in out:
        assert text[x.start:x.end] == x.quote
    return out


def by_text(quotes, start):
    hits = [x for x in quotes if x.quote.startswith(start)]
    assert hits, f"no quote starting {start!r} in {[x.quote for x in quotes]}"
    return hits[0]


def person(name, text, *forms):
    spans = []
    for f in (name,) + forms:
        i = text.find(f)
        while i >= 0:
            spans.append(Span(f, i, i + len(f)))
            i = text.find(f, i + 1)
    return Person(name, spans)


# ---------------------------------------------------------------- spans
def test_curly_and_straight_marks_offsets():
    text = ('“The harvest failed twice this year,” said Amara Okafor, a farmer near the river.\n\n'
            'Rafael Ortiz said: "We will rebuild the bridge before winter."')
    out = q(text)
    assert [x.quote for x in out] == ["The harvest failed twice this year,",
                                      "We will rebuild the bridge before winter."]
    assert out[0].speaker == "Amara Okafor" and out[0].speaker_desc == "a farmer near the river"
    assert out[1].speaker == "Rafael Ortiz"


def test_nested_single_quotes_stay_inside():
    text = '“My neighbor kept saying, ‘Leave now, leave now,’ and we did not listen,” Lena Braun said.'
    out = q(text)
    assert len(out) == 1
    assert out[0].quote.startswith("My neighbor kept saying, ‘Leave now")
    assert out[0].speaker == "Lena Braun"


def test_multi_paragraph_quote_keeps_speaker():
    text = ('Tomas Varga, the mayor of the town, described the night in detail.\n\n'
            '“The water came in through the doors and we carried the children upstairs.\n\n'
            '“By morning the whole street was a river, and nobody had slept,” he said.')
    out = q(text)
    assert len(out) == 2
    assert all(x.speaker == "Tomas Varga" for x in out)


def test_split_quote_two_quotes_one_speaker():
    text = ('“We tried everything,” said Ms. Ilse Kramer, “but the money never arrived.”')
    out = q(text)
    assert [x.quote for x in out] == ["We tried everything,", "but the money never arrived."]
    assert {x.speaker for x in out} == {"Ilse Kramer"}
    assert not out[0].partial and not out[1].partial


# ---------------------------------------------------------------- scare quotes
@pytest.mark.parametrize("text", [
    'She spent the winter reading the novel “Seven Rivers Home” by the fire.',
    'The ministry launched a program called “Bright Futures” last spring.',
    'Volunteers joined the “Clean Harbor Now” campaign on Sunday.',
    'Families fled toward a so-called “safe corridor” near the coast.',
    'Thousands sheltered in a “temporary zone” along the border.',
    'Hamas, analysts said, is preparing for the “next phase,” a period of rebuilding.',
])
def test_titles_and_terms_are_not_quotes(text):
    assert q(text) == []


# ---------------------------------------------------------------- fragments with speakers
def test_short_fragments_with_speakers_are_quotes():
    text = ('Mr. Halvorsen met Ms. Duarte on Monday for what the Norwegian government described as '
            'a “productive and frank” meeting. Ms. Duarte later called the plan “reckless.” '
            'She said her country would “gradually” cut its purchases.')
    people = []
    out = q(text, people)
    frank = by_text(out, "productive")
    assert frank.anonymous and "government" in frank.speaker.lower()
    assert frank.partial
    reck = by_text(out, "reckless")
    assert reck.speaker == "Duarte"
    grad = by_text(out, "gradually")
    assert grad.speaker == "Duarte"


def test_parenthetical_attribution():
    text = 'Mr. Kessler, Ms. Lund has said, is a “careful and loyal deputy,” whom she trusts.'
    out = q(text)
    assert len(out) == 1 and out[0].speaker == "Lund" and out[0].partial


def test_what_he_calls():
    text = ('In a string of posts, Mr. Petrov has attacked what he calls “foreign meddling” '
            'in the election.')
    out = q(text)
    assert len(out) == 1 and out[0].speaker == "Petrov" and out[0].kind == "writing"


# ---------------------------------------------------------------- speakers
def test_pronoun_resolution_by_gender():
    text = ('Mr. Adeyemi runs a bakery in the old market. Ms. Castillo sells flowers next door.\n\n'
            '“Business has never been this slow,” she said.\n\n'
            '“I may close in the spring,” he added.')
    out = q(text)
    assert by_text(out, "Business").speaker == "Castillo"
    assert by_text(out, "I may close").speaker == "Adeyemi"


def test_canonical_name_from_people_list():
    text = ('Helena Marsh, a former finance minister of Norland, criticized the budget. '
            '“It is a gamble,” Ms. Marsh said.')
    people = [person("Helena Marsh", text, "Ms. Marsh")]
    out = q(text, people)
    assert out[0].speaker == "Helena Marsh"


def test_canonical_name_without_people_list():
    text = ('Helena Marsh, a former finance minister of Norland, criticized the budget. '
            '“It is a gamble,” Ms. Marsh said.')
    out = q(text)
    assert out[0].speaker == "Helena Marsh"


def test_according_to_yields_to_speech_verb():
    text = ('When the general met the envoy, he told him, “We will not retreat,” according to '
            'a person who attended the meeting.')
    text = 'Gen. Okoro met the envoy on Tuesday. ' + text
    out = q(text)
    assert out[0].speaker == "Okoro"


def test_unnamed_sources_are_anonymous():
    text = ('“The border will close within days,” said one driver in a Telegram channel for truckers '
            'that has thousands of members.\n\n'
            'Regional prosecutors, who reviewed the footage, said the men had “fired without warning.”\n\n'
            '“We have no record of the shipment,” the ministry said in a statement.')
    out = q(text)
    drv = by_text(out, "The border")
    assert drv.anonymous and drv.speaker.startswith("a driver in a Telegram channel")
    assert drv.kind == "writing"
    pro = by_text(out, "fired")
    assert pro.anonymous and pro.speaker == "Regional prosecutors"
    assert pro.speaker_desc.startswith("Regional prosecutors, who reviewed")
    mins = by_text(out, "We have no record")
    assert mins.anonymous and mins.kind == "writing" and mins.cue.startswith("said in a statement")


def test_statement_resolves_to_author():
    text = ('In the Interior Ministry statement, the spokesman said the report was “false,” '
            'adding nothing more. “The investigation” of the fire “is continuing and thorough,” '
            'the statement said.')
    out = q(text, orgs=[Entity("Interior Ministry", "org")])
    inv = by_text(out, "is continuing")
    assert inv.anonymous and inv.speaker == "Interior Ministry"
    assert by_text(out, "The investigation").speaker == "Interior Ministry"


def test_posted_is_writing_and_appositive_desc():
    text = ('“Today we open the new hospital,” Priya Raman, the health minister, '
            'wrote on her Instagram account.')
    out = q(text)
    assert out[0].speaker == "Priya Raman" and out[0].speaker_desc == "the health minister"
    assert out[0].kind == "writing"


def test_continuation_paragraph_takes_previous_speaker():
    text = ('“We lost the whole crop,” said Jonas Weber, 54, a farmer.\n\n'
            '“Nobody from the government has come to see it.”')
    out = q(text)
    assert len(out) == 2 and out[1].speaker == "Jonas Weber"


def test_ap_style_without_honorifics():
    text = ('Laila Haddad, a nurse at the clinic, said supplies ran out last week.\n\n'
            '“We are treating wounds with cloth,” Haddad said.')
    out = q(text)
    assert out[0].speaker == "Laila Haddad"


def test_place_is_not_a_speaker():
    text = ('Marco Bellini, 50, a mechanic from Palermo, a port city in the south, said he would leave.\n\n'
            '“There is no work here,” he said.')
    out = q(text)
    assert out[0].speaker == "Marco Bellini"


# ---------------------------------------------------------------- attribution API for counts
def test_source_of_claims():
    text = ('At least 40 people were killed in the blast, officials said. '
            'More than 300 families were displaced, according to the regional health agency. '
            'The Fenwick Institute estimates that 12,000 homes were damaged. '
            'The storm brought 20 centimeters of rain.')
    ctx = Context(text)
    s = source_of(text, text.index("40"), text.index("40") + 2, context=ctx)
    assert s is not None and s.name == "officials" and s.anonymous
    s = source_of(text, text.index("300"), text.index("300") + 3, context=ctx)
    assert s is not None and "health agency" in s.name
    s = source_of(text, text.index("12,000"), text.index("12,000") + 6, context=ctx)
    assert s is not None and s.name == "Fenwick Institute"
    assert source_of(text, text.index("20 c"), text.index("20 c") + 2, context=ctx) is None


def test_source_of_inside_quote_is_speaker():
    text = '“We counted 200 dead in two days,” said Dr. Mira Sato, who leads the clinic.'
    i = text.index("200")
    s = source_of(text, i, i + 3)
    assert s is not None and s.name == "Mira Sato"


def test_no_quotes_fast_path():
    assert q("No quotation marks here at all.") == []

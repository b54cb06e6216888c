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
    # named by the words around the marks
    'The council published a leaflet last week called ‘Getting ready for floods.’',
    'Planners met to talk about the “morning after,” referring to the first day of the new rules.',
    'The old mill became known as the “hall of echoes” in local reports.',
    'The professor writes about the concept of “quiet quitting,” which spread online.',
    ('A 2019 study titled “Rural Roads: Using Local Gravel for Safer Routes for the Villages of the '
     'Upper Valley and Its Neighbours” was cited.'),
    # a scare-quote word or a kind of titled work before the marks
    'The mayor dismissed his rival’s supposed “savings” at the launch.',
    'Her commentary, “Why the Ferry Still Matters,” ran on Sunday.',
    # a title-case span right after a preposition: a programme, a book, a show
    'On “Morning Report,” the senator spoke for ten minutes about the harbour.',
    'The minister said little in an interview with “Coastal Affairs Tonight.”',
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


# ---------------------------------------------------------------- multi-paragraph quotations
def spans_of(text, out):
    return [(x.start, x.end) for x in out]


def test_multi_paragraph_attributed_in_first_paragraph():
    text = ('Oskar Lindqvist, who keeps the lighthouse, remembers the storm.\n\n'
            'He said: “The first wave lifted the supply boat onto the rocks.\n\n'
            '“Nobody slept.\n\n'
            '“By dawn the beacon was the only light left on the island.”\n\n'
            'The island was evacuated two days later.')
    out = q(text)
    assert [x.quote for x in out] == ["The first wave lifted the supply boat onto the rocks.",
                                      "Nobody slept.",
                                      "By dawn the beacon was the only light left on the island."]
    assert all(x.speaker == "Oskar Lindqvist" for x in out)
    # one span per paragraph, exact offsets
    for x in out:
        assert "\n" not in text[x.start:x.end]
        assert text[x.start - 1] == "“"
    assert not any(x.partial for x in out)


def test_multi_paragraph_attributed_in_last_paragraph_only():
    text = ('Dr. Selma Aydin has run the ward for ten years.\n\n'
            '“We ran out of insulin on the second day.\n\n'
            '“Then the generator failed.\n\n'
            '“I have never seen anything like it,” Dr. Aydin said.')
    out = q(text)
    assert len(out) == 3
    assert [x.speaker for x in out] == ["Selma Aydin"] * 3


def test_multi_paragraph_after_split_quote_in_first_paragraph():
    text = ('Mr. Castellanos runs the ferry service.\n\n'
            '“The engines are forty years old,” Mr. Castellanos said. “We fix them with spare parts.\n\n'
            '“Some days they do not start.\n\n'
            '“On those days the island waits.”')
    out = q(text)
    assert [x.quote for x in out][-2:] == ["Some days they do not start.", "On those days the island waits."]
    assert {x.speaker for x in out} == {"Castellanos"}


def test_multi_paragraph_unnamed_source():
    text = ('“There is no agreement on the harbor,” a senior negotiator said. “There may never be one.\n\n'
            '“We will try again after the elections.”')
    out = q(text)
    assert len(out) == 3
    assert all(x.anonymous and x.speaker == "a senior negotiator" for x in out)


def test_multi_paragraph_own_attribution_wins():
    text = ('Ines Moreau and Pavel Hruby both run stalls at the market.\n\n'
            '“Prices doubled this winter,” said Ms. Moreau. “Nobody buys cheese now.\n\n'
            '“Even the tourists stay away,” she said.\n\n'
            '“I sell less bread too,” Mr. Hruby said.')
    out = q(text)
    assert by_text(out, "Nobody buys").speaker == "Ines Moreau"
    assert by_text(out, "Even the tourists").speaker == "Ines Moreau"
    assert by_text(out, "I sell less").speaker == "Pavel Hruby"


def test_open_mark_in_a_term_does_not_start_a_multi_paragraph_quote():
    text = ('Families moved into the so-called “green zone near the dam.\n\n'
            '“We had nowhere else to go,” said Amal Nasser, a teacher.')
    out = q(text)
    assert [x.quote for x in out] == ["We had nowhere else to go,"]


# ---------------------------------------------------------------- single quotation marks
def test_british_single_marks():
    text = ('‘We will not leave our homes,’ said Maeve Gallagher, a resident of the estate. '
            '‘They can’t move three hundred families overnight.’\n\n'
            'The council’s housing chief, Tom Reilly, said the plan was ‘under review’.')
    out = q(text)
    assert [x.quote for x in out] == ["We will not leave our homes,",
                                      "They can’t move three hundred families overnight.",
                                      "under review"]
    assert [x.speaker for x in out] == ["Maeve Gallagher", "Maeve Gallagher", "Tom Reilly"]
    assert out[2].partial and not out[0].partial


def test_british_split_quote_and_nested_double_marks():
    text = ('‘I heard someone shout “fire”,’ said Priya Sandhu, ‘and we ran for the stairs.’')
    out = q(text)
    assert [x.quote for x in out] == ['I heard someone shout “fire”,', "and we ran for the stairs."]
    assert {x.speaker for x in out} == {"Priya Sandhu"}


def test_british_multi_paragraph_single_marks():
    text = ('Rhona Baird described the night the river rose.\n\n'
            '‘The water came through the floorboards first.\n\n'
            '‘Then the lights went.\n\n'
            '‘We sat on the roof until morning,’ she said.')
    out = q(text)
    assert len(out) == 3 and all(x.speaker == "Rhona Baird" for x in out)


def test_straight_single_marks_in_plain_text():
    text = ("'The strike will go on until Friday,' said Ewan Pryce, the union's organiser. "
            "Members won't accept the offer, he said.")
    out = q(text)
    assert [x.quote for x in out] == ["The strike will go on until Friday,"]
    assert out[0].speaker == "Ewan Pryce"


@pytest.mark.parametrize("text", [
    'The band played in the ’90s and don’t plan to stop; Norway’s fans agree.',
    'Hits of the ‘90s and rock ‘n’ roll filled the workers’ club all night.',
    'She said the farmers’ co-operative and the drivers’ union would meet.',
    'The so-called ‘special operation’ entered its third winter.',
    'He spent the winter reading the novel ‘Salt and Iron’ by the fire.',
    'Volunteers joined the ‘Clean River Now’ campaign on Sunday.',
    "The band's fans loved the '80s, and the drivers' union didn't mind.",
    'Residents of Hawai‘i welcomed the ‘Ndrangheta verdict in the news.',
])
def test_apostrophes_and_single_mark_terms_are_not_quotes(text):
    assert q(text) == []


def test_apostrophes_inside_single_mark_quote():
    text = '‘We’re not leaving the workers’ hostel until Ukraine’s envoy comes,’ Oleksa Marchuk said.'
    out = q(text)
    assert len(out) == 1
    assert out[0].quote == 'We’re not leaving the workers’ hostel until Ukraine’s envoy comes,'
    assert out[0].speaker == "Oleksa Marchuk"


def test_single_marks_inside_double_marks_unchanged():
    text = '“He kept telling us, ‘Stay calm,’ and then he ran,” said Mirela Popescu.'
    out = q(text)
    assert len(out) == 1 and out[0].quote.startswith("He kept telling us, ‘Stay calm,’")


# ---------------------------------------------------------------- possessive speakers
def test_his_spokesman_names_the_owner():
    text = ('Mr. Ferreira was detained at the airport on Sunday.\n\n'
            '“He has done nothing wrong,” his spokesman said.')
    out = q(text)
    assert out[0].speaker == "Ferreira’s spokesman"
    assert out[0].speaker_desc == "his spokesman" and out[0].anonymous


def test_her_aide_picks_the_woman():
    text = ('Mr. Lund met Ms. Varga at the border post on Friday. '
            '“The meeting was short,” her aide said.')
    out = q(text)
    assert out[0].speaker == "Varga’s aide" and out[0].speaker_desc == "her aide"


def test_possessive_owner_unknown_stays_a_description():
    text = ('Mr. Lund met Mr. Novak at the border post on Friday. '
            '“The meeting was short,” his aide said. '
            '“They will appeal,” their lawyer said.')
    out = q(text)
    assert by_text(out, "The meeting").speaker == "his aide"
    assert by_text(out, "They will").speaker == "their lawyer"
    assert all(x.anonymous for x in out)


def test_its_names_the_organisation_but_not_a_place():
    text = ('The Corvane Group reported a loss on Tuesday. “It was a hard year,” its chief executive said.')
    out = q(text, orgs=[Entity("Corvane Group", "org", [Span("Corvane Group", 4, 17)])])
    assert out[0].speaker == "Corvane Group’s chief executive"
    text = ('The Corvane Group opened a mill in Ghana. “We were not consulted,” its president said.')
    out = q(text, orgs=[Entity("Corvane Group", "org", [Span("Corvane Group", 4, 17)])])
    assert out[0].speaker == "its president"


def test_named_owner_and_lowercase_owner():
    text = ('Lorenz Albrecht was charged on Monday. “It was an accident,” Mr. Albrecht’s lawyer said. '
            '“No order was given,” the minister’s office said in a statement.')
    people = [person("Lorenz Albrecht", text, "Mr. Albrecht")]
    out = q(text, people)
    assert by_text(out, "It was an").speaker == "Lorenz Albrecht’s lawyer"
    off = by_text(out, "No order")
    assert off.speaker == "the minister’s office" and off.anonymous and off.kind == "writing"


def test_possessive_description_of_a_named_speaker():
    text = ('“The trip is postponed,” said his spokesman, Arvid Lunde. '
            '“It was a mistake,” Mr. Brandt’s lawyer, Nina Falk, said.')
    out = q(text)
    first = by_text(out, "The trip")
    assert first.speaker == "Arvid Lunde" and first.speaker_desc == "his spokesman" and not first.anonymous
    second = by_text(out, "It was a")
    assert second.speaker == "Nina Falk" and second.speaker_desc == "Mr. Brandt’s lawyer"


def test_his_statement_is_the_owner_writing():
    text = 'Mr. Okafor resigned on Monday. “I leave with a heavy heart,” his statement said.'
    out = q(text)
    assert out[0].speaker == "Okafor" and out[0].kind == "writing" and not out[0].anonymous


# ---------------------------------------------------------------- the quotation model
def test_partial_quotes_after_verbs_that_are_not_speech_verbs():
    text = ('Governor Alma Reyes blamed the closure on “careless and short-sighted planners.” '
            'She also accused the council of “running the budget like a lottery.”')
    out = q(text, [person("Alma Reyes", text)])
    assert [x.quote for x in out] == ["careless and short-sighted planners.", "running the budget like a lottery."]
    assert all(x.partial for x in out)


def test_model_ships_small_and_the_rules_run_without_it(monkeypatch):
    from dateline.annotate import quotes as Q
    assert Q._MODEL is not None and 0.5 <= Q._MODEL["threshold"] <= Q._MODEL["threshold_against_rules"] < 1
    assert len(Q._MODEL["weights"]) < 1000
    monkeypatch.setattr(Q, "_MODEL", None)
    text = ('“The harvest failed twice this year,” said Amara Okafor, a farmer near the river. '
            'Families fled toward a so-called “safe corridor” near the coast.')
    assert [x.quote for x in q(text)] == ["The harvest failed twice this year,"]


def test_features_read_the_marks_context():
    from dateline.annotate.quotes import features
    text = 'Officials talked about the “year zero,” referring to the future. “We are ready,” Mr. Tran said.'
    ctx = Context(text)
    s = text.index("year zero")
    f = features(ctx, s, s + len("year zero,"), None, False)
    assert f["names_a_thing"] == 1.0 and f["det_before"] == 1.0 and f["words<=3"] == 1.0
    assert f.get("prev=the") == 1.0 and f.get("next=referring") == 1.0
    s = text.index("We are")
    f = features(ctx, s, s + len("We are ready,"), None, False)
    assert f["first_person"] == 1.0 and f["ends_comma"] == 1.0 and f["starts_sentence"] == 1.0


def test_a_name_ending_in_a_title_word_is_no_title_cue():
    # "song", "brand", "play" before the marks name a title; as the end of a person's name they do not
    text = 'The remark by Dr. Mei Song “was careless and unkind,” the minister wrote on Friday.'
    out = q(text)
    assert [x.quote for x in out] == ["was careless and unkind,"]
    assert q('Her new song “Rivers of Salt” topped the chart.') == []


def test_features_of_a_title_case_span_after_a_preposition_or_possessive():
    from dateline.annotate.quotes import features
    text = 'He said it on “Morning Report.” The network’s “Evening Desk” ran it too.'
    ctx = Context(text)
    s = text.index("Morning")
    f = features(ctx, s, s + len("Morning Report."), None, False)
    assert f["title_case*after_preposition"] == 1.0 and f["title_case*ends_sentence"] == 1.0
    s = text.index("Evening")
    f = features(ctx, s, s + len("Evening Desk"), None, False)
    assert f["title_case*possessive_before"] == 1.0 and "title_case*after_preposition" not in f


@pytest.mark.parametrize("text", [
    'The guide went on.\n\n‘Harbour Lights at Dusk.’\n\nThe ferry left at six.',
    'The mayor spoke first.\n\n“A Town Waits for Rain”\n\nFarmers gathered at the hall.',
])
def test_a_subhead_in_marks_is_not_a_quote(text):
    assert q(text) == []


def test_a_quotation_paragraph_in_sentence_case_stays():
    text = 'The mayor took the stage.\n\n“We will rebuild the pier before winter.”\n\nThe crowd cheered.'
    assert [x.quote for x in q(text)] == ["We will rebuild the pier before winter."]


def test_one_word_partial_quote_after_called_it():
    text = 'Senator Ilse Marquart called the deal “reckless” and said she would vote against it.'
    out = q(text, [person("Ilse Marquart", text)])
    assert [x.quote for x in out] == ["reckless"] and out[0].speaker == "Ilse Marquart" and out[0].partial


def test_a_capitalised_preposition_before_a_title_case_span():
    from dateline.annotate.quotes import features
    text = 'On “Morning Report,” the senator spoke for ten minutes.'
    ctx = Context(text)
    s = text.index("Morning")
    assert features(ctx, s, s + len("Morning Report,"), None, False)["title_case*after_preposition"] == 1.0


def test_a_title_case_chant_after_a_preposition_is_still_a_quote():
    text = 'The rally ended with chants of “Bring Them Home!” from the crowd, organisers said.'
    assert [x.quote for x in q(text)] == ["Bring Them Home!"]

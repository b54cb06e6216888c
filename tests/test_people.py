"""People, organisations and places: invented sentences only."""
from __future__ import annotations

import pytest

from dateline.annotate.people import find_entities, resolve

TEXT = (
    "When Prime Minister Ravel Odhiambo met Marguerite T. Kessling at the Corvane Foundation "
    "on Tuesday, the talks went well. Mr. Odhiambo later said Ms. Kessling’s plan was sound.\n\n"
    "“We agree on most things,” said Tobiah Wrenfield, a former finance minister of Portugal. "
    "Mr. Wrenfield spoke in Lisbon.\n\n"
    "President Anneliese Vorhaus of Austria called Kessling a partner. "
    "Norway’s foreign minister, Haldor Brekkestad, did not comment.\n\n"
    "Gen. Samir Abu Halawa toured Gaza City on Monday. “All is calm,” General Abu Halawa said.\n\n"
    "The Ostrava Group and the Ministry of Coastal Affairs were not consulted, nor was Ursel von der Bracht, "
    "an adviser to the Austrian cabinet.\n\n"
    "“We left at night,” said Yusra, 31, who fled with her son, Karim."
)


@pytest.fixture(scope="module")
def ents():
    return find_entities(TEXT)


def by_name(people, name):
    for p in people:
        if p.name == name:
            return p
    raise AssertionError(f"{name!r} not in {[p.name for p in people]}")


def test_canonical_fullest_name(ents):
    people, _, _ = ents
    p = by_name(people, "Marguerite T. Kessling")
    texts = [m.text for m in p.mentions]
    assert "Ms. Kessling" in texts and "Kessling" in texts


def test_mentions_link_to_full_name(ents):
    people, _, _ = ents
    p = by_name(people, "Ravel Odhiambo")
    assert [m.text for m in p.mentions] == ["Ravel Odhiambo", "Mr. Odhiambo"]
    assert not any(q.name in ("Odhiambo", "Kessling", "Wrenfield") for q in people)


def test_offsets_point_into_text(ents):
    people, orgs, places = ents
    for e in list(people) + list(orgs) + list(places):
        for m in e.mentions:
            assert TEXT[m.start:m.end] == m.text


def test_possessive_not_in_mention(ents):
    people, _, _ = ents
    p = by_name(people, "Marguerite T. Kessling")
    m = [m for m in p.mentions if m.text == "Ms. Kessling"][0]
    assert TEXT[m.end:m.end + 2] == "’s"


def test_role_from_title_and_of_place(ents):
    people, _, _ = ents
    assert by_name(people, "Ravel Odhiambo").role == "prime minister"
    assert by_name(people, "Anneliese Vorhaus").role == "president of Austria"


def test_role_from_appositives(ents):
    people, _, _ = ents
    assert by_name(people, "Tobiah Wrenfield").role == "former finance minister of Portugal"
    assert by_name(people, "Haldor Brekkestad").role == "Norway’s foreign minister"


def test_military_title_and_particles(ents):
    people, _, _ = ents
    p = by_name(people, "Samir Abu Halawa")
    assert "General Abu Halawa" in [m.text for m in p.mentions]
    assert by_name(people, "Ursel von der Bracht")


def test_single_name_people(ents):
    people, _, _ = ents
    assert by_name(people, "Yusra")
    assert by_name(people, "Karim")


def test_orgs_places_days_not_people(ents):
    people, orgs, places = ents
    names = {p.name for p in people}
    for bad in ("Corvane Foundation", "Ostrava Group", "Gaza City", "Tuesday", "Monday", "Lisbon",
                "Portugal", "Austrian"):
        assert bad not in names
    org_names = {o.name for o in orgs}
    assert "Corvane Foundation" in org_names and "Ostrava Group" in org_names
    assert "Ministry of Coastal Affairs" in org_names
    place_names = {p.name for p in places}
    assert {"Lisbon", "Gaza City"} <= place_names
    assert all(o.kind == "org" for o in orgs) and all(p.kind == "place" for p in places)


def test_resolve(ents):
    people, _, _ = ents
    assert resolve("Mr. Odhiambo", people).name == "Ravel Odhiambo"
    assert resolve("Kessling", people).name == "Marguerite T. Kessling"
    assert resolve("President Vorhaus", people).name == "Anneliese Vorhaus"
    assert resolve("Abu Halawa", people).name == "Samir Abu Halawa"
    assert resolve("Nobody Here", people) is None
    assert resolve("", people) is None


def test_surname_before_full_name_and_era():
    text = ("Mr. Quillfeather arrived first. Later, Jonas Quillfeather, an engineer, spoke. "
            "It undid a Halvorsen-era rule.")
    people, _, _ = find_entities(text)
    p = by_name(people, "Jonas Quillfeather")
    assert [m.text for m in p.mentions] == ["Mr. Quillfeather", "Jonas Quillfeather"]
    assert by_name(people, "Halvorsen")


def test_same_surname_goes_to_nearest():
    text = ("Edda Marlowe, 60, and Piet Marlowe, 62, run a bakery. "
            "Ms. Marlowe bakes; Mr. Marlowe sells.")
    people, _, _ = find_entities(text)
    assert len(people) == 2
    assert resolve("Edda Marlowe", people) is not resolve("Piet Marlowe", people)


def test_company_with_which_is_not_a_person():
    text = "Officials praised Brantley Osgood, which makes drones, and Lena Farrow, who flies them."
    people, _, _ = find_entities(text)
    names = {p.name for p in people}
    assert "Lena Farrow" in names and "Brantley Osgood" not in names


def test_subhead_words_are_not_people():
    text = "Mr. Tanaka spoke.\n\nHow to Persuade Tanaka\n\nAfter that, Hiro Tanaka left."
    people, _, _ = find_entities(text)
    assert [p.name for p in people] == ["Hiro Tanaka"]
    assert len(people[0].mentions) == 3


def test_empty_text():
    assert find_entities("") == ([], [], [])


# ------------------------------------------------ not people (issue 12 item 4)
NOT_PEOPLE = (
    "The Coastal Fisheries Act passed in May, weeks after Harvest Day drew crowds to the square. "
    "Officials said the Quarry Lane Bowl would go ahead. Shares of Brennick Bros. and Talvo Co. rose, "
    "and Orrin Capital said its Global Depositary Receipts would list. Technical Training begins soon, "
    "and the Silver Sprocket Prize-winning team was praised. She starred in \"Velvet Harbour\" last year. "
    "Investors bought NGOs' bonds. Decaying Warehouses lined the road."
)


def test_things_are_not_people():
    people, orgs, _ = find_entities(NOT_PEOPLE + " The Regional Housing Census counted 9,000 homes.")
    assert [p.name for p in people] == []
    assert "Regional Housing Census" in {o.name for o in orgs}  # a source of figures, kept for claimants
    assert {"Brennick Bros", "Talvo Co"} <= {o.name.rstrip(".") for o in orgs}


PEOPLE_TOO = (
    "The inquiry heard from A. Dunmore and from Paul Okonkwo-Reyes, a planner. "
    "Australian Tom Vellacott took six wickets. The town was run by Indonesian president Sutarmo. "
    "Later, Lieutenant-Colonel Max Orlander said the road was shut, and Acting Premier Hester Quill agreed. "
    "The deal owed much to the memory of Paul Derwent. Fullback Andre Kesselring scored twice. "
    "Henry VIII was mentioned, as was John Major, and Sen. Hun Vireak spoke. Queen Elizabeth I was born in 1533."
)


def test_people_found_by_given_name_title_and_role():
    people, _, _ = find_entities(PEOPLE_TOO)
    names = {p.name for p in people}
    for n in ("A. Dunmore", "Paul Okonkwo-Reyes", "Tom Vellacott", "Sutarmo", "Max Orlander", "Hester Quill",
              "Paul Derwent", "Andre Kesselring", "Henry VIII", "John Major", "Hun Vireak", "Elizabeth I"):
        assert n in names, (n, names)
    assert "Australian Tom Vellacott" not in names and "Fullback Andre Kesselring" not in names
    assert by_name(people, "Max Orlander").role == "lieutenant-colonel"
    assert by_name(people, "Hester Quill").role == "acting premier"


def test_same_surname_people_stay_apart():
    text = ("Advocate Mpho Lerata, 40, grew up in Quthing. His mother, Palesa Lerata, sold bread. "
            "Adv Lerata said the courts were slow. Ms. Lerata, his mother, disagreed.")
    people, _, _ = find_entities(text)
    adv, mother = by_name(people, "Mpho Lerata"), by_name(people, "Palesa Lerata")
    assert "Adv Lerata" in [m.text for m in adv.mentions]
    assert "Adv Lerata" not in [m.text for m in mother.mentions]


def test_surname_that_is_a_country_is_a_mention():
    text = "Director Neil Chad spoke first. Later Chad said the film was done. Troops stayed in Chad."
    people, _, places = find_entities(text)
    p = by_name(people, "Neil Chad")
    assert [m.start for m in p.mentions] == [9, 38]
    assert any(pl.name == "Chad" for pl in places)


@pytest.mark.parametrize("raw,norm", [
    ("Foreign Minister", "foreign minister"),
    ("foreign minister", "foreign minister"),
    ("FBI Director", "FBI director"),
    ("Prime Minister of Britain", "prime minister of Britain"),
    ("Gov.", "governor"),
    ("Lt. Gen.", "lieutenant general"),
    ("Det. Sgt.", "detective sergeant"),
    ("Commissioner Dr.", "commissioner"),
    ("said her daughter", "her daughter"),
    ("Dr.", None),
    ("St.", None),
    (None, None),
])
def test_roles_normalised(raw, norm):
    from dateline.annotate.people import normalise_role

    assert normalise_role(raw) == norm


def test_family_name_first_and_first_name_only():
    text = ("Prosecutors charged Tan Mei-ling on Friday. Tan denied it. "
            "A girl was found safe. Nicole said she had been frightened. "
            "Protesters gathered in Helena, said the police.")
    people, _, _ = find_entities(text)
    tan = by_name(people, "Tan Mei-ling")
    assert [m.text for m in tan.mentions] == ["Tan Mei-ling", "Tan"]
    assert by_name(people, "Nicole")
    assert not any(p.name == "Helena" for p in people)


def test_possessive_after_name_is_not_a_closing_quote():
    people, _, _ = find_entities("“Nadia Okafor’s six children sleep in one room,” a neighbour said.")
    assert by_name(people, "Nadia Okafor")


def test_title_with_of_before_a_name():
    text = "It was announced by U.S. Secretary of State Corin Baptiste. Later, Baptiste asked for calm."
    people, _, places = find_entities(text)
    p = by_name(people, "Corin Baptiste")
    assert [m.text for m in p.mentions] == ["Corin Baptiste", "Baptiste"]
    assert p.role == "secretary of state"
    assert not any(pl.name == "Corin Baptiste" for pl in places)


def test_plurals_and_faiths_are_not_people():
    text = ("The ship carried 5,000 sailors and Marines. Roman Catholic bishops met, and Baby Boomers, like other boomers, "
            "retired. This year's Harbour Cup finalists arrived.")
    people, _, _ = find_entities(text)
    assert people == []


def test_nickname_in_quotation_marks():
    text = "Tonight Ramiro “The Hammer” Quesada fights again. Quesada, 34, is the favourite."
    people, _, _ = find_entities(text)
    p = by_name(people, "Ramiro “The Hammer” Quesada")
    assert [m.text for m in p.mentions] == ["Ramiro “The Hammer” Quesada", "Quesada"]


@pytest.mark.parametrize("text,role", [
    ("Mary Okafor, who is a professor at Yale, said so.", "professor at Yale"),
    ("Mary Okafor, who was then the mayor of Lagos, said so.", "mayor of Lagos"),
    ("Mary Okafor, who teaches law at Yale, said so.", None),   # what she does is not a role
    ("Mary Okafor, who in 2012 ran for office, said so.", None),
])
def test_role_from_who_clause_is_a_noun_phrase(text, role):
    people, _, _ = find_entities(text)
    assert by_name(people, "Mary Okafor").role == role


def test_surname_that_is_a_title_word():
    text = ("Team captain Rosalind King picked her side on Monday. King said the squad was ready, "
            "and the draw suited King. The King opened the new stadium.")
    people, _, _ = find_entities(text)
    king = by_name(people, "Rosalind King")
    assert [m.start for m in king.mentions] == [13, text.index("King said"), text.index("King. The")]
    assert len(people) == 1  # "The King" is the monarch


def test_single_surname_with_a_person_appositive():
    text = ("The film opens in May.\n\nMarwick, the Leeds-born actor who starred in two war dramas, "
            "plays a ferry captain. Currently, the director is in Spain.")
    people, _, _ = find_entities(text)
    assert by_name(people, "Marwick")
    assert not any(p.name == "Currently" for p in people)


def test_first_name_alone_after_the_full_name():
    text = ("Coach Odile Brannagh and Odile Vasquez met Tamsin Quarrie on Sunday. "
            "Later Tamsin told reporters the plan had changed, and Odile agreed.")
    people, _, _ = find_entities(text)
    assert "Tamsin" in [m.text for m in by_name(people, "Tamsin Quarrie").mentions]
    # two people called Odile: the bare first name is left to neither
    assert not any("Odile" == m.text for p in people for m in p.mentions)


def test_capital_the_before_a_phrase_is_not_a_person():
    text = "The Hartwell Moore index fell 3 percent on Monday. The Corbin Vale opened a new pier."
    people, _, _ = find_entities(text)
    assert people == []


@pytest.mark.parametrize("text,name", [
    ("The side was led by captain Will Ostrander on Sunday.", "Will Ostrander"),
    ("Off-spinner Hope Akers took four wickets.", "Hope Akers"),
    ("Co-founder Dana Wrexley left the firm.", "Dana Wrexley"),
])
def test_role_noun_before_a_name(text, name):
    people, _, _ = find_entities(text)
    assert [p.name for p in people] == [name]


def test_descriptor_with_a_possessive_inside_an_of_phrase():
    text = "The chair of the rowing federation's appeals panel, Bogdan Vrenko, told reporters on Monday."
    people, _, _ = find_entities(text)
    assert by_name(people, "Bogdan Vrenko").role == "chair of the rowing federation's appeals panel"
    _, orgs, _ = find_entities("A unit of the province's power utility, Kestrel Varn, said on Friday.")
    assert [o.name for o in orgs] == ["Kestrel Varn"]


def test_won_lost_record_after_a_name():
    text = ("Chad Mireault (7-5) gave up a two-run homer to Hector Quaid. "
            "Vellacourt (12-9) allowed two runs. The Harbor Hawks (70-60) lost again.")
    people, _, _ = find_entities(text)
    names = {p.name for p in people}
    assert {"Chad Mireault", "Vellacourt"} <= names and "Harbor Hawks" not in names


def test_surnames_in_a_team_sheet_with_known_players():
    text = ("Manager Ilse Brandt named Tomas Okafor and Rune Lindqvist in her side.\n\n"
            "The team: Okafor, Marchetti, Lindqvist, Delacourt, Haverkamp.\n\n"
            "Games follow in Oslo, Bergen, Tromso and Stavanger.")
    people, _, _ = find_entities(text)
    names = {p.name for p in people}
    assert {"Marchetti", "Delacourt", "Haverkamp"} <= names
    assert not names & {"Oslo", "Bergen", "Tromso", "Stavanger"}
    assert [m.text for m in by_name(people, "Tomas Okafor").mentions] == ["Tomas Okafor", "Okafor"]


def test_phrase_used_as_a_things_name_is_not_a_person():
    text = ("The Varga Moreno newspaper, quoting officials, said talks had failed. Varga Moreno said later "
            "that a Sky Nordic flight was diverted. Ines Varga spoke to reporters.")
    people, _, _ = find_entities(text)
    assert [p.name for p in people] == ["Ines Varga"]


def test_sports_role_before_a_name_with_a_place_in_it():
    text = ("Top seed Lina Ostrova lost, but Geneva finalist KaiTuro Houston won in four sets. "
            "Houston served 17 aces. Rain stopped play in Houston.")
    people, _, _ = find_entities(text)
    p = by_name(people, "KaiTuro Houston")
    assert [m.start for m in p.mentions] == [text.index("KaiTuro"), text.index("Houston served")]
    assert by_name(people, "Lina Ostrova")


def test_indefinite_article_and_young_children():
    text = ("Writers met at a Quill Fest in the old town. Ana Pelletier stayed home with toddler Rufo, "
            "and her husband Tavi went.")
    people, _, _ = find_entities(text)
    assert {p.name for p in people} == {"Ana Pelletier", "Rufo", "Tavi"}


def test_romance_article_opens_no_name_but_a_short_form():
    text = ("Rosa La Marca chairs the board. La Marca said El Vocero had it wrong, and La Brisa "
            "would bring rain. Les Dunmore agreed.")
    people, _, _ = find_entities(text)
    assert {p.name for p in people} == {"Rosa La Marca", "Les Dunmore"}
    assert [m.text for m in by_name(people, "Rosa La Marca").mentions] == ["Rosa La Marca", "La Marca"]


def test_long_title_before_name_is_the_role_not_the_name():
    text = ("Minister of State for Petroleum Dario Kvell opened the new depot on Friday. "
            "Acting Commissioner for Foreign Affairs Mireille Tano was not there. "
            "Deputy Minister of Trade and Industry Osei Brann said exports grew. "
            "Output would double, the minister said.")
    people, _, _ = find_entities(text)
    assert {p.name for p in people} == {"Dario Kvell", "Mireille Tano", "Osei Brann"}
    kvell = by_name(people, "Dario Kvell")
    assert [(m.text, m.start) for m in kvell.mentions] == [("Dario Kvell", text.index("Dario"))]
    assert kvell.role == "minister of State for Petroleum"
    assert by_name(people, "Mireille Tano").role == "acting commissioner for Foreign Affairs"
    assert by_name(people, "Osei Brann").role == "deputy minister of Trade and Industry"


def test_long_title_chain_stops_at_the_first_name():
    text = "Minister of Finance Hale Dunmoor and Petra Ilves spoke at the forum."
    people, _, _ = find_entities(text)
    assert {p.name for p in people} == {"Hale Dunmoor", "Petra Ilves"}
    assert by_name(people, "Hale Dunmoor").role == "minister of Finance"
    assert by_name(people, "Petra Ilves").role is None


def test_the_minister_resolves_to_the_long_titled_person():
    from dateline.annotate.attribution import source_of

    text = ("Minister of State for Petroleum Dario Kvell toured the refinery on Monday. "
            "Output would rise by a third next year, the minister said.")
    people, orgs, _ = find_entities(text)
    i = text.index("Output")
    src = source_of(text, i, i + 20, people, orgs)
    assert src is not None and src.name == "Dario Kvell"


def test_long_title_needs_a_field_word_and_a_name_that_is_no_place():
    text = ("Bishop of Cape Town Ada Quell preached on Sunday. "
            "\u201cPrices held,\u201d said Brio Stant, Managing Director of Lumen Advisers Portugal.")
    people, _, _ = find_entities(text)
    names = {p.name for p in people}
    assert "Portugal" not in names and "Town Ada Quell" not in names and "Cape Town" not in names
    assert "Brio Stant" in names

"""Segmentation of dumps into articles, on small dumps written for the tests."""
from dateline.furniture import RepeatCounter
from dateline.segment import (is_headline, parse_byline, parse_contributors, parse_header,
                              parse_reported_from, segment, split_names, starts_new_story)


def drafts(text: str):
    lines = text.splitlines()
    return list(segment(lines, RepeatCounter().add_lines(lines).repeated()))


def test_headlines_and_subheads():
    assert is_headline("Floods Cut Off Mountain Towns as Rivers Rise")
    assert is_headline("Will the Dam Hold? Engineers Are Not Sure")
    assert is_headline("Floods cut off mountain towns")  # sentence case, short
    assert not is_headline("The river rose overnight and the town was cut off.")
    assert not is_headline("- A bullet point about something")


def test_byline_names_run_together():
    assert parse_byline("Anna KowalskiBruno Lutz and Chen Wei") == ["Anna Kowalski", "Bruno Lutz", "Chen Wei"]
    assert parse_byline("By Maria de la Cruz") == ["Maria de la Cruz"]
    assert parse_byline("By Ian McDonald and Sara O'Neil") == ["Ian McDonald", "Sara O'Neil"]
    assert parse_byline("The river rose overnight.") is None
    assert split_names("Rainfall Totals") == ["Rainfall Totals"]  # shape only: caller decides context


def test_contributor_lines():
    c = parse_contributors("Reporting was contributed by Anna Kowalski from Warsaw; Bruno Lutz from Bern, "
                           "Switzerland; and Chen Wei from Taipei.")
    assert [(x.name, x.place) for x in c] == [("Anna Kowalski", "Warsaw"), ("Bruno Lutz", "Bern, Switzerland"),
                                              ("Chen Wei", "Taipei")]
    c = parse_contributors("Anna Kowalski, Bruno Lutz and Chen Wei contributed reporting from Kyiv "
                           "and Dora Fenn from Berlin.")
    assert [(x.name, x.place) for x in c] == [("Anna Kowalski", "Kyiv"), ("Bruno Lutz", "Kyiv"),
                                              ("Chen Wei", "Kyiv"), ("Dora Fenn", "Berlin")]
    assert [(x.name, x.place) for x in parse_contributors("Dora Fenn contributed reporting.")] == [("Dora Fenn", None)]
    assert parse_contributors("The mayor contributed money to the campaign.") is None
    r = parse_reported_from("Anna Kowalski and Chen Wei reported from Lima, Peru, and Bruno Lutz from Quito.")
    assert [(x.name, x.place) for x in r] == [("Anna Kowalski", "Lima, Peru"), ("Chen Wei", "Lima, Peru"),
                                              ("Bruno Lutz", "Quito")]


def test_capture_headers():
    assert parse_header("The Daily Ledger 2026-01-05 09:30:00") == {
        "outlet": "The Daily Ledger", "captured_at": "2026-01-05T09:30:00", "url": None}
    assert parse_header("URL: https://example.org/a") == {"url": "https://example.org/a"}
    assert parse_header("Captured: 2026-01-05T09:30:00Z") == {"captured_at": "2026-01-05T09:30:00Z"}
    assert parse_header("In 2026-01-05 the river rose and the town flooded badly.") is None


DUMP = """The Daily Ledger 2026-01-05 09:30:00
Floods Cut Off Mountain Towns as Rivers Rise
Heavy rain cut off three mountain towns on Sunday, officials said, and rescuers were working to reach them.
The river rose more than two meters overnight, according to the regional water authority, which said the dams were holding.
Rescue Teams Push On
Mr. Ostrander, the regional governor, said helicopters would fly at first light. The rescue teams reached one town by noon.
Dora Fenn contributed reporting.
Council Approves New Budget for City Schools After Long Debate
The city council approved a budget on Monday that raises spending on schools by a tenth, after a debate that ran past midnight.
Teachers welcomed the vote. "It is a start," said Lena Park, who leads the teachers union.
Subscribe to The Ledger to read as many articles as you like.
Orchestra Finds a New Home in an Old Tram Depot After a Decade of Searching
The city orchestra will move into a restored tram depot next year, ending a search that began when its hall was sold.
The depot, built in 1911, has been empty since the last trams ran, and the conversion will cost about 30 million euros.
Weather Service Warns of More Storms in the Valley This Coming Weekend
Forecasters at the national weather service said on Tuesday that a second storm system would reach the valley by Friday night.
Farmers in the lowlands were told to move livestock to higher ground, and schools planned to close early on Friday.
"""


def test_segment_dump():
    ds = drafts(DUMP)
    assert [d.title for d in ds] == [
        "Floods Cut Off Mountain Towns as Rivers Rise",
        "Council Approves New Budget for City Schools After Long Debate",
        "Orchestra Finds a New Home in an Old Tram Depot After a Decade of Searching",
        "Weather Service Warns of More Storms in the Valley This Coming Weekend",
    ]
    first, council, orchestra, weather = ds
    assert "Rescue Teams Push On" in first.text  # a subhead stays inside its article
    assert [c.name for c in first.contributors] == ["Dora Fenn"]
    assert council.truncated and not first.truncated and not orchestra.truncated
    assert "Subscribe" not in council.text
    assert all(d.outlet == "The Daily Ledger" and d.captured_at == "2026-01-05T09:30:00" for d in ds)
    assert orchestra.paragraphs[-1].startswith("The depot")


def test_new_story_versus_subhead():
    before = ["Mr. Ostrander, the regional governor, said helicopters would fly at first light over the valley."]
    sub_after = ["Mr. Ostrander said the helicopters had reached two of the towns and that more would follow soon."]
    new_after = ["Forecasters at the national weather service said on Tuesday that a second storm would reach Lisbon."]
    assert not starts_new_story(before, "What the Governor Promised the Valley Towns", sub_after)
    assert starts_new_story(before, "Weather Service Warns of More Storms This Weekend", new_after)


def test_no_headline_articles_after_page_furniture():
    dump = """Skip to content
You have been granted access, use your keyboard to continue reading.
The first article has no headline, and it starts right after the page furniture above it.
It has a second paragraph that ends the story.
Save on The Ledger with our best offer:
$1/week for your first year.
Learn more
You have been granted access, use your keyboard to continue reading.
The second article also has no headline and starts right after the furniture block.
"""
    ds = drafts(dump)
    assert [d.title for d in ds] == [None, None]
    assert ds[0].paragraphs[0].startswith("The first article")
    assert ds[1].paragraphs == ["The second article also has no headline and starts right after the furniture block."]
    assert not any("Learn more" in d.text or "$1/week" in d.text for d in ds)


def test_learned_furniture_repeats_across_articles():
    block = "Get the Morning Briefing in your mailbox every weekday at seven, free of charge for readers."
    arts = []
    for topic in ("River", "Bridge", "Harbor", "Market"):
        arts.append(f"Story About the {topic} and What the Town Council Decided\n"
                    f"The first paragraph tells what happened at the {topic.lower()} on Monday morning.\n{block}\n"
                    f"The {topic.lower()} story ends here.\nSubscribe to The Ledger to read as many articles as you like.")
    ds = drafts("\n".join(arts))
    assert len(ds) == 4
    assert all(block not in d.text for d in ds)
    assert all(len(d.paragraphs) == 2 for d in ds)


def test_duplicated_article_is_not_furniture():
    art = "\n".join(f"Paragraph {w} of a long story that repeats because the scraper saved it three times over."
                    for w in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"))
    ds = drafts("\n".join([art] * 3))
    assert sum(len(d.paragraphs) for d in ds) == 33

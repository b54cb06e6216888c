"""Segmentation of dumps into articles, on small dumps written for the tests."""
import json
import re
import unicodedata
from pathlib import Path

import pytest

from dateline.core import extract
from dateline.furniture import SHAPE, RepeatCounter
from dateline.model import RawDocument
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


# --------------------------------------------------------------------------
# Other outlets' page furniture: invented dumps in tests/fixtures/outlets/,
# each with its expected articles as data (<name>.json next to <name>.txt).
# --------------------------------------------------------------------------

OUTLETS = Path(__file__).parent / "fixtures" / "outlets"
OUTLET_CASES = sorted(p.stem for p in OUTLETS.glob("*.txt"))


def _norm(s: str) -> str:
    """As the scorer compares text: case, quotes and punctuation folded."""
    s = unicodedata.normalize("NFKC", s or "")
    for a, b in {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-", "\u2013": "-"}.items():
        s = s.replace(a, b)
    return " ".join(re.sub(r"[^\w\s']", " ", s.lower()).split())


def test_outlet_fixtures_present():
    assert len(OUTLET_CASES) >= 4
    assert all((OUTLETS / f"{n}.json").is_file() for n in OUTLET_CASES)


@pytest.mark.parametrize("name", OUTLET_CASES)
def test_outlet_dump(name):
    path = OUTLETS / f"{name}.txt"
    expected = json.loads((OUTLETS / f"{name}.json").read_text(encoding="utf-8"))
    arts = extract(RawDocument(str(path), path.read_text(encoding="utf-8")), annotate=False)
    problems: list[str] = []
    if len(arts) != len(expected["articles"]):
        problems.append(f"{len(arts)} articles, expected {len(expected['articles'])}: "
                        + repr([(a.title, a.text[:50]) for a in arts]))
    for n, (a, e) in enumerate(zip(arts, expected["articles"])):
        paras = a.text.split("\n\n")
        body = paras
        if e.get("standfirst"):
            if not paras[0].startswith(e["standfirst"]):
                problems.append(f"[{n}] standfirst: {paras[0][:60]!r}")
            body = paras[1:]
        got = {
            "title": a.title,
            "byline": a.byline,
            "contributors": [{"name": c.name, "place": c.place} for c in a.contributors],
            "truncated": a.truncated,
            "first_words": body[0][: len(e["first_words"])] if body else None,
            "last_words": paras[-1][: len(e["last_words"])],
        }
        if "paragraphs" in e:
            got["paragraphs"] = len(paras)
        if e.get("captured_at", expected.get("captured_at")) is not None:
            got["captured_at"] = a.captured_at
            e = {**e, "captured_at": e.get("captured_at", expected["captured_at"])}
        got["outlet"] = a.outlet
        e = {**e, "outlet": expected["outlet"]}
        for k, v in got.items():
            if v != e[k]:
                problems.append(f"[{n}] {k}: got {v!r}, expected {e[k]!r}")
        for line in e.get("once", []):
            if _norm(a.text).count(_norm(line)) > 1:
                problems.append(f"[{n}] repeated box line in body: {line!r}")
    for a in arts:
        text = _norm(a.text)
        for line in expected["furniture"]:
            if _norm(line) in text:
                problems.append(f"furniture leaked into {a.title or a.text[:40]!r}: {line!r}")
    assert not problems, "\n".join(problems)


def test_bylines_with_jobs_places_and_notes():
    assert parse_byline("Helen Marsh North of England correspondent") == ["Helen Marsh"]
    assert parse_byline("By Priya Natt, Local democracy reporter") == ["Priya Natt"]
    assert parse_byline("Tom Reyes and Priya Natt in Hebbleford") == ["Tom Reyes", "Priya Natt"]
    assert parse_byline("Helen Marsh (now) and Tom Reyes (earlier)") == ["Helen Marsh", "Tom Reyes"]
    assert parse_byline("BY ANNA KOWALSKI") == ["Anna Kowalski"]
    assert parse_byline("By Dana Whitcomb, Marcus Lee and Priya Venkataraman, CCN") == [
        "Dana Whitcomb", "Marcus Lee", "Priya Venkataraman"]
    assert parse_byline("By Miriam Okonjo | Photographs by Teodor Lind") == ["Miriam Okonjo"]
    assert parse_byline("Par Claire Dubois et Antoine Mercier") == ["Claire Dubois", "Antoine Mercier"]
    assert parse_byline("By Jane Doe, Tom Post") == ["Jane Doe", "Tom Post"]


def test_byline_without_headline_needs_evidence():
    from dateline.segment import confident_byline, is_affiliation

    assert confident_byline("Helen Marsh Transport correspondent") == ["Helen Marsh"]
    assert confident_byline("Sam Diaz", "Millbrook Gazette") == ["Sam Diaz"]
    assert confident_byline("Carlos Navarro", date_below=True) == ["Carlos Navarro"]
    assert confident_byline("Sam Diaz") is None  # could be a two-word headline
    # headlines that look like names
    assert confident_byline("Protests Erupt in Tbilisi") is None
    assert confident_byline("Paper Names New Editor", date_below=True) is None
    assert confident_byline("Markets Rally Again", date_below=True) is None
    assert confident_byline("Newsroom Mourns Beloved Editor") is None
    assert is_affiliation("Health correspondent, Northern Broadcasting") and is_affiliation("Millbrook Gazette")
    assert not is_affiliation("The council approved the budget.")
    assert not is_affiliation("Julie Turkewitz and Genevieve Glatsky")  # a byline, not the line under one
    # a short title-case headline over a byline with no "By" stays a headline
    ds = drafts("Venezuela Votes\nJulie TurkewitzGenevieve Glatsky\n"
                "Venezuelans voted on Sunday in an election that the opposition says was unfair from the start.\n")
    assert [(d.title, d.byline) for d in ds] == [("Venezuela Votes", ["Julie Turkewitz", "Genevieve Glatsky"])]


def test_capture_header_with_captured_word():
    assert parse_header("The Albion Chronicle | captured 2026-02-11 07:42 GMT") == {
        "outlet": "The Albion Chronicle", "captured_at": "2026-02-11T07:42", "url": None}


def test_wire_and_agency_credits():
    c = parse_contributors("Reporting by Anna Kowalski in London and Marco Bellini in Rome; Additional reporting "
                           "by Chen Wei in Singapore; Editing by Susan Fenton")
    assert [(x.name, x.place) for x in c] == [("Anna Kowalski", "London"), ("Marco Bellini", "Rome"),
                                              ("Chen Wei", "Singapore")]
    c = parse_contributors("Associated Press writers Lorne Keller in Paris and Sylvie Durand in Warsaw "
                           "contributed to this report.")
    assert [(x.name, x.place) for x in c] == [("Lorne Keller", "Paris"), ("Sylvie Durand", "Warsaw")]
    assert [x.name for x in parse_contributors("Writing by Daniel Osei; Editing by Mark Gale")] == ["Daniel Osei"]


def test_list_box_then_next_article_without_footer():
    """A "Most viewed" list right after a story: its lines are dropped, and
    the last one is the next story's headline because a byline follows."""
    dump = """The Albion Chronicle 2026-02-11 07:42:10
Ferry service to resume after six-week repair at Hull dock
Helen Marsh
Wed 11 Feb 2026 06.00 GMT
The ferry between Hull and Rotterdam will resume sailings on Monday after six weeks in dry dock, its operator said.
Engineers replaced a propeller shaft that was damaged when the ship struck a submerged object in January.
Most viewed
Man charged after three die in house fire in Bolton
Bus drivers in West Yorkshire vote to strike over pay offer
Water company fined for sewage spills into Calder
The regulator said the company had released untreated sewage on 212 days last year, more than any other firm
Tom Reyes
Wed 11 Feb 2026 09.00 GMT
The environment regulator has fined Pennine Water £12m for pumping untreated sewage into the River Calder.
The company said it had invested in new storage tanks and apologised to residents.
"""
    ds = drafts(dump)
    assert [d.title for d in ds] == ["Ferry service to resume after six-week repair at Hull dock",
                                     "Water company fined for sewage spills into Calder"]
    assert [d.byline for d in ds] == [["Helen Marsh"], ["Tom Reyes"]]
    assert all("Bolton" not in d.text and "Bus drivers" not in d.text and "GMT" not in d.text for d in ds)


def test_short_headline_over_a_date_is_not_a_byline():
    ds = drafts("Daily Ledger 2026-02-18 14:02:11\nMarkets Rally Again\nFeb. 18, 2026\n"
                "Stocks rose for a third day on Wednesday as investors bet that interest rates would fall.\n"
                "The main index closed up 1.2%.\n")
    assert [(d.title, d.byline, len(d.paragraphs)) for d in ds] == [("Markets Rally Again", [], 2)]


def test_furniture_prefix_dispatch_matches_trying_every_rule():
    """known_rule only tries the anchored rules a line's first two characters
    allow; that must never change which rule matches."""
    from dateline import furniture

    full = [(r, re.compile(r.pattern, re.IGNORECASE)) for r in furniture.rules()]

    def every_rule(line):
        if not line or len(line) > furniture.MAX_FURNITURE_CHARS:
            return None
        for r, rx in full:
            if r.pattern.startswith("^") and rx.match(line):
                return r
        low = line.lower()
        return next((r for r, rx in full if not r.pattern.startswith("^")
                     and any(g in low for g in r.gate) and rx.search(line)), None)

    lines = {x.strip() for p in OUTLETS.glob("*.txt") for x in p.read_text(encoding="utf-8").splitlines()}
    lines |= {x.strip() for x in DUMP.splitlines()} | {"$1/week for your first year.", "12:45 GMT", "1h ago", "x",
                                                       "2024 Election: Live Updates", "3 comments", "5 min read"}
    lines.discard("")
    assert [every_rule(x) for x in sorted(lines)] == [furniture.known_rule(x) for x in sorted(lines)]
    # a rule left out of the tables for longer lines never matches a longer line
    bounds = furniture.dispatch().max_chars
    assert any(v is not None for v in bounds.values())
    for x in lines | {"Share", "Advertisement", "Berlin - 12 March 2026", "Skip to main content"}:
        for i, (r, rx) in enumerate(full):
            if bounds.get(i) is not None and rx.match(x):
                assert len(x) <= bounds[i], (x, r.pattern)


def test_furniture_roles_of_other_outlets():
    from dateline.furniture import known_rule

    roles = {
        "Wed 11 Feb 2026 06.00 GMT": "meta", "Last modified on Wed 11 Feb 2026 13.02 GMT": "meta",
        "Published 6:02 a.m. ET Jan. 20, 2026 | Updated 9:15 a.m. ET Jan. 20, 2026": "meta",
        "March 4, 2026 2:05 PM GMT Updated 3 hours ago": "meta", "13.40 GMT": "meta", "Posted at 12:45": "meta",
        "Updated 14m ago": "meta", "Madrid - 04 mar 2026 - 18:05 CET": "meta",
        "Hide Caption": "caption", "Key events": "widget", "Most viewed": "widget", "Archivado En": "widget",
        "Explore more on these topics": "end",
        "Jane Roe covers city hall for the Gazette. Reach her at jroe@example.com.": "end",
        "You've used all of your free articles this month.": "paywall",
        "Suscríbete para seguir leyendo": "paywall", "Abonnez-vous pour lire la suite": "paywall",
        "Jetzt abonnieren und weiterlesen": "paywall",
        "You have 2 free articles remaining. Subscribe for $1": "inline",
        "Volunteers clear mud from a shop on Monday. Photograph: Tom Ellery/PA": "inline",
        "Image source, Getty Images": "inline", "Sign up to First Edition, our free daily newsletter": "inline",
        "Register now for FREE unlimited access to Example.com": "inline", "Facebook": "inline", "___": "inline",
        # consent banners, German and French furniture, newsletter boxes
        "This website uses cookies to improve your experience.": "inline", "Alle akzeptieren": "inline",
        "Weiterlesen mit SPIEGEL+": "paywall", "Dieser Artikel ist nur für Abonnenten verfügbar.": "paywall",
        "Bereits Abonnent? Hier anmelden": "paywall", "Mehr zum Thema": "widget",
        "Lesen Sie auch: Die Bahn streicht Verbindungen": "inline", "Artikel teilen": "inline",
        "Veröffentlicht am 4. März 2026, 07.15 Uhr": "meta", "04.03.2026, 07:15 Uhr": "meta",
        "Publié le 4 mars 2026 à 06h30, modifié à 09h12": "meta", "Lesezeit: 4 Min.": "inline",
        "Keep reading with a 7-day free trial": "paywall", "Subscribe to continue reading": "paywall",
        "Join 12,000 subscribers": "inline", "Staff with Reuters": "inline",
    }
    assert {line: getattr(known_rule(line), "role", None) for line in roles} == roles
    for body in ("The water came up through the floorboards first, Janet Pryce said.",
                 "Insurance covers most of the damage, and the council will pay for the rest.",
                 "She said the photo: a blurred image of the river, was taken at dawn.",
                 "Madrid - the capital - was quiet on Sunday.",
                 "To continue reading the signals, the central bank said it would wait.",
                 "Keep reading with a critical eye, he urged.", "More than 3,000 readers wrote in to complain.",
                 "By using cookies, the company tracked users across sites.",
                 "We use cookies to track users, the company said.", "The poll was run by the AP/NORC center"):
        assert known_rule(body) is None, body


def test_counting_templates_alone_finds_the_same_repeated_lines():
    """RepeatCounter counts a long line under its template only (the full key
    can only repeat where the template does): is_repeated() must mark the
    same lines as counting every key of keys_of() would."""
    import random

    from dateline.furniture import MIN_REPEATS, RepeatCounter, is_repeated, keys_of

    rnd = random.Random(5)
    words = ["Sign", "up", "for", "our", "Daily", "briefing", "to", "your", "inbox", "’90s", "“Live”", "42",
             "Ünlü", "río", "news", "the", "a", "ΣΟΦΟΣ", "on", "in", "Gaza", "Kyiv", "said", "7"]
    lines = []
    for _ in range(3000):
        n = rnd.choice([1, 3, 8, 9, 10, 11, 15, 30, 39, 40, 41, 60])
        line = " ".join(rnd.choice(words[:6]) if rnd.random() < 0.7 else rnd.choice(words) for _ in range(n))
        if rnd.random() < 0.05:
            line = line.replace(" ", rnd.choice(["  ", "\t", "\u2003"]), 1)
        lines.append(line)
    lines += lines[:200] * 2  # whole-line repeats too

    every_key: dict[str, int] = {}
    for line in lines:
        for k in keys_of(line.strip()):
            every_key[k] = every_key.get(k, 0) + 1
    old = {k for k, v in every_key.items() if v >= MIN_REPEATS}
    new = RepeatCounter().add_lines(lines).repeated()
    assert {k for k in new if not k.startswith(SHAPE)} <= old  # shape keys are counted besides
    assert [is_repeated(x.strip(), old) for x in lines] == [is_repeated(x.strip(), new) for x in lines]
    assert sum(is_repeated(x.strip(), new) for x in lines) > 200


def test_learned_lines_found_whatever_their_first_character():
    from dateline.furniture import keys_of
    from dateline.segment import classify

    furniture_lines = ["5 things to know before you go", '"Listen" to our daily briefing now', "Ünlü news roundup"]
    learned = {k for line in furniture_lines for k in keys_of(line)}
    lines = ["9 Things To Know Before You Go", "“Listen” to our daily briefing now", "Ünlü News Roundup",
             "Another line of text."]
    kinds = [x.kind for x in classify(lines, learned)]
    assert kinds == ["learned", "learned", "learned", "content"]


def test_story_continues_when_its_names_end_in_s_or_stand_before_a_full_stop():
    """starts_new_story folds the words before a headline as it folds the names
    after it: "Williams." and "Hastings" above are the "Williams" and
    "Hastings" below."""
    from dateline.segment import starts_new_story

    before = ["The inquiry heard from Sarah Williams, who ran the depot in Hastings for a decade before it closed.",
              "The report was published on Monday by Williams."]
    after = ["Speaking after the hearing, Williams said the closure of the Hastings depot could have been "
             "avoided if managers had listened.", "Williams added that staff in Hastings had warned of problems."]
    assert not starts_new_story(before, "Williams Says Depot Closure Was Avoidable After All", after)
    other = ["The central bank in Valdoria raised interest rates on Thursday for the third time this year, "
             "Governor Anika Strom said."]
    assert starts_new_story(before, "Valdoria Raises Interest Rates Again To Curb Prices", other)


def test_repeat_counter_counts_each_line_under_its_counted_key():
    """add_lines is counted_key() inlined: the same counts, line by line."""
    from dateline.furniture import RepeatCounter, counted_key

    lines = ["Sign up for our daily briefing", "  Share  ", "", "Read more\u00a0here", "x" * 401,
             "One two three four five six seven eight nine ten", "One two three four FIVE six seven eight nine ten",
             " ".join(["word"] * 45), "Ünlü “Live” 2026 ’90s", "tab\tseparated line", "ΣΟΦΟΣ news"]
    expected: dict[str, int] = {}
    for line in lines * 2:
        k = counted_key(line.strip())
        if line.strip() and k is not None:
            expected[k] = expected.get(k, 0) + 1
    assert RepeatCounter().add_lines(lines * 2).counts == expected


def test_pull_quotes_dropped_within_the_scan_budget(monkeypatch):
    from dateline import segment

    quote = "“The sound doesn’t care what the chart says.”"
    paragraphs = ["Aldous Penhallow took the ferry across the sound for forty years.", quote,
                  "He thought about it. “The sound doesn’t care what the chart says,” he said at last.",
                  "He still walks down to the slipway most mornings."]
    kept = list(paragraphs)
    segment._drop_pull_quotes(kept)
    assert quote not in kept and len(kept) == 3
    monkeypatch.setattr(segment, "MAX_PULL_QUOTE_SCAN", 10)  # past the budget: left as it stands
    kept = list(paragraphs)
    segment._drop_pull_quotes(kept)
    assert kept == paragraphs


def test_section_label_over_a_headline_but_not_an_all_capitals_headline():
    from dateline.segment import segment

    def tops(text):
        return [(d.title, d.byline) for d in segment(text.splitlines())]

    body = "The cease-fire held overnight in the valley, officials said on Tuesday.\nResidents returned home.\n"
    assert tops("CEASEFIRE HOLDS\nBy Jane Roe\n" + body) == [("CEASEFIRE HOLDS", ["Jane Roe"])]
    assert tops("US ELECTION\nHarris Leads in Pennsylvania Poll\nBy Jane Roe\n" + body) == [
        ("Harris Leads in Pennsylvania Poll", ["Jane Roe"])]
    assert tops("SCIENCE\nCan a Forest Remember a Fire?\nBy Jane Roe\n" + body) == [
        ("Can a Forest Remember a Fire?", ["Jane Roe"])]


def test_repeated_name_is_a_byline_only_over_a_date_line():
    """A one-writer newsletter repeats its writer's name over every post's
    date; a repeated place or topic line is furniture wherever it stands."""
    from dateline.segment import classify

    lines = []
    for k in range(4):
        lines += ["Mira Castellanos", f"Mar {k + 1}, 2026", f"A Post About Harbour Tolls Number {'abcd'[k]}",
                  "Middle East", "The harbour board met on Tuesday and agreed to raise tolls for the summer."]
    learned = {"mira castellanos", "middle east"}
    kinds = {(x.text, x.kind) for x in classify(lines, learned)}
    assert ("Mira Castellanos", "content") in kinds and ("Mira Castellanos", "learned") not in kinds
    assert ("Middle East", "learned") in kinds and ("Middle East", "content") not in kinds

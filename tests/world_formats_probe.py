"""Probe: how the world's newsrooms write quotations and numbers (issue 12).

Every sentence here is invented, in the manner of house styles of outlets in
India, Pakistan, Nigeria, Kenya, South Africa, Australia, Singapore, Ireland,
the Gulf and the wire services.  Each case carries the annotation expected of
it.  ``python tests/world_formats_probe.py`` prints the pass count by group
and every miss; ``tests/test_world_formats.py`` runs each case as a test.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field

REF = "2025-06-20"


@dataclass
class Q:
    """A quotation expected: its text starts with ``start`` (and ends with ``end``), said by ``speaker``."""
    start: str
    speaker: str | None
    end: str | None = None


@dataclass
class C:
    """A count expected: the count whose text contains ``key``, with the given fields."""
    key: str
    want: dict = field(default_factory=dict)


@dataclass
class Case:
    group: str
    text: str
    quotes: list[Q] = field(default_factory=list)
    counts: list[C] = field(default_factory=list)
    not_counts: list[str] = field(default_factory=list)  # figures that must not be counts
    exact_quotes: bool = False  # no quotation beyond the ones listed
    note: str = ""


def money(v, key=None, **kw):
    return dict(value=v, category="money", **kw)


CASES: list[Case] = [
    # ------------------------------------------------------------ quotations
    Case("quotes", "‘We have asked the board to reconsider the tariff,’ said Nandita Rao, a member of the "
         "consumer forum in Pune.",
         quotes=[Q("We have asked the board", "Nandita Rao", "tariff,")], note="British single marks"),
    Case("quotes", "Declan Moriarty said: ‘The council told us the road was “finished” in March, and it is not.’",
         quotes=[Q("The council told us the road", "Declan Moriarty", "it is not.")],
         note="single marks outside, double inside; colon before"),
    Case("quotes", "'The pumps failed on Tuesday night,' Lindiwe Mokoena, a resident of the township, said.",
         quotes=[Q("The pumps failed on Tuesday night,", "Lindiwe Mokoena")], note="straight single marks"),
    Case("quotes", "« Nous ne partirons pas », said Aminata Diallo, speaking for the vendors at the port.",
         quotes=[Q("Nous ne partirons pas", "Aminata Diallo")], note="guillemets with inner spaces"),
    Case("quotes", "«We will not leave the market,» said Aminata Diallo, who speaks for the vendors.",
         quotes=[Q("We will not leave the market,", "Aminata Diallo")], note="guillemets"),
    Case("quotes", "The mayor, Jürgen Albrecht, said: „The bridge will reopen in the autumn.“",
         quotes=[Q("The bridge will reopen in the autumn.", "Jürgen Albrecht")], note="low-high German marks"),
    Case("quotes", "“The water came into the ward at night,” says Grace Achieng, a nurse at the county hospital.",
         quotes=[Q("The water came into the ward", "Grace Achieng")], note="present-tense says (BBC/wire)"),
    Case("quotes", "Grace Achieng says: “Nobody warned us about the river.”",
         quotes=[Q("Nobody warned us about the river.", "Grace Achieng")], note="says + colon before"),
    Case("quotes", "Rajesh Venkataraman told reporters: \"The files were never sent to the tribunal.\"",
         quotes=[Q("The files were never sent to the tribunal.", "Rajesh Venkataraman")], note="told reporters:"),
    Case("quotes", "\"We are waiting for the final report,\" Rajesh Venkataraman told reporters in Chennai on Monday.",
         quotes=[Q("We are waiting for the final report,", "Rajesh Venkataraman")], note="told reporters after"),
    Case("quotes", "The delay was “unacceptable and avoidable”, according to Fiona Gallagher, who chairs the "
         "residents' committee.",
         quotes=[Q("unacceptable and avoidable", "Fiona Gallagher")], note="according to"),
    Case("quotes", "“ The tanks were empty by noon , ” said Olusegun Adeyemi, a trader in Ibadan.",
         quotes=[Q("The tanks were empty by noon", "Olusegun Adeyemi")], note="stray spaces inside marks"),
    Case("quotes", "Tariq Mehmood, the district officer, said: “We moved 300 families before the water rose.\n\n"
         "“Some refused to leave their cattle behind.\n\n"
         "“By evening the road was gone.”",
         quotes=[Q("We moved 300 families", "Tariq Mehmood"), Q("Some refused to leave", "Tariq Mehmood"),
                 Q("By evening the road was gone.", "Tariq Mehmood")],
         note="quotation over three paragraphs, one closing mark"),
    Case("quotes", "‘The clinic has no doctor on Fridays,’ Siobhan Kearney said.\n\n"
         "‘Patients are sent to the city instead.\n\n"
         "‘That is a two-hour trip for most of them.’",
         quotes=[Q("The clinic has no doctor", "Siobhan Kearney"), Q("Patients are sent", "Siobhan Kearney"),
                 Q("That is a two-hour trip", "Siobhan Kearney")],
         note="British single marks over paragraphs"),
    Case("quotes", "Chukwuemeka Obi, a lawyer for the families, said the ruling was a relief.\n\n"
         "Q: Will the families appeal?\n\n"
         "A: \"We will wait for the written judgment first.\"",
         quotes=[Q("We will wait for the written judgment", "Chukwuemeka Obi")], note="Q&A lines"),
    Case("quotes", "10.42am: The state disaster office says 14 roads are closed in the north.\n\n"
         "10.55am: “Stay off the beaches until the warning is lifted,” said Bronwyn Fitzgerald, the state's "
         "emergency services minister.",
         quotes=[Q("Stay off the beaches", "Bronwyn Fitzgerald")],
         counts=[C("14", dict(value=14, category="other"))],
         not_counts=["10.42", "10.55"], note="live blog time stamps"),
    Case("quotes", "“Every shop on this street has lost stock,” said Wei Ling Tan, 52, who runs a bakery in Tiong Bahru.",
         quotes=[Q("Every shop on this street", "Wei Ling Tan")], not_counts=["52"], note="age appositive"),

    # ------------------------------------------------------------ money
    Case("money", "The state approved Rs 5 crore for the new hostel.", counts=[C("5 crore", money(50_000_000))]),
    Case("money", "Each family will receive ₹2.5 lakh in compensation.", counts=[C("2.5 lakh", money(250_000))]),
    Case("money", "The trust has collected Rs 1,00,000 so far.", counts=[C("1,00,000", money(100_000))]),
    Case("money", "The police recovered Rs. 12 lakh in cash from the car.", counts=[C("12 lakh", money(1_200_000))]),
    Case("money", "The airline posted a loss of PKR 4.6 billion for the year.",
         counts=[C("4.6 billion", money(4_600_000_000, ))]),
    Case("money", "Lagos state has set aside N5bn for drainage works.", counts=[C("N5bn", money(5_000_000_000))]),
    Case("money", "The contract was worth ₦120 million.", counts=[C("120 million", money(120_000_000))]),
    Case("money", "The county will spend KSh 300 million on new classrooms.",
         counts=[C("300 million", money(300_000_000))]),
    Case("money", "Traders lost goods worth Sh2.4 billion in the fire.", counts=[C("2.4 billion", money(2_400_000_000))]),
    Case("money", "The utility needs R2.1bn to repair its power stations.", counts=[C("R2.1bn", money(2_100_000_000))]),
    Case("money", "The club was fined R250 000 by the league.", counts=[C("250 000", money(250_000))]),
    Case("money", "The federal government pledged A$40m to the flood recovery fund.",
         counts=[C("40m", money(40_000_000))]),
    Case("money", "The upgrade will cost $1.3 billion, the minister said.", counts=[C("1.3 billion", money(1_300_000_000))]),
    Case("money", "Dublin City Council will spend €1.2 billion on housing over five years.",
         counts=[C("1.2 billion", money(1_200_000_000))]),
    Case("money", "The firm was fined €450,000 by the regulator.", counts=[C("450,000", money(450_000))]),
    Case("money", "The emirate's fund invested USD 3 million in the start-up.", counts=[C("3 million", money(3_000_000))]),
    Case("money", "The port earned AED 2.7 billion last year.", counts=[C("2.7 billion", money(2_700_000_000))]),
    Case("money", "Rents rose to Dh8,500 a month.", counts=[C("8,500", money(8_500))]),
    Case("money", "The ministry paid 3 million dollars to the contractor.", counts=[C("3 million", money(3_000_000))]),
    Case("money", "Each worker is owed 45,000 naira in back pay.", counts=[C("45,000", money(45_000))]),
    Case("money", "The fine is S$5,000 for a first offence.", counts=[C("5,000", money(5_000))]),
    Case("money", "Villagers raised 200,000 shillings for the borehole.", counts=[C("200,000", money(200_000))]),
    Case("money", "The board cut the budget by £3.5m.", counts=[C("3.5m", money(3_500_000))]),
    Case("money", "The scheme will cost 4.5 billion euro over a decade.", counts=[C("4.5 billion", money(4_500_000_000))]),
    Case("money", "Farmers were paid Rs 2,100 per quintal of wheat.", counts=[C("2,100", money(2_100))]),
    Case("money", "Bail was set at KES 500,000.", counts=[C("500,000", money(500_000))]),
    Case("money", "The new terminal cost 15 billion rupees.", counts=[C("15 billion", money(15_000_000_000))]),
    Case("money", "The deal is valued at ZAR 800 million.", counts=[C("800 million", money(800_000_000))]),
    Case("money", "The government borrowed SGD 2 billion through green bonds.",
         counts=[C("2 billion", money(2_000_000_000))]),
    Case("money", "Fees will rise to NZ$1,200 a term.", counts=[C("1,200", money(1_200))]),
    Case("money", "The tender was awarded for Tk 50 crore.", counts=[C("50 crore", money(500_000_000))]),
    Case("money", "The hospital received a grant of €2m from the EU.", counts=[C("2m", money(2_000_000))]),
    Case("money", "The council will spend a further 1.2 million pounds on repairs.",
         counts=[C("1.2 million", money(1_200_000))]),
    Case("money", "Losses ran into thousands of crores of rupees.",
         counts=[C("thousands", dict(category="money"))], note="vague crores"),
    Case("money", "The losses are estimated at Rs 1.5 lakh crore.", counts=[C("1.5 lakh crore", money(1_500_000_000_000))]),
    Case("money", "The bank reported a profit of Rs 8,000 crore.", counts=[C("8,000 crore", money(80_000_000_000))]),
    Case("money", "The project is budgeted at 3.2 crore rupees.", counts=[C("3.2 crore", money(32_000_000))]),

    Case("money", "The company lost EUR 5m in the quarter.", counts=[C("5m", money(5_000_000))]),
    Case("money", "The county spent KSh1.2 billion on drugs last year.", counts=[C("1.2 billion", money(1_200_000_000))]),
    Case("money", "The contract is worth US$ 2 million.", counts=[C("2 million", money(2_000_000))]),
    Case("money", "Revenue rose to €1.2bn last year.", counts=[C("1.2bn", money(1_200_000_000, what=None))]),
    Case("money", "The company plans a Rs 50,000-crore investment in the state.",
         counts=[C("50,000", money(500_000_000_000))]),
    Case("money", "The company paid Rs2,500 to each worker.", counts=[C("2,500", money(2_500))]),
    Case("money", "The state has released ₹ 3,400 crore for the project.", counts=[C("3,400", money(34_000_000_000))]),
    Case("money", "Each water kiosk cost 450,000/- to build.", counts=[C("450,000", money(450_000))]),
    Case("money", "The contractor was paid Shs 2.5m for the culvert.", counts=[C("2.5m", money(2_500_000))]),

    Case("money", "The province lost R3.4-billion to fraud.", counts=[C("3.4-billion", money(3_400_000_000))],
         note="South African hyphenated scale"),
    Case("money", "The city spent R1.2-million on the festival.", counts=[C("1.2-million", money(1_200_000))]),
    Case("money", "Exports rose to USD2.1bn in the quarter.", counts=[C("2.1bn", money(2_100_000_000))]),
    Case("money", "Annual rents reached AED450,000 in the marina.", counts=[C("450,000", money(450_000))]),
    Case("money", "The Tk 2,000 crore project stalled.", counts=[C("2,000", money(20_000_000_000, what="project"))]),
    Case("money", "The tender, worth KSh 1.5bn, was cancelled.", counts=[C("1.5bn", money(1_500_000_000))]),

    Case("money", "The miner lost $US5 million in the quarter.", counts=[C("5 million", money(5_000_000))],
         note="Australian business pages"),
    Case("money", "The minister announced Rs.500 crore for rural roads.", counts=[C("500 crore", money(5_000_000_000))]),
    Case("money", "The project will cost one and a half billion dollars.",
         counts=[C("one and a half billion", money(1_500_000_000))]),
    Case("hedges", "Two and a half million people live in the city.",
         counts=[C("Two and a half million", dict(value=2_500_000, what="people"))]),
    Case("hedges", "The farm covers 2½ acres.", counts=[C("2½", dict(value=2.5, what="acres"))]),
    Case("shares", "Sales fell by one-and-a-half per cent.",
         counts=[C("one-and-a-half per cent", dict(value=1.5, category="percent"))]),
    Case("hedges", "They hired 40 nurses. Doctors left the next month.",
         counts=[C("40", dict(value=40, what="nurses"))]),
    Case("not_counts", "The inquiry sat for six and a half weeks.", not_counts=["six and a half"]),

    Case("money", "Federal debt rose to N1.2trn.", counts=[C("1.2trn", money(1_200_000_000_000))]),
    Case("money", "The scam ran into crores of rupees.",
         counts=[C("crores", dict(low=20_000_000, high=999_999_999, category="money"))]),
    Case("money", "Hundreds of crores of rupees were spent on the stadium.",
         counts=[C("Hundreds of crores", dict(low=2_000_000_000, high=9_999_999_999, category="money"))]),
    Case("hedges", "Lakhs of devotees visited the shrine.",
         counts=[C("Lakhs", dict(low=200_000, high=9_999_999, what="devotees"))]),
    Case("hedges", "A 5,000-strong crowd gathered outside the court.",
         counts=[C("5,000", dict(value=5000, category="people"))]),
    Case("hedges", "The suspect was questioned thrice.", counts=[C("thrice", dict(value=3))]),
    Case("hedges", "Officials spent thousands of millions on the dam.",
         counts=[C("thousands of millions", dict(low=2_000_000_000, high=9_999_000_000))],
         note="a vague plural of a scale the word list does not name"),
    Case("ranges", "Electricity tariffs will go up by 12.5%-15%.",
         counts=[C("12.5%", dict(low=12.5, high=15, qualifier="range", category="percent"))]),

    Case("money", "The authority raised QR5bn in green bonds.", counts=[C("5bn", money(5_000_000_000))]),
    Case("money", "The fund will invest SR2.5 billion in tourism.", counts=[C("2.5 billion", money(2_500_000_000))]),
    Case("money", "The bank lent KD3 million to small firms.", counts=[C("3 million", money(3_000_000))]),
    Case("money", "Canal revenue hit LE5 billion.", counts=[C("5 billion", money(5_000_000_000))]),
    Case("money", "The utility lost Rs5.6bn last year.", counts=[C("5.6bn", money(5_600_000_000))]),
    Case("money", "The project costs GH¢5 million.", counts=[C("5 million", money(5_000_000))]),
    Case("not_counts", "The SR 71 was retired decades ago.", not_counts=["71"]),
    Case("not_counts", "The depot is on Canal Road, Bradford BD7 1DP.", not_counts=["7"], note="a postcode, not dinars"),
    Case("coordinated", "The death toll, according to the state emergency agency, rose to 41.",
         counts=[C("41", dict(value=41, category="killed", claimant="state emergency agency"))]),

    # ------------------------------------------------------------ percent and shares
    Case("shares", "Inflation rose to 25pc in the year to May.", counts=[C("25pc", dict(value=25, category="percent"))]),
    Case("shares", "Turnout was 61 per cent, the electoral commission said.",
         counts=[C("61 per cent", dict(value=61, category="percent"))]),
    Case("shares", "Tariffs will rise by 12.5 percent from July.",
         counts=[C("12.5 percent", dict(value=12.5, category="percent"))]),
    Case("shares", "Rates fell by 0.25 percentage points.", counts=[C("0.25", dict(value=0.25, category="percent"))]),
    Case("shares", "About 1 in 10 children in the district is underweight.",
         counts=[C("1 in 10", dict(value=0.1, qualifier="about"))]),
    Case("shares", "One in five households has no running water.", counts=[C("One in five", dict(value=0.2))]),
    Case("shares", "Two-thirds of the wards have no doctor.", counts=[C("Two-thirds", dict(value=0.667))]),
    Case("shares", "Two thirds of the teachers joined the strike.", counts=[C("Two thirds", dict(value=0.667))]),
    Case("shares", "Three-quarters of the budget goes on salaries.", counts=[C("Three-quarters", dict(value=0.75))]),
    Case("shares", "Half of the respondents said they had skipped meals.", counts=[C("Half", dict(value=0.5))]),
    Case("shares", "Nearly half of the district's schools lack toilets.",
         counts=[C("half", dict(value=0.5, qualifier="about"))]),
    Case("shares", "Four out of 10 shopkeepers backed the levy.", counts=[C("Four out of 10", dict(value=0.4))]),

    Case("shares", "Seven of every 10 businesses expect higher costs.",
         counts=[C("Seven of every 10", dict(value=0.7, what="businesses"))]),
    Case("shares", "Growth slowed to 5.4 per cent y-o-y.", counts=[C("5.4 per cent", dict(value=5.4, what=None))]),
    Case("shares", "Just over a third of voters turned out.",
         counts=[C("a third", dict(value=0.333, qualifier="more_than", what="voters"))]),
    Case("shares", "One in every three children is stunted.", counts=[C("One in every three", dict(value=0.333))]),

    Case("shares", "Inflation was 7,5% in March.", counts=[C("7,5%", dict(value=7.5, category="percent"))],
         note="decimal comma (southern Africa, continental copy)"),
    Case("shares", "Growth hit 4,2 percent in the quarter.", counts=[C("4,2 percent", dict(value=4.2, category="percent"))]),
    Case("shares", "Prices rose 25 per-cent in a year.", counts=[C("25 per-cent", dict(value=25, category="percent"))]),
    Case("shares", "Turnout was 65 p.c. in the first phase.", counts=[C("65 p.c.", dict(value=65, category="percent"))]),
    Case("not_counts", "Scores were level at the break.", not_counts=["Scores"]),

    # ------------------------------------------------------------ hedges and vague numbers
    Case("hedges", "More than 1,000 people marched to the governor's office.",
         counts=[C("1,000", dict(value=1000, qualifier="more_than", category="people", what="people"))]),
    Case("hedges", "Nearly 2,000 passengers were stranded at the airport.",
         counts=[C("2,000", dict(value=2000, qualifier="about", what="passengers"))]),
    Case("hedges", "Upwards of 500 traders lost their stalls.",
         counts=[C("500", dict(value=500, qualifier="more_than", what="traders"))]),
    Case("hedges", "As many as 300 students were sent home.",
         counts=[C("300", dict(value=300, qualifier="up_to", what="students"))]),
    Case("hedges", "An estimated 40,000 people have fled their homes.",
         counts=[C("40,000", dict(value=40000, qualifier="about", category="displaced"))]),
    Case("hedges", "A dozen houses were flattened by the wind.",
         counts=[C("dozen", dict(value=12, what="houses"))]),
    Case("hedges", "Scores of fishermen are still at sea.", counts=[C("Scores", dict(low=40, high=99, what="fishermen"))]),
    Case("hedges", "Dozens of villagers were injured when the wall collapsed.",
         counts=[C("Dozens", dict(low=24, high=99, category="wounded"))]),
    Case("hedges", "Hundreds of commuters were stuck on the bridge.",
         counts=[C("Hundreds", dict(low=200, high=999, what="commuters"))]),
    Case("hedges", "Close to 800 nurses have left the state service.",
         counts=[C("800", dict(value=800, qualifier="about"))]),
    Case("hedges", "Over 60 schools remain shut.", counts=[C("60", dict(value=60, qualifier="more_than"))]),
    Case("hedges", "Not fewer than 25 buses were torched.", counts=[C("25", dict(value=25, qualifier="at_least"))]),
    Case("hedges", "Some 4,500 pilgrims arrived on Friday.", counts=[C("4,500", dict(value=4500, qualifier="about"))]),
    Case("hedges", "Just under 3,000 candidates sat the exam.",
         counts=[C("3,000", dict(value=3000, qualifier="fewer_than"))]),
    Case("hedges", "Roughly 70 per cent of the crop was lost.",
         counts=[C("70 per cent", dict(value=70, qualifier="about", category="percent"))]),
    Case("hedges", "One person was arrested at the scene.",
         counts=[C("One", dict(value=1, category="detained"))]),
    Case("hedges", "A woman and two children were rescued from the roof.",
         counts=[C("two", dict(value=2, what="children"))]),

    Case("hedges", "Twenty or so fishermen are still missing.",
         counts=[C("Twenty or so", dict(value=20, qualifier="about", what="fishermen missing"))]),
    Case("hedges", "Rescuers found 20 or more bodies in the mud.",
         counts=[C("20 or more", dict(value=20, qualifier="at_least", category="killed", what="bodies"))]),
    Case("hedges", "A few hundred hawkers blocked the road.",
         counts=[C("A few hundred", dict(low=200, high=999, what="hawkers"))]),
    Case("hedges", "Over a lakh devotees took a dip in the river.",
         counts=[C("a lakh", dict(value=100_000, qualifier="more_than", category="people"))]),
    Case("hedges", "Only 12 MPs voted against the bill.", counts=[C("12", dict(value=12, category="people", what="MPs"))]),
    Case("coordinated", "Troops killed 20 bandits and freed 30 villagers.",
         counts=[C("20", dict(value=20, category="killed")), C("30", dict(value=30, category="hostages"))]),

    # ------------------------------------------------------------ ranges
    Case("ranges", "Between 200 and 300 workers gathered at the gate.",
         counts=[C("200", dict(low=200, high=300, qualifier="range", what="workers"))]),
    Case("ranges", "Officials expect 200 to 300 families to move.",
         counts=[C("200", dict(low=200, high=300, qualifier="range"))]),
    Case("ranges", "The storm damaged 200-300 homes along the coast.",
         counts=[C("200", dict(low=200, high=300, qualifier="range", what="homes"))]),
    Case("ranges", "The repairs will cost between 2 and 3 million dollars.",
         counts=[C("2", dict(low=2_000_000, high=3_000_000, qualifier="range", category="money"))]),
    Case("ranges", "Between 2 and 3 million people use the line every day.",
         counts=[C("2", dict(low=2_000_000, high=3_000_000, qualifier="range"))]),
    Case("ranges", "The plan would cost Rs 10-15 crore.",
         counts=[C("10", dict(low=100_000_000, high=150_000_000, qualifier="range", category="money"))]),
    Case("ranges", "The bill could reach $2m-$3m.",
         counts=[C("2m", dict(low=2_000_000, high=3_000_000, qualifier="range", category="money"))]),
    Case("ranges", "Prices rose by 8-10 per cent.",
         counts=[C("8", dict(low=8, high=10, qualifier="range", category="percent"))]),
    Case("ranges", "Between 40 and 50 people were killed, residents said.",
         counts=[C("40", dict(low=40, high=50, qualifier="range", category="killed"))]),

    # ------------------------------------------------------------ coordinated categories
    Case("coordinated", "The gunmen killed 12 and wounded 40 in the raid on the market.",
         counts=[C("12", dict(value=12, category="killed")), C("40", dict(value=40, category="wounded"))]),
    Case("coordinated", "The blast left 12 dead and 40 injured.",
         counts=[C("12", dict(value=12, category="killed")), C("40", dict(value=40, category="wounded"))]),
    Case("coordinated", "Twelve people were killed and 40 others injured in the collision.",
         counts=[C("Twelve", dict(value=12, category="killed")), C("40", dict(value=40, category="wounded"))]),
    Case("coordinated", "The death toll rose to 45, the health ministry said.",
         counts=[C("45", dict(value=45, category="killed"))]),
    Case("coordinated", "The toll from the floods climbed to 63 on Sunday.",
         counts=[C("63", dict(value=63, category="killed"))]),
    Case("coordinated", "At least 18 people died and 25 were hurt when the bus overturned.",
         counts=[C("18", dict(value=18, qualifier="at_least", category="killed")),
                 C("25", dict(value=25, category="wounded"))]),
    Case("coordinated", "Police arrested 30 protesters and injured five.",
         counts=[C("30", dict(value=30, category="detained")), C("five", dict(value=5, category="wounded"))]),
    Case("coordinated", "Seven soldiers were killed, 11 wounded and two are missing.",
         counts=[C("Seven", dict(value=7, category="killed")), C("11", dict(value=11, category="wounded")),
                 C("two", dict(value=2, category="missing"))]),
    Case("coordinated", "Three dead, 14 injured as building collapses in Karachi",
         counts=[C("Three", dict(value=3, category="killed")), C("14", dict(value=14, category="wounded"))]),
    Case("coordinated", "The fire killed nine people, including four children, and injured 23.",
         counts=[C("nine", dict(value=9, category="killed")), C("23", dict(value=23, category="wounded"))]),
    Case("coordinated", "About 2,000 people were displaced and 300 houses destroyed.",
         counts=[C("2,000", dict(value=2000, category="displaced")), C("300", dict(value=300, category="other"))]),
    Case("coordinated", "The casualty figure stands at 31 dead and 70 injured.",
         counts=[C("31", dict(value=31, category="killed")), C("70", dict(value=70, category="wounded"))]),

    Case("coordinated", "12 killed, 40 injured in bus crash on the highway.",
         counts=[C("12", dict(value=12, category="killed")), C("40", dict(value=40, category="wounded"))],
         note="a figure opening the text"),
    Case("coordinated", "The clashes claimed 45 lives in three days.", counts=[C("45", dict(value=45, category="killed"))]),
    Case("coordinated", "Thirty lives were lost when the ferry sank.", counts=[C("Thirty", dict(value=30, category="killed"))]),
    Case("coordinated", "The militants abducted 25 students and killed a teacher.",
         counts=[C("25", dict(value=25, category="hostages", what="students held hostage"))]),
    Case("coordinated", "Gunmen kidnapped 14 passengers and burnt the bus.",
         counts=[C("14", dict(value=14, category="hostages"))]),
    Case("coordinated", "Two persons died and 12 others sustained injuries in the accident.",
         counts=[C("Two", dict(value=2, category="killed")), C("12", dict(value=12, category="wounded"))]),
    Case("coordinated", "Three persons were arrested over the jewellery shop robbery.",
         counts=[C("Three", dict(value=3, category="detained"))]),
    Case("coordinated", "The blast left 12 dead and dozens injured.",
         counts=[C("12", dict(value=12, category="killed")), C("dozens", dict(low=24, high=99, category="wounded"))]),
    Case("coordinated", "The bus was carrying 52 passengers, of whom 12 died.",
         counts=[C("52", dict(value=52, category="people")), C("12", dict(value=12, category="killed"))]),
    Case("coordinated", "Some 300 were evacuated from their homes.",
         counts=[C("300", dict(value=300, qualifier="about", category="displaced"))]),
    Case("hedges", "About 1.2 lakh people have been shifted to relief camps.",
         counts=[C("1.2 lakh", dict(value=120_000, qualifier="about", what="people"))]),
    Case("hedges", "Over 5 lakh pilgrims are expected at the fair this year.",
         counts=[C("5 lakh", dict(value=500_000, qualifier="more_than", what="pilgrims"))]),
    Case("hedges", "The state will build 1,50,000 houses under the scheme.",
         counts=[C("1,50,000", dict(value=150_000, what="houses"))]),
    Case("hedges", "About 20-odd families live on the island.", counts=[C("20", dict(value=20, what="families"))]),
    Case("hedges", "More than a dozen shops were looted.",
         counts=[C("dozen", dict(value=12, qualifier="more_than", what="shops"))]),
    Case("hedges", "Half a dozen boats capsized.", counts=[C("Half a dozen", dict(value=6, what="boats"))]),
    Case("shares", "Nine out of ten nurses say they are overworked.", counts=[C("Nine out of ten", dict(value=0.9))]),
    Case("shares", "Three in four homes have no insurance.", counts=[C("Three in four", dict(value=0.75))]),
    Case("ranges", "Rooms cost between Rs 2,000 and Rs 3,500 a night.",
         counts=[C("2,000", dict(low=2000, high=3500, qualifier="range", category="money"))]),
    Case("ranges", "The fire destroyed 40–50 shops in the market.",
         counts=[C("40", dict(low=40, high=50, qualifier="range", what="shops"))]),

    Case("coordinated", "Twenty-two people lost their lives in the stampede.",
         counts=[C("Twenty-two", dict(value=22, category="killed"))]),
    Case("coordinated", "The quake killed at least 1,200 and injured over 3,000.",
         counts=[C("1,200", dict(value=1200, qualifier="at_least", category="killed")),
                 C("3,000", dict(value=3000, qualifier="more_than", category="wounded"))]),
    Case("coordinated", "Casualties: 8 dead, 23 injured.",
         counts=[C("8", dict(value=8, category="killed")), C("23", dict(value=23, category="wounded"))]),
    Case("coordinated", "Twelve gunmen stormed the hotel and killed a guard.",
         counts=[C("Twelve", dict(value=12, what="gunmen"))], note="the gunmen are not the dead"),
    Case("coordinated", "The number of dead has climbed to 112.", counts=[C("112", dict(value=112, category="killed"))]),

    Case("coordinated", "At least 22 people were killed and scores injured.",
         counts=[C("22", dict(value=22, qualifier="at_least", category="killed")),
                 C("scores", dict(low=40, high=99, category="wounded"))]),
    Case("coordinated", "Twelve people, including five children, were killed in the blast.",
         counts=[C("Twelve", dict(value=12, category="killed")), C("five", dict(value=5, category="killed"))]),
    Case("coordinated", "Floods have killed 56 people, displaced 12,000 and destroyed 3,400 homes.",
         counts=[C("56", dict(value=56, category="killed")), C("12,000", dict(value=12000, category="displaced")),
                 C("3,400", dict(value=3400, category="other", what="homes"))]),
    Case("coordinated", "The bomb went off in a crowded market, killing 12 and injuring 40.",
         counts=[C("12", dict(value=12, category="killed")), C("40", dict(value=40, category="wounded"))]),
    Case("coordinated", "Gunmen shot dead 7 villagers and torched 30 houses.",
         counts=[C("7", dict(value=7, category="killed")), C("30", dict(value=30, category="other"))]),

    # ------------------------------------------------------------ numbers that are not counts
    Case("not_counts", "The hearing was adjourned to 14 July.", not_counts=["14"]),
    Case("not_counts", "The law took effect on 1st April 2024.", not_counts=["1st", "2024"]),
    Case("not_counts", "The protest was held on 12/06/2025 outside parliament.", not_counts=["12", "06", "2025"]),
    Case("not_counts", "Thandiwe Nkosi, 34, was treated at the scene.", not_counts=["34"]),
    Case("not_counts", "The victim, aged 61, was a retired teacher.", not_counts=["61"]),
    Case("not_counts", "A 17-year-old boy was arrested on Monday.", not_counts=["17"]),
    Case("not_counts", "The office is at 221 Marine Parade.", not_counts=["221"]),
    Case("not_counts", "The shop at No 14 Jalan Besar was raided.", not_counts=["14"]),
    Case("not_counts", "Kenya beat Uganda 3-1 in the final.", not_counts=["3-1", "3", "1"]),
    Case("not_counts", "India were all out for 245 in the 48th over.", not_counts=["48th"]),
    Case("not_counts", "The meeting starts at 9.30am.", not_counts=["9.30"]),
    Case("not_counts", "The train left at 14:45.", not_counts=["14:45", "14"]),
    Case("not_counts", "Flight EK 203 was diverted to Muscat.", not_counts=["203"]),
    Case("not_counts", "He was charged under section 302 of the penal code.", not_counts=["302"]),
    Case("not_counts", "The N1 highway was closed near Polokwane.", not_counts=["1"]),
    Case("not_counts", "The 2019 election was disputed.", not_counts=["2019"]),
    Case("not_counts", "Call the helpline on 0800 123 456 for advice.", not_counts=["0800", "123", "456"]),
    Case("not_counts", "The case was heard in Court 4 at 10am.", not_counts=["4", "10"]),
    Case("not_counts", "Call +254 712 345 678 for details.", not_counts=["254", "712 345 678", "345"]),
    Case("not_counts", "Police imposed Section 144 in the district.", not_counts=["144"]),
    Case("not_counts", "The flats are in Sector 62 of the city.", not_counts=["62"]),
    Case("not_counts", "Grade 12 pupils will write their exams in October.", not_counts=["12"]),
    Case("not_counts", "Class 10 results were announced on Friday.", not_counts=["10"]),
    Case("not_counts", "The budget for 2024-25 was tabled on Thursday.", not_counts=["2024", "25"]),
    Case("not_counts", "The vote will take place at 1430 GMT.", not_counts=["1430"]),
    Case("not_counts", "The hospital has a 24/7 emergency service.", not_counts=["24", "7"]),
    Case("not_counts", "The scheme was launched on 14.06.2025 in the capital.", not_counts=["14", "06", "2025"]),
    Case("not_counts", "The bridge on NH 44 collapsed on Monday.", not_counts=["44"]),
    Case("not_counts", "Residents of Ward 12 protested on Tuesday.", not_counts=["12"]),
    Case("not_counts", "The 45-year-old was arrested on Friday.", not_counts=["45"]),
    Case("not_counts", "The team scored 312 for 6 in 50 overs.", not_counts=["6 in 50"]),
    Case("not_counts", "The shop is at 14 Jalan Besar.", not_counts=["14"]),
    Case("not_counts", "Mrs Adeyemi, 52, and her son, 19, were rescued from the roof.", not_counts=["52", "19"]),
    Case("not_counts", "A farmer, 61, drowned when the river burst its banks.", not_counts=["61"]),
    Case("not_counts", "Ramesh Kumar (45) was arrested on Monday.", not_counts=["45"]),
    Case("not_counts", "The hearing is on the 14th of June.", not_counts=["14th", "14"]),
    Case("not_counts", "The notice was issued on 14-06-2025.", not_counts=["14", "06", "2025"]),
    Case("not_counts", "The curfew starts at 1930hrs.", not_counts=["1930"]),
    Case("not_counts", "Eskom moved to Stage 6 load-shedding on Sunday.", not_counts=["6"]),
    Case("not_counts", "An FIR No. 123/2025 was registered at the police station.", not_counts=["123", "2025"]),
    Case("not_counts", "Arsenal won 3-0 at home.", not_counts=["3", "0"]),
    Case("not_counts", "The bill passed 62-38 in the Senate.", not_counts=["62", "38"]),
    Case("not_counts", "The M50 was gridlocked on Friday.", not_counts=["50"]),
    Case("quotes", "\" We have nothing left ,\" said Peter Mwangi, a herder near the lake.",
         quotes=[Q("We have nothing left", "Peter Mwangi")], note="straight marks with stray spaces"),
    Case("quotes", "Peter Mwangi, a herder, said: \" The dam has been dry since March. \"",
         quotes=[Q("The dam has been dry since March.", "Peter Mwangi")]),
    Case("quotes", "Mary Kavanagh said: 'The school has no heating.\n\n'The children wear coats in class.\n\n"
         "'We have written to the minister twice.'",
         quotes=[Q("The school has no heating.", "Mary Kavanagh"), Q("The children wear coats", "Mary Kavanagh"),
                 Q("We have written to the minister", "Mary Kavanagh")], note="straight single marks over paragraphs"),
    Case("quotes", "The spokesman, Omar Khalil, said: «The crossing will stay closed.\n\n"
         "«Trucks will be turned back at the border.\n\n«No date has been set for reopening.»",
         quotes=[Q("The crossing will stay closed.", "Omar Khalil"), Q("Trucks will be turned back", "Omar Khalil"),
                 Q("No date has been set", "Omar Khalil")], note="guillemets over paragraphs"),
    Case("quotes", "\"This decision,\" said Justice Meera Pillai, \"is final and binding.\"",
         quotes=[Q("This decision,", "Meera Pillai"), Q("is final and binding.", "Meera Pillai")]),
    Case("quotes", "Asked about the delay, Chief Minister Rekha Iyer replied: \"The funds are on the way.\"",
         quotes=[Q("The funds are on the way.", "Rekha Iyer")]),
    Case("quotes", "'Don't go near the river,' warned police inspector Farouk Hassan.",
         quotes=[Q("Don't go near the river,", "Farouk Hassan")], note="straight single marks with an apostrophe"),
    Case("quotes", "Mr O'Sullivan said it was 'a sad day for the parish'.",
         quotes=[Q("a sad day for the parish", "O'Sullivan")]),
    Case("quotes", "14:32 BST – Health secretary Aidan Costello: \"We will publish the figures tomorrow.\"",
         quotes=[Q("We will publish the figures", "Aidan Costello")], not_counts=["14:32", "32"],
         note="live blog: a time zone is no speaker"),
    Case("quotes", "'We were not consulted,' says Aoife Byrne. 'Nobody from the department came out.'",
         quotes=[Q("We were not consulted,", "Aoife Byrne"), Q("Nobody from the department", "Aoife Byrne")]),
    Case("quotes", "Kamau Njoroge, the county health officer, says: 'We have 12 cases of cholera and the numbers are rising.'",
         quotes=[Q("We have 12 cases of cholera", "Kamau Njoroge", "rising.")],
         counts=[C("12", dict(value=12, claimant="Kamau Njoroge"))]),
    Case("quotes", "Interviewer: Will you stand again?\n\nLerato Dube: \"Not this time. My party knows that.\"",
         quotes=[Q("Not this time.", "Lerato Dube")], note="interview transcript"),
    Case("quotes", "09:15 Karen Lim, Singapore: 'The trains are running again on the North-South line.'",
         quotes=[Q("The trains are running again", "Karen Lim")]),
    Case("quotes", "\"I saw the car hit the wall\" — that was how eyewitness Chinedu Okeke described it.",
         quotes=[Q("I saw the car hit the wall", "Chinedu Okeke")]),
]


def check(case: Case, ann) -> list[str]:
    """The misses of one case against ``ann`` (an ``Annotations``)."""
    miss = []
    for q in case.quotes:
        hits = [x for x in ann.quotes if x.quote.strip(" ‘“\"«„").startswith(q.start)]
        if not hits:
            miss.append(f"quote {q.start!r} not found in {[x.quote for x in ann.quotes]}")
            continue
        x = hits[0]
        if x.speaker != q.speaker:
            miss.append(f"quote {q.start!r}: speaker {x.speaker!r}, want {q.speaker!r}")
        if q.end and not x.quote.rstrip(" ’”\"»“").endswith(q.end):
            miss.append(f"quote {q.start!r}: ends {x.quote[-20:]!r}, want ...{q.end!r}")
    for c in case.counts:
        hits = [x for x in ann.counts if c.key in x.text]
        if not hits:
            miss.append(f"count {c.key!r} not found in {[x.text for x in ann.counts]}")
            continue
        x = hits[0]
        for k, v in c.want.items():
            got = getattr(x, k)
            if got != v:
                miss.append(f"count {c.key!r}: {k} {got!r}, want {v!r}")
    for key in case.not_counts:
        pat = re.compile(rf"(?<![\w.,:/]){re.escape(key)}(?![\w:/]|[.,]\d)")
        for x in ann.counts:
            if pat.search(x.text):
                miss.append(f"not a count: {key!r} read as {x.text!r} ({x.category})")
                break
    return miss


def main() -> None:
    from collections import Counter

    from dateline.annotate import annotate

    total, passed = Counter(), Counter()
    for case in CASES:
        try:
            miss = check(case, annotate(case.text, REF))
        except Exception as e:  # noqa: BLE001 - a crash is a miss like any other
            miss = [f"crash: {e!r}"]
        total[case.group] += 1
        if not miss:
            passed[case.group] += 1
        else:
            print(f"[{case.group}] {case.text[:90]!r}")
            for m in miss:
                print("    -", m)
    print()
    for g in total:
        print(f"{g:14s} {passed[g]:3d}/{total[g]}")
    print(f"{'all':14s} {sum(passed.values()):3d}/{sum(total.values())}")


if __name__ == "__main__":
    main()

"""Older demo stories, one that has expired and one that is still scheduled."""

from cms.demo.data import DemoStory

OLDER_STORIES = [
    DemoStory(
        slug="groene-stroom-alle-kantoren",
        title="Alle kantoren draaien nu op 100% Nederlandse windstroom",
        language="nl",
        intro="Sinds deze maand komt alle stroom in onze vier kantoren van "
        "windparken in de Noordzee. Wat betekent dat, en wat nog niet?",
        paragraphs=[
            "We zijn er nog niet: ons wagenpark en de verwarming in Antwerpen "
            "draaien deels op gas. Die stappen zetten we in 2027.",
        ],
        word="GROEN",
        colours=("#2A9D8F", "#0F7B3F"),
        topics=["duurzaamheid"],
        campaign="duurzaam-doen",
        suggestions={
            "linkedin": (
                "Onze kantoren draaien vanaf nu op 100% Nederlandse windstroom. Een "
                "mooie stap — en we zijn eerlijk over wat nog moet.",
                "#duurzaamheid",
            ),
            "bluesky": ("100% windstroom in al onze kantoren 🌬️", "#duurzaam"),
        },
        days_ago=9,
        share_count=27,
    ),
    DemoStory(
        slug="electric-fleet-one-million-km",
        title="Our electric delivery fleet passes one million kilometres",
        language="en",
        intro="Two years after the switch, our 60 electric vans have driven a "
        "million kilometres — and saved an estimated 180 tonnes of CO₂.",
        paragraphs=[
            "The logistics team in Antwerp and Rotterdam planned charging around "
            "routes, not the other way round. Here is what they learned.",
        ],
        word="1.000.000",
        colours=("#0F7B3F", "#2A9D8F"),
        topics=["sustainability", "logistics"],
        campaign="duurzaam-doen",
        departments=["logistics"],
        locations=["antwerpen"],
        suggestions={
            "linkedin": (
                "One million electric kilometres! Proud of our logistics team.",
                "#sustainability #logistics",
            ),
        },
        days_ago=12,
        share_count=15,
    ),
    DemoStory(
        slug="vrijwilligersdag-bomen-planten",
        title="Tachtig collega's planten 2.000 bomen op de vrijwilligersdag",
        language="nl",
        intro="Met laarzen aan en schep in de hand: tijdens onze jaarlijkse "
        "vrijwilligersdag plantten we samen met Staatsbosbeheer een nieuw bos.",
        paragraphs=[
            "Iedere collega krijgt twee vrijwilligersdagen per jaar. Dit jaar "
            "kozen er tachtig voor het nieuwe Voedselbos bij Utrecht.",
        ],
        word="SAMEN",
        colours=("#0F7B3F", "#FFB400"),
        topics=["werken bij", "duurzaamheid"],
        suggestions={
            "instagram": (
                "Vandaag met 80 collega's 2.000 bomen geplant 🌳",
                "#vrijwilligersdag",
            ),
            "facebook": (
                "Wat een dag! Met collega's een heel bos geplant.",
                "",
            ),
        },
        days_ago=15,
        share_count=38,
    ),
    DemoStory(
        slug="four-day-week-pilot",
        title="Why we are piloting a four-day work week",
        language="en",
        intro="From April, 120 colleagues in Customer Service and IT try a "
        "four-day week with full pay. People & Culture explains why.",
        paragraphs=[
            "The pilot runs for six months and is measured on customer "
            "satisfaction, sick leave and — yes — happiness.",
        ],
        word="4 DAYS",
        colours=("#7B2FF7", "#E4572E"),
        topics=["working here"],
        departments=["people-culture", "customer-service", "it"],
        quote=(
            "Rested people give better answers.",
            "Sanne de Wit, People & Culture",
        ),
        suggestions={
            "linkedin": (
                "My employer is piloting a four-day work week. Curious how it goes!",
                "#futureofwork",
            ),
        },
        days_ago=20,
        share_count=7,
    ),
    DemoStory(
        slug="salesteam-utrecht-goede-doel",
        title="Salesteam Utrecht fietst 500 kilometer voor KiKa",
        language="nl",
        intro="Zes collega's van Sales fietsten in drie dagen van Utrecht naar "
        "Parijs en haalden €14.500 op voor onderzoek naar kinderkanker.",
        paragraphs=[
            "Het idee ontstond bij de koffieautomaat. Drie maanden training later "
            "stonden ze bij de Eiffeltoren.",
        ],
        word="KIKA",
        colours=("#FFB400", "#E4572E"),
        topics=["goed doel", "werken bij"],
        departments=["sales"],
        locations=["utrecht"],
        suggestions={
            "linkedin": (
                "Mijn collega's fietsten van Utrecht naar Parijs voor KiKa en "
                "haalden €14.500 op. Respect!",
                "#kika #goeddoel",
            ),
            "whatsapp": ("Kijk wat mijn collega's hebben gedaan 🚴", ""),
        },
        days_ago=7,
        share_count=19,
    ),
    DemoStory(
        slug="webcare-answers-within-an-hour",
        title="Webcare answers 92% of questions within an hour",
        language="en",
        intro="Ask us something on social media and you get a human answer fast. "
        "Meet the webcare team behind the numbers.",
        paragraphs=[
            "Seven colleagues, three shifts, one rule: answer like you would "
            "answer a friend.",
        ],
        word="WEBCARE",
        colours=("#00B3A4", "#0B5FFF"),
        topics=["customer service"],
        suggestions={
            "x": ("92% of questions answered within the hour. Go team!", ""),
            "threads": ("Meet our webcare team 👋", ""),
        },
        days_ago=25,
        share_count=4,
    ),
    DemoStory(
        slug="zomeractie-gratis-installatie",
        title="Zomeractie: gratis installatie van je laadpaal",
        language="nl",
        intro="Alleen in juli: bestel een laadpaal en wij installeren hem gratis.",
        paragraphs=["Deze actie is afgelopen."],
        word="ZOMER",
        colours=("#FFB400", "#FF7A00"),
        topics=["actie"],
        promotional=True,
        days_ago=40,
        share_count=52,
        expire_in_days=-3,
    ),
    DemoStory(
        slug="open-dag-rotterdam",
        title="Save the date: open dag op ons hoofdkantoor in Rotterdam",
        language="nl",
        intro="Op zaterdag 14 juni zetten we de deuren open voor familie, vrienden "
        "en iedereen die wil zien hoe we werken.",
        paragraphs=["Rondleidingen, een kinderhoek en de beste koffie van de Maas."],
        word="OPEN DAG",
        colours=("#14213D", "#FF7A00"),
        topics=["werken bij", "evenement"],
        campaign="werken-bij",
        locations=["rotterdam"],
        go_live_in_days=3,
    ),
]

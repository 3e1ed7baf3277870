"""Demo stories for a first look: campaigns, topics, images and share texts.

Called by `manage.py seed_demo` after offices and departments exist. Idempotent:
pages are found by slug, images by title and campaigns by slug, then updated.
Every story is published through a revision, as an editor would.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Site

from accounts.models import Department, Location
from cms.models import Campaign, HomePage, ShareSuggestion, StoryIndexPage, StoryPage

FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)

CAMPAIGNS = [
    # slug, name, colour, starts (days from today), ends, goal, share target
    (
        "werken-bij",
        "Werken bij Stroomwijs",
        "#E4572E",
        -30,
        60,
        "Twintig nieuwe collega's vinden via het netwerk van onze eigen mensen.",
        400,
    ),
    (
        "app-3",
        "Stroomwijs App 3.0",
        "#0B5FFF",
        -10,
        30,
        "Make the launch of the new app visible in every employee's network.",
        250,
    ),
    (
        "duurzaam-doen",
        "Duurzaam doen",
        "#2A9D8F",
        -60,
        None,
        "Laten zien wat we echt doen voor het klimaat: met cijfers, "
        "zonder greenwashing.",
        None,
    ),
]


@dataclass
class DemoStory:
    slug: str
    title: str
    language: str
    intro: str
    paragraphs: list[str]
    word: str  # the big word on the generated hero image
    colours: tuple[str, str]
    topics: list[str]
    suggestions: dict[str, tuple[str, str]] = field(default_factory=dict)
    campaign: str | None = None
    departments: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    featured: bool = False
    promotional: bool = False
    quote: tuple[str, str] | None = None
    cta: tuple[str, str, str] | None = None  # heading, button label, url
    days_ago: int = 1
    share_count: int = 0
    go_live_in_days: int | None = None
    expire_in_days: int | None = None


STORIES = [
    DemoStory(
        slug="klantenservice-wint-award",
        title="Onze klantenservice is de klantvriendelijkste van Nederland",
        language="nl",
        intro="Voor het tweede jaar op rij wint ons team de Klantvriendelijkheids"
        "award. Geen script, wel tijd en aandacht voor elke vraag.",
        paragraphs=[
            "Ruim 12.000 klanten beoordeelden vorig jaar hun contact met ons. Het "
            "gemiddelde cijfer: een 8,9. De jury roemt vooral dat onze collega's "
            "de ruimte krijgen om een probleem écht op te lossen.",
            'Teamleider Fatima: <i>"We meten niet hoe kort een gesprek duurt, '
            'maar of de klant daarna verder kan."</i>',
        ],
        word="SERVICE",
        colours=("#0B5FFF", "#00B3A4"),
        topics=["klantenservice", "trots"],
        quote=(
            "We meten niet hoe kort een gesprek duurt, maar of de klant daarna "
            "verder kan.",
            "Fatima El Amrani, teamleider Klantenservice",
        ),
        suggestions={
            "linkedin": (
                "Trots op mijn collega's van Klantenservice: voor het tweede jaar op "
                "rij de klantvriendelijkste van Nederland! 💙",
                "#klantenservice #trots",
            ),
            "x": (
                "Tweede jaar op rij de klantvriendelijkste klantenservice van NL. "
                "Knap werk, collega's!",
                "#klantenservice",
            ),
            "whatsapp": (
                "Kijk, mijn collega's hebben weer de award gewonnen 🎉",
                "",
            ),
        },
        featured=True,
        days_ago=2,
        share_count=48,
    ),
    DemoStory(
        slug="customer-service-award",
        title="Our customer service team is the friendliest in the Netherlands",
        language="en",
        intro="For the second year running our team wins the Customer Friendliness "
        "Award. No scripts — just time and attention for every question.",
        paragraphs=[
            "More than 12,000 customers rated their contact with us last year, with "
            "an average score of 8.9 out of 10. The jury praised how our colleagues "
            "are given the room to really solve a problem.",
        ],
        word="SERVICE",
        colours=("#0846C2", "#00B3A4"),
        topics=["customer service", "proud"],
        suggestions={
            "linkedin": (
                "Proud of my Customer Service colleagues: the friendliest in the "
                "Netherlands for the second year in a row!",
                "#customerservice #proud",
            ),
            "bluesky": (
                "Second year in a row: friendliest customer service in NL. Well "
                "done, team!",
                "",
            ),
        },
        days_ago=2,
        share_count=17,
    ),
    DemoStory(
        slug="meelopen-met-monteurs-eindhoven",
        title="Een dag op pad met onze monteurs in Eindhoven",
        language="nl",
        intro="Om 7 uur staat de bus klaar. We liepen een dag mee met Joris en "
        "Anouk, die in de regio Eindhoven 14 installaties per week opleveren.",
        paragraphs=[
            "Van een laadpaal in Veldhoven tot een warmtepomp in Best: het team in "
            "Eindhoven groeit hard. Deze verhalen zijn speciaal voor de collega's "
            "daar, die hun werk graag laten zien aan vrienden en familie.",
        ],
        word="EINDHOVEN",
        colours=("#FF7A00", "#B3261E"),
        topics=["werken bij", "techniek"],
        locations=["eindhoven"],
        suggestions={
            "linkedin": (
                "Zo ziet een dag bij ons team in Eindhoven eruit. Zin om mee te "
                "doen? Stuur me een bericht!",
                "#werkenbij #eindhoven",
            ),
            "instagram": ("Een dag op pad met ons team 🚐⚡", "#eindhoven #techniek"),
        },
        days_ago=3,
        share_count=9,
    ),
    DemoStory(
        slug="vacature-customer-success-manager-utrecht",
        title="Vacature: Customer Success Manager in Utrecht",
        language="nl",
        intro="Ons Utrechtse team zoekt iemand die zakelijke klanten helpt het "
        "maximale uit hun contract te halen. Ken jij de perfecte kandidaat?",
        paragraphs=[
            "Je werkt samen met Sales en Klantenservice, bent het vaste gezicht voor "
            "zo'n veertig zakelijke klanten en denkt mee over onze dienstverlening.",
            "<b>Wat wij bieden:</b> 32–40 uur, een goed salaris, een "
            "NS-Business Card en elke vrijdag lunch met het hele kantoor.",
        ],
        word="VACATURE",
        colours=("#E4572E", "#FFB400"),
        topics=["vacature", "werken bij"],
        campaign="werken-bij",
        promotional=True,
        featured=True,
        cta=(
            "Solliciteer vóór 1 maart",
            "Bekijk de vacature",
            "https://example.com/vacatures/customer-success-manager",
        ),
        suggestions={
            "linkedin": (
                "We zoeken een Customer Success Manager voor ons team in Utrecht. "
                "Ik werk hier zelf met veel plezier — ken jij iemand?",
                "#vacature #werkenbij #utrecht",
            ),
            "facebook": (
                "Mijn werkgever zoekt een nieuwe collega in Utrecht! Ken jij "
                "iemand die dit zou passen?",
                "#vacature",
            ),
            "whatsapp": ("Is dit niet iets voor jou? 👇", ""),
            "email": (
                "Hoi! Bij ons in Utrecht is een mooie vacature vrij. Misschien iets "
                "voor jou of iemand die je kent?",
                "",
            ),
        },
        days_ago=1,
        share_count=31,
    ),
    DemoStory(
        slug="hiring-senior-python-developer",
        title="We're hiring: Senior Python developer (Rotterdam or remote)",
        language="en",
        intro="Our platform team builds the systems that route 40,000 customer "
        "requests a day. Join them — from Rotterdam or from home.",
        paragraphs=[
            "You'll work with Django, Postgres and a healthy dose of curiosity. "
            "We ship small changes often and value tests over heroics.",
        ],
        word="HIRING",
        colours=("#14213D", "#0B5FFF"),
        topics=["vacancy", "tech"],
        campaign="werken-bij",
        promotional=True,
        departments=["it"],
        locations=["rotterdam"],
        cta=(
            "Interested?",
            "See the vacancy",
            "https://example.com/jobs/senior-python-developer",
        ),
        suggestions={
            "linkedin": (
                "My team is hiring a Senior Python developer. Great colleagues, "
                "real impact, remote-friendly. DM me if you want to know more!",
                "#hiring #python #django",
            ),
            "mastodon": (
                "We're hiring a Senior Python/Django developer in Rotterdam or "
                "remote. Boosts appreciated!",
                "#python #django #fedihire",
            ),
        },
        days_ago=6,
        share_count=22,
    ),
    DemoStory(
        slug="stroomwijs-app-3",
        title="De nieuwe Stroomwijs app: je verbruik in één oogopslag",
        language="nl",
        intro="Vandaag lanceren we versie 3.0 van onze app. Verbruik per uur, "
        "slimme tips en een chat met een echte collega.",
        paragraphs=[
            "Na honderden gesprekken met klanten hebben we de app helemaal opnieuw "
            "gebouwd. Het resultaat: sneller, overzichtelijker en toegankelijker.",
        ],
        word="APP 3.0",
        colours=("#0B5FFF", "#7B2FF7"),
        topics=["productlancering", "app"],
        campaign="app-3",
        promotional=True,
        featured=True,
        suggestions={
            "linkedin": (
                "Vandaag lanceren we de nieuwe Stroomwijs app, en ik ben trots op "
                "wat mijn collega's hebben gebouwd.",
                "#lancering #app",
            ),
            "x": ("De nieuwe Stroomwijs app is er! 📱", "#app"),
            "threads": ("Nieuwe app, wie gaat 'm proberen? 📱", ""),
        },
        days_ago=4,
        share_count=64,
        expire_in_days=5,
    ),
    DemoStory(
        slug="stroomwijs-app-3-launch",
        title="Meet the new Stroomwijs app: your energy use at a glance",
        language="en",
        intro="Today we launch version 3.0 of our app: hourly usage, smart tips and "
        "a chat with a real colleague.",
        paragraphs=[
            "We rebuilt the app from scratch after hundreds of conversations with "
            "customers. Faster, clearer and more accessible.",
        ],
        word="APP 3.0",
        colours=("#7B2FF7", "#0B5FFF"),
        topics=["product launch", "app"],
        campaign="app-3",
        promotional=True,
        suggestions={
            "linkedin": (
                "Today we launch the new Stroomwijs app. Proud of what my "
                "colleagues built!",
                "#productlaunch",
            ),
        },
        days_ago=4,
        share_count=12,
    ),
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


def _font(size: int):
    from PIL import ImageFont

    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _hex_to_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _hero_jpeg(word: str, colours: tuple[str, str]) -> bytes:
    """A diagonal two-colour gradient with one big word: recognisable, no stock."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    width, height = 1600, 900
    start, end = _hex_to_rgb(colours[0]), _hex_to_rgb(colours[1])
    # Build the gradient on a small canvas and scale up: fast and smooth.
    small = PILImage.new("RGB", (64, 36))
    pixels = small.load()
    for x in range(64):
        for y in range(36):
            t = (x / 63 + y / 35) / 2
            pixels[x, y] = tuple(
                round(a + (b - a) * t) for a, b in zip(start, end, strict=True)
            )
    canvas = small.resize((width, height), PILImage.Resampling.BICUBIC)
    draw = ImageDraw.Draw(canvas)
    size = 240
    font = _font(size)
    while draw.textlength(word, font=font) > width * 0.84 and size > 60:
        size -= 10
        font = _font(size)
    draw.text(
        (width / 2 + 6, height / 2 + 8),
        word,
        font=font,
        fill=(0, 0, 0, 60),
        anchor="mm",
    )
    draw.text((width / 2, height / 2), word, font=font, fill="white", anchor="mm")
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=84, optimize=True)
    return buffer.getvalue()


def _hero_image(story: DemoStory):
    image_model = get_image_model()
    title = f"Demo: {story.title}"
    image = image_model.objects.filter(title=title).first()
    alt = f"The word {story.word} in white on a colour gradient"
    if image is None:
        data = _hero_jpeg(story.word, story.colours)
        image = image_model(title=title)
        image.file = ImageFile(io.BytesIO(data), name=f"{story.slug}.jpg")
    if hasattr(image, "description") and image.description != alt:
        image.description = alt  # Wagtail uses it as the default alt text
    image.save()
    return image


def _campaigns() -> dict[str, Campaign]:
    today = date.today()
    found = {}
    for slug, name, colour, starts, ends, goal, target in CAMPAIGNS:
        found[slug], _created = Campaign.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "colour": colour,
                "start_date": today + timedelta(days=starts),
                "end_date": today + timedelta(days=ends) if ends is not None else None,
                "goal": goal,
                "share_target": target,
            },
        )
    return found


def _site_matches_settings() -> None:
    """Canonical URLs come from the Site; point it at the configured address."""
    url = urlsplit(settings.BOEGBEELD_SITE_URL)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or not url.hostname:
        return
    port = url.port or (443 if url.scheme == "https" else 80)
    if (site.hostname, site.port) == ("localhost", 80):
        site.hostname, site.port = url.hostname, port
        site.save(update_fields=["hostname", "port"])


def _story_index(home: HomePage) -> StoryIndexPage:
    index = StoryIndexPage.objects.child_of(home).filter(slug="stories").first()
    if index is None:
        index = StoryIndexPage(title="Stories", slug="stories")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _body(story: DemoStory) -> list[dict]:
    body = [
        {"type": "paragraph", "value": f"<p>{text}</p>"} for text in story.paragraphs
    ]
    if story.quote:
        body.insert(
            1,
            {
                "type": "quote",
                "value": {"text": story.quote[0], "attribution": story.quote[1]},
            },
        )
    if story.cta:
        heading, label, url = story.cta
        body.append(
            {
                "type": "call_to_action",
                "value": {
                    "heading": heading,
                    "text": "",
                    "button_label": label,
                    "url": url,
                },
            }
        )
    return body


def _publish_story(
    index: StoryIndexPage,
    story: DemoStory,
    *,
    campaigns: dict[str, Campaign],
    departments: dict[str, Department],
    locations: dict[str, Location],
) -> StoryPage:
    now = timezone.now()
    existing = StoryPage.objects.child_of(index).filter(slug=story.slug).first()
    page = existing or StoryPage(slug=story.slug, live=False)
    page.title = story.title
    page.intro = story.intro
    page.language = story.language
    page.hero_image = _hero_image(story)
    page.body = _body(story)
    page.campaign = campaigns.get(story.campaign) if story.campaign else None
    page.featured = story.featured
    page.promotional = story.promotional
    page.go_live_at = (
        now + timedelta(days=story.go_live_in_days) if story.go_live_in_days else None
    )
    page.expire_at = (
        now + timedelta(days=story.expire_in_days)
        if story.expire_in_days is not None
        else None
    )
    if existing is None:
        index.add_child(instance=page)
    page.topics.set(story.topics)
    page.audience_departments = [departments[slug] for slug in story.departments]
    page.audience_locations = [locations[slug] for slug in story.locations]
    page.share_suggestions = [
        ShareSuggestion(network=network, text=text, hashtags=hashtags)
        for network, (text, hashtags) in story.suggestions.items()
    ]
    page.save_revision().publish()
    page.refresh_from_db()
    if page.live and page.expire_at and page.expire_at <= now:
        # What `publish_scheduled` does once a story's time is up.
        page.unpublish(set_expired=True)
    updates: dict = {"share_count": story.share_count}
    if page.first_published_at:
        # Spread the demo over the past weeks so "newest first" means something.
        updates["first_published_at"] = now - timedelta(days=story.days_ago)
    StoryPage.objects.filter(pk=page.pk).update(**updates)
    return page


def seed(stdout) -> None:
    home = HomePage.objects.first()
    if home is None:
        stdout.write("cms: no home page; skipping demo stories.")
        return
    _site_matches_settings()
    campaigns = _campaigns()
    departments = {d.slug: d for d in Department.objects.all()}
    locations = {loc.slug: loc for loc in Location.objects.all()}
    index = _story_index(home)
    for story in STORIES:
        _publish_story(
            index,
            story,
            campaigns=campaigns,
            departments=departments,
            locations=locations,
        )
    stdout.write(f"cms: {len(STORIES)} demo stories, {len(campaigns)} campaigns ready.")

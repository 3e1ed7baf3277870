"""Demo stories published in the past week: the top of a fresh library."""

from cms.demo.data import DemoStory

RECENT_STORIES = [
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
        version_of="klantenservice-wint-award",
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
        version_of="stroomwijs-app-3",
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
]

# ruff: noqa: E501  (demo sentences read better unwrapped)
"""Demo content: a feedback source, a lobby screen in Rotterdam, real-sounding feedback.

Idempotent. Screen tokens are stored hashed and cannot be shown again, so every run
gives the lobby screen a fresh token and prints its URL (older links stop working).
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Location
from realtime import services
from realtime.models import Feedback, FeedbackSource, Screen

SOURCE_NAME = "demo-webcare"

FEEDBACK = [
    (
        "Bestelling gisteravond om 23:00 geplaatst en vanochtend al in huis. Top!",
        "Sanne de Jong",
        "x",
        5,
        "rotterdam",
    ),
    (
        "The delivery guy carried our new fridge up three flights of stairs and took the old one away. Legend.",
        "James Carter",
        "review",
        5,
        "rotterdam",
    ),
    (
        "Via de chat binnen twee minuten geholpen met mijn retour. Zo hoort het.",
        "Mohamed El Amrani",
        "webcare",
        5,
        None,
    ),
    (
        "Fijn advies gekregen in de winkel, de wasmachine doet precies wat beloofd was.",
        "Ingrid Bakker",
        "survey",
        4,
        "utrecht",
    ),
    (
        "Ordered the wrong cable, swapped it the same day without any hassle.",
        "Priya Sharma",
        "email",
        5,
        None,
    ),
    (
        "Jullie monteur was vriendelijk, op tijd en liet alles netjes achter.",
        "Kees van Dijk",
        "phone",
        5,
        "eindhoven",
    ),
    (
        "Mijn laptop ging kapot binnen de garantie: opgehaald, gerepareerd en binnen vijf dagen terug.",
        "Fatima Yilmaz",
        "facebook",
        5,
        "rotterdam",
    ),
    (
        "Great comparison tool, it helped me pick a TV that actually fits my room.",
        "Lukas Peeters",
        "review",
        4,
        "antwerpen",
    ),
    (
        "Heel duidelijke uitleg over de installatie, zelfs mijn opa snapte het.",
        "Emma Visser",
        "instagram",
        5,
        None,
    ),
    (
        "Bezorger belde netjes een kwartier van tevoren. Kleine moeite, groot verschil.",
        "Thomas Mulder",
        "x",
        4,
        "utrecht",
    ),
    (
        "Customer service followed up a week later to check the dishwasher was working. Didn't expect that!",
        "Olivia Brown",
        "survey",
        5,
        "rotterdam",
    ),
    (
        "Retourneren ging supersnel, geld stond de volgende dag al op mijn rekening.",
        "Noah Smit",
        "webcare",
        5,
        None,
    ),
    (
        "Die unboxing-video van jullie was precies wat ik nodig had om te kiezen.",
        "Lotte Hendriks",
        "instagram",
        4,
        None,
    ),
    (
        "Same-day delivery on a Sunday. I'm honestly impressed.",
        "Daniel Kowalski",
        "x",
        5,
        "eindhoven",
    ),
    (
        "Wat een geduld aan de telefoon, bedankt Wessel!",
        "Anouk de Boer",
        "phone",
        5,
        "rotterdam",
    ),
]


def seed(stdout) -> None:
    source = FeedbackSource.objects.filter(name=SOURCE_NAME).first()
    if source is None:
        source, _token = services.feedback_source_create(name=SOURCE_NAME)
    locations = {loc.slug: loc for loc in Location.objects.all()}
    now = timezone.now()
    for index, (text, author, channel, rating, place) in enumerate(FEEDBACK):
        result = services.feedback_ingest(
            text=text,
            source=source,
            author=author,
            channel=channel,
            rating=rating,
            external_id=f"demo-{index + 1}",
            location=locations.get(place) if place else None,
            received_at=now - timedelta(minutes=7 * (len(FEEDBACK) - index)),
        )
        if result.feedback.status != Feedback.Status.APPROVED:
            services.feedback_approve(feedback=result.feedback)

    from realtime.views.screen import screen_url

    screen = Screen.objects.filter(slug="lobby").first()
    if screen is None:
        screen, token = services.screen_create(
            slug="lobby", name="Lobby", location=locations.get("rotterdam")
        )
    else:
        token = services.screen_token_rotate(screen=screen)
    stdout.write(
        f"Demo screen (new token each seed): {screen_url(None, screen, token)}"
    )

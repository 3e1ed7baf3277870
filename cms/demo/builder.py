"""Turns the demo data into campaigns, hero images and published story pages.

Idempotent: pages are found by slug, images by title and campaigns by slug, then
updated. Every story is published through a revision, as an editor would.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management.base import OutputWrapper
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Site

from accounts.models import Department, Location
from cms.demo.data import CAMPAIGNS, DemoStory
from cms.demo.stories_older import OLDER_STORIES
from cms.demo.stories_recent import RECENT_STORIES
from cms.languages import locale_for_language
from cms.models import Campaign, HomePage, ShareText, StoryIndexPage, StoryPage
from cms.services import story_share_count_set, story_versions_link

# In the order the pages are created (and so their order in the page tree).
STORIES = [*RECENT_STORIES, *OLDER_STORIES]

FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


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
    page.locale = locale_for_language(story.language)
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
    page.share_texts = [
        ShareText(network=network, text=text, hashtags=hashtags)
        for network, (text, hashtags) in story.suggestions.items()
    ]
    page.save_revision().publish()
    page.refresh_from_db()
    if page.live and page.expire_at and page.expire_at <= now:
        # What `publish_scheduled` does once a story's time is up.
        page.unpublish(set_expired=True)
    story_share_count_set(story_id=page.pk, count=story.share_count)
    if page.first_published_at:
        # Spread the demo over the past weeks so "newest first" means something.
        StoryPage.objects.filter(pk=page.pk).update(
            first_published_at=now - timedelta(days=story.days_ago)
        )
    return page


def seed(stdout: OutputWrapper) -> None:
    home = HomePage.objects.first()
    if home is None:
        stdout.write("cms: no home page; skipping demo stories.")
        return
    _site_matches_settings()
    campaigns = _campaigns()
    departments = {d.slug: d for d in Department.objects.all()}
    locations = {loc.slug: loc for loc in Location.objects.all()}
    index = _story_index(home)
    pages = {}
    for story in STORIES:
        pages[story.slug] = _publish_story(
            index,
            story,
            campaigns=campaigns,
            departments=departments,
            locations=locations,
        )
    for story in STORIES:
        if story.version_of:
            story_versions_link(story=pages[story.version_of], other=pages[story.slug])
    stdout.write(f"cms: {len(STORIES)} demo stories, {len(campaigns)} campaigns ready.")

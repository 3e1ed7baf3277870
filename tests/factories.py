"""Test data factories (factory_boy)."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from accounts.models import Department, Location, Profile, User

PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Office {n}")
    slug = factory.Sequence(lambda n: f"office-{n}")
    city = "Utrecht"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Department {n}")
    slug = factory.Sequence(lambda n: f"department-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A verified user in the Employees role, with a profile."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs) -> None:
        if not create:
            return
        self.save()
        EmailAddress.objects.update_or_create(
            user=self,
            email=self.email,
            defaults={"verified": extracted is not False, "primary": True},
        )
        Profile.objects.get_or_create(user=self)
        self.groups.add(Group.objects.get_or_create(name=roles.EMPLOYEES)[0])

    @factory.post_generation
    def roles(self, create: bool, extracted: tuple[str, ...] | None, **kwargs) -> None:
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get_or_create(name=name)[0])


class FeedbackFactory(factory.django.DjangoModelFactory):
    """Customer feedback as stored (already sanitised); approved unless told."""

    class Meta:
        model = "realtime.Feedback"

    text = factory.Sequence(lambda n: f"Great service, order {n} arrived early!")
    author = "Anna V."
    channel = "review"
    rating = 5
    status = "approved"


# --- cms: stories -------------------------------------------------------------------


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cms.Campaign"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    colour = "#0B5FFF"


def hero_image_factory(title: str = "Hero", size: tuple[int, int] = (1600, 900)):
    """A real (tiny-file) JPEG as a Wagtail image, so renditions can be made."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", size, (11, 95, 255)).save(buffer, format="JPEG")
    image = get_image_model()(title=title)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="hero.jpg")
    image.save()
    return image


def story_index_page_factory(*, slug: str = "stories", title: str = "Stories"):
    """The story index under the home page (created once, then reused)."""
    from cms.models import HomePage, StoryIndexPage

    home = HomePage.objects.get()
    index = StoryIndexPage.objects.child_of(home).filter(slug=slug).first()
    if index is None:
        index = StoryIndexPage(title=title, slug=slug)
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


_story_numbers = iter(range(1, 1_000_000))


def story_page_factory(
    *,
    parent=None,
    publish: bool = True,
    topics: tuple[str, ...] = (),
    departments=(),
    locations=(),
    suggestions: tuple[tuple[str, str], ...] = (),
    **fields,
):
    """A StoryPage added under the index and (by default) published via a revision.

    `suggestions` are (network, text) pairs; `fields` go straight to the model.
    """
    from cms.models import ShareText, StoryPage

    number = next(_story_numbers)
    fields.setdefault("title", f"Story {number}")
    fields.setdefault("slug", f"story-{number}")
    fields.setdefault("intro", f"Why story {number} is worth sharing.")
    fields.setdefault("live", False)
    parent = parent or story_index_page_factory()
    page = StoryPage(**fields)
    parent.add_child(instance=page)
    if topics:
        page.topics.set(list(topics))
    page.audience_departments = list(departments)
    page.audience_locations = list(locations)
    page.share_texts = [
        ShareText(network=network, text=text) for network, text in suggestions
    ]
    revision = page.save_revision()
    if publish:
        revision.publish()
    return StoryPage.objects.get(pk=page.pk)


# --- advocacy: story suggestions ----------------------------------------------------


class SuggestionFactory(factory.django.DjangoModelFactory):
    """A stored suggestion waiting for review (text as the service stores it)."""

    class Meta:
        model = "advocacy.Suggestion"

    suggester = factory.SubFactory(UserFactory)
    url = "https://example.org/news/happy-customers"
    title = factory.Sequence(lambda n: f"Customers love the new app {n}")
    text = "<p>Three customers told me the new app saves them time.</p>"
    why = "Shows we listen."
    status = "new"


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (40, 30), mode: str = "RGB", **save
) -> bytes:
    """A small real image in `fmt`, for upload tests."""
    import io

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new(mode, size, (200, 40, 40) if mode == "RGB" else 0).save(
        buffer, format=fmt, **save
    )
    return buffer.getvalue()


def suggestion_reviewer_factory(**kwargs) -> User:
    """A Communications colleague who may review suggestions."""
    from django.contrib.auth.models import Permission

    user = UserFactory(roles=(roles.COMMUNICATIONS,), **kwargs)
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="advocacy", codename="review_suggestion"
        )
    )
    return User.objects.get(pk=user.pk)  # fresh permission cache


# --- sharing ------------------------------------------------------------------------


class ShareFactory(factory.django.DjangoModelFactory):
    """A stored share with its tracked link (the guideline check is not run),
    handed off to its network when made, so it counts in every figure.
    `ShareFactory(prepared=True)` is one the employee has not handed off yet."""

    class Meta:
        model = "advocacy.Share"

    class Params:
        prepared = factory.Trait(handed_off_at=None, hand_off="")

    user = factory.SubFactory(UserFactory)
    network = "linkedin"
    text = factory.Sequence(lambda n: f"Proud of what my team did here, take {n}.")
    code = factory.Sequence(lambda n: f"t{n:07d}")
    guideline_report = factory.LazyFunction(
        lambda: {"counts": {"block": 0, "warn": 0, "info": 0}, "rules": []}
    )
    created_at = factory.LazyFunction(timezone.now)
    handed_off_at = factory.SelfAttribute("created_at")
    hand_off = "intent"

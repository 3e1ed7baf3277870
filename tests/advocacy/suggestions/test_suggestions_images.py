"""Images with a suggestion: sniffed, size-checked, cleaned, or refused outright."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from advocacy.suggestions.models import Suggestion
from tests.factories import UserFactory, image_bytes

pytestmark = pytest.mark.django_db

URL = "/suggest/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def employee_client(client):
    client.force_login(UserFactory())
    return client


def stored_files(root) -> list[str]:
    return [
        os.path.join(folder, name)
        for folder, _dirs, names in os.walk(root)
        for name in names
    ]


def post_with_image(client, content: bytes, name: str, content_type="image/jpeg"):
    return client.post(
        URL,
        {
            "url": "https://example.org/news",
            "title": "With a picture",
            "text": "Look at this.",
            "image": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


def assert_refused(response, message: str, media_root) -> None:
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Suggestion.objects.exists()
    assert not get_image_model().objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_suggestion_image_accepted_formats_are_stored_as_wagtail_images(
    employee_client, fmt
):
    response = post_with_image(
        employee_client, image_bytes(fmt, mode="RGB" if fmt != "GIF" else "P"), "x"
    )

    assert response.status_code == 302
    image = Suggestion.objects.get().image
    assert image is not None
    assert image.collection.name == "Story suggestions"
    assert (image.width, image.height) == (40, 30)
    with image.file.open() as fh:
        assert PILImage.open(fh).format == fmt


def test_suggestion_image_metadata_is_stripped(employee_client):
    photo = PILImage.new("RGB", (64, 48), (10, 120, 200))
    exif = photo.getexif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 0.0)}  # GPS position
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", exif=exif, comment=b"secret note")

    response = post_with_image(employee_client, buffer.getvalue(), "holiday.jpg")

    assert response.status_code == 302
    image = Suggestion.objects.get().image
    with image.file.open() as fh:
        data = fh.read()
    stored = PILImage.open(io.BytesIO(data))
    assert dict(stored.getexif()) == {}
    assert "comment" not in stored.info
    assert b"CameraMaker" not in data
    assert b"secret note" not in data


def test_suggestion_image_type_comes_from_content_not_name(employee_client):
    response = post_with_image(
        employee_client, image_bytes("PNG"), "photo.jpg", content_type="image/jpeg"
    )

    assert response.status_code == 302
    image = Suggestion.objects.get().image
    assert image.file.name.endswith(".png")


def test_suggestion_image_fake_jpeg_is_refused(employee_client, media_root):
    response = post_with_image(
        employee_client, b"This is plain text, not a photo.\n" * 20, "photo.jpg"
    )

    assert_refused(response, "This file is not an image we accept", media_root)


def test_suggestion_image_svg_is_refused(employee_client, media_root):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'

    response = post_with_image(employee_client, svg, "logo.png", "image/png")

    assert_refused(response, "This file is not an image we accept", media_root)


def test_suggestion_image_other_formats_are_refused(employee_client, media_root):
    response = post_with_image(employee_client, image_bytes("BMP"), "x.bmp")

    assert_refused(response, "This file is not an image we accept", media_root)


def test_suggestion_image_over_5_mb_is_refused(employee_client, media_root):
    noise = PILImage.frombytes("RGB", (1500, 1400), os.urandom(1500 * 1400 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG", compress_level=0)
    assert buffer.tell() > 6 * 1024 * 1024

    response = post_with_image(employee_client, buffer.getvalue(), "big.png")

    assert_refused(response, "The image is too large", media_root)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_suggestion_image_decompression_bomb_is_refused(employee_client, media_root):
    bomb = image_bytes("PNG", size=(10_000, 10_000), mode="1")
    assert len(bomb) < 100_000  # tiny file, 100 megapixels

    response = post_with_image(employee_client, bomb, "bomb.png")

    assert_refused(response, "The image has too many pixels", media_root)


def test_suggestion_image_just_over_the_pixel_limit_is_refused(
    employee_client, media_root, settings
):
    settings.BOEGBEELD_SUGGESTION_IMAGE_MAX_PIXELS = 1000
    response = post_with_image(employee_client, image_bytes(size=(50, 21)), "x.png")

    assert_refused(response, "The image has too many pixels", media_root)


def test_suggestion_image_truncated_file_is_refused(employee_client, media_root):
    response = post_with_image(employee_client, image_bytes("JPEG")[:200], "cut.jpg")

    assert_refused(response, "This file is not an image we accept", media_root)


def test_suggestion_image_with_blocked_text_stores_no_file(employee_client, media_root):
    response = employee_client.post(
        URL,
        {
            "title": "Customer story",
            "text": "Her BSN is 111222333.",
            "image": SimpleUploadedFile("ok.png", image_bytes("PNG"), "image/png"),
        },
    )

    assert_refused(response, "citizen service number", media_root)


def test_suggestion_image_is_not_opened_over_the_daily_limit(
    client, media_root, settings, monkeypatch
):
    """Someone over the limit cannot make the server decode images for nothing."""
    from core import images
    from tests.factories import SuggestionFactory

    settings.BOEGBEELD_SUGGESTION_DAILY_LIMIT = 2
    employee = UserFactory()
    SuggestionFactory.create_batch(2, suggester=employee)
    client.force_login(employee)
    opened = []
    real_open = images.Image.open

    def spy_open(*args, **kwargs):
        opened.append(args)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(images.Image, "open", spy_open)

    response = post_with_image(client, image_bytes("JPEG", (400, 300)), "photo.jpg")

    assert response.status_code == 400
    assert "You have sent 2 suggestions in the last 24 hours" in (
        response.content.decode()
    )
    assert opened == []
    assert Suggestion.objects.count() == 2
    assert not get_image_model().objects.exists()
    assert stored_files(media_root) == []

"""Validating and cleaning images from outside: employees' uploads, feeds' pictures.

The type is sniffed from the bytes with Pillow (never the file name or the browser's
content type), the size is checked from the header before any pixel is decoded, and
the image is re-encoded: what is stored holds pixels only, no EXIF (location, camera
serial) or other metadata, and nothing a crafted file smuggled along.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format name → (extension, save options)
FORMATS: dict[str, tuple[str, dict]] = {
    "JPEG": ("jpg", {"quality": 88, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 85}),
    "GIF": ("gif", {}),
}


def max_upload_bytes() -> int:
    return settings.BOEGBEELD_SUGGESTION_IMAGE_MAX_BYTES


def max_pixels() -> int:
    return settings.BOEGBEELD_SUGGESTION_IMAGE_MAX_PIXELS


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded image, ready to store."""

    content: bytes
    name: str
    format: str
    width: int
    height: int


def _refuse() -> ValidationError:
    return ValidationError(
        _("This file is not an image we accept. Use a JPEG, PNG, WebP or GIF image."),
        code="invalid_image",
    )


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image has too many pixels. The maximum is %(megapixels)s megapixels.")
        % {"megapixels": max_pixels() // 1_000_000},
        code="too_many_pixels",
    )


def image_validate_and_clean(
    upload: UploadedFile, *, prefix: str = "image"
) -> CleanImage:
    """Check an uploaded file and return it re-encoded, or raise ValidationError.

    Nothing is written anywhere: the caller stores the result once everything
    else about the submission is valid too.
    """
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The image is too large (%(size)s). The maximum is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)},
            code="file_too_large",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The image is too large. The maximum is %(max)s.")
            % {"max": filesizeformat(limit)},
            code="file_too_large",
        )

    # Our pixel limit is checked from the header, before any pixel is decoded.
    # Pillow itself refuses far larger images already while opening them.
    try:
        with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
            width, height = image.size
            if width < 1 or height < 1 or image.format not in FORMATS:
                raise _refuse()
            if width * height > max_pixels():
                raise _too_many_pixels()
            image_format = image.format
            image.seek(0)  # the first frame only: animations are not stories
            image.load()
            cleaned, (width, height) = _re_encode(image, image_format)
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _refuse() from exc

    extension = FORMATS[image_format][0]
    return CleanImage(
        content=cleaned.getvalue(),
        name=f"{prefix}-{uuid.uuid4().hex[:12]}.{extension}",
        format=image_format,
        width=width,
        height=height,
    )


def _re_encode(
    image: Image.Image, image_format: str
) -> tuple[io.BytesIO, tuple[int, int]]:
    """Pixels only: orientation applied, metadata dropped."""
    image = ImageOps.exif_transpose(image)
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image_format == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    elif image_format == "PNG" and image.mode not in (
        "1",
        "L",
        "LA",
        "P",
        "RGB",
        "RGBA",
    ):
        image = image.convert("RGBA")
    # Only the pixels (and a palette's transparency) travel to the new file: no
    # EXIF, XMP, ICC profile, text chunks or comments.
    transparency = image.info.get("transparency")
    clean = image.copy()
    clean.info = {} if transparency is None else {"transparency": transparency}
    buffer = io.BytesIO()
    clean.save(buffer, format=image_format, **FORMATS[image_format][1])
    return buffer, clean.size

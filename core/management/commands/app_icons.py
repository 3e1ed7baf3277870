"""Draw the installable app's PNG icons (static/app/) from the favicon's shapes."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

# static/favicon.svg on its 64-unit grid: the tile, the hull and two sails.
BRAND = "#0b5fff"
SHAPES = (
    ("#ffffff", [(14, 42), (50, 42), (44, 50), (20, 50)]),
    ("#ff7a00", [(32, 10), (32, 38), (16, 38)]),
    ("#ffffff", [(35, 16), (35, 38), (48, 38)]),
)
OVERSAMPLE = 4  # drawn larger, then scaled down: smooth edges without a renderer


def icon_draw(size: int, *, maskable: bool) -> Image.Image:
    """The icon at `size` pixels square.

    A maskable icon fills the whole square (the platform cuts its own shape) and
    keeps the figure inside the central safe zone (a circle of 80% diameter).
    """
    big = size * OVERSAMPLE
    unit = big / 64
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle([0, 0, big, big], fill=BRAND)
        scale, centre = 0.72, (32, 30)
    else:
        draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=14 * unit, fill=BRAND)
        scale, centre = 1.0, (32, 32)
    for colour, points in SHAPES:
        placed = [
            (
                (32 + (x - centre[0]) * scale) * unit,
                (32 + (y - centre[1]) * scale) * unit,
            )
            for x, y in points
        ]
        draw.polygon(placed, fill=colour)
    return image.resize((size, size), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = "Write the app icons (192 and 512 px, plain and maskable) to static/app/."

    def handle(self, *args, **options) -> None:
        folder = Path(settings.BASE_DIR) / "static" / "app"
        folder.mkdir(parents=True, exist_ok=True)
        for size in (192, 512):
            for maskable in (False, True):
                name = f"icon-{'maskable-' if maskable else ''}{size}.png"
                icon_draw(size, maskable=maskable).save(folder / name, optimize=True)
                self.stdout.write(str(folder / name))

"""The installable app: manifest, icons, the root service worker, network icons."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from PIL import Image

from core import networks

pytestmark = pytest.mark.django_db


def static_file(url: str) -> str:
    """The file a /static/ address serves, or fail."""
    prefix = static("")
    assert url.startswith(prefix), url
    path = finders.find(url.removeprefix(prefix))
    assert path, f"{url} is not a static file"
    return path


def test_manifest_is_served_as_a_web_app_manifest(client):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Boegbeeld"
    assert manifest["start_url"] == manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])


def test_manifest_icons_resolve_to_pngs_of_their_size(client):
    icons = json.loads(client.get("/manifest.webmanifest").content)["icons"]

    purposes = {(icon["sizes"], icon["purpose"]) for icon in icons}
    assert {("192x192", "maskable"), ("512x512", "maskable")} <= purposes
    assert {("192x192", "any"), ("512x512", "any")} <= purposes
    for icon in icons:
        with Image.open(static_file(icon["src"])) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_maskable_icon_fills_its_square():
    """A maskable icon has no transparent corners: the platform cuts the shape."""
    with Image.open(static_file(static("app/icon-maskable-512.png"))) as image:
        assert image.convert("RGBA").getpixel((0, 0))[3] == 255


def test_pages_link_the_manifest_and_theme_colour(client):
    body = client.get("/").content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in body
    assert '<meta name="theme-color"' in body


def test_service_worker_is_served_from_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"


def test_service_worker_caches_the_shell_and_leaves_the_screens_alone(client):
    body = client.get("/sw.js").content.decode()

    shell = json.loads(re.search(r"var SHELL_FILES = (\[.*?\]);", body).group(1))
    assert static("css/boegbeeld.css") in shell
    for url in shell:
        static_file(url)
    bypass = json.loads(re.search(r"var BYPASS = (\[.*?\]);", body).group(1))
    assert "/screens/" in bypass  # the wall screens' own worker handles them
    assert "/accounts/" in bypass


def test_network_icon_sprite_has_a_symbol_for_every_network():
    with open(static_file(static("vendor/fontawesome/networks.svg"))) as fh:
        symbols = set(re.findall(r'<symbol id="([\w-]+)"', fh.read()))

    assert set(networks.CODES) <= symbols

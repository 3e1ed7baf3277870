"""Pages about the guidelines: the public guidelines and a place to try a post."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from advocacy.guidelines import checks as guideline_checks
from advocacy.guidelines.engine import NETWORKS
from advocacy.guidelines.selectors import guidelines_page_sections

NETWORK_LABELS = {
    "linkedin": "LinkedIn",
    "x": "X",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "threads": "Threads",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "whatsapp": "WhatsApp",
    "email": "Email",
}


def network_choices() -> list[tuple[str, str]]:
    return [(code, NETWORK_LABELS.get(code, code)) for code in NETWORKS]


@require_GET
def guidelines_page(request: HttpRequest) -> HttpResponse:
    """Our social media guidelines, generated from the rules that are switched on."""
    locale = guideline_checks.ui_locale()
    return render(
        request,
        "advocacy/guidelines_page.html",
        guidelines_page_sections(locale=locale),
    )


@login_required
@require_GET
def guidelines_try(request: HttpRequest) -> HttpResponse:
    """Try a post against the guidelines before sharing it anywhere."""
    network = request.GET.get("network", "linkedin")
    if network not in NETWORKS:
        network = "linkedin"
    return render(
        request,
        "advocacy/guidelines_try.html",
        {"networks": network_choices(), "network": network},
    )

"""Pages about the guidelines: the public guidelines and a place to try a post."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from advocacy.guidelines import checks as guideline_checks
from advocacy.guidelines.selectors import guidelines_page_sections
from core import networks
from core.network_labels import network_choices


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
    network = request.GET.get("network", networks.DEFAULT)
    if network not in networks.BY_CODE:
        network = networks.DEFAULT
    return render(
        request,
        "advocacy/guidelines_try.html",
        {"networks": network_choices(), "network": network},
    )

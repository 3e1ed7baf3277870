"""Template tags for the guideline composer widget (static/advocacy/composer.js)."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, json_script
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


def composer_strings() -> dict[str, str]:
    return {
        "ok": _("Looks good: ready to share."),
        "warned": _("Ready to share, but have a look at the tips."),
        "blocked": _("Fix the problems marked in red before you can share."),
        "offline": _(
            "The live check is unavailable; your post is checked when you submit it."
        ),
        "budget": _("Characters, counted the way this network counts"),
        "severity_block": _("Must fix"),
        "severity_warn": _("Warning"),
        "severity_info": _("Tip"),
        "why": _("Why?"),
        "dismiss": _("Dismiss…"),
        "reason": _("Why is this fine here?"),
        "confirm": _("Dismiss warning"),
        "dismiss_failed": _("Could not dismiss this warning."),
    }


@register.simple_tag
def composer_assets() -> SafeString:
    """The widget's stylesheet, script and translated strings; once per page."""
    return format_html(
        '<link rel="stylesheet" href="{}">\n<script src="{}" defer></script>\n{}',
        static("advocacy/composer.css"),
        static("advocacy/composer.js"),
        json_script(composer_strings(), "composer-strings"),
    )

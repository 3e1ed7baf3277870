"""The networks of `core.networks` as people read them, in the active language."""

from django.utils.translation import gettext

from core.networks import BY_CODE, NETWORKS


def network_label(code: str) -> str:
    """The network's name; an unknown code (an old row) is shown as stored."""
    network = BY_CODE.get(code)
    return gettext(network.label) if network else code


def network_choices() -> list[tuple[str, str]]:
    """(code, label) pairs for forms and model fields, in the composer's order."""
    return [(network.code, gettext(network.label)) for network in NETWORKS]

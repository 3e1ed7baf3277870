"""Which channel layer carries the screens' broadcasts.

One fact that both the broadcaster (`realtime.broadcast`) and the fan-out hub
(`realtime.hub`, which follows the same layer's Redis) need; it lives here so
that neither has to import the other for it.
"""

from channels import DEFAULT_CHANNEL_LAYER
from django.conf import settings

SCREENS_LAYER = "screens"


def screens_layer_alias() -> str:
    """The `screens` layer when configured (pub/sub on Redis), else the default."""
    if SCREENS_LAYER in settings.CHANNEL_LAYERS:
        return SCREENS_LAYER
    return DEFAULT_CHANNEL_LAYER

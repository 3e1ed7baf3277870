"""Websocket consumers: `screen` (the wall screens) and `ping` (a probe).

`heartbeat` holds the blocking side of a screen's heartbeat: the per-process
last-seen batch and the database check behind a ping.
"""

from realtime.consumers.heartbeat import LastSeenBatch, last_seen
from realtime.consumers.ping import PingConsumer
from realtime.consumers.screen import CLOSE_UNAUTHORISED, ScreenConsumer

__all__ = [
    "CLOSE_UNAUTHORISED",
    "LastSeenBatch",
    "PingConsumer",
    "ScreenConsumer",
    "last_seen",
]

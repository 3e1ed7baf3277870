"""Per-process fan-out of screen broadcasts: one subscription per group, not per socket.

Each event loop (one per worker process in production) keeps a `Hub`: a registry
`{group: {consumer, ...}}` of the screen consumers connected to it. A broadcast
is published once per group and the hub writes the already-encoded text straight
to each local socket (`consumer.base_send`), with no per-socket channel, queue,
decode or dispatch in between.

Where broadcasts travel depends on the screens' channel layer configuration
(`configuration`):

- a channels_redis layer (production, `REDIS_URL`): the hub takes the same Redis
  address, PUBLISHes each broadcast once per group and holds ONE subscription per
  group that has local members, read by a single task per process
  (`redis_link`).
- the in-memory layer (the default, one process): broadcasts are handed to every
  hub in the process directly, no Redis involved (`registry`).
- any other layer: the hub stays off and screens use the layer.

Delivery stays best effort, as through the layer: a send that fails is logged
and screens catch up from the database on their heartbeat and `hello`.

The modules: `configuration` (mode, Redis, limits), `core` (the `Hub`: members
and delivery), `redis_link` (its Redis side), `frames` (pre-built frames written
to uvicorn's sockets), `eager` (sends without a task each), `registry` (the hubs
of this process), `publishing` (the entry points for `realtime.broadcast`),
`timing` (publish times carried with broadcasts, for the delivery metrics).
"""

from realtime.hub.configuration import MAX_INFLIGHT, config, enabled
from realtime.hub.core import Hub, get_hub, next_synced
from realtime.hub.eager import start_eagerly
from realtime.hub.frames import ServerSend, direct_connection
from realtime.hub.publishing import publish, publish_sync
from realtime.hub.redis_link import decode_payload, encode_payload
from realtime.hub.registry import deliver_local, group_sizes

__all__ = [
    "MAX_INFLIGHT",
    "Hub",
    "ServerSend",
    "config",
    "decode_payload",
    "deliver_local",
    "direct_connection",
    "enabled",
    "encode_payload",
    "get_hub",
    "group_sizes",
    "next_synced",
    "publish",
    "publish_sync",
    "start_eagerly",
]

"""Writing one pre-built websocket frame to many sockets."""

from __future__ import annotations

try:
    from uvicorn.protocols.websockets.websockets_sansio_impl import (
        WebSocketsSansIOProtocol,
    )
    from websockets.frames import Frame, Opcode
    from websockets.protocol import State
except ImportError:  # pragma: no cover - another server: ASGI sends only
    WebSocketsSansIOProtocol = None

# Where `ServerSend` keeps the server's own `send` callable in the scope.
SCOPE_SEND = "boegbeeld.server_send"


class ServerSend:
    """ASGI middleware: keeps the server's own `send` in the websocket scope.

    Channels' session middleware wraps `send` further in; the hub looks at the
    server's to recognise a connection it may write frames to itself.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        return await self.app({**scope, SCOPE_SEND: send}, receive, send)


def direct_connection(scope: dict):
    """The server connection of an accepted websocket, if the hub may write to it.

    A broadcast is the same frame for every screen: unmasked, uncompressed, one
    text frame. On uvicorn's websockets (sans-I/O) protocol without extensions
    the hub builds it once and hands the bytes to each socket's transport,
    instead of an ASGI send per socket (a coroutine, an encode and a frame each).
    Anything else (compression negotiated, another server or implementation)
    gets None and the ASGI send.
    """
    send = scope.get(SCOPE_SEND)
    connection = getattr(send, "__self__", None)
    if WebSocketsSansIOProtocol is None or not isinstance(
        connection, WebSocketsSansIOProtocol
    ):
        return None
    if send.__func__ is not WebSocketsSansIOProtocol.send or connection.conn.extensions:
        return None
    return connection


def text_frame(text: str) -> bytes:
    """One final, unmasked, uncompressed text frame carrying `text`."""
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=False)


def open_for_writing(connection) -> bool:
    return (
        connection.writable.is_set()
        and not connection.close_sent
        and not connection.disconnected
        and connection.conn.state is State.OPEN
        and not connection.transport.is_closing()
    )

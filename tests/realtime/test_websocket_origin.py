import pytest
from channels.testing import WebsocketCommunicator

from config.asgi import application

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


async def test_websocket_from_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(
        application, "/ws/ping/", headers=[(b"origin", b"https://evil.example")]
    )
    connected, _ = await communicator.connect()
    assert connected is False
    await communicator.disconnect()


async def test_websocket_from_own_origin_is_accepted():
    communicator = WebsocketCommunicator(
        application, "/ws/ping/", headers=[(b"origin", b"http://localhost")]
    )
    connected, _ = await communicator.connect()
    assert connected is True
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from(timeout=2) == {"type": "pong"}
    await communicator.disconnect()

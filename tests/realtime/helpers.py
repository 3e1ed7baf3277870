"""Helpers for websocket tests: a screen's communicator and bounded receives."""

import asyncio
import json
import threading
from collections.abc import Callable

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connection, transaction

from realtime import services
from realtime.services.changes import FEEDBACK, screen_change_record

ORIGIN = (b"origin", b"http://localhost")

create_screen = database_sync_to_async(
    lambda name="Lobby", **kw: services.screen_create(name=name, **kw)
)
ingest = database_sync_to_async(services.feedback_ingest)


def screen_communicator(slug: str, token: str) -> WebsocketCommunicator:
    from config.asgi import application

    return WebsocketCommunicator(
        application, f"/ws/screens/{slug}/?token={token}", headers=[ORIGIN]
    )


async def receive(communicator: WebsocketCommunicator, timeout: float = 3) -> dict:
    return json.loads(await communicator.receive_from(timeout=timeout))


async def connect_screen(slug: str, token: str) -> WebsocketCommunicator:
    """A screen's socket, connected, with its snapshot read."""
    communicator = screen_communicator(slug, token)
    connected, _ = await communicator.connect()
    assert connected
    assert (await receive(communicator))["type"] == "snapshot"
    return communicator


async def ping(communicator: WebsocketCommunicator) -> list[dict]:
    """Send a heartbeat; the changes replayed before the pong (not `synced`)."""
    await communicator.send_json_to({"type": "ping"})
    replayed = []
    while True:
        message = await receive(communicator)
        if message["type"] == "pong":
            return replayed
        if message["type"] != "synced":
            replayed.append(message)


async def receive_until(
    communicator: WebsocketCommunicator, kind: str, timeout: float = 5
) -> dict:
    """The next message of type `kind`, skipping others, within `timeout`."""

    async def wait() -> dict:
        while True:
            message = await receive(communicator, timeout=timeout)
            if message["type"] == kind:
                return message

    return await asyncio.wait_for(wait(), timeout)


class ScreenModel:
    """What a screen shows, from the frames it receives, by screen.js's rules.

    Items and emergency scopes keep the sequence number of the state shown, so a
    late frame with an older number changes nothing; `seq` advances on a frame
    numbered right after it, on `synced`, and from a first snapshot.
    """

    def __init__(self) -> None:
        self.items: dict[int, dict] = {}
        self.emergencies: dict[str, dict] = {}
        self.seqs: dict[int, int] = {}
        self.scope_seqs: dict[str, int] = {}
        self.seq: int | None = None  # unknown until a snapshot

    @staticmethod
    def _newer(known: int | None, seq: int) -> bool:
        return not seq or not known or seq >= known

    def _advance(self, seq: int) -> None:
        if seq and self.seq is not None and seq == self.seq + 1:
            self.seq = seq

    def apply(self, message: dict) -> None:
        kind, seq = message["type"], message.get("seq", 0)
        if kind == "snapshot":
            if self.seq is None or seq < self.seq:  # first, or a restored database
                self.items, self.seqs, self.seq = {}, {}, seq
            for item in message["items"]:
                if self._newer(self.seqs.get(item["id"]), seq):
                    self.items[item["id"]], self.seqs[item["id"]] = item, seq
            self.emergencies = {m["scope"]: m for m in message["emergencies"]}
            self.scope_seqs = dict.fromkeys(self.emergencies, seq)
        elif kind == "feedback":
            item = message["item"]
            if self._newer(self.seqs.get(item["id"]), seq):
                self.items[item["id"]] = item
                self.seqs[item["id"]] = seq or self.seqs.get(item["id"], 0)
            self._advance(seq)
        elif kind == "retract":
            if self._newer(self.seqs.get(message["id"]), seq):
                self.items.pop(message["id"], None)
                self.seqs[message["id"]] = seq or self.seqs.get(message["id"], 0)
            self._advance(seq)
        elif kind == "emergency":
            scope = message["scope"]
            if self._newer(self.scope_seqs.get(scope), seq):
                self.scope_seqs[scope] = seq
                if message["message"]:
                    self.emergencies[scope] = message["message"]
                else:
                    self.emergencies.pop(scope, None)
            self._advance(seq)
        elif kind == "synced":
            self.seq = seq if self.seq is None else max(self.seq, seq)

    def hello(self) -> dict:
        """What the screen sends after a snapshot."""
        hello = {"type": "hello", "since": max(self.items, default=0)}
        if self.seq is not None:
            hello["seq"] = self.seq
        return hello

    def shown(self) -> dict[int, str]:
        return {item_id: item["text"] for item_id, item in self.items.items()}


def database_url() -> str:
    """The test database's URL, for worker processes."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{db['NAME']}"


def second_writer_after_open_change(second: Callable[[], int]) -> tuple[int, int]:
    """Run `second` (a change writer returning its number) while another
    transaction holds a numbered change open; it must wait until that one
    commits. Returns (the open change's number, the second's)."""
    first_numbered, release = threading.Event(), threading.Event()
    numbers: dict[str, int] = {}

    def first() -> None:
        with transaction.atomic():
            numbers["first"] = screen_change_record(
                kind=FEEDBACK, target=999_999, location_id=None
            )
            first_numbered.set()
            release.wait(10)
        connection.close()

    def then_second() -> None:
        first_numbered.wait(10)
        numbers["second"] = second()
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=then_second)]
    for thread in threads:
        thread.start()
    assert first_numbered.wait(10)
    threads[1].join(0.5)
    assert threads[1].is_alive()  # waiting on the counter row
    release.set()
    for thread in threads:
        thread.join(10)
    return numbers["first"], numbers["second"]

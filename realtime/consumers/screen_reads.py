"""What a screen's websocket reads from the database, each in one thread hop."""

from channels.db import database_sync_to_async

from realtime import events, latest, selectors, services, tokens


@database_sync_to_async
def authenticate(slug: str, token: str):
    if not token:
        return None
    return selectors.screen_by_token(slug=slug, token_hash=tokens.token_hash(token))


@database_sync_to_async
def snapshot(screen_id: int, location_id: int | None, user_agent: str):
    services.screen_heartbeat(screen_id=screen_id, client_info=user_agent, force=True)
    seq = selectors.change_seq_current()  # before the items it vouches for
    items = selectors.feedback_latest(location_id=location_id)
    emergencies = selectors.emergencies_active(location_id=location_id)
    return events.snapshot_message(items, emergencies, seq), seq


@database_sync_to_async
def missed(location_id: int | None, since: int) -> list:
    return selectors.feedback_since(location_id=location_id, since=since)


@database_sync_to_async
def read_marker() -> int | None:
    return latest.read()


@database_sync_to_async
def changes(location_id: int | None, seq: int) -> tuple[list, int]:
    return selectors.changes_since(location_id=location_id, seq=seq)

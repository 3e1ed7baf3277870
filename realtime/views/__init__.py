"""Realtime pages, one module per audience: `screen` (the wall screen itself,
token, no login), `pairing`, `screen_controls` (screen managers) and `webcare`
(feedback entry and moderation)."""

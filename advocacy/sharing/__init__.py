"""Sharing: composer, intents, tracked links, clicks, points, analytics, digest."""

"""Pieces every app may use, importing none of them: the one sanitiser, the network
registry, the Redis cache client, form and machine-endpoint helpers."""

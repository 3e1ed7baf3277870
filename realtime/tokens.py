"""Tokens for screens and feedback sources: random, shown once, stored as sha256."""

import hashlib
import secrets

# No 0/O, 1/I/L, 5/S, 2/Z: a pairing code is read off a wall and typed by hand.
PAIRING_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
PAIRING_CODE_LENGTH = 6


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_pairing_code() -> str:
    return "".join(secrets.choice(PAIRING_ALPHABET) for _ in range(PAIRING_CODE_LENGTH))


def normalise_pairing_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()

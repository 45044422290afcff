"""Secret link tokens (manage links, speaker invitations, feed addresses, signatures).

A token is 256 random bits, URL-safe; only its SHA-256 is stored, so a database leak gives
no working link. Look tokens up by their hash.
"""

import hashlib
import secrets


def token_new() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

import hashlib


def token_hash(token: str) -> str:
    """The stored form of a secret link token: SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()

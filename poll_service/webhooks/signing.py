"""Secrets and signatures in the manner of the Standard Webhooks specification: the secret is
`whsec_` and base64 of 32 random bytes; the signature is `v1,` and base64 of
HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")."""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # nosec B105 (a prefix, not a secret)


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = message_id.encode() + b"." + str(timestamp).encode() + b"." + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()

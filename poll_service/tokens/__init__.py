"""The routes of personal API tokens for scripts: made and revoked by a signed-in organiser; the
tokens themselves (accounts/api_tokens.py) are accepted by the organiser routes like a login."""

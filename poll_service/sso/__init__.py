"""Single sign-on with the organisation's OpenID provider (docs/api-extensions.md).

- `oidc.py`: the protocol (discovery, authorization request, code exchange, ID-token checks).
- `flow.py`: the signed cookie that binds a sign-in in progress to its browser.
- `sign_on.py`: who may sign in, and which account they get.
- `router.py`: the routes (start, callback, logout)."""

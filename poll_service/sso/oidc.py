"""OpenID Connect, the protocol: discovery, the authorization request (state, nonce, PKCE S256),
the code exchange and the ID token checked against the provider's keys (signature, iss, aud, exp,
nonce, at_hash). Authlib builds and checks the protocol's parts; httpx makes the calls, so no
request to the provider ever holds up the event loop."""

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from poll_service.settings import Settings

# Discovery and keys are read again after this long (a provider rotates its keys now and then).
METADATA_SECONDS = 3600
TIMEOUT = httpx.Timeout(10.0)
# Clock difference between us and the provider that an ID token's exp and iat may have.
LEEWAY_SECONDS = 60
# Signatures by the provider's published keys only: never "none", never the client secret (HS*).
ASYMMETRIC = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)


class ProviderUnavailable(Exception):
    """The provider could not be reached or answered nonsense (discovery, keys, token endpoint)."""


class InvalidResponse(Exception):
    """The provider's answer failed a check: a refused code, a bad ID token or a mismatch."""


@dataclass(frozen=True)
class AuthorizationRequest:
    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class Identity:
    """What a checked ID token (and the userinfo endpoint, for claims it leaves out) says."""

    issuer: str
    subject: str
    email: str | None
    email_verified: bool
    name: str | None
    groups: tuple[str, ...]
    id_token: str


class OidcClient:
    """One provider, as the settings name it. Its discovery document and keys are cached."""

    def __init__(self, settings: Settings) -> None:
        assert settings.oidc_issuer is not None and settings.oidc_client_id is not None
        self.issuer = settings.oidc_issuer.rstrip("/")
        self.client_id = settings.oidc_client_id
        self.client_secret = settings.oidc_client_secret
        self.scopes = " ".join(settings.oidc_scopes)
        self.groups_claim = settings.oidc_groups_claim
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None
        self._read_at = 0.0
        self._lock = asyncio.Lock()

    async def metadata(self) -> dict[str, Any]:
        async with self._lock:
            if self._metadata is None or time.monotonic() - self._read_at > METADATA_SECONDS:
                document = await _get_json(f"{self.issuer}/.well-known/openid-configuration")
                # The document must speak for the issuer we trust (OpenID Discovery 4.3).
                if str(document.get("issuer", "")).rstrip("/") != self.issuer:
                    raise ProviderUnavailable("the discovery document names another issuer")
                for field in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                    if not isinstance(document.get(field), str):
                        raise ProviderUnavailable(f"the discovery document has no {field}")
                self._metadata, self._keys, self._read_at = document, None, time.monotonic()
            return self._metadata

    async def authorization_request(self, redirect_uri: str) -> AuthorizationRequest:
        metadata = await self.metadata()
        state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
        url = prepare_grant_uri(
            metadata["authorization_endpoint"],
            client_id=self.client_id,
            response_type="code",
            redirect_uri=redirect_uri,
            scope=self.scopes,
            state=state,
            nonce=nonce,
            code_challenge=create_s256_code_challenge(verifier),
            code_challenge_method="S256",
        )
        return AuthorizationRequest(url, state, nonce, verifier)

    async def finish(
        self, code: str, code_verifier: str, nonce: str, redirect_uri: str, response_issuer: str | None
    ) -> Identity:
        """The code for tokens, then the ID token checked; raises InvalidResponse or
        ProviderUnavailable. `response_issuer` is the callback's `iss` (RFC 9207)."""
        metadata = await self.metadata()
        # Mix-up defence: an answer that names another issuer is not our provider's.
        promised = metadata.get("authorization_response_iss_parameter_supported") is True
        if response_issuer != metadata["issuer"] and (response_issuer is not None or promised):
            raise InvalidResponse("the answer names another issuer")
        tokens = await self._tokens(metadata["token_endpoint"], code, code_verifier, redirect_uri)
        id_token = tokens.get("id_token")
        if not isinstance(id_token, str):
            raise InvalidResponse("the provider sent no ID token")
        claims = await self._checked_claims(id_token, nonce, tokens.get("access_token"))
        if _needs_userinfo(claims, self.groups_claim) and metadata.get("userinfo_endpoint"):
            claims = await self._with_userinfo(metadata["userinfo_endpoint"], tokens, claims)
        return _identity(claims, self.groups_claim, id_token)

    async def logout_url(self, id_token_hint: str | None, post_logout_redirect_uri: str) -> str | None:
        """RP-initiated logout at the provider, when it offers it (None when it does not)."""
        metadata = await self.metadata()
        endpoint = metadata.get("end_session_endpoint")
        if not isinstance(endpoint, str):
            return None
        params = {"client_id": self.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
        if id_token_hint:
            params["id_token_hint"] = id_token_hint
        return str(httpx.URL(endpoint).copy_merge_params(params))

    async def _tokens(self, endpoint: str, code: str, verifier: str, redirect_uri: str) -> dict[str, Any]:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
            "client_id": self.client_id,
        }
        # A public client (no secret) is told apart by its PKCE verifier alone.
        auth = httpx.BasicAuth(self.client_id, self.client_secret) if self.client_secret else None
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT, auth=auth) as http:
                answer = await http.post(endpoint, data=form, headers={"Accept": "application/json"})
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(f"the token endpoint cannot be reached ({type(exc).__name__})") from exc
        if answer.status_code >= 500:
            raise ProviderUnavailable(f"the token endpoint answered {answer.status_code}")
        body = _json_object(answer)
        if answer.status_code != 200:
            # invalid_grant: a code used twice, expired, or not ours; or a wrong PKCE verifier.
            raise InvalidResponse(f"the provider refused the code ({body.get('error', answer.status_code)})")
        return body

    async def _key_set(self, refresh: bool = False) -> KeySet:
        metadata = await self.metadata()
        if self._keys is None or refresh:
            self._keys = KeySet.import_key_set(await _get_json(metadata["jwks_uri"]))  # type: ignore[arg-type]
        return self._keys

    async def _checked_claims(self, id_token: str, nonce: str, access_token: Any) -> dict[str, Any]:
        metadata = await self.metadata()
        offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = [a for a in offered if a in ASYMMETRIC] or ["RS256"]
        try:
            try:
                token = jwt.decode(id_token, await self._key_set(), algorithms=algorithms)
            except InvalidKeyIdError:  # a key the provider rotated in since we read them
                token = jwt.decode(id_token, await self._key_set(refresh=True), algorithms=algorithms)
            claims = CodeIDToken(
                token.claims,
                token.header,
                {
                    "iss": {"essential": True, "value": metadata["issuer"]},
                    "aud": {"essential": True, "value": self.client_id},
                },
                {"nonce": nonce, "client_id": self.client_id, "access_token": access_token},
            )
            claims.validate(leeway=LEEWAY_SECONDS)
        except (JoseError, ValueError) as exc:
            raise InvalidResponse(f"the ID token failed a check ({type(exc).__name__}: {exc})") from exc
        if claims.get("nonce") != nonce:  # also when the token carries none
            raise InvalidResponse("the ID token's nonce is not the one we sent")
        return dict(claims)

    async def _with_userinfo(
        self, endpoint: str, tokens: dict[str, Any], claims: dict[str, Any]
    ) -> dict[str, Any]:
        token = tokens.get("access_token")
        if not isinstance(token, str):
            return claims
        info = await _get_json(endpoint, headers={"Authorization": f"Bearer {token}"})
        # Userinfo about someone else must never be merged (OpenID Connect Core 5.3.2).
        if info.get("sub") != claims["sub"]:
            raise InvalidResponse("the userinfo endpoint spoke of another subject")
        return {**info, **claims}


def _needs_userinfo(claims: dict[str, Any], groups_claim: str) -> bool:
    return "email" not in claims or groups_claim not in claims


def _identity(claims: dict[str, Any], groups_claim: str, id_token: str) -> Identity:
    email = claims.get("email")
    name = claims.get("name")
    groups = claims.get(groups_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    return Identity(
        issuer=str(claims["iss"]),
        subject=str(claims["sub"]),
        email=email.strip().lower() if isinstance(email, str) and email.strip() else None,
        # Only a real true counts ("true" as a string is a provider's bug, not a promise).
        email_verified=claims.get("email_verified") is True,
        name=name.strip()[:100] if isinstance(name, str) and name.strip() else None,
        groups=tuple(str(g) for g in groups if isinstance(g, str | int)),
        id_token=id_token,
    )


async def _get_json(url: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT) as http:
            answer = await http.get(url, headers=headers)
    except httpx.HTTPError as exc:
        raise ProviderUnavailable(f"{url} cannot be reached ({type(exc).__name__})") from exc
    if answer.status_code != 200:
        raise ProviderUnavailable(f"{url} answered {answer.status_code}")
    return _json_object(answer)


def _json_object(answer: httpx.Response) -> dict[str, Any]:
    try:
        body = answer.json()
    except ValueError as exc:
        raise ProviderUnavailable("the provider's answer is not JSON") from exc
    if not isinstance(body, dict):
        raise ProviderUnavailable("the provider's answer is not a JSON object")
    return body

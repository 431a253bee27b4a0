"""OpenID Connect for the staff pages: the authorization code flow with PKCE at the gemeente's own provider.

The gemeente names its provider (issuer), the client id and secret it registered there, and the claim that carries
the roles (api/settings.py); Entra ID, Keycloak or any standard provider. What is checked (ASVS 5.0, 10.1-10.5):
- the discovery document's issuer is exactly the configured one;
- the code is exchanged with its PKCE verifier (S256), at the token endpoint, with the client's secret;
- the ID token's signature against the provider's published keys (fetched again once for a key id not seen yet),
  an asymmetric algorithm only;
- `iss` exactly the issuer, `aud` holding the client id (and `azp` the client id when there are more audiences),
  `exp` in the future and `iat` not, `nonce` the one sent with this login, `sub` present.

authlib makes the PKCE challenge and the random values; joserfc (by authlib's author, its successor for JOSE)
checks the token. The flow's state lives in the database, bound to the browser (api/staff_sessions.py).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import urlencode

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

ALGORITHMS = ["RS256", "PS256", "ES256", "RS384", "PS384", "ES384", "RS512", "PS512", "ES512", "EdDSA"]
LEEWAY_SECONDS = 60  # clocks of the provider and the API may differ this much
DISCOVERY_TTL_SECONDS = 3600


class LoginFailed(Exception):
    """The login cannot go on. `reason` is for the audit trail and the log; the person sees a Dutch page."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def new_secret() -> str:
    """A random value for state, nonce or the PKCE verifier (43+ characters of the URL-safe alphabet)."""
    return generate_token(48)


@dataclass(frozen=True)
class Metadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: Optional[str] = None


class OidcClient:
    """One relying party at one provider. Thread-safe: the pages run in a thread pool."""

    def __init__(self, issuer: str, client_id: str, client_secret: str, redirect_uri: str,
                 scope: str = "openid profile email", http: Optional[httpx.Client] = None,
                 clock: Callable[[], float] = time.time):
        self.issuer = issuer  # compared exactly: "https://idp.example/" and "https://idp.example" differ
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.scope = scope
        self.http = http or httpx.Client(timeout=10)
        self.clock = clock
        self._lock = threading.RLock()
        self._metadata: Optional[Metadata] = None
        self._metadata_at = 0.0
        self._keys: Optional[KeySet] = None

    # -- the provider's documents --------------------------------------------------------------------------------

    def _get_json(self, url: str) -> Dict[str, Any]:
        try:
            response = self.http.get(url, headers={"Accept": "application/json"})
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise LoginFailed(f"provider_unreachable: {url}: {error}") from None

    def metadata(self) -> Metadata:
        with self._lock:
            if self._metadata is None or self.clock() - self._metadata_at > DISCOVERY_TTL_SECONDS:
                found = self._get_json(f"{self.issuer.rstrip('/')}/.well-known/openid-configuration")
                if found.get("issuer") != self.issuer:
                    raise LoginFailed(f"issuer_mismatch: discovery says {found.get('issuer')!r}")
                try:
                    self._metadata = Metadata(found["issuer"], found["authorization_endpoint"],
                                              found["token_endpoint"], found["jwks_uri"],
                                              found.get("end_session_endpoint"))
                except KeyError as missing:
                    raise LoginFailed(f"discovery_incomplete: no {missing}") from None
                self._metadata_at = self.clock()
            return self._metadata

    def _key_set(self, refresh: bool = False) -> KeySet:
        with self._lock:
            if self._keys is None or refresh:
                self._keys = KeySet.import_key_set(self._get_json(self.metadata().jwks_uri))
            return self._keys

    # -- the flow -------------------------------------------------------------------------------------------------

    def authorization_url(self, state: str, nonce: str, code_verifier: str, login_hint: Optional[str] = None) -> str:
        parameters = {"response_type": "code", "client_id": self.client_id, "redirect_uri": self.redirect_uri,
                      "scope": self.scope, "state": state, "nonce": nonce,
                      "code_challenge": create_s256_code_challenge(code_verifier), "code_challenge_method": "S256"}
        if login_hint:
            parameters["login_hint"] = login_hint
        endpoint = self.metadata().authorization_endpoint
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(parameters)}"

    def exchange(self, code: str, code_verifier: str) -> Dict[str, Any]:
        """The token response for the code; LoginFailed when the provider refuses it."""
        try:
            response = self.http.post(self.metadata().token_endpoint, data={
                "grant_type": "authorization_code", "code": code, "redirect_uri": self.redirect_uri,
                "code_verifier": code_verifier}, auth=(self.client_id, self.client_secret),
                headers={"Accept": "application/json"})
        except httpx.HTTPError as error:
            raise LoginFailed(f"provider_unreachable: token endpoint: {error}") from None
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code != 200 or "id_token" not in body:
            raise LoginFailed(f"token_refused: {response.status_code} {body.get('error', '')}".strip())
        return body

    def id_claims(self, id_token: str, nonce: str) -> Dict[str, Any]:
        """The ID token's claims once its signature and every claim check pass; LoginFailed names the check."""
        token = self._decode(id_token)
        claims = token.claims
        now = int(self.clock())
        registry = jwt.JWTClaimsRegistry(
            now=now, leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": self.issuer}, sub={"essential": True},
            exp={"essential": True}, iat={"essential": True}, nonce={"essential": True, "value": nonce})
        try:
            registry.validate(claims)
        except JoseError as error:
            raise LoginFailed(f"id_token_{error.error}: {error.description or ''}".strip()) from None
        audiences = claims.get("aud")
        audiences = [audiences] if isinstance(audiences, str) else list(audiences or [])
        if self.client_id not in audiences:
            raise LoginFailed("id_token_wrong_audience")
        if len(audiences) > 1 and claims.get("azp") != self.client_id:
            raise LoginFailed("id_token_wrong_azp")
        return dict(claims)

    def _decode(self, id_token: str):
        for refresh in (False, True):  # a key id not seen yet: the provider may have rotated its keys
            try:
                return jwt.decode(id_token, self._key_set(refresh), algorithms=ALGORITHMS)
            except JoseError as error:
                if error.error != "invalid_key_id" or refresh:
                    raise LoginFailed(f"id_token_{error.error}") from None
            except ValueError:  # not a JWT at all
                raise LoginFailed("id_token_unreadable") from None
        raise LoginFailed("id_token_unreadable")

    def logout_url(self, post_logout_redirect_uri: str) -> Optional[str]:
        """RP-initiated logout at the provider, when it offers it (end_session_endpoint); else None. No
        id_token_hint: the API keeps no token, and the client id names the client."""
        endpoint = self.metadata().end_session_endpoint
        if not endpoint:
            return None
        parameters = {"client_id": self.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(parameters)}"


def claim_values(claims: Dict[str, Any], claim: str) -> List[str]:
    """The values in `claim` ("roles", "groups", "gemeente", or a dotted path as Keycloak's "realm_access.roles"):
    one text or a list."""
    value: Any = claims
    for part in claim.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, str):
        return [value]
    return [str(role) for role in value] if isinstance(value, list) else []


def used_mfa(claims: Dict[str, Any], amr_values: List[str], acr_values: List[str]) -> bool:
    """Whether the provider reports a second factor: an `amr` among `amr_values`, or an `acr` among `acr_values`."""
    amr = claims.get("amr")
    amr = [amr] if isinstance(amr, str) else list(amr or [])
    return bool(set(amr) & set(amr_values)) or claims.get("acr") in acr_values

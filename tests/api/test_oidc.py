"""The ID token checks of the staff login (api/oidc.py), with tokens a real provider would never issue: signed by
another key, for another audience, from another issuer, expired, with another nonce. The provider's documents
come from an in-process transport; the whole flow against the real development provider is tested elsewhere."""

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey, RSAKey

from api.oidc import LoginFailed, OidcClient, claim_values, used_mfa

ISSUER = "https://login.gemeente.example/realms/wmo"
CLIENT = "wmo-staff"
NOW = 1_796_000_000
KEY = RSAKey.generate_key(2048, parameters={"kid": "key-1", "use": "sig", "alg": "RS256"})
OTHER = RSAKey.generate_key(2048, parameters={"kid": "key-1", "use": "sig", "alg": "RS256"})
NEW = RSAKey.generate_key(2048, parameters={"kid": "key-2", "use": "sig", "alg": "RS256"})


def provider(keys, issuer=ISSUER, served=None):
    """Discovery and JWKS of a provider whose published keys are `keys` (a list the test may change)."""
    def handle(request: httpx.Request) -> httpx.Response:
        if served is not None:
            served.append(request.url.path)
        if request.url.path.endswith("/.well-known/openid-configuration"):
            return httpx.Response(200, json={"issuer": issuer, "authorization_endpoint": f"{ISSUER}/auth",
                                             "token_endpoint": f"{ISSUER}/token", "jwks_uri": f"{ISSUER}/jwks",
                                             "end_session_endpoint": f"{ISSUER}/logout"})
        if request.url.path.endswith("/jwks"):
            return httpx.Response(200, json=KeySet(list(keys)).as_dict(private=False))
        return httpx.Response(404)

    return httpx.Client(transport=httpx.MockTransport(handle))


def client(keys=None, issuer=ISSUER, served=None):
    keys = [KEY] if keys is None else keys  # the same list: a test may publish a new key in it
    return OidcClient(ISSUER, CLIENT, "geheim", "https://wmo.gemeente.example/consulent/auth/callback",
                      http=provider(keys, issuer, served), clock=lambda: NOW)


def token(key=KEY, **changes):
    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "anne", "nonce": "n-123", "iat": NOW - 5, "exp": NOW + 300,
              "name": "Anne de Vries", "roles": ["consulent"], "amr": ["pwd", "otp"], **changes}
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)


def test_a_good_token_gives_its_claims():
    claims = client().id_claims(token(), "n-123")
    assert (claims["sub"], claims["name"], claim_values(claims, "roles")) == ("anne", "Anne de Vries", ["consulent"])


@pytest.mark.parametrize("forged, reason", [
    (token(key=OTHER), "id_token_bad_signature"),
    (token(aud="een-andere-app"), "id_token_wrong_audience"),
    (token(aud=[CLIENT, "een-andere-app"]), "id_token_wrong_azp"),
    (token(iss="https://login.elders.example"), "id_token_invalid_claim"),
    (token(exp=NOW - 61), "id_token_expired_token"),
    (token(iat=NOW + 600), "id_token_invalid_claim: The token was issued in the future"),
    (token(nonce="n-van-een-ander"), "id_token_invalid_claim"),
    (token(nonce=None), "id_token_missing_claim"),
    (token(sub=None), "id_token_missing_claim"),
    # a token signed with a shared secret (HS256) instead of the provider's key
    (jwt.encode({"alg": "HS256"}, {"iss": ISSUER, "aud": CLIENT, "sub": "x", "nonce": "n-123", "iat": NOW,
                                    "exp": NOW + 60}, OctKey.import_key("k" * 32)), "id_token_"),
    ("geen-token", "id_token_"),
])
def test_a_forged_or_stale_token_is_refused_naming_the_check(forged, reason):
    with pytest.raises(LoginFailed) as refused:
        client().id_claims(forged, "n-123")
    assert refused.value.reason.startswith(reason), refused.value.reason


def test_a_discovery_document_with_another_issuer_is_refused():
    with pytest.raises(LoginFailed, match="issuer_mismatch"):
        client(issuer="https://login.gemeente.example/realms/wmo/").metadata()


def test_a_rotated_key_is_fetched_once_more():
    keys, served = [KEY], []
    rp = client(keys, served=served)
    assert rp.id_claims(token(), "n-123")["sub"] == "anne"
    keys.append(NEW)  # the provider publishes a new key and signs with it
    assert rp.id_claims(token(key=NEW), "n-123")["sub"] == "anne"
    assert served.count("/realms/wmo/jwks") == 2


def test_the_authorization_url_carries_state_nonce_and_an_s256_challenge():
    url = httpx.URL(client().authorization_url("st", "no", "v" * 50))
    assert url.path == "/realms/wmo/auth"
    params = dict(url.params)
    assert {k: params[k] for k in ("response_type", "client_id", "state", "nonce", "code_challenge_method")} == {
        "response_type": "code", "client_id": CLIENT, "state": "st", "nonce": "no", "code_challenge_method": "S256"}
    assert params["code_challenge"] != "v" * 50 and len(params["code_challenge"]) == 43


@pytest.mark.parametrize("claims, claim, roles", [
    ({"roles": ["consulent", "beheerder"]}, "roles", ["consulent", "beheerder"]),
    ({"groups": "consulent"}, "groups", ["consulent"]),
    ({"realm_access": {"roles": ["beheerder"]}}, "realm_access.roles", ["beheerder"]),
    ({}, "roles", []),
])
def test_roles_come_from_the_configured_claim(claims, claim, roles):
    assert claim_values(claims, claim) == roles


@pytest.mark.parametrize("claims, mfa", [
    ({"amr": ["pwd", "otp"]}, True), ({"amr": ["pwd"]}, False), ({"amr": "mfa"}, True),
    ({"acr": "urn:gemeente:loa:substantial"}, True), ({"acr": "urn:gemeente:loa:low"}, False), ({}, False),
])
def test_a_second_factor_is_what_the_provider_reports(claims, mfa):
    assert used_mfa(claims, ["otp", "mfa", "hwk"], ["urn:gemeente:loa:substantial"]) is mfa

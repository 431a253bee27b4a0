"""The development OpenID provider speaks the real authorization code flow with PKCE, and reports for each
invented account its roles and whether a second factor was used; the staff login's client (api/oidc.py) accepts
what it issues and refuses what it should."""

import re
import secrets
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest

from api.oidc import LoginFailed, OidcClient, claim_values, used_mfa
from scripts.api_server import free_port
from scripts.dev_idp import DevIdp, accounts

REDIRECT = "http://testserver/consulent/auth/callback"
PASSWORD = secrets.token_urlsafe(16)
CLIENT_SECRET = secrets.token_urlsafe(32)


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    with DevIdp(free_port(), PASSWORD, CLIENT_SECRET, [REDIRECT], tmp_path_factory.mktemp("idp") / "idp.log") as idp:
        yield idp


def relying_party(idp):
    return OidcClient(idp.issuer, idp.client_id, CLIENT_SECRET, REDIRECT, scope="openid profile email roles")


def log_in(idp, login, password, verifier="v" * 50, nonce="n"):
    """Through the login page to the code at the redirect URI; (response, None) when the page refuses."""
    with httpx.Client() as browser:
        response = browser.get(relying_party(idp).authorization_url("s", nonce, verifier))
        page = browser.get(urljoin(idp.issuer, response.headers["location"]))
        action = re.search(r'action="(/interaction/[^"]+/login)"', page.text).group(1)
        response = browser.post(urljoin(idp.issuer, action), data={"login": login, "password": password})
        if response.status_code != 303:
            return response, None
        while not response.headers["location"].startswith(REDIRECT):
            response = browser.get(urljoin(idp.issuer, response.headers["location"]))
        query = parse_qs(urlsplit(response.headers["location"]).query)
        assert (query["state"], query["iss"]) == (["s"], [idp.issuer])
        return response, query["code"][0]


@pytest.mark.parametrize("account", accounts(), ids=lambda account: account["sub"])
def test_each_invented_account_logs_in_with_its_roles_and_factors(idp, account):
    _, code = log_in(idp, account["sub"], PASSWORD)
    rp = relying_party(idp)
    claims = rp.id_claims(rp.exchange(code, "v" * 50)["id_token"], "n")
    assert (claims["sub"], claims["name"]) == (account["sub"], account["name"])
    assert claim_values(claims, "roles") == account["roles"]
    assert used_mfa(claims, ["otp", "mfa"], []) is account["mfa"]


def test_a_wrong_password_gets_the_login_page_again_in_dutch_and_no_code(idp):
    response, code = log_in(idp, "anne.devries", "fout-wachtwoord")
    assert (response.status_code, code) == (401, None)
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.text and 'lang="nl"' in response.text


def test_a_code_works_once_and_only_with_its_verifier_and_its_nonce(idp):
    rp = relying_party(idp)
    _, code = log_in(idp, "bram.koster", PASSWORD)
    with pytest.raises(LoginFailed, match="token_refused: 400 invalid_grant"):
        rp.exchange(code, "w" * 50)
    _, code = log_in(idp, "bram.koster", PASSWORD)
    id_token = rp.exchange(code, "v" * 50)["id_token"]
    with pytest.raises(LoginFailed, match="token_refused: 400 invalid_grant"):
        rp.exchange(code, "v" * 50)
    with pytest.raises(LoginFailed, match="id_token_invalid_claim"):
        rp.id_claims(id_token, "nonce-of-another-login")

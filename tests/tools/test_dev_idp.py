"""The development OpenID provider speaks the real authorization code flow with PKCE, and reports for each
invented account its roles and whether a second factor was used (what the staff login will check)."""

import base64
import hashlib
import json
import re
import secrets
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest

from scripts.api_server import free_port
from scripts.dev_idp import DevIdp, accounts

REDIRECT = "http://testserver/consulent/auth/callback"
PASSWORD = secrets.token_urlsafe(16)
CLIENT_SECRET = secrets.token_urlsafe(32)


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    with DevIdp(free_port(), PASSWORD, CLIENT_SECRET, [REDIRECT], tmp_path_factory.mktemp("idp") / "idp.log") as idp:
        yield idp


def authorize(idp, browser, verifier):
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    response = browser.get(f"{idp.issuer}/auth", params={
        "client_id": idp.client_id, "response_type": "code", "scope": "openid profile email roles",
        "redirect_uri": REDIRECT, "state": "s", "nonce": "n", "code_challenge": challenge,
        "code_challenge_method": "S256"})
    page = browser.get(urljoin(idp.issuer, response.headers["location"]))
    return page, re.search(r'action="(/interaction/[^"]+/login)"', page.text).group(1)


def log_in(idp, login, password, verifier="v" * 50):
    """Through the login page to the code at the redirect URI; None when the page refuses."""
    with httpx.Client() as browser:
        _, action = authorize(idp, browser, verifier)
        response = browser.post(urljoin(idp.issuer, action), data={"login": login, "password": password})
        if response.status_code != 303:
            return response, None
        while not response.headers["location"].startswith(REDIRECT):
            response = browser.get(urljoin(idp.issuer, response.headers["location"]))
        return response, parse_qs(urlsplit(response.headers["location"]).query)["code"][0]


def token(idp, code, verifier="v" * 50):
    return httpx.post(f"{idp.issuer}/token", data={"grant_type": "authorization_code", "code": code,
                                                   "redirect_uri": REDIRECT, "code_verifier": verifier},
                      auth=(idp.client_id, CLIENT_SECRET))


def claims(id_token):
    payload = id_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@pytest.mark.parametrize("account", accounts(), ids=lambda account: account["sub"])
def test_each_invented_account_logs_in_with_its_roles_and_factors(idp, account):
    _, code = log_in(idp, account["sub"], PASSWORD)
    found = claims(token(idp, code).json()["id_token"])
    assert (found["iss"], found["aud"], found["sub"], found["nonce"]) == (idp.issuer, idp.client_id, account["sub"], "n")
    assert (found["name"], found["roles"]) == (account["name"], account["roles"])
    assert ("otp" in found["amr"]) is account["mfa"]


def test_a_wrong_password_gets_the_login_page_again_in_dutch_and_no_code(idp):
    response, code = log_in(idp, "anne.devries", "fout-wachtwoord")
    assert (response.status_code, code) == (401, None)
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.text and 'lang="nl"' in response.text


def test_a_code_works_once_and_only_with_its_verifier(idp):
    _, code = log_in(idp, "bram.koster", PASSWORD)
    assert token(idp, code, verifier="w" * 50).json()["error"] == "invalid_grant"
    _, code = log_in(idp, "bram.koster", PASSWORD)
    assert token(idp, code).status_code == 200
    assert token(idp, code).json()["error"] == "invalid_grant"

"""The machine clients of the JSON API, each by name with one role and the SHA-256 of its bearer token.

A gemeente names every system that calls the API in the setting `WMO_API_CLIENTS` (JSON, in `.env` or the
environment), so the audit trail says which system read a melding, and one system's token can be replaced or
withdrawn without touching the others:

    WMO_API_CLIENTS={"chatbot": {"role": "bot", "token_sha256": "<64 hex>"},
                     "zaaksysteem": {"role": "consulent", "token_sha256": "<64 hex>"}}

The API keeps only the hash: the token itself is with the client (the chatbot's in `WMO_BOT_TOKEN`). A new client:

    .venv/api/bin/python -m api.api_clients new zaaksysteem consulent     (make api-client NAME=... ROLE=...)

prints a random token for that system and the entry to add to WMO_API_CLIENTS.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import sys
from typing import Dict, List, Optional, Tuple

from pydantic import BaseModel, field_validator

ROLES = ("bot", "consulent")
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
TOKEN_BYTES = 32


class ApiClient(BaseModel):
    role: str
    token_sha256: str

    @field_validator("role")
    @classmethod
    def known_role(cls, value: str) -> str:
        if value not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {value!r}")
        return value

    @field_validator("token_sha256")
    @classmethod
    def hex_digest(cls, value: str) -> str:
        value = value.strip().lower()
        if not HEX64.match(value):
            raise ValueError("token_sha256 must be the 64 hexadecimal characters of a SHA-256 digest")
        return value


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def problems(clients: Dict[str, ApiClient]) -> List[str]:
    """What is wrong with the list as a whole: bad names, or one token hash shared by two clients."""
    found = [f"client name {name!r}: use 2 to 40 of a-z, 0-9 and '-'" for name in clients if not NAME.match(name)]
    seen: Dict[str, str] = {}
    for name, client in clients.items():
        if client.token_sha256 in seen:
            found.append(f"clients {seen[client.token_sha256]!r} and {name!r} have the same token")
        seen.setdefault(client.token_sha256, name)
    return found


def identify(token: Optional[str], clients: Dict[str, ApiClient]) -> Optional[Tuple[str, str]]:
    """(name, role) of the client whose token this is, or None. Every client is compared, in constant time each, so
    the time taken does not tell which one matched."""
    if not token:
        return None
    digest = token_hash(token)
    found = None
    for name, client in clients.items():
        if hmac.compare_digest(digest, client.token_sha256):
            found = (name, client.role)
    return found


def new_client(name: str, role: str) -> Tuple[str, Dict[str, Dict[str, str]]]:
    """A random token and the WMO_API_CLIENTS entry that admits it."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    client = ApiClient(role=role, token_sha256=token_hash(token))
    wrong = problems({name: client})
    if wrong:
        raise ValueError(wrong[0])
    return token, {name: client.model_dump()}


def main(argv: List[str]) -> int:
    if len(argv) != 4 or argv[1] != "new":
        print("usage: python -m api.api_clients new <name> <bot|consulent>", file=sys.stderr)
        return 2
    try:
        token, entry = new_client(argv[2], argv[3])
    except ValueError as problem:
        print(f"api-client: {problem}", file=sys.stderr)
        return 2
    print(f"Token for {argv[2]} (give it to that system only; it is shown once):\n  {token}\n"
          f"Add this entry to WMO_API_CLIENTS and restart the API:\n  {json.dumps(entry)[1:-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

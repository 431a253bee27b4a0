"""The machine clients of the JSON API, each by name with one role and the SHA-256 of its bearer token.

A gemeente names every system that calls the API in the setting `WMO_API_CLIENTS` (JSON, in `.env` or the
environment), so the audit trail says which system read a melding, and one system's token can be replaced or
withdrawn without touching the others:

    WMO_API_CLIENTS={"chatbot": {"role": "bot", "gemeenten": ["*"], "token_sha256": "<64 hex>"},
                     "zaaksysteem": {"role": "consulent", "gemeenten": ["voorbeeldstad"], "token_sha256": "<64 hex>"}}

`gemeenten` names the gemeenten (slugs, config/gemeenten/<slug>.yml) whose meldingen the client may make or read:
a gemeente's own system only its own; the chatbot of a deployment that serves several usually all ("*"). A melding
of another gemeente does not exist for the client (404).

The API keeps only the hash: the token itself is with the client (the chatbot's in `WMO_BOT_TOKEN`). A new client:

    .venv/api/bin/python -m api.api_clients new zaaksysteem consulent voorbeeldstad
                                             (make api-client NAME=... ROLE=... GEMEENTEN=...)

prints a random token for that system and the entry to add to WMO_API_CLIENTS.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import sys
from typing import Dict, FrozenSet, Iterable, List, Optional, Tuple

from pydantic import BaseModel, field_validator

ROLES = ("bot", "consulent")
ALL = "*"  # every gemeente the deployment serves
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
TOKEN_BYTES = 32


class ApiClient(BaseModel):
    role: str
    gemeenten: List[str]
    token_sha256: str

    @field_validator("gemeenten")
    @classmethod
    def some_gemeente(cls, value: List[str]) -> List[str]:
        if not value:
            raise ValueError(f"gemeenten must name at least one gemeente, or \"{ALL}\" for all of them")
        return value

    def scope(self, served: Iterable[str]) -> FrozenSet[str]:
        """The gemeenten this client may act for, of those the deployment serves."""
        served = frozenset(served)
        return served if ALL in self.gemeenten else served & set(self.gemeenten)

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


def problems(clients: Dict[str, ApiClient], served: Iterable[str]) -> List[str]:
    """What is wrong with the list as a whole: bad names, a gemeente the deployment does not serve, or one token
    hash shared by two clients."""
    served = set(served)
    found = [f"client name {name!r}: use 2 to 40 of a-z, 0-9 and '-'" for name in clients if not NAME.match(name)]
    found += [f"client {name!r}: gemeente {slug!r} is not served here (config/gemeenten/: {', '.join(sorted(served))})"
              for name, client in clients.items() for slug in client.gemeenten if slug != ALL and slug not in served]
    seen: Dict[str, str] = {}
    for name, client in clients.items():
        if client.token_sha256 in seen:
            found.append(f"clients {seen[client.token_sha256]!r} and {name!r} have the same token")
        seen.setdefault(client.token_sha256, name)
    return found


def identify(token: Optional[str], clients: Dict[str, ApiClient]) -> Optional[Tuple[str, ApiClient]]:
    """(name, client) whose token this is, or None. Every client is compared, in constant time each, so the time
    taken does not tell which one matched."""
    if not token:
        return None
    digest = token_hash(token)
    found = None
    for name, client in clients.items():
        if hmac.compare_digest(digest, client.token_sha256):
            found = (name, client)
    return found


def new_client(name: str, role: str, gemeenten: List[str],
               served: Iterable[str]) -> Tuple[str, Dict[str, dict]]:
    """A random token and the WMO_API_CLIENTS entry that admits it."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    client = ApiClient(role=role, gemeenten=gemeenten, token_sha256=token_hash(token))
    wrong = problems({name: client}, served)
    if wrong:
        raise ValueError(wrong[0])
    return token, {name: client.model_dump()}


def main(argv: List[str]) -> int:
    if len(argv) != 5 or argv[1] != "new":
        print("usage: python -m api.api_clients new <name> <bot|consulent> <gemeente,gemeente,...|*>", file=sys.stderr)
        return 2
    from wmo import gemeente

    try:
        token, entry = new_client(argv[2], argv[3], [slug.strip() for slug in argv[4].split(",") if slug.strip()],
                                  gemeente.alle())
    except ValueError as problem:
        print(f"api-client: {problem}", file=sys.stderr)
        return 2
    print(f"Token for {argv[2]} (give it to that system only; it is shown once):\n  {token}\n"
          f"Add this entry to WMO_API_CLIENTS and restart the API:\n  {json.dumps(entry)[1:-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""The development OpenID provider (scripts/dev_idp/server.mjs) as a process: installed from the npm registry
when missing, started on a port, stopped. Used by `make run` (scripts/stack.py) and the tests. Standard library
only, as scripts/stack.py.

    python scripts/dev_idp.py install      (make install: npm ci when node_modules is missing or stale)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, Iterable, List, Optional

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "scripts" / "dev_idp"
ACCOUNTS = HERE / "accounts.json"
CLIENT_ID = "wmo-staff"


def accounts() -> List[dict]:
    """The invented staff: sub, name, email, roles, mfa."""
    return json.loads(ACCOUNTS.read_text(encoding="utf-8"))["accounts"]


def ensure_installed() -> None:
    """`npm ci` of the pinned oidc-provider, when node_modules is missing or older than the lock file."""
    installed = HERE / "node_modules" / ".package-lock.json"
    if installed.is_file() and installed.stat().st_mtime >= (HERE / "package-lock.json").stat().st_mtime:
        return
    print("setup: installing the development OpenID provider (oidc-provider) from the npm registry", flush=True)
    subprocess.run(["npm", "ci", "--prefix", str(HERE), "--no-audit", "--no-fund", "--loglevel=error"], check=True)


class DevIdp:
    """`node scripts/dev_idp/server.mjs` on 127.0.0.1:<port>, with one client (the staff pages)."""

    def __init__(self, port: int, password: str, client_secret: str, redirect_uris: Iterable[str],
                 log: Path, post_logout_redirect_uris: Iterable[str] = (), cookie_key: Optional[str] = None):
        self.port = port
        self.issuer = f"http://127.0.0.1:{port}"
        self.password = password
        self.client_id = CLIENT_ID
        self.client_secret = client_secret
        self.log = log
        self.env: Dict[str, str] = {
            "WMO_DEV_IDP_PORT": str(port), "WMO_DEV_IDP_PASSWORD": password, "WMO_OIDC_CLIENT_ID": CLIENT_ID,
            "WMO_OIDC_CLIENT_SECRET": client_secret, "WMO_OIDC_REDIRECT_URIS": " ".join(redirect_uris),
            "WMO_OIDC_POST_LOGOUT_REDIRECT_URIS": " ".join(post_logout_redirect_uris),
            **({"WMO_DEV_IDP_COOKIE_KEY": cookie_key} if cookie_key else {}),
        }
        self.process: Optional[subprocess.Popen] = None

    @property
    def command(self) -> List[str]:
        return ["node", str(HERE / "server.mjs"), "--host", "127.0.0.1"]

    def start(self, timeout: float = 20) -> "DevIdp":
        ensure_installed()
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env={**os.environ, **self.env}, stdout=out,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the development OpenID provider stopped: {self.log.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.issuer}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the development OpenID provider did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def __enter__(self) -> "DevIdp":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


if __name__ == "__main__":
    if sys.argv[1:] != ["install"]:
        sys.exit("usage: python scripts/dev_idp.py install")
    ensure_installed()

"""Shared by the end-to-end fixtures and tests (one module, so one set of random secrets per run)."""

import secrets

# The gemeente API's secrets for this run. They override .env, so the tests never depend on a developer's file.
SECRETS = {name: secrets.token_urlsafe(32)
           for name in ("WMO_BOT_TOKEN", "WMO_CONSULENT_TOKEN", "WMO_SESSION_SECRET")}

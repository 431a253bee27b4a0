"""Starts and stops the processes of the Wmo-assistent: gemeente API, action server, NLU server, Rasa server, and
the demo page of the gemeente's website with the chat widget.

    python scripts/stack.py            what `make run` calls: start, print the URLs, stop all on Ctrl-C

The end-to-end tests use the same `Stack` class on other ports, so what they test is what `make run` starts.
Standard library only: it runs with any Python 3.10+.

Settings (environment): API_PORT (8000), ACTION_PORT (5055), RASA_PORT (5005), NLU_PORT (5015, the NLU server the
Rasa server sends each message to: bot/nlu_server.py), SITE_PORT (8080, the demo page), IDP_PORT (9000, the
development OpenID provider for the staff login, started unless WMO_OIDC_ISSUER names the gemeente's own),
CHAT_ORIGIN (the origins the browser chat may call the Rasa server from, separated by spaces: the websites of the
gemeenten served; by default the demo site's, http://localhost:8080), WMO_VAR_DIR (var), DATABASE_URL
(the gemeente API's database; SQLite in var/ by default), WMO_OUTBOX_DB (the action server's outbox; SQLite in var/).
The API's tokens come from .env (make install writes it); the NLU server's token is made anew at each start
(WMO_NLU_TOKEN, when set, is used instead). scripts/scaled_stack.py builds on this for the scale-out
profile.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
MAIL_USER = "wmo-assistent"  # the API's login at the development mail catcher

if str(ROOT) not in sys.path:  # `python scripts/stack.py` (make run): the project's own modules
    sys.path.insert(0, str(ROOT))

from scripts import dev_idp  # noqa: E402  (standard library only, as this file)
from scripts.dev_secrets import read_dotenv  # noqa: E402


class StackError(RuntimeError):
    """The stack could not start; the message says why and what to do."""


@dataclass
class Settings:
    api_port: int = 8000
    action_port: int = 5055
    rasa_port: int = 5005
    nlu_port: int = 5015
    site_port: int = 8080
    idp_port: int = 9000
    mail_port: int = 8025  # the development mail catcher's page (scripts/mail_catcher.py) and its SMTP server
    mail_smtp_port: int = 1025
    chat_origin: str = ""  # origins separated by spaces; empty: the demo site's origin
    var_dir: Path = ROOT / "var"
    model: Path = ROOT / "models" / "wmo.tar.gz"
    bot_venv: Path = ROOT / ".venv" / "bot"
    api_venv: Path = ROOT / ".venv" / "api"
    extra_env: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> "Settings":
        env = os.environ
        settings = cls()
        settings.api_port = int(env.get("API_PORT", settings.api_port))
        settings.action_port = int(env.get("ACTION_PORT", settings.action_port))
        settings.rasa_port = int(env.get("RASA_PORT", settings.rasa_port))
        settings.nlu_port = int(env.get("NLU_PORT", settings.nlu_port))
        settings.site_port = int(env.get("SITE_PORT", settings.site_port))
        settings.idp_port = int(env.get("IDP_PORT", settings.idp_port))
        settings.mail_port = int(env.get("MAIL_PORT", settings.mail_port))
        settings.mail_smtp_port = int(env.get("MAIL_SMTP_PORT", settings.mail_smtp_port))
        settings.chat_origin = env.get("CHAT_ORIGIN") or settings.site_url
        settings.var_dir = Path(env.get("WMO_VAR_DIR", settings.var_dir)).resolve()
        return settings

    @property
    def database_url(self) -> str:
        """The gemeente API's database: DATABASE_URL, else SQLite in var/."""
        return self.extra_env.get("DATABASE_URL") or os.environ.get("DATABASE_URL") \
            or f"sqlite:///{self.var_dir}/gemeente.db"

    @property
    def outbox_url(self) -> str:
        """Where the action server keeps meldingen and plans until the gemeente has them: WMO_OUTBOX_DB, else
        SQLite in var/."""
        return self.extra_env.get("WMO_OUTBOX_DB") or os.environ.get("WMO_OUTBOX_DB") \
            or f"sqlite:///{self.var_dir}/outbox.db"

    def __post_init__(self) -> None:
        if not self.chat_origin:
            self.chat_origin = self.site_url

    @property
    def site_url(self) -> str:
        """The demo page. "localhost", not 127.0.0.1: it is the origin the Rasa server allows (CORS)."""
        return f"http://localhost:{self.site_port}"

    @property
    def api_url(self) -> str:
        return f"http://{HOST}:{self.api_port}"

    @property
    def action_url(self) -> str:
        return f"http://{HOST}:{self.action_port}"

    @property
    def nlu_url(self) -> str:
        return f"http://{HOST}:{self.nlu_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://{HOST}:{self.rasa_port}"

    @property
    def webhook_url(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    @property
    def idp_url(self) -> str:
        return f"http://{HOST}:{self.idp_port}"

    @property
    def mail_url(self) -> str:
        return f"http://{HOST}:{self.mail_port}"

    def value(self, name: str) -> Optional[str]:
        """A setting from extra_env, the environment, or .env (the API reads .env itself; others need it passed)."""
        return self.extra_env.get(name) or os.environ.get(name) or read_dotenv().get(name)

    @property
    def own_mail_server(self) -> bool:
        """The gemeente configured its own mail server: the development mail catcher is not started."""
        return bool(self.value("WMO_SMTP_HOST"))

    @property
    def own_identity_provider(self) -> bool:
        """The gemeente configured its own OpenID provider: the development one is not started."""
        return bool(self.value("WMO_OIDC_ISSUER"))


@dataclass
class Service:
    name: str
    title: str
    port: int
    command: List[str]
    health_url: str
    env: Dict[str, str]
    log: Path
    process: Optional[subprocess.Popen] = None
    launched_at: float = 0.0  # time.monotonic() of the launch
    ready_seconds: Optional[float] = None  # from launch until it answered (the benchmark reports this)


def port_is_free(port: int, host: str = HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As the servers do: connections of a stopped server in TIME_WAIT do not make the port "in use";
        # a listening socket still does.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log written)"


def spacy_base_description(root: Path = ROOT) -> str:
    for info in sorted((root / "models" / "spacy").glob("nl_wmo-*/wmo_build.json")):
        return json.loads(info.read_text(encoding="utf-8"))["base"]
    return "unknown (no pipeline built)"


class Stack:
    """The processes; start() waits until each answers its health check."""

    def __init__(self, settings: Settings):
        self.settings = settings
        # the bearer token between the Rasa server and the NLU server: only these two processes know it
        self.nlu_token = settings.extra_env.get("WMO_NLU_TOKEN") or os.environ.get("WMO_NLU_TOKEN") \
            or secrets.token_urlsafe(32)
        # the API's login at the development mail catcher: only these two processes know it
        self.mail_password = secrets.token_urlsafe(24)
        self.abort = False  # set from a signal handler: start() gives up waiting
        self.services = self.build_services()

    @property
    def common_env(self) -> Dict[str, str]:
        return {
            "PYTHONUNBUFFERED": "1",
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            **self.settings.extra_env,
        }

    def log(self, name: str) -> Path:
        return self.settings.var_dir / "log" / f"{name}.log"

    def uvicorn_service(self, name: str, title: str, port: int, factory: str, health_path: str,
                        env: Dict[str, str]) -> Service:
        s = self.settings
        return Service(
            name, title, port,
            [str(s.api_venv / "bin" / "uvicorn"), "--factory", factory,
             "--host", HOST, "--port", str(port), "--no-server-header"],
            f"http://{HOST}:{port}{health_path}",
            {**self.common_env, **env},
            self.log(name),
        )

    def api_service(self, database_url: str, tracker_url: str) -> Service:
        s = self.settings
        login = {} if s.own_identity_provider else {
            "WMO_OIDC_ISSUER": s.idp_url, "WMO_OIDC_CLIENT_ID": dev_idp.CLIENT_ID, "WMO_PUBLIC_URL": s.api_url,
            "WMO_OIDC_CLIENT_SECRET": s.value("WMO_OIDC_CLIENT_SECRET") or ""}
        # the mails of a melding go to the development mail catcher, with STARTTLS (its CA) and a login (issue 29)
        mail = {} if s.own_mail_server else {
            "WMO_SMTP_HOST": HOST, "WMO_SMTP_PORT": str(s.mail_smtp_port), "WMO_SMTP_STARTTLS": "true",
            "WMO_SMTP_CA_FILE": str(self.mail_ca_file), "WMO_SMTP_USER": MAIL_USER,
            "WMO_SMTP_PASSWORD": self.mail_password}
        return self.uvicorn_service("api", "Gemeente API", s.api_port, "api.app:create_app", "/healthz",
                                    # the review pages read the Rasa server's conversations (api/gesprekken_sync.py)
                                    {"DATABASE_URL": database_url, "WMO_TRACKER_URL": tracker_url, **login, **mail})

    def idp_services(self) -> List[Service]:
        """The development OpenID provider with the invented staff (scripts/dev_idp), unless the gemeente has its
        own; its one client is the staff pages of this API."""
        s = self.settings
        if s.own_identity_provider:
            return []
        back = f"{s.api_url}/consulent"
        env = {"WMO_DEV_IDP_PORT": str(s.idp_port), "WMO_DEV_IDP_PASSWORD": s.value("WMO_DEV_IDP_PASSWORD") or "",
               "WMO_OIDC_CLIENT_ID": dev_idp.CLIENT_ID,
               "WMO_OIDC_CLIENT_SECRET": s.value("WMO_OIDC_CLIENT_SECRET") or "",
               "WMO_OIDC_REDIRECT_URIS": f"{back}/auth/callback",
               "WMO_OIDC_POST_LOGOUT_REDIRECT_URIS": f"{back}/login?uitgelogd=1"}
        return [Service("idp", "Development login (OpenID provider)", s.idp_port,
                        [shutil.which("node") or "node", str(dev_idp.HERE / "server.mjs"), "--host", HOST],
                        f"{s.idp_url}/healthz",
                        {**self.common_env, **env}, self.log("idp"))]

    def action_service(self, name: str, title: str, port: int, outbox_url: str) -> Service:
        s = self.settings
        return Service(
            name, title, port,
            # rasa_sdk's action server, with the delivery of the outbox (actions/server.py)
            [str(s.bot_venv / "bin" / "python"), "-m", "actions.server", "--host", HOST, "--port", str(port)],
            f"http://{HOST}:{port}/health",
            # the action server sends meldingen and plans to this API (actions/gemeente_api.py), through the
            # outbox (actions/outbox.py)
            {**self.common_env, "GEMEENTE_API_URL": s.api_url, "WMO_OUTBOX_DB": outbox_url},
            self.log(name),
        )

    def nlu_service(self) -> Service:
        s = self.settings
        return Service(
            "nlu", "NLU server", s.nlu_port,
            # the model's NLU pipeline in its own process, on the second core (bot/nlu_server.py)
            [str(s.bot_venv / "bin" / "python"), "-m", "bot.nlu_server", "--model", str(s.model),
             "--host", HOST, "--port", str(s.nlu_port)],
            f"{s.nlu_url}/health",
            {**self.common_env, "WMO_NLU_TOKEN": self.nlu_token},
            self.log("nlu"),
        )

    def rasa_service(self, name: str, title: str, port: int, endpoints: str, env: Dict[str, str]) -> Service:
        s = self.settings
        return Service(
            name, title, port,
            # `rasa run` through bot/rasa_server.py: Rasa with the speed patches of bot/speedups/
            [str(s.bot_venv / "bin" / "python"), "-m", "bot.rasa_server", "run", "--model", str(s.model),
             "--endpoints", endpoints, "--credentials", "credentials.yml",
             "--interface", HOST, "--port", str(port), "--cors", *s.chat_origin.split()],
            f"http://{HOST}:{port}/webhooks/rest/",
            # the REST channel passes a chat handed to a person through this API's queue (bot/livechat/ingebouwd.py)
            {**self.common_env, "GEMEENTE_API_URL": s.api_url, **env},
            self.log(name),
        )

    @property
    def mail_ca_file(self) -> Path:
        return self.settings.var_dir / "mail" / "ca.pem"

    def mail_services(self) -> List[Service]:
        """The development mail catcher (scripts/mail_catcher.py): keeps what is sent, delivers nothing. Not when
        the gemeente set its own mail server (WMO_SMTP_HOST)."""
        s = self.settings
        if s.own_mail_server:
            return []
        return [self.uvicorn_service("mail", "Mail catcher (development)", s.mail_port,
                                     "scripts.mail_catcher:create_app", "/healthz",
                                     {"MAIL_CATCHER_SMTP_PORT": str(s.mail_smtp_port),
                                      "MAIL_CATCHER_CA_FILE": str(self.mail_ca_file),
                                      "MAIL_CATCHER_USER": MAIL_USER, "MAIL_CATCHER_PASSWORD": self.mail_password})]

    def site_service(self, bot_url: str) -> Service:
        return self.uvicorn_service("site", "Demo page", self.settings.site_port, "scripts.demo_site:create_app",
                                    "/healthz", {"BOT_URL": bot_url})

    def build_services(self) -> List[Service]:
        """One machine: SQLite everywhere, the in-memory lock store (endpoints.yml); the Rasa server sends each
        message's text to the NLU server (bot/nlu_client.py) and understands it itself when that one is down."""
        s = self.settings
        return [
            *self.idp_services(),
            self.api_service(s.database_url, f"sqlite:///{s.var_dir / 'rasa-tracker.db'}"),
            self.action_service("actions", "Action server", s.action_port, s.outbox_url),
            self.nlu_service(),
            self.rasa_service("rasa", "Rasa server", s.rasa_port, "endpoints.yml",
                              {"ACTION_SERVER_URL": f"{s.action_url}/webhook",
                               "RASA_TRACKER_DB": str(s.var_dir / "rasa-tracker.db"),
                               "WMO_NLU_URL": s.nlu_url, "WMO_NLU_TOKEN": self.nlu_token}),
            self.site_service(s.rasa_url),
            *self.mail_services(),
        ]

    def migrate_database(self) -> None:
        """Brings the gemeente API's database to the newest schema (Alembic) before the API starts."""
        api = self.service("api")
        result = subprocess.run([str(self.settings.api_venv / "bin" / "python"), "-m", "api.migrate"], cwd=ROOT,
                                env={**os.environ, **api.env}, capture_output=True, text=True)
        if result.returncode != 0:
            raise StackError(f"The database migrations failed:\n{result.stdout}{result.stderr}")

    def check_ready_to_start(self) -> None:
        if not self.settings.model.is_file():
            raise StackError(f"No trained model at {self.settings.model}. Run `make run` (it trains first).")
        ports = [(service.port, service.title, service.name) for service in self.services]
        if any(service.name == "mail" for service in self.services):
            ports.append((self.settings.mail_smtp_port, "Mail catcher's SMTP server", "mail-smtp"))
        for service in self.services:
            if not Path(service.command[0]).exists():
                raise StackError(f"{service.command[0]} is missing. Run `make run`; it installs what is missing.")
        for port, title, name in ports:
            if not port_is_free(port):
                variable = {"api": "API_PORT", "actions": "ACTION_PORT", "rasa": "RASA_PORT",
                            "site": "SITE_PORT", "idp": "IDP_PORT"}.get(name, name.upper().replace("-", "_") + "_PORT")
                raise StackError(
                    f"Port {port} ({title}) is already in use.\n"
                    f"  Is the Wmo-assistent already running in another terminal? See what holds the port with:\n"
                    f"    ss -ltnp 'sport = :{port}'\n"
                    f"  Or use another port, for example: make run {variable}={port + 1}"
                )

    def start(self, timeout: float = 240.0) -> None:
        if any(service.name == "idp" for service in self.services):
            dev_idp.ensure_installed()
        self.check_ready_to_start()
        self.settings.var_dir.mkdir(parents=True, exist_ok=True)
        self.migrate_database()
        for service in self.services:
            self._launch(service)
        try:
            self._wait_until_healthy(list(self.services), timeout)
        except BaseException:
            self.stop()
            raise

    def _launch(self, service: Service) -> None:
        service.log.parent.mkdir(parents=True, exist_ok=True)
        log = service.log.open("ab")
        service.launched_at, service.ready_seconds = time.monotonic(), None
        service.process = subprocess.Popen(
            service.command, cwd=ROOT, env={**os.environ, **service.env},
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches only this launcher, which stops the children in order
        )
        log.close()

    def service(self, name: str) -> Service:
        return next(s for s in self.services if s.name == name)

    def stop_service(self, name: str, grace: float = 15.0) -> None:
        """Stops one service, as an outage would (the fault tests use this)."""
        self._terminate([self.service(name)], grace)

    def start_service(self, name: str, timeout: float = 240.0) -> None:
        """Starts one stopped service again and waits until it answers."""
        service = self.service(name)
        self._launch(service)
        self._wait_until_healthy([service], timeout)

    def _wait_until_healthy(self, waiting: List[Service], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while waiting:
            if self.abort:
                raise StackError("start aborted")
            for service in list(waiting):
                self._raise_if_exited(service)
                if http_ok(service.health_url):
                    service.ready_seconds = round(time.monotonic() - service.launched_at, 1)
                    waiting.remove(service)
            if waiting and time.monotonic() > deadline:
                names = ", ".join(s.title for s in waiting)
                raise StackError(f"{names} did not answer within {timeout:.0f} s. "
                                 f"Last lines of {waiting[0].log}:\n{tail(waiting[0].log)}")
            if waiting:
                time.sleep(0.5)

    def _raise_if_exited(self, service: Service) -> None:
        if service.process is not None and service.process.poll() is not None:
            raise StackError(f"{service.title} stopped with exit code {service.process.returncode}. "
                             f"Last lines of {service.log}:\n{tail(service.log)}")

    def first_exited(self) -> Optional[Service]:
        for service in self.services:
            if service.process is not None and service.process.poll() is not None:
                return service
        return None

    def stop(self, grace: float = 15.0) -> None:
        self._terminate(list(reversed(self.services)), grace)

    @staticmethod
    def _terminate(services: List[Service], grace: float) -> None:
        running = [s for s in services if s.process is not None and s.process.poll() is None]
        for service in running:
            try:
                os.killpg(service.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        for service in running:
            try:
                service.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(service.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                service.process.wait()

    def __enter__(self) -> "Stack":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def banner(settings: Settings, stack: Stack) -> str:
    logs = ", ".join(str(s.log.relative_to(ROOT) if s.log.is_relative_to(ROOT) else s.log) for s in stack.services)
    return "\n".join([
        "",
        "Wmo-assistent is running:",
        f"  Chat on the demo pages    {settings.site_url}/   (a page per gemeente with the chat widget: "
        f"{', '.join(f'/{slug}/' for slug in gemeente_slugs())})",
        f"  Chat (Rasa REST channel)  {settings.webhook_url}",
        "                            chat in this terminal: make chat   (in a second terminal)",
        f"  Staff login (consulent)   {settings.api_url}/consulent   (inbox; /chats: chats handed to a person; "
        "/terugbellen)",
        f"  Review (beheerder)        {settings.api_url}/beheer/gesprekken   (marks, export; /beheer/dashboard; "
        "/beheer/audit)",
        *staff_accounts(settings, stack),
        *([f"  Mail (development)        {settings.mail_url}   (what is sent, delivered nowhere; "
            f"/messages.json; SMTP on {HOST}:{settings.mail_smtp_port})"]
          if any(s.name == "mail" for s in stack.services) else []),
        f"  Gemeente API docs         {settings.api_url}/docs",
        f"  Gemeente API health       {settings.api_url}/healthz",
        f"  Action server health      {settings.action_url}/health",
        *([f"  NLU server health         {settings.nlu_url}/health"] if any(s.name == "nlu" for s in stack.services)
          else []),
        f"  Browser chat origin       {settings.chat_origin} (the only origin(s) allowed by CORS)",
        f"  NLU pipeline base         {spacy_base_description()}",
        f"  Logs                      {logs}",
        "Press Ctrl-C to stop.",
        "",
    ])


def gemeente_slugs() -> List[str]:
    """The gemeenten this deployment serves: a file each in WMO_GEMEENTEN_DIR (config/gemeenten; wmo/gemeente.py
    reads and checks them, here only their names are needed)."""
    folder = Path(os.environ.get("WMO_GEMEENTEN_DIR") or ROOT / "config" / "gemeenten")
    return sorted(path.stem for path in folder.glob("*.yml"))


def staff_accounts(settings: Settings, stack: Stack) -> List[str]:
    """The invented staff of the development login, or where the gemeente's own provider is."""
    if not any(service.name == "idp" for service in stack.services):
        return [f"                            (login at the gemeente's provider {settings.value('WMO_OIDC_ISSUER')})"]
    lines = [f"  Development login         {settings.idp_url}   invented staff; the password is WMO_DEV_IDP_PASSWORD "
             "in .env:"]
    for account in dev_idp.accounts():
        role = ", ".join(account["roles"]) or "no role"
        factor = "" if account["mfa"] else "; no second factor, so refused"
        lines.append(f"                              {account['sub']:<14} {account['name']} ({role}{factor}; "
                     f"{', '.join(account['gemeente'])})")
    return lines


def say(text: str, error: bool = False) -> None:
    """Prints, and carries on when nobody reads any more (`make run | tee` after Ctrl-C, a closed terminal)."""
    try:
        print(text, file=sys.stderr if error else sys.stdout, flush=True)
    except (BrokenPipeError, OSError):
        pass


def run(stack: Stack, describe: Optional[Callable[[], str]] = None) -> int:
    """Starts the stack, prints where everything is, and stops every process on Ctrl-C, SIGTERM or SIGHUP.

    The services run in their own sessions, so only this launcher gets the signal; whatever happens to its output,
    it stops them (in a `finally`) before it exits.
    """
    stopping = False

    def request_stop(signum, frame):  # noqa: ARG001 - signal handler signature
        nonlocal stopping
        stopping = True
        stack.abort = True

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, request_stop)
    exit_code = 0
    try:
        say(f"Starting {', '.join(s.title for s in stack.services)} (the Rasa server needs about 20 s)...")
        try:
            stack.start()
        except StackError as error:
            if stopping:
                say("Stopped before the start was complete.")
                return 0
            say(f"\nCould not start: {error}", error=True)
            return 1
        say(describe() if describe else banner(stack.settings, stack))
        while not stopping:
            exited = stack.first_exited()
            if exited is not None:
                say(f"\n{exited.title} stopped unexpectedly (exit code {exited.process.returncode}). "
                    f"Last lines of {exited.log}:\n{tail(exited.log)}", error=True)
                exit_code = 1
                break
            time.sleep(0.5)
        say("\nStopping...")
    finally:
        stack.stop()
    say("Stopped all processes.")
    return exit_code


def main() -> int:
    return run(Stack(Settings.from_env()))


if __name__ == "__main__":
    sys.exit(main())

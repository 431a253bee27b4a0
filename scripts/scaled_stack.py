"""The scale-out profile (`make run-scaled`): the same processes as `make run`, twice where it matters, behind nginx.

    nginx :5080 (chat)   -> Rasa server 1 :5005 | Rasa server 2 :5006     same conversation, same replica
    nginx :5060 (actions) -> action server 1 :5055 | action server 2 :5056
    Rasa servers: tracker store on PostgreSQL (database wmo_assistent), lock store on Redis (endpoints-scaled.yml)
    action servers: outbox on PostgreSQL (wmo_assistent)      gemeente API: PostgreSQL (wmo_gemeente)

nginx sends every message of one conversation to the same Rasa server: it hashes the conversation id that the chat
widget sends in the X-Conversation-Id header (or ?conversation=). Rasa Open Source's RedisLockStore does not take
its lock atomically, so this keeps two replicas from working on one conversation at once. When that replica does
not answer, nginx sends the message to the other, which reads the conversation from PostgreSQL. nginx also limits
each client address to WMO_RATE_PER_CLIENT messages per second (default 10, bursts of 30): Rasa's token would not
cover the REST webhook. Only the webhook is open through nginx; Rasa's HTTP API is not started at all.

Settings (environment): LB_PORT, ACTION_LB_PORT, RASA_PORTS ("5005,5006"), ACTION_PORTS ("5055,5056"), API_PORT,
SITE_PORT, WMO_POSTGRES_URL (postgresql://postgres@127.0.0.1:5432, the server; the two databases are made when
missing), REDIS_URL (redis://127.0.0.1:6379/1), WMO_RATE_PER_CLIENT, WMO_VAR_DIR.
"""

from __future__ import annotations

import os
import pwd
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import List, Tuple
from urllib.parse import urlsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.stack import HOST, ROOT, Service, Settings, Stack, StackError, run, spacy_base_description  # noqa: E402

NGINX = "/usr/sbin/nginx"
GEMEENTE_DB = "wmo_gemeente"
ASSISTENT_DB = "wmo_assistent"


def _ports(value: str) -> Tuple[int, ...]:
    return tuple(int(port) for port in value.split(","))


@dataclass
class ScaledSettings(Settings):
    lb_port: int = 5080
    action_lb_port: int = 5060
    rasa_ports: Tuple[int, ...] = (5005, 5006)
    action_ports: Tuple[int, ...] = (5055, 5056)
    postgres_url: str = "postgresql://postgres@127.0.0.1:5432"
    redis_url: str = "redis://127.0.0.1:6379/1"
    rate_per_client: int = 10
    gemeente_db: str = GEMEENTE_DB
    assistent_db: str = ASSISTENT_DB
    var_dir: Path = ROOT / "var" / "scaled"

    @classmethod
    def from_env(cls) -> "ScaledSettings":
        """Settings.from_env (API_PORT, SITE_PORT, CHAT_ORIGIN, WMO_VAR_DIR), plus this profile's own."""
        env = os.environ
        s = super().from_env()
        s.lb_port = int(env.get("LB_PORT", s.lb_port))
        s.action_lb_port = int(env.get("ACTION_LB_PORT", s.action_lb_port))
        s.rasa_ports = _ports(env.get("RASA_PORTS", ",".join(map(str, s.rasa_ports))))
        s.action_ports = _ports(env.get("ACTION_PORTS", ",".join(map(str, s.action_ports))))
        s.postgres_url = env.get("WMO_POSTGRES_URL", s.postgres_url).rstrip("/")
        s.redis_url = env.get("REDIS_URL", s.redis_url)
        s.rate_per_client = int(env.get("WMO_RATE_PER_CLIENT", s.rate_per_client))
        return s

    def database(self, name: str, driver: str = "postgresql") -> str:
        return make_url(f"{self.postgres_url}/{name}").set(drivername=driver).render_as_string(hide_password=False)

    @property
    def database_url(self) -> str:
        return self.database(self.gemeente_db, "postgresql+psycopg")

    @property
    def outbox_url(self) -> str:
        return self.database(self.assistent_db)

    @property
    def rasa_url(self) -> str:
        """Where the chat talks to: nginx."""
        return f"http://{HOST}:{self.lb_port}"

    def replica_url(self, number: int) -> str:
        return f"http://{HOST}:{self.rasa_ports[number - 1]}"

    @property
    def nginx_dir(self) -> Path:
        return self.var_dir / "nginx"


def nginx_conf(s: ScaledSettings) -> str:
    """nginx's configuration for this profile (written to var/scaled/nginx/nginx.conf at every start)."""
    logs = s.var_dir / "log"
    temp = s.nginx_dir / "temp"
    rasa = "\n".join(f"    server {HOST}:{port} max_fails=1 fail_timeout=10s;" for port in s.rasa_ports)
    actions = "\n".join(f"    server {HOST}:{port} max_fails=1 fail_timeout=10s;" for port in s.action_ports)
    # Started as root, nginx runs its worker as `nobody`, which may not enter the var folder (a test's is 0700).
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    return f"""# written by scripts/scaled_stack.py; edits are lost at the next start
{user}worker_processes 1;
pid {s.nginx_dir}/nginx.pid;
error_log {logs}/nginx-error.log warn;
events {{ worker_connections 1024; }}

http {{
  # which replica served which conversation (the conversation id is random, it names nobody)
  log_format replica '$time_iso8601 $remote_addr $request_method $uri $status "$conversation" $upstream_addr';
  access_log {logs}/nginx-access.log replica;
  client_body_temp_path {temp}/body;
  proxy_temp_path {temp}/proxy;
  fastcgi_temp_path {temp}/fastcgi;
  uwsgi_temp_path {temp}/uwsgi;
  scgi_temp_path {temp}/scgi;
  server_tokens off;
  # a call to an action server carries the whole conversation: keep bodies in memory, not in temp files
  client_body_buffer_size 1m;
  proxy_buffers 16 64k;

  # the chat widget sends its conversation id; a request without one is balanced by client address
  map $http_x_conversation_id $conversation {{
    ""      $arg_conversation;
    default $http_x_conversation_id;
  }}
  map $conversation $balance_key {{
    ""      $remote_addr;
    default $conversation;
  }}
  limit_req_zone $binary_remote_addr zone=per_client:10m rate={s.rate_per_client}r/s;
  limit_req_status 429;
  limit_req_log_level warn;

  # Idle connections to the servers are closed by nginx after 3 s, before Sanic closes them (after 5 s): else a
  # request can go out on a connection the server is closing, and comes back as a 502 (seen once in 11,000 under load)
  upstream rasa {{
    hash $balance_key consistent;
{rasa}
    keepalive 32;
    keepalive_timeout 3s;
  }}
  upstream actions {{
{actions}
    keepalive 32;
    keepalive_timeout 3s;
  }}

  server {{
    listen {HOST}:{s.lb_port};
    client_max_body_size 64k;  # the widget sends at most 2,000 characters
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;
    proxy_read_timeout 120s;
    # a replica that is down (refused, reset before it answered): the other one; a message it was working on is
    # not sent twice
    proxy_next_upstream error timeout http_502 http_503;

    location = /lb-health {{
      access_log off;
      return 200 "ok\\n";
    }}
    location = /webhooks/rest/webhook {{
      limit_req zone=per_client burst={3 * s.rate_per_client} nodelay;
      proxy_pass http://rasa;
    }}
    location = /webhooks/rest/ {{
      proxy_pass http://rasa;
    }}
    # the widget's long poll while a person of the loket has the chat (bot/handover_channel.py): up to 25 s
    location = /webhooks/rest/overdracht {{
      limit_req zone=per_client burst={3 * s.rate_per_client} nodelay;
      proxy_pass http://rasa;
    }}
    # "Was dit antwoord nuttig?" (bot/feedback_channel.py)
    location = /webhooks/rest/feedback {{
      limit_req zone=per_client burst={3 * s.rate_per_client} nodelay;
      proxy_pass http://rasa;
    }}
    location / {{
      return 404;
    }}
  }}

  server {{
    listen {HOST}:{s.action_lb_port};
    client_max_body_size 20m;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_read_timeout 60s;
    proxy_next_upstream error timeout http_502 http_503;
    location / {{
      proxy_pass http://actions;
    }}
  }}
}}
"""


class ScaledStack(Stack):
    settings: ScaledSettings

    def build_services(self) -> List[Service]:
        s = self.settings
        redis = urlsplit(s.redis_url)
        rasa_env = {
            "ACTION_SERVER_URL": f"http://{HOST}:{s.action_lb_port}/webhook",
            "RASA_TRACKER_URL": s.database(s.assistent_db),
            "REDIS_HOST": redis.hostname or HOST,
            "REDIS_PORT": str(redis.port or 6379),
            "REDIS_DB": (redis.path or "/1").lstrip("/") or "1",
        }
        return [
            *self.idp_services(),
            self.api_service(s.database_url, s.database(s.assistent_db, "postgresql+psycopg")),
            *[self.action_service(f"actions-{n}", f"Action server {n}", port, s.outbox_url)
              for n, port in enumerate(s.action_ports, 1)],
            *[self.rasa_service(f"rasa-{n}", f"Rasa server {n}", port, "endpoints-scaled.yml", rasa_env)
              for n, port in enumerate(s.rasa_ports, 1)],
            Service("nginx", "nginx (load balancer)", s.lb_port,
                    [NGINX, "-p", str(s.nginx_dir), "-c", str(s.nginx_dir / "nginx.conf"), "-g", "daemon off;"],
                    f"http://{HOST}:{s.lb_port}/lb-health", {}, self.log("nginx")),
            self.site_service(s.rasa_url),
            *self.mail_services(),  # the mails of a melding, as under make run (docs/mail.md)
        ]

    def check_ready_to_start(self) -> None:
        if not Path(NGINX).exists():
            raise StackError("nginx is missing. Run `make run-scaled`; it installs Debian's nginx-light.")
        super().check_ready_to_start()

    def start(self, timeout: float = 300.0) -> None:
        self.prepare()
        super().start(timeout)

    def admin_engine(self):
        return create_engine(make_url(f"{self.settings.postgres_url}/postgres").set(drivername="postgresql+psycopg"),
                             isolation_level="AUTOCOMMIT")

    def drop_databases(self) -> None:
        """For throw-away stacks (the tests): both databases go."""
        admin = self.admin_engine()
        with admin.connect() as db:
            for name in (self.settings.gemeente_db, self.settings.assistent_db):
                db.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    def prepare(self) -> None:
        """The two PostgreSQL databases (made when missing) and nginx's configuration."""
        s = self.settings
        admin = self.admin_engine()
        try:
            with admin.connect() as db:
                have = {name for (name,) in db.execute(text("SELECT datname FROM pg_database"))}
                for name in (s.gemeente_db, s.assistent_db):
                    if name not in have:
                        db.execute(text(f'CREATE DATABASE "{name}"'))
        except Exception as error:
            raise StackError(f"PostgreSQL at {s.postgres_url} did not answer ({type(error).__name__}: {error}).")
        finally:
            admin.dispose()
        for folder in (s.nginx_dir / "temp", s.var_dir / "log"):
            folder.mkdir(parents=True, exist_ok=True)
        (s.nginx_dir / "nginx.conf").write_text(nginx_conf(s), encoding="utf-8")


def banner(stack: ScaledStack) -> str:
    s = stack.settings
    replicas = ", ".join(f"{HOST}:{port}" for port in s.rasa_ports)
    actions = ", ".join(f"{HOST}:{port}" for port in s.action_ports)
    return "\n".join([
        "",
        "Wmo-assistent (scale-out profile) is running:",
        f"  Chat on the demo pages    {s.site_url}/   (a page per gemeente)",
        f"  Chat (through nginx)      {s.rasa_url}/webhooks/rest/webhook   (X-Conversation-Id: the sender)",
        f"  Rasa servers              {replicas}   (tracker store: PostgreSQL {s.assistent_db}; locks: Redis)",
        f"  Action servers            {actions}   (behind nginx at {HOST}:{s.action_lb_port}; outbox in "
        f"PostgreSQL)",
        f"  Consulent inbox           {s.api_url}/consulent   (gemeente API on PostgreSQL {s.gemeente_db})",
        f"  Gemeente API docs         {s.api_url}/docs",
        *([f"  Mail (development)        {s.mail_url}   (what is sent, delivered nowhere)"]
          if any(service.name == "mail" for service in stack.services) else []),
        f"  Rate limit                {s.rate_per_client} messages/s per client address (bursts of "
        f"{3 * s.rate_per_client})",
        f"  NLU pipeline base         {spacy_base_description()}",
        f"  Logs                      {s.var_dir / 'log'}",
        "Press Ctrl-C to stop.",
        "",
    ])


def main() -> int:
    stack = ScaledStack(ScaledSettings.from_env())
    return run(stack, describe=lambda: banner(stack))


if __name__ == "__main__":
    sys.exit(main())

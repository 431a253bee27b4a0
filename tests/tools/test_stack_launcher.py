"""The launcher behind `make run` refuses to start half a stack and says what to do."""

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from scripts.api_server import free_port
from scripts.stack import ROOT, Settings, Stack, StackError, port_is_free


@pytest.fixture
def occupied_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_a_taken_port_is_named_with_a_way_out(occupied_port, tmp_path):
    model = tmp_path / "wmo.tar.gz"
    model.write_bytes(b"")
    stack = Stack(Settings(rasa_port=occupied_port, model=model, var_dir=tmp_path))
    for service in stack.services:  # the environments need not exist for this check
        service.command[0] = "/bin/true"
    with pytest.raises(StackError) as error:
        stack.check_ready_to_start()
    message = str(error.value)
    assert f"Port {occupied_port} (Rasa server) is already in use" in message
    assert f"RASA_PORT={occupied_port + 1}" in message
    assert port_is_free(occupied_port) is False


def test_without_a_model_it_says_how_to_get_one(tmp_path):
    stack = Stack(Settings(model=tmp_path / "missing.tar.gz", var_dir=tmp_path))
    with pytest.raises(StackError, match="No trained model"):
        stack.check_ready_to_start()


def test_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("RASA_PORT", "6005")
    monkeypatch.setenv("CHAT_ORIGIN", "https://www.voorbeeldstad.example")
    monkeypatch.setenv("WMO_VAR_DIR", str(tmp_path))
    settings = Settings.from_env()
    assert settings.rasa_port == 6005
    assert settings.webhook_url == "http://127.0.0.1:6005/webhooks/rest/webhook"
    rasa = Stack(settings).service("rasa")
    assert rasa.command[rasa.command.index("--cors") + 1] == "https://www.voorbeeldstad.example"
    assert rasa.env["RASA_TRACKER_DB"] == str(tmp_path / "rasa-tracker.db")


def test_the_chat_may_be_on_the_website_of_each_gemeente_served(monkeypatch):
    monkeypatch.setenv("CHAT_ORIGIN", "https://www.voorbeeldstad.example  https://www.oeverdam.example")
    rasa = Stack(Settings.from_env()).service("rasa")
    cors = rasa.command.index("--cors")
    assert rasa.command[cors + 1:cors + 3] == ["https://www.voorbeeldstad.example", "https://www.oeverdam.example"]


def test_the_rasa_server_is_told_where_the_nlu_server_is_and_shares_a_token_new_at_each_start(monkeypatch,
                                                                                              tmp_path):
    monkeypatch.delenv("WMO_NLU_TOKEN", raising=False)
    monkeypatch.setenv("NLU_PORT", "6015")
    monkeypatch.setenv("WMO_VAR_DIR", str(tmp_path))
    first, second = Stack(Settings.from_env()), Stack(Settings.from_env())
    nlu, rasa = first.service("nlu"), first.service("rasa")
    assert nlu.port == 6015 and "--port" in nlu.command and "6015" in nlu.command
    assert nlu.command[nlu.command.index("--host") + 1] == "127.0.0.1"
    assert rasa.env["WMO_NLU_URL"] == "http://127.0.0.1:6015"
    assert rasa.env["WMO_NLU_TOKEN"] == nlu.env["WMO_NLU_TOKEN"] == first.nlu_token
    assert len(first.nlu_token) >= 32 and first.nlu_token != second.nlu_token


def test_the_chat_origin_is_the_demo_pages_unless_set(monkeypatch):
    monkeypatch.delenv("CHAT_ORIGIN", raising=False)
    monkeypatch.setenv("SITE_PORT", "8181")
    settings = Settings.from_env()
    assert settings.chat_origin == "http://localhost:8181" == settings.site_url
    site = Stack(settings).service("site")
    assert site.env["BOT_URL"] == settings.rasa_url


def test_a_port_of_a_just_stopped_server_is_free(tmp_path):
    """After Ctrl-C, connections of the old server wait in TIME_WAIT; a new `make run` must still start."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = server.accept()
    accepted.close()  # the server side closes first: its end of the connection goes to TIME_WAIT
    client.close()
    server.close()
    assert port_is_free(port)


FAKE_STACK = """
import sys
from pathlib import Path
from scripts.stack import Settings, Stack, run

class FakeStack(Stack):
    def migrate_database(self):
        pass

tmp = Path(sys.argv[1])
ports = [int(p) for p in sys.argv[2:6]]
(tmp / "wmo.tar.gz").write_bytes(b"")
stack = FakeStack(Settings(api_port=ports[0], action_port=ports[1], rasa_port=ports[2], nlu_port=ports[3],
                           model=tmp / "wmo.tar.gz", var_dir=tmp))
for service in stack.services:  # stand-ins that answer HTTP like the real services
    service.command = [sys.executable, "-m", "http.server", str(service.port), "--bind", "127.0.0.1"]
    service.health_url = f"http://127.0.0.1:{service.port}/"
sys.exit(run(stack))
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGHUP, signal.SIGTERM])
def test_every_service_stops_even_when_nobody_reads_the_output_any_more(tmp_path, signum):
    # `make run | tee log` and Ctrl-C: tee is gone before the launcher prints "Stopping...". The launcher used to
    # die of the broken pipe and leave the servers running (and a closed terminal, SIGHUP, did the same).
    ports = [free_port() for _ in range(4)]
    launcher = subprocess.Popen(
        [sys.executable, "-c", FAKE_STACK, str(tmp_path), *map(str, ports)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 30
    seen = b""
    while b"Press Ctrl-C" not in seen and time.monotonic() < deadline:
        seen += launcher.stdout.readline()
    assert b"Press Ctrl-C" in seen, seen
    assert not any(port_is_free(port) for port in ports)
    launcher.stdout.close()  # the reader goes away
    launcher.send_signal(signum)
    launcher.wait(30)
    for _ in range(50):
        if all(port_is_free(port) for port in ports):
            break
        time.sleep(0.1)
    assert all(port_is_free(port) for port in ports), "a service was left running"

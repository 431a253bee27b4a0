"""The launcher behind `make run` refuses to start half a stack and says what to do."""

import socket

import pytest

from scripts.stack import Settings, Stack, StackError, port_is_free


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
    rasa = Stack(settings).services[-1]
    assert rasa.command[rasa.command.index("--cors") + 1] == "https://www.voorbeeldstad.example"
    assert rasa.env["RASA_TRACKER_DB"] == str(tmp_path / "rasa-tracker.db")


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

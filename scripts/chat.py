"""Chat with the running Wmo-assistent in the terminal, over the same REST channel the website chat uses.

    make chat                      (after `make run` in another terminal)
    GEMEENTE=oeverdam make chat    as the chat on that gemeente's page; without it the bot asks which gemeente

Type a message and press Enter. Buttons are numbered: type the number to choose one. Empty line or Ctrl-D stops.
Standard library only.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
import uuid

URL = os.environ.get("WMO_CHAT_URL", f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}/webhooks/rest/webhook")


GEMEENTE = os.environ.get("GEMEENTE") or None


def send(sender: str, message: str) -> list:
    metadata = {"metadata": {"gemeente": GEMEENTE}} if GEMEENTE else {}
    body = json.dumps({"sender": sender, "message": message, **metadata}).encode("utf-8")
    request = urllib.request.Request(URL, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read().decode("utf-8"))


def main() -> int:
    sender = f"terminal-{uuid.uuid4().hex[:12]}"
    print(f"Chat with the Wmo-assistent at {URL}. Empty line or Ctrl-D stops.")
    buttons: list = []
    while True:
        try:
            text = input("\nu> ").strip()
        except EOFError:
            return 0
        if not text:
            return 0
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            choice = buttons[int(text) - 1]
            print(f"   (gekozen: {choice['title']})")
            text = choice["payload"]
        try:
            replies = send(sender, text)
        except (urllib.error.URLError, ConnectionError) as error:
            print(f"Cannot reach the Rasa server at {URL}: {error}. Is `make run` running?", file=sys.stderr)
            return 1
        buttons = []
        for reply in replies:
            if reply.get("text"):
                print("\n".join(f"bot> {line}" for line in reply["text"].splitlines()))
            for button in reply.get("buttons", []):
                buttons.append(button)
                print(f"     [{len(buttons)}] {button['title']}")


if __name__ == "__main__":
    sys.exit(main())

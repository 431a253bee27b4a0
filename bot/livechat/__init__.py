"""The connector to a livechat: how the bot hands a chat to a person of the loket (issue 27).

One small interface, `Livechat`, with what the bot needs from any livechat product:
- `overdragen`: hand the conversation over, with its topic and the chat so far (masked), into the queue;
- `nieuws`: what happened after a cursor (taken by whom, the employee's messages, back in the queue, ended,
  expired), waiting up to some seconds for it: the chat widget's long poll goes through the REST channel to here;
- `stuur`: pass on what the inwoner typed while a person has the conversation (the bot does not answer it);
- `gemeld`: the inwoner has been told that nobody took the chat (and offered a terugbelverzoek).

The built-in connector (bot/livechat/ingebouwd.py) is the gemeente API's queue with its staff pages. Another product
gets its own class with these methods; WMO_LIVECHAT names it ("package.module:Class"), see docs/livechat.md.
"""

from __future__ import annotations

import abc
import importlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Dict, List, Optional

SETTING = "WMO_LIVECHAT"
DEFAULT = "bot.livechat.ingebouwd:IngebouwdeLivechat"
WACHTEND, ACTIEF, BEEINDIGD, VERLOPEN = "wachtend", "actief", "beeindigd", "verlopen"
OPEN = (WACHTEND, ACTIEF)
ALLEEN_STAND = 2_000_000_000  # a cursor after every event: the state only


class LivechatFout(Exception):
    """The livechat could not be reached or refused: the bot offers the phone and a terugbelverzoek instead."""


class Afgelopen(LivechatFout):
    """The handover ended or expired before this message: the bot answers it again."""


@dataclass(frozen=True)
class Stand:
    """Where a handover is."""

    id: str
    gemeente: str
    status: str  # wachtend, actief, beeindigd, verlopen
    medewerker: Optional[str] = None  # first name, once taken
    vervolg: Optional[str] = None  # after the end: "melding" or "terugbellen", what the employee asked the bot to do
    gemeld: bool = False

    @property
    def open(self) -> bool:
        return self.status in OPEN


@dataclass(frozen=True)
class Gebeurtenis:
    """Something that happened in the handover. `soort`: bericht (a message; `van` inwoner or medewerker),
    genomen (an employee took it; `naam`), terug (back in the queue), beeindigd, verlopen."""

    id: int
    soort: str
    van: str
    tekst: str = ""
    naam: Optional[str] = None


@dataclass(frozen=True)
class Nieuws:
    stand: Optional[Stand]
    gebeurtenissen: List[Gebeurtenis] = field(default_factory=list)


class Livechat(abc.ABC):
    @abc.abstractmethod
    async def overdragen(self, gemeente: str, gesprek_id: str, onderwerp: str,
                         gesprek: List[Dict[str, Any]]) -> Stand:
        """Puts the conversation in the queue; asking again while it waits returns the same handover."""

    @abc.abstractmethod
    async def nieuws(self, gesprek_id: str, na: int = 0, wacht: float = 0) -> Nieuws:
        """The newest handover of the conversation (None: there is none) and what happened after `na`, waiting up to
        `wacht` seconds when nothing did. Each call says the inwoner is still there."""

    async def stand(self, gesprek_id: str) -> Optional[Stand]:
        """The newest handover of the conversation, without waiting and without its events."""
        return (await self.nieuws(gesprek_id, na=ALLEEN_STAND)).stand

    @abc.abstractmethod
    async def stuur(self, stand: Stand, tekst: str) -> None:
        """A message of the inwoner for the employee; Afgelopen when the handover is no longer open."""

    @abc.abstractmethod
    async def gemeld(self, stand: Stand) -> None:
        """The inwoner was told the handover expired."""


@lru_cache(maxsize=None)
def connector(name: Optional[str] = None) -> Livechat:
    """The configured connector of this process (WMO_LIVECHAT, default the built-in one)."""
    module_name, _, class_name = (name or os.environ.get(SETTING) or DEFAULT).partition(":")
    return getattr(importlib.import_module(module_name), class_name)()

"""Bar charts as SVG shapes, worked out on the server (issue 28): the dashboard runs no script and has no inline
style (its Content-Security-Policy allows neither); the templates draw these with <rect> and <text>, coloured by
classes of /static/consulent.css. Every chart on a page also has a table with the same figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Sequence, Tuple

WIDTH = 720
TOP = 18  # room above vertical bars for the label of the highest value


@dataclass
class Staaf:
    x: float
    y: float
    breedte: float
    hoogte: float
    label: str
    waarde: int


@dataclass
class Grafiek:
    breedte: int
    hoogte: int
    staven: List[Staaf]
    grootste: int


def kolommen(items: Sequence[Tuple[str, int]], height: int = 180, width: int = WIDTH) -> Grafiek:
    """Vertical bars side by side (conversations per day), a margin of 20 below for the first and last label and
    of TOP above for the highest value."""
    most = max((value for _, value in items), default=0) or 1
    room = height - 20 - TOP
    step = width / max(len(items), 1)
    bars = [Staaf(x=round(n * step + step * 0.1, 2), y=round(TOP + room - value / most * room, 2),
                  breedte=round(step * 0.8, 2), hoogte=round(value / most * room, 2), label=label, waarde=value)
            for n, (label, value) in enumerate(items)]
    return Grafiek(width, height, bars, most)


def balken(items: Sequence[Tuple[str, int]], row: int = 24, label_width: int = 300, width: int = WIDTH) -> Grafiek:
    """Horizontal bars under each other (topics, messages not understood), the label left of its bar."""
    most = max((value for _, value in items), default=0) or 1
    room = width - label_width - 50
    bars = [Staaf(x=label_width, y=n * row + 4, breedte=round(value / most * room, 2), hoogte=row - 8,
                  label=label if len(label) <= 45 else label[:44] + "…", waarde=value)
            for n, (label, value) in enumerate(items)]
    return Grafiek(width, max(len(items), 1) * row, bars, most)

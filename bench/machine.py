"""The machine a benchmark ran on, written into every result file: figures from different machines do not compare."""

from __future__ import annotations

import os
import platform


def machine() -> dict:
    memory_gb = None
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            memory_gb = round(int(meminfo.readline().split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return {"cpus": os.cpu_count(), "memory_gb": memory_gb, "platform": platform.platform(),
            "python": platform.python_version(), "processor": platform.machine()}

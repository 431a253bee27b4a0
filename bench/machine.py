"""The machine a benchmark ran on, written into every result file (and into make test's timings): figures from
different machines do not compare."""

from __future__ import annotations

import os
import platform


def _cpu_model() -> str:
    """The processor's name as Linux reports it ("AMD EPYC ..."); empty where /proc/cpuinfo does not say."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
            return next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    except OSError:
        return ""


def machine() -> dict:
    memory_gb = None
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            memory_gb = round(int(meminfo.readline().split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return {"cpus": os.cpu_count(), "memory_gb": memory_gb, "platform": platform.platform(),
            "python": platform.python_version(), "processor": platform.machine(), "cpu": _cpu_model()}

"""One line about the machine a bench ran on, printed beside its figures."""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def machine_line() -> str:
    """Cores, load, OS, Python and the library versions that matter for the server."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"machine: {platform.machine()}, {os.cpu_count()} cores (load average {load}), "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}; "
        f"websockets {_version('websockets')}, tinydb {_version('tinydb')}, "
        f"textual {_version('textual')}"
    )

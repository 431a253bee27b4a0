"""What a Python file imports, read from its source (not by importing it): for the training fingerprint
(scripts/tasks.py, the code a custom component uses) and the layout test (tests/tools/test_layout.py, circles)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import List


def imported_names(path: Path, package: str = "") -> List[str]:
    """Every dotted name the file imports, also inside functions. `import a.b` gives a.b; `from a import b` gives
    a and a.b, since b may be a module (`from wmo import bsn`) as well as a name in a; a relative import is read
    against `package`, the package the file is in. Which of the names are modules is the caller's to decide."""
    names: List[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            if base:
                names.append(base)
            names.extend(f"{base}.{alias.name}" if base else alias.name for alias in node.names)
    return names

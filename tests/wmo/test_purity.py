"""wmo/ is pure: no Rasa, no web framework, no database. It runs in both environments."""

import ast
from pathlib import Path

import pytest

WMO = Path(__file__).resolve().parents[2] / "wmo"
FORBIDDEN = {"rasa", "rasa_sdk", "fastapi", "sqlmodel", "sqlalchemy", "starlette", "httpx", "requests", "api",
             "actions", "bot"}


@pytest.mark.parametrize("module", sorted(WMO.glob("*.py")), ids=lambda p: p.name)
def test_wmo_imports_no_framework(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert not imported & FORBIDDEN, f"{module.name} imports {sorted(imported & FORBIDDEN)}"

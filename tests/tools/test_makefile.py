"""Every `make <target>` the help, the README or a docs page names is a target of the Makefile with a recipe.

Issue 23's rewrite of the Makefile lost the targets nginx, bench, load-scaled and retention: `make nginx` said
"Nothing to be done" (it is .PHONY), so on a fresh machine the scale-out tests found no nginx.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def targets_with_a_recipe() -> set:
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    found = set()
    for number, line in enumerate(lines):
        match = re.match(r"^([a-z][\w-]*)\s*:(?!=)", line)
        if not match:
            continue
        dependencies = line.split(":", 1)[1].strip()
        has_recipe = number + 1 < len(lines) and lines[number + 1].startswith("\t")
        if has_recipe or dependencies:
            found.add(match.group(1))
    return found


def named_targets() -> dict:
    help_lines = "\n".join(re.findall(r"@echo \"(make [^\"]*)\"", (ROOT / "Makefile").read_text(encoding="utf-8")))
    texts = {"Makefile": help_lines,
             "README.md": (ROOT / "README.md").read_text(encoding="utf-8")}
    texts.update({f"docs/{p.name}": p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")})
    return {name: set(re.findall(r"`make ([a-z][\w-]+)[^`]*`", text)) | set(re.findall(r"^make ([a-z][\w-]+)", text, re.M))
            for name, text in texts.items()}


def test_every_target_named_anywhere_exists():
    targets = targets_with_a_recipe()
    missing = {name: sorted(found - targets) for name, found in named_targets().items() if found - targets}
    assert missing == {}


def test_the_tools_the_tests_need_are_installed_by_their_targets():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^nginx:\n\t@scripts/setup_nginx\.sh$", makefile, re.M)
    assert re.search(r"^browser:\n\t@scripts/setup_browser\.sh$", makefile, re.M)

"""The folder layout shows the architecture: no import circles between the project's modules, the speed patches
apart from the product's Rasa parts, the browser's files in web/, and the docs the README links to."""

import re
from pathlib import Path
from typing import Dict, List, Set

from scripts.python_imports import imported_names

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("actions", "bot", "wmo", "api", "scripts")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: Set[str]) -> Set[str]:
    """The project's modules this file imports, also inside functions (a circle hidden in a function is one too)."""
    found = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for name in imported_names(path, package):
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name and name != module_name(path):
            found.add(name)
    return found


def import_graph() -> Dict[str, Set[str]]:
    files = [p for package in PACKAGES for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts]
    modules = {module_name(p) for p in files}
    # a package's own __init__ is not a dependency of its modules' names, only of what imports the package itself
    return {module_name(p): imports_of(p, modules) - {n for n in modules if module_name(p).startswith(n + ".")}
            for p in files}


def circles(graph: Dict[str, Set[str]]) -> List[List[str]]:
    """Every strongly connected group of more than one module (Tarjan), each as a sorted list."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    found: List[List[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_circle_finder_finds_a_circle_through_a_function_level_import():
    graph = {"actions.formulier": {"actions.zijvragen"}, "actions.zijvragen": {"actions.tarief"},
             "actions.tarief": {"actions.formulier"}, "actions.melding": {"actions.formulier"}}
    assert circles(graph) == [["actions.formulier", "actions.tarief", "actions.zijvragen"]]
    assert "actions.abonnementstarief" in imports_of(ROOT / "actions" / "zijvragen.py", set(graph_modules()))


def graph_modules() -> Set[str]:
    return set(import_graph())


def test_no_module_of_the_project_imports_itself_through_others():
    graph = import_graph()
    assert "actions.zijvragen" in graph and "bot.speedups.graph_runner" in graph
    assert circles(graph) == []


def test_the_side_questions_do_not_reach_back_into_a_form_module():
    graph = import_graph()
    forms = {name for name, source in ((module_name(p), p.read_text(encoding="utf-8"))
                                       for p in (ROOT / "actions").glob("*.py"))
             if re.search(r"class \w+\((WmoFormValidation|FormValidationAction)\)", source)}
    assert "actions.tarief_berekening" in forms
    assert not graph["actions.zijvragen"] & forms


def test_the_speed_patches_are_one_subpackage_and_the_product_parts_do_not_import_its_modules():
    speedups = {p.stem for p in (ROOT / "bot" / "speedups").glob("*.py")} - {"__init__", "switch"}
    assert {"graph_runner", "dialogue_states", "applied_events", "gc_tuning",
            "rule_policy", "action_results", "slot_copy", "empty_domain"} <= speedups
    assert not any((ROOT / "bot" / f"{name}.py").exists() for name in speedups)
    graph = import_graph()
    for name, imported in graph.items():
        if name.startswith("bot.") and not name.startswith("bot.speedups"):
            reach = {m for m in imported if m.startswith("bot.speedups.")} - {"bot.speedups.switch",
                                                                              "bot.speedups.gc_tuning"}
            assert not reach, f"{name} imports {reach}: go through bot.speedups (its switch)"


def test_the_browsers_files_are_in_web():
    assert {p.name for p in (ROOT / "web").iterdir()} >= {"wmo-chat.js", "wmo-chat.css", "demo.html", "demo.css"}
    assert not list((ROOT / "bot").rglob("*.js")) and not list((ROOT / "bot").rglob("*.html"))


README = ROOT / "README.md"
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")


def anchors(page: Path) -> Set[str]:
    """GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces to hyphens."""
    found = set()
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            found.add("#" + re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return found


def test_the_readme_is_short_and_links_every_page_of_the_docs():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250
    linked = {target for target, _ in LINK.findall(text)}
    pages = {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")}
    assert len(pages) >= 8
    assert pages <= linked, f"not linked from the README: {sorted(pages - linked)}"


def test_every_link_between_the_pages_leads_somewhere():
    for page in [README, *(ROOT / "docs").glob("*.md")]:
        for target, anchor in LINK.findall(page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://")):
                continue
            path = (page.parent / target).resolve()
            assert path.exists(), f"{page.name}: {target} does not exist"
            if anchor and path.suffix == ".md":
                assert anchor in anchors(path), f"{page.name}: no heading {anchor} in {target}"

"""The code base's imports go one way: no module imports, even indirectly, a module that imports
it back; models never import views; miqat imports nothing of the site.

Imports inside functions count too (they are how a cycle gets dodged), with a list of the few
cycles still left through them, each with what closes it; the test fails on a new one, and on
a listed one that is gone (take it off the list)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def imports(everywhere: bool) -> dict[str, set[str]]:
    """Module -> the project's modules it imports (at its top, or ``everywhere``: in functions
    too), by name; ``if TYPE_CHECKING:`` imports are not run and do not count."""
    known = modules()

    def target(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        nodes = ast.walk(tree) if everywhere else tree.body
        edges = set()
        for node in nodes:
            if isinstance(node, ast.Import):
                wanted = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - node.level + 1]
                    base = ".".join(parts + ([node.module] if node.module else []))
                wanted = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
            else:
                continue
            for other in wanted:
                found = target(other)
                if found and found != name and not name.startswith(found + "."):
                    edges.add(found)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.add(other)
                if other == node:
                    break
            if len(group) > 1:
                groups.append(frozenset(group))

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def shown(group) -> str:
    return " <-> ".join(sorted(group))


def test_no_cycle_among_the_imports_at_the_top_of_modules():
    found = cycles(imports(everywhere=False))
    assert not found, "modules importing each other at their tops:\n" + "\n".join(map(shown, found))


# Cycles still closed only through imports inside functions: a page type's model hands its
# request to its app's logic, which reads the app's models. Each names the modules of the
# cycle; the way out is for the logic to take what it reads from the page it is given.
KNOWN_FUNCTION_LEVEL_CYCLES = {
    # news/models.py's pages call news/services.py (the context), which reads the models.
    frozenset({"roznama.news.blocks", "roznama.news.models", "roznama.news.routing", "roznama.news.services"}),
    # the hub page calls ramadan/hub.py; the cities, calendar and strip read RamadanCity,
    # MonthDeclaration, RamadanSettings and the hub page inside their functions.
    frozenset(
        {
            "roznama.ramadan.calendar",
            "roznama.ramadan.charts",
            "roznama.ramadan.cities",
            "roznama.ramadan.formatting",
            "roznama.ramadan.hub",
            "roznama.ramadan.models",
            "roznama.ramadan.strip",
            "roznama.ramadan.times",
            "roznama.ramadan.timetable",
        }
    ),
}


def test_cycles_through_imports_inside_functions_are_only_the_known_ones():
    found = set(cycles(imports(everywhere=True)))
    new = found - KNOWN_FUNCTION_LEVEL_CYCLES
    gone = KNOWN_FUNCTION_LEVEL_CYCLES - found
    assert not new, "new import cycles (through imports inside functions):\n" + "\n".join(map(shown, new))
    assert not gone, "these cycles are gone or changed: update KNOWN_FUNCTION_LEVEL_CYCLES:\n" + "\n".join(
        map(shown, gone)
    )


def test_models_never_import_views():
    graph = imports(everywhere=True)
    wrong = [
        (name, other)
        for name, edges in graph.items()
        if name.endswith(".models")
        for other in edges
        if other.endswith(".views") or ".views." in other
    ]
    assert not wrong, wrong


def test_miqat_imports_nothing_of_the_site():
    graph = imports(everywhere=True)
    wrong = [
        (name, other)
        for name, edges in graph.items()
        if name.startswith("miqat")
        for other in edges
        if not other.startswith("miqat")
    ]
    assert not wrong, wrong

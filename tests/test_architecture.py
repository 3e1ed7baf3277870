"""The shape of the code: rooms import one way, no circles, the engine stays pure.

Reads the source with `ast` (imports inside functions count too; imports under
`if TYPE_CHECKING:` do not), so a new module cannot quietly undo the structure
described in ARCHITECTURE.md.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lower layers never import higher ones; config wires everything and is imported
# by nothing.
LAYERS = ("core", "accounts", "cms", "advocacy", "realtime", "config")
MAX_MODULE_LINES = 400  # past ~300, split by concern; past this, it must be


def _modules() -> dict[str, Path]:
    found = {}
    for app in LAYERS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    typing_only = {
        id(node)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If)
        and getattr(branch.test, "id", "") == "TYPE_CHECKING"
        for node in ast.walk(branch)
    }
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            subs = {f"{base}.{a.name}" for a in node.names} & MODULES.keys()
            targets.update(subs if len(subs) == len(node.names) else {base, *subs})
    return {t for t in targets if t in MODULES and t != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _circles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            visit(node)
    return circles


def test_architecture_has_no_import_circles():
    assert _circles() == []


def test_architecture_imports_go_one_way():
    rank = {app: position for position, app in enumerate(LAYERS)}
    upward = sorted(
        f"{source} -> {target}"
        for source, targets in GRAPH.items()
        for target in targets
        if rank[source.split(".")[0]] < rank[target.split(".")[0]]
    )
    assert upward == []


@pytest.mark.parametrize(
    "name", sorted(n for n in MODULES if n.startswith("advocacy.guidelines.engine"))
)
def test_architecture_guideline_engine_imports_no_django(name):
    tree = ast.parse(MODULES[name].read_text())
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    }
    assert not {m for m in imported if m.split(".")[0] in {"django", "wagtail"}}
    # What it reads from the project is pure too: the network registry.
    assert GRAPH[name] <= {
        m for m in MODULES if m.startswith("advocacy.guidelines.engine")
    } | {"core.networks"}


def test_architecture_no_module_is_too_long_to_read():
    long = {
        name: lines
        for name, path in MODULES.items()
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}

"""No import cycles between the modules of one app.

grimp reads every import statement, those inside functions included, so an import made lazy
to dodge a circle still counts. The contracts between apps are in pyproject.toml
(``[tool.importlinter]``, checked by ``lint-imports``).
"""

import grimp
import pytest

APPS = ("forum", "events", "registrations", "sessions", "outcomes", "api")


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*APPS, cache_dir=None)


def cycles(graph: grimp.ImportGraph, app: str) -> set[frozenset[str]]:
    """The strongly connected groups of two or more modules among ``app``'s modules."""
    modules = sorted(m for m in graph.modules if m == app or m.startswith(app + "."))
    inside = set(modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & inside) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(module: str) -> None:  # Tarjan's algorithm
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in edges[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                found.add(frozenset(group))

    for module in modules:
        if module not in index:
            visit(module)
    return found


@pytest.mark.parametrize("app", APPS)
def test_app_has_no_import_cycles(graph, app):
    assert cycles(graph, app) == set()

"""The apps form layers and no import runs upward (style.md, "Layers of apps"), read from the source with ast.

accounts, directory, audit → organisations, calls → applications → reviews, crosschecks →
dashboards, printing; demo data last. An app may import its own layer and those below, never one
above: a lower app that must cause work higher up records it (the applications outbox) instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SHENBAO = Path(__file__).resolve().parents[1] / "shenbao"

# Lowest first. Shared modules sit with the lowest layer that their own imports allow.
LAYERS: list[set[str]] = [
    {"domain", "personal_data", "uploads", "storage", "web", "form_fields", "formats", "interface"},
    {"accounts", "directory", "audit", "exports", "downloads"},
    {"organisations", "calls", "catalog"},
    {"applications"},
    {"reviews", "crosschecks"},
    {"dashboards", "printing", "operations"},
    {"demo"},
]
# Demo data comes last whatever package holds it.
DEMO_MODULES = {
    "shenbao.demo_flow",
    "shenbao.demo_rosters",
    "shenbao.accounts.demo",
    "shenbao.accounts.management.commands.create_demo_data",
}
# The composition roots may import anything: settings and URLconf, and the command line.
ROOTS = {"config", "cli"}


def layer_of(module: str) -> int | None:
    """The layer of a dotted module name under shenbao; None for the roots."""
    if any(module == demo or module.startswith(demo + ".") for demo in DEMO_MODULES):
        return len(LAYERS) - 1
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else ""
    if top in ROOTS or not top:  # "" is the package itself (shenbao/__init__.py)
        return None
    for number, layer in enumerate(LAYERS):
        if top in layer:
            return number
    raise AssertionError(f"{module}: no layer; add its app to LAYERS in this test")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SHENBAO.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.AST, module: str) -> set[str]:
    """Every shenbao module named by an import anywhere in the file, inside functions too."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert not node.level, f"{module}: relative import; shenbao uses absolute ones"
            base = node.module or ""
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in names if name.split(".")[0] == "shenbao" and name != "shenbao"}


def upward_imports() -> list[str]:
    found = []
    for path in sorted(SHENBAO.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = module_name(path)
        own = layer_of(module)
        if own is None:
            continue
        for target in sorted(imported(ast.parse(path.read_text(encoding="utf-8")), module)):
            layer = layer_of(target)
            if layer is not None and layer > own:
                found.append(f"{path.relative_to(SHENBAO.parent)}: {module} imports {target}")
    return found


def test_no_app_imports_an_app_of_a_higher_layer() -> None:
    assert upward_imports() == []


def test_every_app_has_a_layer() -> None:
    apps = {path.name for path in SHENBAO.iterdir() if (path / "__init__.py").exists()}
    modules = {path.stem for path in SHENBAO.glob("*.py") if path.stem != "__init__"}
    placed = set().union(*LAYERS) | ROOTS
    assert (apps | modules) - placed <= {"demo_flow", "demo_rosters"}


@pytest.mark.parametrize(
    ("source", "module", "upward"),
    [
        ("from shenbao.crosschecks.services import refresh_findings", "shenbao.applications.uploads", True),
        ("def f():\n    from shenbao.crosschecks import tasks", "shenbao.applications.transitions", True),
        ("import shenbao.dashboards.context", "shenbao.accounts.views", True),
        ("from shenbao.applications.models import Application", "shenbao.crosschecks.services", False),
        ("from shenbao.crosschecks.selectors import findings_for_rows", "shenbao.reviews.views", False),
        ("from shenbao.reviews import approvals", "shenbao.demo_flow", False),
        ("from shenbao.dashboards.views import home", "shenbao.config.urls", False),
    ],
)
def test_the_check_sees_imports_at_module_level_and_inside_functions(
    source: str, module: str, upward: bool
) -> None:
    own = layer_of(module)
    targets = imported(ast.parse(source), module)
    assert targets
    assert any(own is not None and (layer_of(t) or 0) > own for t in targets) is upward

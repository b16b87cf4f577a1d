"""One problem shape: no module outside shenbao/domain/ defines its own problem or finding type."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "shenbao"
_NAMES = ("Problem", "Finding")


def _is_model(node: ast.ClassDef) -> bool:
    # A Django model stores a cross-check's code and the claims it names: a table, not a problem type.
    return any(isinstance(base, ast.Attribute) and base.attr == "Model" for base in node.bases)


def _defined_types(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name.endswith(_NAMES) and not _is_model(node):
            found.append(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            is_type = isinstance(value, ast.Call) and getattr(value.func, "id", "") in (
                "NamedTuple",
                "namedtuple",
            )
            is_alias = isinstance(value, ast.Subscript) and getattr(value.value, "id", "") == "tuple"
            for target in targets:
                if isinstance(target, ast.Name) and target.id.endswith(_NAMES) and (is_type or is_alias):
                    found.append(target.id)
    return found


def test_no_module_outside_the_domain_defines_a_problem_or_finding_type() -> None:
    offenders = {
        str(path.relative_to(ROOT)): names
        for path in ROOT.rglob("*.py")
        if "domain" not in path.relative_to(ROOT).parts[:1] and "migrations" not in path.parts
        for names in [_defined_types(ast.parse(path.read_text(encoding="utf-8")))]
        if names
    }
    assert offenders == {}


def test_the_scan_finds_a_problem_type_where_there_is_one() -> None:
    source = "from dataclasses import dataclass\n@dataclass\nclass ImportProblem:\n    row: int\nFinding = tuple[int, str]\n"
    assert _defined_types(ast.parse(source)) == ["ImportProblem", "Finding"]

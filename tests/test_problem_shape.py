"""One problem shape: no module outside shenbao/domain/ defines its own problem or finding type, and
none builds a problem's words: a Problem is made by the domain from a code, stored as code and params
(Problem.stored), and rendered in words from the domain's tables when shown."""

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


def _outside_the_domain() -> dict[str, ast.AST]:
    return {
        str(path.relative_to(ROOT)): ast.parse(path.read_text(encoding="utf-8"))
        for path in ROOT.rglob("*.py")
        if "domain" not in path.relative_to(ROOT).parts[:1] and "migrations" not in path.parts
    }


def test_no_module_outside_the_domain_defines_a_problem_or_finding_type() -> None:
    offenders = {
        name: found for name, tree in _outside_the_domain().items() if (found := _defined_types(tree))
    }
    assert offenders == {}


# The command line prints a check's problems as JSON with their Chinese words (its documented output).
_WORDS_ALLOWED = {"cli/check.py": {"as_dict"}}


def _words_built(tree: ast.AST) -> list[str]:
    """Where a module builds a problem's words itself instead of taking them from a code's template:
    a Problem constructed (its message written by hand), a {"message": …} dict (a problem stored or
    passed on in words), or Problem.as_dict() (the form that carries the words; stored() does not)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if called in ("Problem", "as_dict"):
                found.append(called)
        elif isinstance(node, ast.Dict) and any(
            isinstance(key, ast.Constant) and key.value == "message" for key in node.keys
        ):
            found.append("message")
    return found


def test_no_module_outside_the_domain_writes_a_problem_s_words() -> None:
    offenders = {
        name: found
        for name, tree in _outside_the_domain().items()
        if (found := set(_words_built(tree)) - _WORDS_ALLOWED.get(name, set()))
    }
    assert offenders == {}


def test_the_scan_finds_words_built_outside_the_tables() -> None:
    source = (
        "stored = {'message': '未填写'}\n"
        "problem = Problem(code, severity, 1, None, '', '第 1 行：未填写')\n"
        "row.problems = [p.as_dict() for p in found]\n"
    )
    assert sorted(_words_built(ast.parse(source))) == ["Problem", "as_dict", "message"]


def test_the_scan_finds_a_problem_type_where_there_is_one() -> None:
    source = "from dataclasses import dataclass\n@dataclass\nclass ImportProblem:\n    row: int\nFinding = tuple[int, str]\n"
    assert _defined_types(ast.parse(source)) == ["ImportProblem", "Finding"]


def _refusals_in_words(tree: ast.AST) -> int:
    """TransitionNotAllowed raised with words (a positional message) rather than problems from a code."""
    return sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", ""))
        == "TransitionNotAllowed"
        and node.args
    )


def test_no_module_outside_the_domain_refuses_in_words() -> None:
    # A service's own check refuses with a FlowCode (flow/messages.py), so an English page says it in English.
    offenders = {
        name: count for name, tree in _outside_the_domain().items() if (count := _refusals_in_words(tree))
    }
    assert offenders == {}


def test_the_scan_finds_a_refusal_in_words() -> None:
    source = (
        "raise TransitionNotAllowed(gettext('请至少选择一人。'))\n"
        "raise workflow.TransitionNotAllowed('x')\n"
        "raise TransitionNotAllowed(problems=[flow_problem(FlowCode.NOBODY_CHOSEN)])\n"
    )
    assert _refusals_in_words(ast.parse(source)) == 2

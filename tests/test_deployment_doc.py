"""docs/deployment.md shows the nginx site the rehearsal runs, and names only settings that exist."""

import re
from pathlib import Path

from bench.nginx import EXAMPLE, site

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs/deployment.md").read_text()


def test_the_documented_nginx_site_is_the_one_the_rehearsal_runs() -> None:
    shown = re.search(r"```nginx\n(.*?)```", DOC, re.S)
    assert shown is not None and shown.group(1) == site(EXAMPLE)


def test_every_variable_the_recipe_names_is_in_env_example() -> None:
    listed = set(re.findall(r"^(\w+)=", (ROOT / ".env.example").read_text(), re.M))
    named = set(re.findall(r"\b(SHENBAO_[A-Z0-9_]*[A-Z0-9]|PG[A-Z]+)\b", DOC))
    assert named and named <= listed, f"not in .env.example: {sorted(named - listed)}"


def test_gunicorn_keeps_its_default_timeout_in_the_recipes() -> None:
    # No request does long work any more: the README and the recipe must not raise the 30 s timeout.
    for text in (DOC, (ROOT / "README.md").read_text()):
        assert "--timeout" not in text

"""axe-core in the browser tests: each page a test visits is checked against WCAG 2.1 A/AA.

axe-core is vendored (vendor/axe.min.js, MPL-2.0, from npm) and injected with Playwright's
``page.add_script_tag``. The site's Content-Security-Policy allows scripts from its own origin
only, so the script is requested from the site's own origin and Playwright answers that request
with the vendored file: the policy stays on while the pages are checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

AXE_FILE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_PATH = "/__test-only__/axe.min.js"
# The impacts that fail a page: WCAG 2.1 AA as the issue asks ("serious or critical").
FAILING_IMPACTS = {"serious", "critical"}


@dataclass(frozen=True)
class CheckedPage:
    test: str
    url: str
    title: str
    failing: int
    other: int  # moderate and minor findings: counted, not failing


# Every page checked in this pytest session, listed at the end of the run (conftest.py).
CHECKED: list[CheckedPage] = []


def _serve_axe(page: Any, origin: str) -> None:
    if getattr(page, "_axe_origin", None) == origin:
        return
    page.route(
        f"{origin}{AXE_PATH}",
        lambda route: route.fulfill(body=AXE_FILE.read_bytes(), content_type="application/javascript"),
    )
    page._axe_origin = origin


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Every axe-core violation on the page as it is now (all rules but the experimental ones)."""
    parts = urlsplit(page.url)
    origin = f"{parts.scheme}://{parts.netloc}"
    _serve_axe(page, origin)
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(url=origin + AXE_PATH)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}  {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def check_page(page: Any, test: str) -> str:
    """The page's serious and critical axe-core violations, described ("" when none); recorded as checked."""
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    failing = [v for v in violations if v.get("impact") in FAILING_IMPACTS]
    title = page.title()
    CHECKED.append(
        CheckedPage(test, page.url, title, failing=len(failing), other=len(violations) - len(failing))
    )
    return f"axe-core: {page.url} ({title})\n{describe(failing)}" if failing else ""


def write_report(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [page.__dict__ for page in CHECKED]
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")

"""The hostile workbooks of security issue 16, checked by ``shenbao check`` in a process of its own.

Both must be refused before anything is loaded: the exit code says the file is unusable, the
problem code says why, and the child's peak memory stays far below what loading would take
(the decoy's real sheet is a 100,000 × 1,000 grid, several GB; the lying entry inflates to
128 MB of cells; the .xls's one far cell made calamine build a 65,536 × 256 grid, 1 GB). Memory is asserted, not time: bench/ measures time.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

BAD = Path(__file__).parent.parent / "files" / "rosters" / "bad"
SHENBAO = Path(sys.executable).parent / "shenbao"
PEAK_LIMIT_KIB = 100 * 1024
UNUSABLE = 2


# A small Python starts ``shenbao check`` and reports its peak memory (RUSAGE_CHILDREN, one child).
# Not started from pytest itself: a child forked from a large process starts with that process's
# resident size already on its high-water mark.
PROBE = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)"
)


def check_in_child(path: Path) -> tuple[int, dict[str, object], int]:
    """Exit code, JSON output and peak resident memory (KiB) of ``shenbao check --json path``."""
    command = [str(SHENBAO), "check", str(path), "--json", "--reference-date", "2017-03-31"]
    # In a session of its own: on a timeout the whole group goes, not only the probe.
    with subprocess.Popen(
        [sys.executable, "-I", "-c", PROBE, *command],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as probe:
        try:
            stdout, _ = probe.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(probe.pid, signal.SIGKILL)
            raise
    output, peak = stdout.rstrip().rsplit("\n", 1)
    return probe.returncode, json.loads(output), int(peak)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("decoy_sheet_in_comment.xlsx", "file_too_many_columns"),
        ("lying_size.xlsx", "file_unreadable"),
        ("far_cell.xls", "file_too_many_columns"),  # 1 GB before the .xls scan
    ],
)
def test_a_hostile_workbook_is_refused_before_anything_is_loaded(name: str, code: str) -> None:
    exit_code, payload, peak_kib = check_in_child(BAD / name)
    assert exit_code == UNUSABLE
    problems = payload["problems"]
    assert isinstance(problems, list)
    assert [problem["code"] for problem in problems] == [code]
    assert peak_kib < PEAK_LIMIT_KIB, f"{name}: peak {peak_kib // 1024} MiB"


def test_an_xls_with_a_forged_directory_tree_is_read_within_bounds() -> None:
    # Its directory reaches one entry 2**40 ways: xlrd's reader, which looked for the #N/A
    # cells, walked them all (over 4 GB and still going after 90 s). The stream calamine read
    # is now what xlrd reads, and the #N/A still comes back.
    exit_code, payload, peak_kib = check_in_child(BAD / "forged_directory.xls")
    problems = payload["problems"]
    assert isinstance(problems, list)
    assert [(problem["row"], problem["code"], problem["value"]) for problem in problems] == [
        (3, "formula_error", "#N/A")
    ]
    assert exit_code != UNUSABLE
    assert peak_kib < PEAK_LIMIT_KIB, f"peak {peak_kib // 1024} MiB"

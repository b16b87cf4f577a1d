"""Reading a PDF back with poppler-utils, as a person's viewer would show it."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_fonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout


def render_pages(path: Path, prefix: Path, *, resolution: int = 60) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), str(path), str(prefix)], check=True)
    return sorted(prefix.parent.glob(f"{prefix.name}*.png"))


def save(content: bytes, path: Path) -> Path:
    path.write_bytes(content)
    return path

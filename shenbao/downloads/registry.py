"""What each kind of download is built by: the apps that own the data register their builders.

The apps register in their AppConfig.ready(), so this app (near the bottom of the layers) never
imports the apps above it, and the worker process knows every builder as the web process does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import IO, Any, Protocol

# Called by a builder as it goes: (done, total) in its own units (rows, pages).
Progress = Callable[[int, int], None]


class Builder(Protocol):
    def __call__(self, target: IO[bytes], params: Mapping[str, Any], progress: Progress) -> None: ...


_BUILDERS: dict[str, Builder] = {}


def register(kind: str, builder: Builder) -> None:
    _BUILDERS[kind] = builder


def builder_for(kind: str) -> Builder:
    return _BUILDERS[kind]

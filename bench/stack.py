"""The processes a benchmark runs on this machine (PostgreSQL, the S3 server, gunicorn, workers), all on loopback.

Each process is started in a session of its own, so a Ctrl-C reaches the benchmark alone, which
then stops them in order; a process group is killed only when this module started it.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv/bin"
# How a worker is started as deployed (docs/deployment.md, `make run`): it looks for tasks five times a second.
WORKER_INTERVAL = ("--interval", "0.2")


def exported(script_output: str) -> dict[str, str]:
    """The variables of an ``export A=1 B=2`` line printed by scripts/pg-up.sh or s3-up.sh."""
    pairs = (word.partition("=") for word in shlex.split(script_output.strip().removeprefix("export ")))
    return {name: value for name, _, value in pairs}


def start_postgres(env: dict[str, str]) -> None:
    """A throwaway PostgreSQL 15 cluster (scripts/pg-up.sh, Unix socket); its PG* variables go into env."""
    out = subprocess.run([str(ROOT / "scripts/pg-up.sh")], check=True, capture_output=True, text=True).stdout
    env.update(exported(out))


def stop_postgres(env: dict[str, str]) -> None:
    if env.get("PGHOST"):
        subprocess.run([str(ROOT / "scripts/pg-down.sh")], env=env, check=False)


def start_s3(env: dict[str, str]) -> None:
    """The throwaway S3 server (scripts/s3-up.sh, moto on a free loopback port); SHENBAO_S3_* go into env."""
    out = subprocess.run(
        [str(ROOT / "scripts/s3-up.sh")], env=env, check=True, capture_output=True, text=True
    ).stdout
    env.update(exported(out))


def stop_s3(env: dict[str, str]) -> None:
    if env.get("S3_SERVER_DIR"):
        subprocess.run([str(ROOT / "scripts/s3-down.sh")], env=env, check=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect is an answer too (production sends plain HTTP to HTTPS)


def wait_for(url: str, *, timeout: float = 60, context: ssl.SSLContext | None = None) -> None:
    """Until ``url`` answers at all (any HTTP status), or RuntimeError after ``timeout`` seconds."""
    opener = urllib.request.build_opener(_Stay, urllib.request.HTTPSHandler(context=context))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            opener.open(url, timeout=2).read()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


@dataclass
class Processes:
    """Named long-running processes, each in its own session; stopped together by ``stop_all``."""

    env: dict[str, str]
    logs: Path
    running: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _files: list[IO[bytes]] = field(default_factory=list)

    def start(self, name: str, command: list[str]) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("ab")
        self._files.append(log)
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running[name] = process
        return process

    def kill(self, name: str, signum: int = signal.SIGKILL) -> None:
        """Signal the process and every process of its group (gunicorn's master and its workers)."""
        process = self.running[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)
        if signum == signal.SIGKILL:
            process.wait()

    def alive(self, name: str) -> bool:
        return name in self.running and self.running[name].poll() is None

    def stop_all(self, grace: float = 15) -> None:
        for name in reversed(list(self.running)):
            if self.alive(name):
                self.kill(name, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for name, process in self.running.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.kill(name)
            # Workers a master left behind (it was killed first) share its group: end them too.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        for log in self._files:
            log.close()

    def tail(self, name: str, lines: int = 20) -> str:
        path = self.logs / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

"""What the rehearsal prints: errors (in flight on the killed server apart), uploads, downloads, latency, load."""

from __future__ import annotations

import os
from collections import Counter
from typing import TYPE_CHECKING, Any

from bench.crowd import percentile
from bench.visits import Hit, Record

if TYPE_CHECKING:
    from bench.rehearsal import Rehearsal

# A request that was on the killed gunicorn: started before the kill, answered at or after it.
SLACK = 0.05


def unsettled() -> bool:
    """Whether a roster check or a download is still waiting or running."""
    from shenbao.applications.models import RosterUpload
    from shenbao.downloads.models import Download
    from shenbao.downloads.services import IN_FLIGHT

    return (
        RosterUpload.objects.filter(state__in=RosterUpload.WAITING).exists()
        or Download.objects.filter(state__in=IN_FLIGHT).exists()
    )


def in_flight(hit: Hit, killed: float | None) -> bool:
    return killed is not None and hit.started <= killed <= hit.ended + SLACK


def retried_by_nginx(access_log: str) -> Counter[str]:
    """Requests nginx sent to a second server (``$upstream_addr`` lists two), by final status."""
    found: Counter[str] = Counter()
    for line in access_log.splitlines():
        addresses = line.split('"')[1] if line.count('"') >= 4 else ""
        if "," in addresses:
            found[line.split()[3]] += 1
    return found


def _ms(values: list[float], p: float) -> str:
    return f"{1000 * percentile(values, p):,.0f}"


def _uploads(events: dict[str, Any], applications: list[int]) -> tuple[list[str], bool]:
    from shenbao.applications.models import RosterUpload

    # Every stored upload, also one whose request was cut short by the killed gunicorn.
    uploads = list(RosterUpload.objects.order_by("pk"))
    states = Counter(u.state for u in uploads)
    lines = [
        f"uploads: {len(applications)} accepted by the page, {len(uploads)} stored, states {dict(states)}"
    ]
    ok = len(uploads) >= len(applications) and states["done"] == len(uploads)
    killed = next((u for u in uploads if u.pk == events.get("check")), None)
    if killed is None:
        lines.append("worker kill: no roster check was running while the worker could be killed  [MISSED]")
        return lines, False
    took = (
        killed.finished_at.timestamp() - events["worker killed wall"] if killed.finished_at else float("nan")
    )
    lines.append(
        f"worker kill: {events['worker']} killed during check {killed.pk} at row {events['check progress']};"
        f" the check ended {killed.state} after {killed.attempts} runs, {took:.0f} s after the kill"
    )
    return lines, ok and killed.attempts == 2


def _downloads(record: Record) -> tuple[list[str], bool]:
    from shenbao.downloads.models import Download

    states = Counter(Download.objects.values_list("state", flat=True))
    lines = [
        f"downloads (annotated copies): {record.downloads_asked} asked, {record.downloads_done} files fetched;"
        f" states {dict(states)}"
    ]
    return lines, set(states) <= {"done"}


def show(rehearsal: Rehearsal, record: Record) -> int:
    """Print the figures; 0 when every target was met, else 1."""
    events, args = rehearsal.events, rehearsal.args
    killed = events.get("web killed")
    by_kind: dict[str, list[Hit]] = {}
    for hit in record.hits:
        by_kind.setdefault(hit.kind, []).append(hit)
    errors = [h for h in record.hits if not h.ok]
    flight = [h for h in errors if in_flight(h, killed)]
    others = [h for h in errors if not in_flight(h, killed)]
    pages = [h.ended - h.started for h in record.hits if h.kind in ("page", "decision") and h.ok]
    print("\n== deployment rehearsal ==")
    print(
        f"nginx (HTTPS) → gunicorn web-a, web-b ({rehearsal.gunicorn_workers} workers each,"
        " default 30 s timeout); worker-1, worker-2; PostgreSQL 15; S3 server (moto); production settings"
    )
    print(f"users {args.users} for {args.seconds} s; requests {len(record.hits)}: " + ", ".join(
        f"{kind} {len(hits)}" for kind, hits in sorted(by_kind.items())
    ))  # fmt: skip
    print(f"rows decided {record.decisions}")
    print(
        f"errors seen by users: {len(errors)} — in flight on the killed gunicorn {len(flight)}, others {len(others)}"
    )
    for hit in errors[:20]:
        at = hit.started - events["start"]
        print(f"   t={at:5.1f}s {hit.kind} {hit.path}: {hit.said}{'  (in flight)' if hit in flight else ''}")
    log = rehearsal.work / "nginx" / "access.log"
    retried = retried_by_nginx(log.read_text() if log.exists() else "")
    print(
        f"requests nginx passed on to the other gunicorn: {sum(retried.values())} (final status {dict(retried)})"
    )
    if killed is not None:
        print(
            f"web-a killed at t={killed - events['start']:.1f} s (SIGKILL to master and workers),"
            f" serving again {events['web back'] - killed:.1f} s later"
        )
    print(
        f"page latency ms (pages and decisions, n={len(pages)}): p50 {_ms(pages, 50)}  p95 {_ms(pages, 95)}"
        f"  p99 {_ms(pages, 99)}  max {_ms(pages, 100)}"
    )
    for kind, hits in sorted(by_kind.items()):
        seconds = [h.ended - h.started for h in hits]
        print(f"  {kind:9} n={len(hits):5}  p50 {_ms(seconds, 50):>6}  p95 {_ms(seconds, 95):>6} ms")
    upload_lines, uploads_ok = _uploads(events, record.uploads)
    download_lines, downloads_ok = _downloads(record)
    for line in upload_lines + download_lines:
        print(line)
    print(f"settled {events['settled'] - events['start'] - args.seconds:.0f} s after the end")
    cpus = os.cpu_count()
    for when, load in rehearsal.load + [("after", os.getloadavg())]:
        print(f"load average {when}: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {cpus} CPUs")
    met = not others and uploads_ok and downloads_ok and killed is not None
    print("targets met" if met else "TARGETS MISSED")
    return 0 if met else 1

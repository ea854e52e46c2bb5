"""Many users at once: gunicorn with several stateless workers on loopback, 50 simulated users replaying
the main journeys (``benchmarks/journeys.json``) for 2 minutes. Reports throughput, p50/p95/p99,
errors and retries, and each worker's resident memory afterwards.

Bounded: a hard stop on duration and on the number of requests; loopback only.

    python -m benchmarks.bench_load [--quick] [--users 50] [--seconds 120] [--workers 3]
                                    [--kill-worker] [--no-redis]

``--kill-worker`` SIGKILLs one gunicorn worker halfway through: a request that fails is retried once
by the simulated user (as a browser's retry would be) and counted as a retry; only a request that fails
twice counts as an error. ``--quick`` runs 20 seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from benchmarks import journeys as recorded
from benchmarks.common import quick, write
from benchmarks.server import Server, free_port, serve

MAX_REQUESTS = 500_000
# A person reading the page between actions (as locust's ``between(1, 5)``); an action's own requests
# (page, layout, callbacks it triggers) go back to back, as the browser sends them.
THINK_SECONDS = (1.0, 5.0)
TIMEOUT_SECONDS = 15


def kind_of(method: str, path: str) -> str:
    if path.startswith("/_dash-update-component"):
        return "callback"
    if path.startswith("/_dash-"):
        return path.split("?")[0].removeprefix("/_dash-")
    if path.startswith("/download/"):
        return "download"
    if path.startswith("/healthz"):
        return "health"
    return "page"


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    retries: int = 0
    requests: int = 0
    bytes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, size: int) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.requests += 1
            self.bytes += size


class Client:
    """One simulated user: one keep-alive connection, like a browser tab."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.connection: http.client.HTTPConnection | None = None

    def send(self, method: str, path: str, body: str | None) -> tuple[int, int]:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                self.host, self.port, timeout=TIMEOUT_SECONDS
            )
        headers = {"Accept-Encoding": "identity"}
        payload = None
        if body is not None:
            payload = body.encode()
            headers["Content-Type"] = "application/json"
        try:
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        return response.status, len(data)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def run_user(
    server_url: str, plan: dict[str, Any], tally: Tally, stop: threading.Event, seed: int
) -> None:
    host, port = server_url.removeprefix("http://").split(":")
    client = Client(host, int(port))
    rng = random.Random(seed)
    names = list(plan["weights"])
    weights = [plan["weights"][n] for n in names]
    while not stop.is_set():
        journey = plan["journeys"][rng.choices(names, weights)[0]]
        action = None
        for step in journey:
            if stop.is_set() or tally.requests >= MAX_REQUESTS:
                break
            if action is not None and step.get("action") != action:
                stop.wait(rng.uniform(*THINK_SECONDS))
            action = step.get("action")
            kind = kind_of(step["method"], step["path"])
            for attempt in (1, 2):
                started = time.perf_counter()
                try:
                    status, size = client.send(step["method"], step["path"], step["body"])
                    ok = 200 <= status < 400
                    reason = f"HTTP {status}"
                except (OSError, http.client.HTTPException) as exc:
                    ok, size, reason = False, 0, type(exc).__name__
                elapsed = time.perf_counter() - started
                if ok:
                    tally.record(kind, elapsed, size)
                    break
                if attempt == 1:
                    with tally.lock:
                        tally.retries += 1
                    continue
                with tally.lock:
                    tally.errors[f"{kind}: {reason}"] += 1
        stop.wait(rng.uniform(*THINK_SECONDS))
    client.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


@contextlib.contextmanager
def redis_server() -> Iterator[str | None]:
    executable = shutil.which("redis-server")
    if executable is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=5)


def preflight(server: Server, plan: dict[str, Any]) -> bool:
    """Every recorded request still succeeds (else the recording is stale)."""
    host, port = server.url.removeprefix("http://").split(":")
    client = Client(host, int(port))
    try:
        for journey in plan["journeys"].values():
            for step in journey:
                status, _ = client.send(step["method"], step["path"], step["body"])
                if not 200 <= status < 400:
                    print(f"  stale recording: {step['method']} {step['path'][:60]} -> {status}")
                    return False
    finally:
        client.close()
    return True


LOAD_TEST_LIMIT = "100000 per minute"


def load_test(
    users: int, seconds: float, workers: int, kill_worker: bool, use_redis: bool
) -> dict[str, Any]:
    plan = recorded.load()
    with contextlib.ExitStack() as stack:
        redis_url = stack.enter_context(redis_server()) if use_redis else None
        env = {"OUTREACH_ATLAS_REDIS_URL": redis_url} if redis_url else {}
        # Every simulated user comes from loopback, one client to the rate limit: raise it through
        # the setting a deployment uses (dashboard/ratelimit.py), not by turning it off.
        env["OUTREACH_ATLAS_RATE_LIMIT"] = LOAD_TEST_LIMIT
        server = stack.enter_context(serve(workers=workers, env=env))
        if not preflight(server, plan):
            recorded.save(recorded.record())
            plan = recorded.load()
            if not preflight(server, plan):
                raise RuntimeError("recorded journeys fail even after re-recording")
        memory_before = server.rss_mb()
        tally, stop = Tally(), threading.Event()
        threads = [
            threading.Thread(
                target=run_user, args=(server.url, plan, tally, stop, seed), daemon=True
            )
            for seed in range(users)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
            time.sleep(0.02)  # ramp up over a second, as users do not arrive in the same instant
        killed = None
        deadline = started + seconds
        while time.perf_counter() < deadline and tally.requests < MAX_REQUESTS:
            if kill_worker and killed is None and time.perf_counter() - started >= seconds / 2:
                killed = server.worker_pids()[0]
                os.kill(killed, signal.SIGKILL)
                print(f"  killed worker {killed} at {time.perf_counter() - started:.0f} s")
            time.sleep(0.2)
        stop.set()
        for thread in threads:
            thread.join(timeout=TIMEOUT_SECONDS + 5)
        elapsed = time.perf_counter() - started
        memory_after = server.rss_mb()
        pss_after = server.pss_mb()
        workers_after = server.worker_pids()
    every = [v for values in tally.latencies.values() for v in values]
    return {
        "users": users, "seconds": elapsed, "workers": workers, "redis": bool(redis_url),
        "killed_worker": killed, "requests": tally.requests, "bytes": tally.bytes,
        "throughput": tally.requests / elapsed,
        "p50": percentile(every, 50), "p95": percentile(every, 95), "p99": percentile(every, 99),
        "mean": statistics.fmean(every),
        "by_kind": {k: {"n": len(v), "p50": percentile(v, 50), "p95": percentile(v, 95)}
                    for k, v in sorted(tally.latencies.items())},
        "errors": sum(tally.errors.values()), "error_kinds": dict(tally.errors),
        "retries": tally.retries,
        "worker_rss_mb": max((mb for pid, mb in memory_after.items() if pid in workers_after), default=0),
        "master_rss_mb": memory_after.get(min(memory_after), 0) if memory_after else 0,
        "worker_rss_mb_before": max(memory_before.values(), default=0),
        "worker_pss_mb": max((mb for pid, mb in pss_after.items() if pid in workers_after), default=0),
        "total_pss_mb": sum(pss_after.values()),
    }  # fmt: skip


def rows_of(result: dict[str, Any], label: str) -> list[dict[str, Any]]:
    ms = 1000
    kinds = "; ".join(
        f"{k} n={v['n']} p50 {v['p50'] * ms:.0f} p95 {v['p95'] * ms:.0f}"
        for k, v in result["by_kind"].items()
    )
    setup = (
        f"{result['users']} users, {result['seconds']:.0f} s, {result['workers']} gunicorn workers"
        f"{', Redis cache' if result['redis'] else ''}"
    )
    return [
        {"measure": f"{label}: throughput", "value": result["throughput"], "unit": "req/s",
         "note": f"{setup}; {result['requests']:,} requests"},
        {"measure": f"{label}: p50 response", "value": result["p50"] * ms, "unit": "ms"},
        {"measure": f"{label}: p95 response", "value": result["p95"] * ms, "unit": "ms",
         "goal": "<= 300 ms", "note": kinds},
        {"measure": f"{label}: p99 response", "value": result["p99"] * ms, "unit": "ms"},
        {"measure": f"{label}: errors", "value": result["errors"], "unit": "", "goal": "0",
         "note": json.dumps(result["error_kinds"]) if result["errors"] else ""},
        {"measure": f"{label}: retries (failed once, then succeeded or counted above)",
         "value": result["retries"], "unit": ""},
        {"measure": f"{label}: resident memory, largest worker after", "value": result["worker_rss_mb"],
         "unit": "MB", "goal": "<= 400 MB",
         "note": f"PSS (shared pages split): largest worker {result['worker_pss_mb']:.0f} MB, "
                 f"master and all workers {result['total_pss_mb']:.0f} MB"},
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--kill-worker", action="store_true")
    parser.add_argument("--no-redis", action="store_true")
    args, _ = parser.parse_known_args()
    seconds = args.seconds or (20.0 if quick() else 120.0)
    kill = args.kill_worker or os.environ.get("BENCH_KILL_WORKER") == "1"
    runs = [("50 users" if args.users == 50 else f"{args.users} users", False)]
    if kill:
        runs.append(("one worker SIGKILLed halfway", True))
    rows: list[dict[str, Any]] = []
    details = {}
    for label, kill_this in runs:
        print(f"  load test: {label}, {seconds:.0f} s …", flush=True)
        result = load_test(args.users, seconds, args.workers, kill_this, not args.no_redis)
        details[label] = result
        rows.extend(rows_of(result, label))
    write("load", rows)
    from benchmarks.common import RESULTS

    (RESULTS / "load-details.json").write_text(json.dumps(details, indent=2, default=str))


if __name__ == "__main__":
    main()

"""Many users at once: gunicorn with several stateless workers on loopback and 50 simulated users for
2 minutes, on each database the plans can live in (SQLite, then a throwaway PostgreSQL server on
loopback). 10 of the users are planners: they sign in (accounts made with the store API before the
run), open the Target page, save its list as a plan, open the plans list and their plan, compare it
with their previous one and download the comparison; the other 40 replay the recorded public journeys
(``benchmarks/journeys.json``). Reports throughput, p50/p95/p99 (and per kind of request), errors and
retries, each worker's resident memory afterwards, and, on the database after the server has stopped,
whether every save that was answered OK is there, complete.

Each database gets a second run with one gunicorn worker SIGKILLed halfway, chosen as the worker
serving a plan save at that moment when one is on the wire: a request that fails is retried once by the
simulated user (as a browser's retry would be) and counted as a retry; only a request that fails twice
counts as an error; a plan that was answered OK but is missing afterwards counts as lost.

A control run comes first: the same 50 users with nobody signed in (public journeys only), so a p95
measured on a shared machine can be told apart from what the plans add.

Bounded: a hard stop on duration and on the number of requests; loopback only.

    python -m benchmarks.bench_load [--quick] [--users 50] [--planners 10] [--seconds 120]
                                    [--workers 3] [--database both|sqlite|postgresql]
                                    [--no-kill] [--no-control] [--no-redis]

``--quick`` runs 20 seconds.
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
import tempfile
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import journeys as recorded
from benchmarks import plan_users
from benchmarks.common import quick, write
from benchmarks.server import Server, free_port, serve

MAX_REQUESTS = 500_000
# A person reading the page between actions (as locust's ``between(1, 5)``); an action's own requests
# (page, layout, callbacks it triggers) go back to back, as the browser sends them.
THINK_SECONDS = (1.0, 5.0)
TIMEOUT_SECONDS = 15
SLOW_SECONDS = 0.3  # the p95 goal: which requests are slower, by kind


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
    retry_kinds: Counter = field(default_factory=Counter)
    requests: int = 0
    bytes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, size: int) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.requests += 1
            self.bytes += size


class Client:
    """One simulated user: one keep-alive connection and its cookies, like a browser tab."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.connection: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def local_port(self) -> int:
        """This tab's end of the connection (opened now if it is not), to find the worker serving it."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                self.host, self.port, timeout=TIMEOUT_SECONDS
            )
        if self.connection.sock is None:
            self.connection.connect()
        return self.connection.sock.getsockname()[1]

    def exchange(
        self, method: str, path: str, body: str | None, form: bool = False
    ) -> tuple[int, bytes]:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                self.host, self.port, timeout=TIMEOUT_SECONDS
            )
        headers = {"Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        payload = None
        if body is not None:
            payload = body.encode()
            headers["Content-Type"] = (
                "application/x-www-form-urlencoded" if form else "application/json"
            )
        try:
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def send(self, method: str, path: str, body: str | None) -> tuple[int, int]:
        status, data = self.exchange(method, path, body)
        return status, len(data)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def timed(
    client: Client,
    tally: Tally,
    kind: str,
    method: str,
    path: str,
    body: str | None,
    form: bool = False,
) -> bytes | None:
    """One request, timed under ``kind``; a failure is retried once (as a browser's retry would be)
    and counted as a retry; a second failure is an error. The response body, or None."""
    for attempt in (1, 2):
        started = time.perf_counter()
        try:
            status, data = client.exchange(method, path, body, form)
            ok = 200 <= status < 400
            reason = f"HTTP {status}"
        except (OSError, http.client.HTTPException) as exc:
            ok, data, reason = False, b"", type(exc).__name__
        elapsed = time.perf_counter() - started
        if ok:
            tally.record(kind, elapsed, len(data))
            return data
        if attempt == 1:
            with tally.lock:
                tally.retries += 1
                tally.retry_kinds[f"{kind}: {reason}"] += 1
            continue
        with tally.lock:
            tally.errors[f"{kind}: {reason}"] += 1
    return None


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
            timed(client, tally, kind, step["method"], step["path"], step["body"])
        stop.wait(rng.uniform(*THINK_SECONDS))
    client.close()


def run_planner(
    server_url: str, setup: dict[str, Any], tally: Tally, stop: threading.Event, index: int
) -> None:
    """A planner: signs in once, then Target page, save, plans list, open, compare, CSV, again."""
    host, port = server_url.removeprefix("http://").split(":")
    client = Client(host, int(port))
    rng = random.Random(1000 + index)

    sent = [0]

    def send(kind: str, method: str, path: str, body: str | None, form: bool = False):
        sent[0] += 1
        data = timed(client, tally, kind, method, path, body, form)
        return None if data is None else data.decode("utf-8", "replace")

    def failed(reason: str) -> None:
        with tally.lock:
            tally.errors[reason] += 1

    planner = plan_users.Planner(
        index, send, client, setup["key"], setup["target"], setup["target_query"],
        setup["saves"], failed,
    )  # fmt: skip
    if not planner.sign_in():
        return
    while not stop.is_set() and tally.requests < MAX_REQUESTS:
        for _name, action in planner.actions():
            if stop.is_set():
                break
            before = sent[0]
            action()
            # Only after something was asked (the first round has nothing to compare yet): idle
            # gaps beyond gunicorn's keep-alive would close the connection under the user.
            if sent[0] > before:
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


@contextlib.contextmanager
def database(name: str) -> Iterator[str]:
    """A fresh, empty database for one run: a SQLite file, or a throwaway PostgreSQL server on
    loopback (tests/postgres.py, Debian's postgresql), alive until the block ends."""
    if name == "SQLite":
        with tempfile.TemporaryDirectory(prefix="atlas-load-") as folder:
            yield f"sqlite:///{folder}/atlas.sqlite3"
        return
    from tests.postgres import postgres_server

    with postgres_server() as url:
        yield url


def worker_serving(local_port: int, workers: list[int]) -> int | None:
    """The gunicorn worker holding the server end of the connection from ``local_port``: its
    socket's inode in /proc/net/tcp, matched to a worker's open files."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if int(fields[2].rsplit(":", 1)[1], 16) == local_port:
                    inodes.add(f"socket:[{fields[9]}]")
    for pid in workers:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in inodes:
                        return pid
    return None


def kill_one(server: Server, saves: plan_users.Saves | None) -> tuple[int, bool]:
    """SIGKILL the worker serving a plan save when one is on the wire within 15 s (so the kill lands
    mid-save), else the first worker. Returns (pid, whether it was serving a save)."""
    port = plan_users.wait_for_save(saves, 15) if saves is not None else None
    pid = worker_serving(port, server.worker_pids()) if port else None
    mid_save = pid is not None
    if pid is None:
        pid = server.worker_pids()[0]
    os.kill(pid, signal.SIGKILL)
    return pid, mid_save


def planner_setup(server: Server, plan: dict[str, Any]) -> dict[str, Any]:
    from layers.targeting.link import to_query
    from layers.targeting.scenario import Scenario

    with urllib.request.urlopen(f"{server.url}/_dash-dependencies", timeout=30) as response:
        dependencies = json.load(response)
    return {
        "key": plan_users.save_key(dependencies),
        "target": plan["journeys"]["target"],
        "target_query": to_query(Scenario()),
        "saves": plan_users.Saves(),
    }


def load_test(
    users: int,
    planners: int,
    seconds: float,
    workers: int,
    kill_worker: bool,
    use_redis: bool,
    database_name: str,
) -> dict[str, Any]:
    plan = recorded.load()
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(database(database_name))
        # The planners' accounts, made before the server starts, as an admin would make them.
        plan_users.make_accounts(url, planners)
        redis_url = stack.enter_context(redis_server()) if use_redis else None
        env = {"OUTREACH_ATLAS_REDIS_URL": redis_url} if redis_url else {}
        env["OUTREACH_ATLAS_DATABASE_URL"] = url
        # Every simulated user comes from loopback, one client to the rate limit: raise it through
        # the setting a deployment uses (dashboard/ratelimit.py), not by turning it off.
        env["OUTREACH_ATLAS_RATE_LIMIT"] = LOAD_TEST_LIMIT
        with serve(workers=workers, env=env) as server:
            if not preflight(server, plan):
                recorded.save(recorded.record())
                plan = recorded.load()
                if not preflight(server, plan):
                    raise RuntimeError("recorded journeys fail even after re-recording")
            setup = planner_setup(server, plan) if planners else None
            memory_before = server.rss_mb()
            tally, stop = Tally(), threading.Event()
            threads = [
                threading.Thread(target=run_planner, args=(server.url, setup, tally, stop, i),
                                 daemon=True)
                if i < planners
                else threading.Thread(target=run_user, args=(server.url, plan, tally, stop, i),
                                      daemon=True)
                for i in range(users)
            ]  # fmt: skip
            load_before = os.getloadavg()[0]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
                time.sleep(
                    0.02
                )  # ramp up over a second, as users do not arrive in the same instant
            killed, mid_save = None, False
            deadline = started + seconds
            while time.perf_counter() < deadline and tally.requests < MAX_REQUESTS:
                if kill_worker and killed is None and time.perf_counter() - started >= seconds / 2:
                    killed, mid_save = kill_one(server, setup["saves"] if setup else None)
                    print(f"  killed worker {killed} at {time.perf_counter() - started:.0f} s"
                          f"{' while it served a plan save' if mid_save else ''}")  # fmt: skip
                time.sleep(0.2)
            stop.set()
            for thread in threads:
                thread.join(timeout=TIMEOUT_SECONDS + 5)
            elapsed = time.perf_counter() - started
            # The 1-minute load average at the end covers the run itself (the server and the
            # simulated users included): over the machine's core count means it was shared.
            load_after = os.getloadavg()[0]
            memory_after = server.rss_mb()
            pss_after = server.pss_mb()
            workers_after = server.worker_pids()
        # The server is stopped: what is in the database now is what a restart would find.
        saved = plan_users.check(url, setup["saves"].answered) if setup else None
    every = [v for values in tally.latencies.values() for v in values]
    slow = {k: sum(1 for v in values if v > SLOW_SECONDS) for k, values in tally.latencies.items()}
    return {
        "users": users, "planners": planners, "database": database_name,
        "seconds": elapsed, "workers": workers, "redis": bool(redis_url),
        "killed_worker": killed, "killed_mid_save": mid_save, "plans": saved,
        "requests": tally.requests, "bytes": tally.bytes,
        "load_before": load_before, "load_after": load_after,
        "throughput": tally.requests / elapsed,
        "p50": percentile(every, 50), "p95": percentile(every, 95), "p99": percentile(every, 99),
        "mean": statistics.fmean(every),
        "over_300_ms": {k: n for k, n in sorted(slow.items(), key=lambda kv: -kv[1]) if n},
        "by_kind": {k: {"n": len(v), "p50": percentile(v, 50), "p95": percentile(v, 95)}
                    for k, v in sorted(tally.latencies.items())},
        "errors": sum(tally.errors.values()), "error_kinds": dict(tally.errors),
        "retries": tally.retries, "retry_kinds": dict(tally.retry_kinds),
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
        f"{result['users']} users ("
        + (
            f"{result['planners']} signed in, saving and comparing plans"
            if result["planners"]
            else "nobody signed in"
        )
        + "), "
        f"{result['seconds']:.0f} s, {result['workers']} gunicorn workers, {result['database']}"
        f"{', Redis cache' if result['redis'] else ''}; load average {result['load_before']:.1f} "
        f"before, {result['load_after']:.1f} at the end, on {os.cpu_count()} cores"
    )
    rows = [
        {"measure": f"{label}: throughput", "value": result["throughput"], "unit": "req/s",
         "note": f"{setup}; {result['requests']:,} requests"},
        {"measure": f"{label}: p50 response", "value": result["p50"] * ms, "unit": "ms"},
        {"measure": f"{label}: p95 response", "value": result["p95"] * ms, "unit": "ms",
         "goal": "<= 300 ms",
         "note": f"{kinds}. Over 300 ms: {sum(result['over_300_ms'].values()):,} requests ("
                 + ", ".join(f"{k} {n}" for k, n in result["over_300_ms"].items()) + ")"},
        {"measure": f"{label}: p99 response", "value": result["p99"] * ms, "unit": "ms"},
        {"measure": f"{label}: errors", "value": result["errors"], "unit": "", "goal": "0",
         "note": json.dumps(result["error_kinds"]) if result["errors"] else ""},
        {"measure": f"{label}: retries (failed once, then succeeded or counted above)",
         "value": result["retries"], "unit": "",
         "note": json.dumps(result["retry_kinds"]) if result["retries"] else ""},
        {"measure": f"{label}: resident memory, largest worker after", "value": result["worker_rss_mb"],
         "unit": "MB", "goal": "<= 400 MB",
         "note": f"PSS (shared pages split): largest worker {result['worker_pss_mb']:.0f} MB, "
                 f"master and all workers {result['total_pss_mb']:.0f} MB"},
    ]  # fmt: skip
    saved = result["plans"]
    if saved is not None:
        killed = ""
        if result["killed_worker"]:
            killed = (
                "; the worker killed was serving a plan save"
                if result["killed_mid_save"]
                else "; no save was on the wire within 15 s, so the first worker was killed"
            )
        rows.append({
            "measure": f"{label}: plans lost (answered OK, missing or not as saved afterwards)",
            "value": len(saved["lost"]), "unit": "", "goal": "0",
            "note": f"{saved['answered']} saves answered OK; {saved['in_database']} plans in "
                    f"{result['database']} afterwards ({saved['saved_unanswered']} saved whose "
                    f"answer never arrived){killed}",
        })  # fmt: skip
        rows.append({
            "measure": f"{label}: half-saved plans (areas, zones or audit missing)",
            "value": len(saved["incomplete"]), "unit": "", "goal": "0",
            "note": f"plan ids {saved['incomplete']}" if saved["incomplete"] else "",
        })  # fmt: skip
    return rows


def database_names(choice: str) -> list[str]:
    from tests.postgres import pg_bin

    names = {"sqlite": ["SQLite"], "postgresql": ["PostgreSQL"], "both": ["SQLite", "PostgreSQL"]}
    chosen = names[choice]
    if "PostgreSQL" in chosen and pg_bin() is None:
        if choice == "postgresql":
            raise SystemExit(
                "PostgreSQL is not installed (make bench installs Debian's postgresql)"
            )
        print("  PostgreSQL is not installed: the load test runs on SQLite only")
        chosen = ["SQLite"]
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--planners", type=int, default=10, help="of the users, how many sign in")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--database", choices=("both", "sqlite", "postgresql"), default="both",
        help="where the plans are kept (PostgreSQL: a throwaway server on loopback)",
    )  # fmt: skip
    parser.add_argument(
        "--kill-worker", action="store_true", help="(the default) also run with a worker killed"
    )
    parser.add_argument("--no-kill", action="store_true", help="leave out the killed-worker runs")
    parser.add_argument(
        "--no-control", action="store_true", help="leave out the run with nobody signed in"
    )
    parser.add_argument("--no-redis", action="store_true")
    args, _ = parser.parse_known_args()
    seconds = args.seconds or (20.0 if quick() else 120.0)
    planners = min(args.planners, args.users)
    rows: list[dict[str, Any]] = []
    details = {}
    runs = []
    for name in database_names(args.database):
        runs.append((f"{name}, {args.users} users", name, planners, False))
        if not args.no_kill:
            runs.append((f"{name}, one worker SIGKILLed halfway", name, planners, True))
    if planners and not args.no_control:
        # The same load with nobody signed in, in the same sitting: what the machine gives the
        # public journeys alone, so a p95 can be told apart from a shared machine's.
        label = f"control, {args.users} users, public journeys only"
        runs.insert(0, (label, runs[0][1], 0, False))
    for label, name, signed_in, kill_this in runs:
        print(f"  load test: {label}, {seconds:.0f} s …", flush=True)
        result = load_test(
            args.users, signed_in, seconds, args.workers, kill_this, not args.no_redis, name
        )
        details[label] = result
        rows.extend(rows_of(result, label))
    write("load", rows)
    from benchmarks.common import RESULTS

    (RESULTS / "load-details.json").write_text(json.dumps(details, indent=2, default=str))


if __name__ == "__main__":
    main()

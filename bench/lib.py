"""Shared machinery for the benchmark scripts: a gunicorn server started the
same way for every measurement, a load generator (wrk), and printing.

Throughput on this shared, noisy machine only means something beside a
baseline measured in the same run, so every figure is printed with the bare
Django view's figure and the ratio between them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
WRK_THREADS = 2

_WRK_SCRIPT = r"""
local method = os.getenv("WRK_METHOD") or "GET"
local body = os.getenv("WRK_BODY")
wrk.method = method
if body then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
local errors = 0
response = function(status, headers, body)
  if status >= 400 then errors = errors + 1 end
end
local threads = {}
setup = function(thread)
  thread:set("thread_index", #threads)
  threads[#threads + 1] = thread
end
done = function(summary, latency, requests)
  local late, late_worst = 0, 0
  for _, thread in ipairs(threads) do
    late = late + (thread:get("late") or 0)
    late_worst = math.max(late_worst, thread:get("late_worst") or 0)
  end
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %f, "p50_ms": %f, "p95_ms": %f, "p99_ms": %f, "non2xx": %d, "socket_errors": %d, "late": %d, "late_worst_ms": %f}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    late, late_worst))
end
"""  # noqa: E501

# Appended when a run spreads its requests over several paths (one per line in
# the file named by WRK_PATHS): each request picks one at random.
_WRK_PATHS_SCRIPT = r"""
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local region = os.getenv("WRK_REGION")
if region then wrk.headers["X-Client-Region"] = region end
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
request = function()
  return wrk.format(nil, paths[math.random(#paths)])
end
"""

# Appended for a paced run (WRK_INTERVAL_MS set): an open loop at a fixed
# rate instead of a closed one. Each wrk thread hands out send times
# ("slots") WRK_INTERVAL_MS apart to its connections, one slot per request,
# whatever the server's latency; a connection waits for its slot, so the
# rate stays fixed while the server keeps up. wrk times a request from when
# it leaves, so a request that leaves after its slot (every connection was
# busy) hides that wait from its latency: those are counted ("late", more
# than LATE_MS behind) with the worst delay, for the reader to judge.
# The monotonic clock comes through LuaJIT's FFI (os.clock is CPU time).
_WRK_PACED_SCRIPT = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local LATE_MS = 5
local clock = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end
local interval = tonumber(os.getenv("WRK_INTERVAL_MS"))
local thread_count = tonumber(os.getenv("WRK_THREADS"))
local next_slot = nil
late, late_worst = 0, 0
delay = function()
  local now = now_ms()
  if next_slot == nil then  -- the threads' slots interleave
    next_slot = now + (thread_index or 0) * interval / thread_count
  end
  local slot = next_slot
  next_slot = slot + interval
  if now - slot > LATE_MS then
    late = late + 1
    late_worst = math.max(late_worst, now - slot)
  end
  return math.max(0, slot - now)
end
"""


@dataclass
class LoadResult:
    name: str
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    requests: int = 0
    # Paced runs: requests that left more than 5 ms after their slot, and the worst delay.
    late: int = 0
    late_worst_ms: float = 0.0

    def line(self, baseline: LoadResult | None = None) -> str:
        ratio = f"{self.rps / baseline.rps:5.2f}x bare" if baseline and baseline.rps else "  baseline "
        return (
            f"{self.name:<38} {self.rps:8.1f} req/s  {ratio}  p50 {self.p50_ms:6.1f} ms  "
            f"p95 {self.p95_ms:6.1f} ms  p99 {self.p99_ms:6.1f} ms  errors {self.errors}"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_available(url: str = "redis://127.0.0.1:6379/0") -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


def server_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
    env["DEBUG"] = "0"
    env["BENCH_BARE_VIEW"] = "1"
    env["SERVE_MEDIA"] = "1"  # the proxy serves media in production; here Django does
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env["LOG_LEVEL"] = "WARNING"
    # Several processes must share one cache for invalidation to reach them all.
    if "REDIS_URL" not in env and redis_available():
        env["REDIS_URL"] = "redis://127.0.0.1:6379/3"
        env["CACHE_KEY_PREFIX"] = f"bench{os.getpid()}"
    env.update(extra or {})
    return env


@contextmanager
def gunicorn_server(extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Serve the project under gunicorn (the production server) and yield its base URL."""
    port = free_port()
    env = server_env(extra_env)
    cmd = [
        PYTHON,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--threads",
        str(THREADS),
        "--worker-class",
        "gthread",
        "--log-level",
        "warning",
        "--backlog",
        "512",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/bench/bare/", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError("gunicorn exited during start-up") from None
                time.sleep(0.3)
        else:
            raise RuntimeError("gunicorn did not answer within 60 s")
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def run_wrk(
    name: str,
    url: str,
    *,
    body: dict | None = None,
    connections: int = CONNECTIONS,
    duration: int = DURATION,
    paths: list[str] | None = None,
    region: str | None = None,
    warm_up: bool = True,
    rate: float | None = None,
) -> LoadResult:
    """Load ``url`` with wrk. With ``paths``, each request goes to one of them
    at random on ``url``'s server (``region`` sets the X-Client-Region header).

    Without ``rate``, a closed loop: every connection sends its next request
    as soon as the last one is answered (the server saturated). With
    ``rate`` (requests per second over all connections), an open loop at that
    fixed rate: the result's ``rps`` is the rate achieved, which falls short
    of ``rate`` when the server (or the connections) cannot keep up."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed for load figures: apt-get install wrk (make bench does it)")
    env = dict(os.environ)
    path_file = None
    if paths:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as path_file:
            path_file.write("\n".join(paths) + "\n")
        env["WRK_PATHS"] = path_file.name
        if region:
            env["WRK_REGION"] = region
    if rate is not None:
        env["WRK_INTERVAL_MS"] = str(1000 * WRK_THREADS / rate)
        env["WRK_THREADS"] = str(WRK_THREADS)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            _WRK_SCRIPT + (_WRK_PATHS_SCRIPT if paths else "") + (_WRK_PACED_SCRIPT if rate is not None else "")
        )
    if body is not None:
        env["WRK_METHOD"] = "POST"
        env["WRK_BODY"] = json.dumps(body)
    if warm_up:  # caches, connection pools, before the measured run
        subprocess.run(
            ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", "-d2s", "-s", script.name, url],
            env=env,
            capture_output=True,
            check=True,
        )
    out = subprocess.run(
        ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{duration}s", "-s", script.name, url],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    if path_file is not None:
        os.unlink(path_file.name)
    data = json.loads(next(line for line in out.splitlines() if line.startswith("WRKJSON"))[8:])
    return LoadResult(
        name,
        data["requests"] / data["seconds"],
        data["p50_ms"],
        data["p95_ms"],
        data["p99_ms"],
        data["non2xx"] + data["socket_errors"],
        data["requests"],
        data["late"],
        data["late_worst_ms"],
    )


def header(title: str) -> None:
    print()
    print(f"== {title} ==")

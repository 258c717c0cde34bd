"""Real ``kommunesog serve`` processes on 127.0.0.1 for the benchmarks, the load test and the browser
tests: started on free loopback ports, waited for until /healthz answers, always stopped."""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

STARTUP_SECONDS = 120


def free_port() -> int:
    """A loopback port nobody listens on now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def kommunesog(*args: str) -> list[str]:
    """The ``kommunesog`` command of this virtualenv (``python -m searchapp`` when not installed)."""
    script = Path(sys.executable).with_name("kommunesog")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "searchapp"]
    return [*base, *args]


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    """One GET on a kept-alive connection: (status, body). A connection the server closed while it
    was idle (waitress closes one after two minutes; a reindex between two requests can take longer)
    is opened again, once."""
    try:
        conn.request("GET", path)
        response = conn.getresponse()
    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
        conn.close()
        conn.request("GET", path)
        response = conn.getresponse()
    return response.status, response.read()


def _wait_ready(port: int, process: subprocess.Popen, log_path: Path | None, any_status: bool) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            log = log_path.read_text(errors="replace") if log_path else ""
            raise RuntimeError(f"kommunesog serve exited with {process.returncode}:\n{log}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            status, _ = get(conn, "/healthz")
            if status == 200 or any_status:
                return
        except OSError:
            pass
        finally:
            conn.close()
        if time.monotonic() > deadline:
            raise RuntimeError(f"kommunesog serve on port {port} not ready after {STARTUP_SECONDS} s")
        time.sleep(0.1)


@contextmanager
def servers(index_dir: Path, count: int = 1, threads: int | None = None, log_paths: list[Path] | None = None,
            any_status: bool = False, result_cache: int | None = None, extra: tuple[str, ...] = ()):
    """``count`` servers of ``index_dir``; yields [(port, Popen)]. Each one's output goes to its
    ``log_paths`` entry (else nowhere). Ready when /healthz gives 200, or any answer with
    ``any_status`` (a 503 for a missing index counts). ``result_cache`` 0 makes every request a
    search (the benchmark's query mix repeats; a cached answer would measure the cache). ``extra``
    are more ``serve`` options (e.g. ``--no-search-log``)."""
    started: list[tuple[int, subprocess.Popen, Path | None]] = []
    try:
        for n in range(count):
            port = free_port()
            log_path = log_paths[n] if log_paths else None
            with open(log_path or os.devnull, "wb") as log:
                process = subprocess.Popen(
                    kommunesog("serve", "--index", str(index_dir), "--host", "127.0.0.1", "--port", str(port),
                               *(["--threads", str(threads)] if threads else []),
                               *(["--result-cache", str(result_cache)] if result_cache is not None else []),
                               *extra),
                    stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONHASHSEED": "0"})
            started.append((port, process, log_path))
        for port, process, log_path in started:
            _wait_ready(port, process, log_path, any_status)
        yield [(port, process) for port, process, _ in started]
    finally:
        for _, process, _ in started:
            process.terminate()
        for _, process, _ in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

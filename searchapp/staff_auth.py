"""Who may use the staff area: one shared staff password, stored as a salted scrypt hash in the
instance folder (``kommunesog staff-password`` sets it). Without that file the staff area does not
exist (404). With it, HTTP Basic with the user name ``personale``, to be used only behind the
TLS-terminating proxy the README describes (Basic sends the password with every request).

Wrong passwords are slowed down per process: after ``FREE_ATTEMPTS`` wrong ones in a row, no password
is even checked for a while (doubling up to ``MAX_LOCK_SECONDS``); the refusal costs no thread time,
so guessing cannot tie up the threads that answer citizens' searches.

Forms in the staff area carry a CSRF token: a browser sends Basic credentials to any request for the
site, including one a foreign page makes it send, so the credentials alone do not prove that staff
meant the change. The token is an HMAC of a secret kept with the hash (a new password, a new secret).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

USER = "personale"
# scrypt's cost: 16 MiB and about 50 ms a check; the OWASP minimum for scrypt is N=2^17 at r=8 with
# p=1 or N=2^14 with a larger p; p=5 meets it without more memory per check.
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 5}
SALT_BYTES = 16
MIN_PASSWORD_CHARS = 12
FREE_ATTEMPTS = 3
MAX_LOCK_SECONDS = 60


class BadPassword(ValueError):
    """A password that cannot be set (too short, not one line)."""


def _hash(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=128 * 1024 * 1024, dklen=32)


def set_password(path: Path, password: str) -> None:
    """Store a new salted hash of ``password`` (and a new CSRF secret) at ``path``, readable by the
    owner only, replacing any earlier one atomically."""
    if len(password) < MIN_PASSWORD_CHARS or "\n" in password:
        raise BadPassword(f"the staff password must be one line of at least {MIN_PASSWORD_CHARS} characters")
    salt = secrets.token_bytes(SALT_BYTES)
    record = {"algorithm": "scrypt", **SCRYPT, "salt": salt.hex(), "hash": _hash(password, salt, **SCRYPT).hex(),
              "csrf_secret": secrets.token_hex(32), "set": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(record, fh)
    tmp.replace(path)


@dataclass(frozen=True)
class StaffPassword:
    salt: bytes
    digest: bytes
    n: int
    r: int
    p: int
    csrf_secret: bytes

    def matches(self, password: str) -> bool:
        return hmac.compare_digest(_hash(password, self.salt, self.n, self.r, self.p), self.digest)

    def csrf_token(self) -> str:
        return hmac.new(self.csrf_secret, b"kommunesog staff form", hashlib.sha256).hexdigest()

    def csrf_ok(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(token, self.csrf_token())


def read_password(path: Path) -> StaffPassword | None:
    """The configured staff password, or None when none is (or the file is unreadable: closed, not open)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return StaffPassword(bytes.fromhex(record["salt"]), bytes.fromhex(record["hash"]), int(record["n"]),
                             int(record["r"]), int(record["p"]), bytes.fromhex(record["csrf_secret"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """(user, password) of an ``Authorization: Basic …`` header, or None."""
    scheme, _, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, sep, password = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    return (user, password) if sep else None


class Backoff:
    """Wrong passwords in a row, per process: after ``FREE_ATTEMPTS`` each one locks the staff
    area for twice as long as the last (1, 2, 4 … ``MAX_LOCK_SECONDS`` s)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.failures = 0
        self.locked_until = 0.0

    def wait_seconds(self) -> float:
        """Seconds until a password may be tried again (0: now)."""
        return max(0.0, self.locked_until - time.monotonic())

    def failed(self) -> None:
        with self._lock:
            self.failures += 1
            extra = self.failures - FREE_ATTEMPTS
            if extra > 0:
                self.locked_until = time.monotonic() + min(2 ** (extra - 1), MAX_LOCK_SECONDS)

    def succeeded(self) -> None:
        with self._lock:
            self.failures, self.locked_until = 0, 0.0

"""HTTP for the crawler: one polite client with retries, backoff, bounded time and bounded size.

Every request waits for the polite delay since the previous one. Faults that may pass (timeouts,
resets, 5xx, 429) are retried with exponential backoff; faults that will not (4xx, redirect loops,
oversized or non-HTML responses) fail at once. Nothing here raises anything but ``FetchFailed`` (and
its kinds) for a URL, so one bad page never stops the crawl.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from email.message import Message
from typing import Callable

import httpx

from .scope import normalise

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# RFC 9309 asks crawlers to follow at least five redirects; more than that is a misconfiguration.
MAX_REDIRECTS = 5
# Bodies of error responses are read (to keep the connection reusable) only up to this size.
MAX_ERROR_BODY = 64 * 1024
# A server's Retry-After is honoured up to this many seconds.
MAX_RETRY_AFTER = 60.0
PAGE_TYPES = ("text/html", "application/xhtml+xml")


class FetchFailed(Exception):
    """A URL could not be fetched; ``reason`` says why in words an operator understands."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class WrongType(FetchFailed):
    """The response is not of an accepted content type (e.g. a PDF where a page was expected)."""


class Refused(FetchFailed):
    """A redirect points somewhere the crawl must not go (off the site, disallowed, already seen)."""

    def __init__(self, target: str, reason: str):
        super().__init__(f"redirects to {target}: {reason}")
        self.target = target
        self.why = reason


class _Retryable(Exception):
    def __init__(self, reason: str, wait: float = 0.0):
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


@dataclass
class Traffic:
    """What the crawl cost the site: requests made and response body bytes received (as sent, i.e.
    before any gzip was undone)."""

    requests: int = 0
    bytes_received: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def count(self, status: int, received: int) -> None:
        self.requests += 1
        self.bytes_received += received
        self.statuses[status] = self.statuses.get(status, 0) + 1


@dataclass
class Response:
    url: str  # the final URL, after any redirects
    status: int
    headers: httpx.Headers
    body: bytes = b""
    redirects: list[str] = field(default_factory=list)  # the URLs that redirected here, in order

    def _content_type(self) -> Message:
        message = Message()
        message["content-type"] = self.headers.get("content-type", "")
        return message

    @property
    def media_type(self) -> str:
        return self._content_type().get_content_type() if self.headers.get("content-type") else ""

    @property
    def charset(self) -> str | None:
        return self._content_type().get_param("charset") or None

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


@dataclass
class FetchSettings:
    user_agent: str
    delay: float = 1.0  # seconds between requests
    timeout: float = 20.0  # seconds without progress (connect, or between bytes)
    total_timeout: float = 60.0  # seconds for one whole response
    retries: int = 2
    backoff: float = 1.0  # first retry waits this long, then twice as long, …
    max_bytes: int = 5 * 1024 * 1024
    trust_env: bool = True  # honour HTTP(S)_PROXY / NO_PROXY from the environment


class Fetcher:
    """A polite HTTP client for one crawl. Use as a context manager."""

    def __init__(self, settings: FetchSettings, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self.traffic = Traffic()
        self._clock, self._sleep = clock, sleep
        self._next_at = 0.0
        self._client = httpx.Client(
            headers={"User-Agent": settings.user_agent, "Accept-Language": "da, en;q=0.5"},
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=False,
            trust_env=settings.trust_env,
        )

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self._client.close()

    def get(self, url: str, *, accept: tuple[str, ...] | None = PAGE_TYPES,
            validators: Callable[[str], dict[str, str]] | None = None,
            may_follow: Callable[[str], str | None] | None = None, max_bytes: int | None = None) -> Response:
        """GET ``url``, following redirects the crawl allows.

        ``validators(url)`` gives conditional headers (If-None-Match, If-Modified-Since) for each URL
        requested; ``may_follow(target)`` returns a reason to refuse a redirect target, or None.
        ``accept`` lists the media types a 200 response may have (None: any); ``max_bytes`` overrides
        the size limit of the settings.
        """
        chain = [url]
        while True:
            headers = validators(chain[-1]) if validators else {}
            if accept:
                headers["Accept"] = ", ".join(accept) + ", */*;q=0.1"
            response = self._with_retries(chain[-1], headers, accept, max_bytes or self.settings.max_bytes)
            if response.status not in REDIRECT_STATUSES:
                response.redirects = chain[:-1]
                return response
            location = response.headers.get("location")
            target = normalise(location, chain[-1]) if location else None
            if target is None:
                raise FetchFailed(f"HTTP {response.status} redirect without a usable Location ({location!r})")
            if target in chain:
                raise FetchFailed("redirect loop: " + " → ".join([*chain[chain.index(target):], target]))
            if len(chain) > MAX_REDIRECTS:
                raise FetchFailed(f"more than {MAX_REDIRECTS} redirects")
            refusal = may_follow(target) if may_follow else None
            if refusal:
                raise Refused(target, refusal)
            chain.append(target)

    def _with_retries(self, url: str, headers: dict[str, str], accept: tuple[str, ...] | None,
                      max_bytes: int) -> Response:
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            self._wait_turn()
            try:
                return self._once(url, headers, accept, max_bytes)
            except _Retryable as err:
                if attempt + 1 == attempts:
                    suffix = f" (tried {attempts} times)" if attempts > 1 else ""
                    raise FetchFailed(err.reason + suffix) from None
                backoff = self.settings.backoff * 2 ** attempt * random.uniform(0.8, 1.2)
                self._sleep(max(backoff, err.wait))
        raise AssertionError("unreachable")

    def _wait_turn(self) -> None:
        now = self._clock()
        if self._next_at > now:
            self._sleep(self._next_at - now)
        self._next_at = self._clock() + self.settings.delay

    def _once(self, url: str, headers: dict[str, str], accept: tuple[str, ...] | None, max_bytes: int) -> Response:
        received = 0
        status = 0
        try:
            with self._client.stream("GET", url, headers=headers) as raw:
                status = raw.status_code
                response = Response(url=url, status=status, headers=raw.headers)
                try:
                    self._check(response, accept, max_bytes)
                    limit = max_bytes if status < 300 else MAX_ERROR_BODY
                    response.body = self._read(raw, limit, strict=status < 300)
                finally:
                    received = raw.num_bytes_downloaded
        except httpx.TimeoutException as err:
            raise _Retryable(f"timed out after {self.settings.timeout:g} s ({type(err).__name__})") from None
        except (httpx.NetworkError, httpx.RemoteProtocolError) as err:
            raise _Retryable(f"network error: {type(err).__name__}: {err}") from None
        except httpx.HTTPError as err:  # bad URL, broken gzip, unsupported protocol: retrying won't help
            raise FetchFailed(f"{type(err).__name__}: {err}") from None
        except (httpx.InvalidURL, ValueError) as err:  # e.g. a host name IDNA cannot encode
            raise FetchFailed(f"invalid URL: {type(err).__name__}: {err}") from None
        finally:
            if status:
                self.traffic.count(status, received)
        if status in RETRY_STATUSES:
            raise _Retryable(f"HTTP {status}", wait=_retry_after(response.headers.get("retry-after")))
        return response

    def _check(self, response: Response, accept: tuple[str, ...] | None, max_bytes: int) -> None:
        if not 200 <= response.status < 300:
            return
        if accept and response.media_type not in accept:
            raise WrongType(f"not a page: content type {response.media_type or 'missing'}")
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > max_bytes:
            raise FetchFailed(f"response is {int(length)} bytes, more than the {max_bytes} allowed")

    def _read(self, raw: httpx.Response, limit: int, *, strict: bool) -> bytes:
        """The body, up to ``limit`` bytes (after gzip), within ``total_timeout`` seconds."""
        started = self._clock()
        chunks, size = [], 0
        for chunk in raw.iter_bytes():
            size += len(chunk)
            if size > limit:
                if strict:
                    raise FetchFailed(f"response is more than the {limit} bytes allowed")
                break
            chunks.append(chunk)
            if self._clock() - started > self.settings.total_timeout:
                raise FetchFailed(f"response took longer than {self.settings.total_timeout:g} s")
        return b"".join(chunks)


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since for what the last fetch of a URL said about it."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _retry_after(value: str | None) -> float:
    if value and value.strip().isdigit():
        return min(float(value.strip()), MAX_RETRY_AFTER)
    return 0.0

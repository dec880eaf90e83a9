"""A LibreTranslate server on 127.0.0.1 for tests and benchmarks.

It speaks the ``/translate`` and ``/languages`` endpoints of LibreTranslate's API. What it
answers is decided by ``respond(text, attempt)``, which returns a :class:`Reply`; by default
it "translates" by upper-casing, which leaves the ``[X1X]`` tokens of masked texts intact.
A reply can also misbehave: a body that is not JSON, or one cut short on the wire.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass(slots=True, frozen=True)
class Reply:
    """What the server does with one request."""

    status: int = 200
    text: str | None = None  # translatedText; None: the upper-cased input
    delay: float = 0.0  # seconds to wait before answering
    retry_after: str | None = None  # a Retry-After header
    body: bytes | None = None  # sent as it is instead of the JSON answer (garbage, truncated JSON)
    cut: int | None = None  # send only this many bytes of the body, announce all, then hang up


def upper(text: str, attempt: int) -> Reply:
    """The default behaviour: a prompt answer, upper-cased."""
    return Reply()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


class LibreTranslateServer:
    """A threaded HTTP server; use as a context manager, read :attr:`url`."""

    def __init__(self, respond: Callable[[str, int], Reply] = upper, *, latency: float = 0.0, api_key: str | None = None):
        self.respond = respond
        self.latency = latency
        self.api_key = api_key
        self.received: list[dict[str, str]] = []  # every /translate request's parameters
        self.attempts: Counter[str] = Counter()
        self.answered: list[str] = []  # the ``q`` of every 200 answer sent in full
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            wbufsize = 65536  # headers and body leave in one packet (no Nagle/delayed-ACK stall)

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _send(self, status: int, payload: object, headers: dict[str, str] | None = None,
                      *, body: bytes | None = None, cut: int | None = None) -> bool:
                """Send one answer; return whether it left in full."""
                if body is None:
                    body = json.dumps(payload).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    for key, value in (headers or {}).items():
                        self.send_header(key, value)
                    self.end_headers()
                    if cut is not None:
                        self.wfile.write(body[:cut])
                        self.wfile.flush()
                        self.close_connection = True
                        return False
                    self.wfile.write(body)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    return False
                return True

            def _params(self) -> dict[str, str]:
                url = urlsplit(self.path)
                params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    raw = self.rfile.read(length).decode("utf-8")
                    if self.headers.get("Content-Type", "").startswith("application/json"):
                        params.update({k: str(v) for k, v in json.loads(raw).items()})
                    else:
                        params.update({k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()})
                return params

            def do_GET(self) -> None:
                if urlsplit(self.path).path.rstrip("/") == "/languages":
                    codes = ["en", "ro", "pl", "it", "es", "lv", "de", "sv"]
                    self._send(200, [{"code": c, "name": c, "targets": codes} for c in codes])
                else:
                    self._send(404, {"error": "not found"})

            def do_POST(self) -> None:
                if urlsplit(self.path).path.rstrip("/") != "/translate":
                    self._send(404, {"error": "not found"})
                    return
                params = self._params()
                with server._lock:
                    server.received.append(params)
                    text = params.get("q", "")
                    server.attempts[text] += 1
                    attempt = server.attempts[text]
                if server.api_key is not None and params.get("api_key") != server.api_key:
                    self._send(403, {"error": "Invalid API key"})
                    return
                reply = server.respond(text, attempt)
                if server.latency:
                    time.sleep(server.latency)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status != 200:
                    headers = {"Retry-After": reply.retry_after} if reply.retry_after else None
                    self._send(reply.status, {"error": f"status {reply.status}"}, headers)
                    return
                answer = text.upper() if reply.text is None else reply.text
                if self._send(200, {"translatedText": answer}, body=reply.body, cut=reply.cut):
                    with server._lock:
                        server.answered.append(text)

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def texts(self) -> list[str]:
        """The ``q`` of every /translate request, in arrival order."""
        with self._lock:
            return [params.get("q", "") for params in self.received]

    def __enter__(self) -> LibreTranslateServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

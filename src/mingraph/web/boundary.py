"""What the application may take from a request line and its headers.

- **Its own address comes from ``--base-url``**, never from the client: the Host
  header (and the scheme) of every request are replaced by the base URL's before
  any route sees them, so the absolute URLs the server writes (redirects, the
  language switch, the service description's endpoint) all name the server.
- **Only UTF-8**: a path or query string whose percent-escapes hide bytes that are
  not UTF-8 is refused with 400, for every route and method, as a POST body is.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes, urlsplit


class BadBaseURL(ValueError):
    pass


def base_url(text: str) -> tuple[str, str]:
    """(scheme, host[:port]) of a base URL given as ``http(s)://host[:port][/]``."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise BadBaseURL(f"give the base URL as http://host[:port] or https://..., not {text!r}")
    if parts.query or parts.fragment or "@" in parts.netloc or not parts.netloc.isascii():
        raise BadBaseURL(f"give the base URL as http://host[:port] or https://..., not {text!r}")
    return parts.scheme, parts.netloc


def _is_utf8(raw: bytes) -> bool:
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class Boundary:
    """ASGI middleware: the base URL's host and scheme in every request; UTF-8 only."""

    def __init__(self, app, scheme: str, netloc: str):
        self.app, self.scheme, self.host = app, scheme, netloc.encode("ascii")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
        if not (_is_utf8(raw_path) and _is_utf8(scope.get("query_string", b""))):
            body = b"the request is not valid UTF-8\n"
            await send(
                {
                    "type": "http.response.start",
                    "status": 400,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                        (b"access-control-allow-origin", b"*"),
                    ],
                }
            )
            return await send({"type": "http.response.body", "body": body})
        headers = [(name, value) for name, value in scope["headers"] if name != b"host"]
        scope = {**scope, "scheme": self.scheme, "headers": [(b"host", self.host), *headers]}
        return await self.app(scope, receive, send)

"""What the web server refuses before and while it answers.

Any web page a reader has open can send GET requests to 127.0.0.1, so a
request is bounded: no NUL bytes, no parameter longer than
``MAX_PARAM_CHARS``, and every SQLite statement it runs is stopped through
SQLite's progress handler once the request has had ``BUDGET_SECONDS``
(search words are bounded by the store: ``store.to_fts_query``).  Refusals are
a clear 400, never a 500.  (Pages without a reader's words, TEXT_PARAMS,
have no budget: their paging is bounded and a cold aggregate may take
longer on a large archive.)  With uploads allowed, a request must name the
server's own host (no DNS rebinding) and an upload must come from the
server's own pages (no ``Origin: null`` from a sandboxed frame, no other
site).
"""
from __future__ import annotations

import contextvars
import html
import json
import time
from urllib.parse import parse_qsl, urlsplit

from fastapi import HTTPException, Request

BUDGET_SECONDS = 1.5  # per request, for all its SQLite statements together (answered within 2 s)
MAX_PARAM_CHARS = 500  # no search, name or filter is longer
PROGRESS_OPS = 1_000  # SQLite VM steps between looks at the clock (FTS5 steps can be slow)
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
# Parameters that carry a reader's words: a request with one of them is
# under the time budget.  Pages without them cost what they always cost
# (their paging is bounded) and may take longer cold on a large archive.
TEXT_PARAMS = frozenset({"q", "about", "speaker", "claimant", "name", "person", "text", "outlet", "category"})

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("dateline_deadline", default=None)


class OverBudget(Exception):
    """A request that ran past its time budget (SQLite interrupted it)."""


def over_budget() -> int:
    """SQLite's progress handler: non-zero stops the statement."""
    d = _deadline.get()
    return 1 if d is not None and time.monotonic() > d else 0


def arm(db) -> None:
    """Put a read connection under the per-request budget."""
    db.set_progress_handler(over_budget, PROGRESS_OPS)


def is_interrupt(e: Exception) -> bool:
    return "interrupted" in str(e)


def refusal(path: str, status: int, message: str):
    """A 4xx as JSON under /api/, as a short page elsewhere."""
    if path.startswith("/api/") or path == "/api":
        return status, b"application/json", json.dumps({"detail": message}).encode()
    body = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{status}</title></head><body>"
            f"<h1>{status}</h1><p>{html.escape(message)}</p><p><a href='/'>Home</a></p></body></html>")
    return status, b"text/html; charset=utf-8", body.encode()


def problem(scope) -> str | None:
    """Why a request is refused before it is routed, or None."""
    raw_path = scope.get("raw_path") or scope.get("path", "").encode()
    query = scope.get("query_string", b"")
    if b"\x00" in raw_path or b"%00" in raw_path.lower() or "\x00" in scope.get("path", ""):
        return "NUL bytes are not allowed in the address"
    if b"%00" in query.lower() or b"\x00" in query:
        return "NUL bytes are not allowed in a query"
    if len(query) > 8 * MAX_PARAM_CHARS:
        return f"query string longer than {8 * MAX_PARAM_CHARS} bytes"
    for k, v in parse_qsl(query.decode("utf-8", "replace"), keep_blank_values=True):
        if len(v) > MAX_PARAM_CHARS:
            return f"{k[:40]}: longer than {MAX_PARAM_CHARS} characters"
    return None


def has_words(scope) -> bool:
    query = scope.get("query_string", b"").decode("utf-8", "replace")
    return any(k in TEXT_PARAMS and v.strip() for k, v in parse_qsl(query))


class RequestGuard:
    """ASGI middleware: refuses NUL bytes and overlong parameters (400), sets
    the request's time budget, and answers HEAD like GET without a body."""

    def __init__(self, app, budget: float | None = None):
        self.app, self.budget = app, budget

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        why = problem(scope)
        if why:
            status, ctype, body = refusal(scope.get("path", ""), 400, why)
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        budget = self.budget if self.budget is not None else BUDGET_SECONDS
        token = _deadline.set(time.monotonic() + budget if has_words(scope) else None)
        try:
            if scope["method"] == "HEAD":
                scope = {**scope, "method": "GET"}

                async def no_body(msg):
                    if msg["type"] == "http.response.body":
                        msg = {**msg, "body": b""}
                    await send(msg)

                return await self.app(scope, receive, no_body)
            return await self.app(scope, receive, send)
        finally:
            _deadline.reset(token)


def allowed_hosts(bound: str | None) -> list[str]:
    """The Host names a server bound to ``bound`` answers to with uploads
    allowed: that address, and the loopback names when it is loopback.  An
    IPv6 address is listed bare and in brackets: a Host header carries it
    bracketed ("[::1]:8000"), and Starlette's TrustedHostMiddleware compares
    the host with its brackets."""
    loopback = not bound or bound in LOOPBACK or bound.startswith("127.")
    names = {*LOOPBACK, *([bound] if bound else [])} if loopback else {bound}
    bare = {n.strip("[]") for n in names}
    return sorted(bare | {f"[{n}]" for n in bare if ":" in n})


def check_origin(request: Request, hosts: list[str]) -> None:
    """Refuse a write that another site (or a sandboxed frame) sent."""
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    if origin is not None:
        if origin.strip().lower() == "null":
            raise HTTPException(403, "upload refused: the request comes from an opaque origin (Origin: null)")
        o = urlsplit(origin)
        if o.netloc != host or (o.hostname or "") not in [h.strip("[]") for h in hosts]:
            raise HTTPException(403, "cross-origin upload refused")
    elif request.headers.get("sec-fetch-site") == "cross-site":
        raise HTTPException(403, "cross-origin upload refused")

"""The JSON API described for a reader: every endpoint with its method and
what it gives, from the app's OpenAPI schema (no second list to keep)."""
from __future__ import annotations

from typing import Any


def endpoints(schema: dict[str, Any]) -> list[dict[str, str]]:
    """[{method, path, summary, description}] of every operation in an
    OpenAPI schema, in the schema's order."""
    return [{"method": method.upper(), "path": path, "summary": op.get("summary", ""),
             "description": (op.get("description") or "").strip()}
            for path, ops in schema.get("paths", {}).items() for method, op in ops.items()]


def index(schema: dict[str, Any]) -> dict[str, Any]:
    """What ``/api/`` answers: the endpoints, and where the full schema is."""
    info = schema.get("info", {})
    return {"name": info.get("title"), "version": info.get("version"), "description": info.get("description"),
            "openapi": "/openapi.json", "docs": "/docs", "endpoints": endpoints(schema)}

"""Uploads (only under ``dateline serve --allow-ingest``): /ingest and /api/ingest."""
from __future__ import annotations

import os
import re
import tempfile

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse

from ...store import Store
from .. import guard, schemas
from ..context import Ctx

UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".warc", ".gz")


class TooLarge(Exception):
    """An upload past the limit (raised by app.UploadLimit while the form is read)."""


def _safe_upload_name(name: str | None) -> str:
    base = (name or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or "upload"
    return base[-100:]


def make_router(ctx: Ctx, host: str | None) -> APIRouter:
    """The upload routes; only requests from this server's own origin may post."""
    router = app = APIRouter()
    max_upload, db_path, write_lock, stores, page = ctx.max_upload, ctx.db_path, ctx.write_lock, ctx.stores, ctx.page
    hosts = guard.allowed_hosts(host)

    def check_origin(request: Request) -> None:
        """Refuse cross-site form posts (a page elsewhere posting to this local server)."""
        guard.check_origin(request, hosts)

    async def receive_upload(request: Request) -> tuple[str, str]:
        check_origin(request)
        try:
            form = await request.form(max_files=1, max_fields=5)
        except TooLarge:
            raise
        except Exception as e:  # malformed multipart
            raise HTTPException(400, f"bad upload: {e}") from e
        f = form.get("file")
        if f is None or isinstance(f, str):
            raise HTTPException(400, "no file in the upload (field name: file)")
        name = _safe_upload_name(f.filename)
        if not name.lower().endswith(UPLOAD_SUFFIXES):
            raise HTTPException(415, "upload a text dump (.txt), an HTML page (.html), JSONL or WARC (.gz ok)")
        fd, tmp = tempfile.mkstemp(prefix="dateline-upload-", suffix="-" + name)
        size = 0
        with os.fdopen(fd, "wb") as out:
            while chunk := await f.read(1 << 20):
                size += len(chunk)
                if size > max_upload:
                    out.close()
                    os.unlink(tmp)
                    raise HTTPException(413, f"upload larger than {max_upload // (1024 * 1024)} MB")
                out.write(chunk)
        await f.close()
        return name, tmp

    def run_ingest(name: str, tmp: str) -> dict:
        from ...ingest import ingest_file
        from ...read import InputFile

        try:
            with write_lock, Store(db_path) as writer:
                r = ingest_file(InputFile("upload/" + name, tmp), writer, force=True)
            return {"name": name, "status": r.status, "format": r.format, "articles": r.articles,
                    "new": r.new, "message": r.message, "warnings": r.warnings}
        except Exception as e:  # a reader that is missing or breaks: report, do not crash
            return {"name": name, "status": "failed", "format": "?", "articles": 0, "new": 0,
                    "message": f"{type(e).__name__}: {e}", "warnings": []}
        finally:
            try:
                os.unlink(tmp)
            except OSError:
                pass

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_form(request: Request):
        return page(request, "ingest.html", nav="ingest", result=None, max_mb=max_upload // (1024 * 1024))

    @app.post("/ingest", response_class=HTMLResponse, include_in_schema=False)
    async def ingest_post(request: Request):
        from starlette.concurrency import run_in_threadpool

        name, tmp = await receive_upload(request)
        result = await run_in_threadpool(run_ingest, name, tmp)
        recent = stores.get().list_articles(limit=10) if result["new"] else []
        return page(request, "ingest.html", nav="ingest", result=result, recent=recent,
                    max_mb=max_upload // (1024 * 1024),
                    status_code=200 if result["status"] != "failed" else 422)

    @app.post("/api/ingest", response_model=schemas.IngestFile, tags=["archive"])
    async def api_ingest(request: Request):
        """Upload one file (multipart field `file`); only when the server runs with --allow-ingest."""
        from starlette.concurrency import run_in_threadpool

        name, tmp = await receive_upload(request)
        result = await run_in_threadpool(run_ingest, name, tmp)
        return JSONResponse(result, status_code=200 if result["status"] != "failed" else 422)

    return router

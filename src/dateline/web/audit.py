"""Audit pages: the list of audits, a report with its intervals, and a
judging page worked with the keyboard alone (static/audit.js: y right,
n wrong, s skip, j/k next/previous).

Reading is open like every page; judging writes to the archive's audit
tables, so it exists only when the app is created with ``audit=True``
(``dateline audit judge ID --web``).  Judgements are plain form posts: the
page works without its script too, and every post is committed at once.
"""
from __future__ import annotations

import base64
import os
import tempfile
from typing import Any, Callable
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup, escape

from ..audit import KIND_HELP, KINDS, draw_chart, styled_runs
from ..audit_store import Audits, NoAudit
from ..store import Store

CLASSES = {"sentence": "au-s", "value": "au-v", "context": "au-c"}


def marked_paragraph(par: str, sentence: list[int], marks: list[list]) -> Markup:
    """The paragraph as HTML: each run escaped on its own, the sentence and
    the extracted value wrapped in classed spans."""
    out = []
    for run, styles in styled_runs(par, sentence, marks):
        text = str(escape(run))
        if styles:
            cls = " ".join(CLASSES[s] for s in sorted(styles))
            text = f'<span class="{cls}">{text}</span>'
        out.append(text)
    return Markup("".join(out))


def chart_uri(summary: dict[str, Any]) -> str | None:
    fd, tmp = tempfile.mkstemp(suffix=".png")
    os.close(fd)
    try:
        draw_chart([summary], tmp)
        with open(tmp, "rb") as f:
            return "data:image/png;base64," + base64.b64encode(f.read()).decode()
    except Exception:  # noqa: BLE001 - the table stands without the chart
        return None
    finally:
        os.unlink(tmp)


def register(app: FastAPI, page: Callable[..., HTMLResponse], stores, db_path: str, writable: bool,
             write_lock) -> None:
    def audits() -> Audits:
        return Audits(stores.get())

    def summary_or_404(audit_id: int) -> dict[str, Any]:
        try:
            return audits().summary(audit_id)
        except NoAudit as e:
            raise HTTPException(404, str(e)) from e

    @app.get("/audits", response_class=HTMLResponse, include_in_schema=False)
    def audits_page(request: Request):
        return page(request, "audits.html", nav="audits", audits=audits().list(), writable=writable)

    @app.get("/audits/{audit_id}", response_class=HTMLResponse, include_in_schema=False)
    def audit_page(request: Request, audit_id: int):
        s = summary_or_404(audit_id)
        return page(request, "audit_report.html", nav="audits", s=s, chart=chart_uri(s) if s["judged"] else None,
                    writable=writable)

    @app.get("/api/audits", tags=["audits"])
    def api_audits() -> list[dict[str, Any]]:
        """The audits of the archive, with how far each is judged."""
        return audits().list()

    @app.get("/api/audits/{audit_id}", tags=["audits"])
    def api_audit(audit_id: int) -> dict[str, Any]:
        """Precision overall, per field and per outlet with Wilson 95% intervals, and the wrong items."""
        return summary_or_404(audit_id)

    @app.get("/audits/{audit_id}/judge", response_class=HTMLResponse, include_in_schema=False)
    def judge_page(request: Request, audit_id: int, item: int | None = None):
        au = audits()
        try:
            a = au.get(audit_id)
        except NoAudit as e:
            raise HTTPException(404, str(e)) from e
        items = au.items(audit_id)
        if item is None:
            pos = au.first_pending(audit_id)
            if pos is None:
                return RedirectResponse(f"/audits/{audit_id}", status_code=303)
        else:
            pos = item - 1
        if not 0 <= pos < len(items):
            raise HTTPException(404, f"audit {audit_id} has items 1 to {len(items)}")
        j = items[pos]
        c = j.item["context"]
        done = sum(1 for x in items if x.verdict)
        return page(request, "audit_judge.html", nav="audits", a=a, j=j, total=len(items), done=done,
                    fields=KINDS[a["kind"]], question=KIND_HELP[a["kind"]], writable=writable,
                    paragraph=marked_paragraph(c["paragraph"], c["sentence"], c["marks"]))

    if not writable:
        return

    def check_origin(request: Request) -> None:
        """Refuse cross-site posts (a page elsewhere posting to this local server)."""
        origin = request.headers.get("origin")
        if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
            raise HTTPException(403, "cross-origin post refused")

    @app.post("/audits/{audit_id}/items/{pos}", include_in_schema=False)
    async def judge_post(request: Request, audit_id: int, pos: int):
        from starlette.concurrency import run_in_threadpool

        check_origin(request)
        form = await request.form(max_files=0, max_fields=20)
        verdict = str(form.get("verdict") or "")
        try:
            kind = audits().get(audit_id)["kind"]
        except NoAudit as e:
            raise HTTPException(404, str(e)) from e
        correction = {f: str(form.get(f"correction_{f}") or "") for f in KINDS[kind]}
        wrong = [str(f) for f in form.getlist("field")] + [f for f, v in correction.items() if v.strip()]
        if verdict == "wrong" and not wrong:
            wrong = list(KINDS[kind])  # wrong, nothing named: the fact as a whole

        def save() -> int | None:
            with write_lock, Store(db_path) as w:
                au = Audits(w)
                au.judge(audit_id, pos - 1, verdict, list(dict.fromkeys(wrong)), correction)
                return au.first_pending(audit_id, after=pos - 1)

        try:
            nxt = await run_in_threadpool(save)
        except NoAudit as e:
            raise HTTPException(404, str(e)) from e
        except ValueError as e:
            raise HTTPException(400, str(e)) from e
        target = f"/audits/{audit_id}" if nxt is None else f"/audits/{audit_id}/judge?item={nxt + 1}"
        return RedirectResponse(target, status_code=303)

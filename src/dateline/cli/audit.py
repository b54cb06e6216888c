"""``dateline audit``: draw a sample of extracted facts, judge it by
keyboard (here or in the browser), and report how right the archive is.

``register(app)`` adds the ``audit`` command group to the ``dateline`` app.
"""
from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table
from rich.text import Text

from ..audit import KIND_HELP, KINDS, SCORE_LINES, Judged, compare, draw_chart, styled_runs, to_gold
from ..audit_store import Audits, NoAudit

KEYS_HELP = "[y] right  [n] wrong  [s] skip  [b] back  [j] next  [q] quit"


def register(app: typer.Typer) -> None:
    from . import base as cli

    out, err = cli.out, cli.err
    audit_app = typer.Typer(help="How right is the archive on your news? Sample facts, judge them, report precision.",
                            no_args_is_help=True)
    app.add_typer(audit_app, name="audit")

    def fail(msg: str, code: int = 2) -> None:
        err.print(Text(msg, style="red"))
        raise typer.Exit(code)

    @contextmanager
    def audits_of(db: Optional[str], readonly: bool = True):
        """The archive's audits; an audit that is not there is a message and exit 1."""
        cli._db_option(db)
        with cli.open_store(readonly=readonly) as store:
            try:
                yield Audits(store)
            except NoAudit as e:
                fail(str(e), 1)

    @audit_app.command("start")
    def start(
        kind: str = typer.Option(..., "--kind", "-k", help="quotes | speakers | counts | claimants | people | articles"),
        n: Optional[int] = typer.Option(None, "--n", "-n", min=1, help="Items to sample (default 100)."),
        margin: Optional[float] = typer.Option(None, "--margin",
                                               help="Size the sample for this margin of error at 95% confidence "
                                                    "(0.05 = +-5 points; 385 items on a large archive)."),
        outlet: Optional[str] = typer.Option(None, "--outlet", help="Only articles of this outlet (part of its name)."),
        since: Optional[str] = typer.Option(None, help="YYYY-MM-DD"),
        until: Optional[str] = typer.Option(None, help="YYYY-MM-DD"),
        seed: Optional[int] = typer.Option(None, "--seed", help="Random seed (default: a new one, stored)."),
        stratify: bool = typer.Option(False, "--stratify", help="Stratify by outlet: each outlet gets its share "
                                                                "of the sample in proportion to its facts."),
        label: Optional[str] = typer.Option(None, "--label", help="A note, e.g. the version audited."),
        db: Optional[str] = cli.DB_OPT,
    ) -> None:
        """Draw a seeded random sample of extracted facts of one kind and store it for judging."""
        cli._db_option(db)
        if kind not in KINDS:
            fail(f"--kind must be one of {', '.join(KINDS)}")
        if n is not None and margin is not None:
            fail("give --n or --margin, not both")
        if margin is not None and not 0 < margin < 1:
            fail("--margin is a proportion, e.g. 0.05")
        if not os.path.exists(cli.State.db):
            fail(f"No archive at {cli.State.db}. Run `dateline ingest PATH` first, or pass --db.")
        with audits_of(db, readonly=False) as audits:
            aid = audits.start(kind, n=n, margin=margin, outlet=outlet, since=since, until=until, seed=seed,
                               stratify=stratify, label=label)
            a = audits.get(aid)
        err.print(Text.assemble(("audit ", ""), (str(aid), "bold"),
                                f": {a['params']['n']} {kind} of {a['population']} (seed {a['seed']}"
                                f"{', stratified by outlet' if stratify else ''})"))
        err.print(f"judge it: dateline audit judge {aid}   (or in the browser: dateline audit judge {aid} --web)")
        print(aid)

    @audit_app.command("list")
    def list_audits(as_json: bool = typer.Option(False, "--json"), db: Optional[str] = cli.DB_OPT) -> None:
        """The audits of the archive, with how far each is judged."""
        cli._db_option(db)
        with cli.open_store(readonly=True) as store:
            rows = Audits(store).list()
        if as_json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            err.print("No audits yet: dateline audit start --kind quotes")
            return
        t = Table()
        for c in ("id", "kind", "sampled", "judged", "right", "wrong", "population", "seed", "label", "created"):
            t.add_column(c)
        for r in rows:
            t.add_row(str(r["id"]), r["kind"], str(r["sampled"]), str(r["judged"]), str(r["right"]), str(r["wrong"]),
                      str(r["population"]), str(r["seed"]), r["label"] or "", r["created_at"])
        out.print(t)

    @audit_app.command("judge")
    def judge(
        audit_id: Optional[int] = typer.Argument(None, help="Audit id (default: the latest)."),
        item: Optional[int] = typer.Option(None, "--item", help="Start at this item (1-based) instead of the "
                                                                "first unjudged one."),
        web: bool = typer.Option(False, "--web", help="Judge in the browser instead (keyboard too)."),
        host: str = typer.Option("127.0.0.1", "--host"),
        port: int = typer.Option(8000, "--port"),
        db: Optional[str] = cli.DB_OPT,
    ) -> None:
        """Judge an audit with the keyboard: y right, n wrong (then which field and the right value), s skip,
        b back, j next, q quit.  Each judgement is saved at once; run again to resume."""
        cli._db_option(db)
        if not os.path.exists(cli.State.db):
            fail(f"No archive at {cli.State.db}.")
        with audits_of(db, readonly=False) as audits:
            a = audits.get(audit_id)
            if not web:
                Judge(audits, a, out, err).run(None if item is None else item - 1)
                return
        import uvicorn

        from ..web.app import create_app

        start = f"?item={item}" if item else ""
        err.print(f"Judge audit {a['id']} at [bold]http://{host}:{port}/audits/{a['id']}/judge{start}[/]  "
                  "(keys: y right, n wrong, s skip, j/k next/previous; Ctrl+C to stop)")
        uvicorn.run(create_app(cli.State.db, audit=True), host=host, port=port, log_level="warning")

    @audit_app.command("report")
    def report(
        audit_id: Optional[int] = typer.Argument(None, help="Audit id (default: the latest)."),
        compare_with: Optional[int] = typer.Option(None, "--compare", help="Another audit to compare with "
                                                                            "(e.g. of another version)."),
        chart: Optional[Path] = typer.Option(None, "--chart", help="Draw the intervals: FILE.png or FILE.svg."),
        as_json: bool = typer.Option(False, "--json"),
        db: Optional[str] = cli.DB_OPT,
    ) -> None:
        """Precision overall, per field and per outlet with Wilson 95% intervals, and the wrong items."""
        with audits_of(db) as audits:
            s = audits.summary(audit_id)
            other = audits.summary(compare_with) if compare_with is not None else None
        result = {"report": s}
        if other and other["kind"] != s["kind"]:
            err.print(f"[yellow]warning[/] audit {s['audit']} judged {s['kind']}, audit {other['audit']} "
                      f"{other['kind']}: their precisions measure different things")
        if other:
            result = {"report": s, "other": other, "comparison": compare(s, other)}
        if chart:
            draw_chart([s] + ([other] if other else []), str(chart))
            err.print(f"chart: {chart}")
        if as_json:
            print(json.dumps(result if other else s, ensure_ascii=False, indent=2))
            return
        print_report(out, s)
        if other:
            print_comparison(out, result["comparison"])

    @audit_app.command("export")
    def export_gold(
        audit_id: int = typer.Argument(..., help="Audit id."),
        gold: Path = typer.Option(..., "--gold", help="Gold file to write (one per source file: FILE-2.json...)."),
        db: Optional[str] = cli.DB_OPT,
    ) -> None:
        """Write the judged items, with corrections, in the gold schema of shared/gold/ (a regression set)."""
        with audits_of(db) as audits:
            a = audits.get(audit_id)
            files = to_gold(a, audits.items(a["id"]))
        if not files:
            fail(f"audit {audit_id} has no judged items to export", 1)
        paths = gold_paths(gold, len(files))
        for path, g in zip(paths, files):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(g, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            err.print(f"{path}: {len(g['articles'])} articles from {g['file']}")
        golds = " ".join(str(p) for p in paths) if len(paths) < 4 else str(gold.with_name(f"{gold.stem}-*{gold.suffix}"))
        err.print(f"score: dateline export --format jsonl -o pred.jsonl && python shared/eval/score.py pred.jsonl {golds}")
        err.print("(a sample is partial gold: read " + "; ".join(SCORE_LINES[a["kind"]]) + ")")


def gold_paths(gold: Path, n: int) -> list[Path]:
    if n == 1:
        return [gold]
    return [gold.with_name(f"{gold.stem}-{i}{gold.suffix or '.json'}") for i in range(1, n + 1)]


def _pct(r: dict) -> str:
    if not r or not r["judged"]:
        return "-"
    return f"{r['precision']:.1%}  [{r['low']:.1%}, {r['high']:.1%}]"


def print_report(out, s: dict) -> None:
    title = (f"audit {s['audit']}: {s['kind']}{' (' + s['label'] + ')' if s.get('label') else ''} - "
             f"{s['judged']} judged, {s['skipped']} skipped, {s['pending']} to do, of {s['sampled']} sampled "
             f"from {s['population']}")
    t = Table(title=title)
    for c in ("", "right", "judged", "precision [Wilson 95%]"):
        t.add_column(c, justify="left" if not c or c.startswith("precision") else "right")
    t.add_row(Text("overall", style="bold"), str(s["overall"]["right"]), str(s["overall"]["judged"]),
              _pct(s["overall"]))
    if len(s["per_field"]) > 1:
        for f, r in s["per_field"].items():
            t.add_row(f"field: {f}", str(r["right"]), str(r["judged"]), _pct(r))
    for o, r in s["per_outlet"].items():
        t.add_row(Text(f"outlet: {o}"), str(r["right"]), str(r["judged"]), _pct(r))
    out.print(t)
    if s["wrong"]:
        out.print(Text(f"wrong ({len(s['wrong'])}):", style="bold"))
        for w in s["wrong"]:
            what = "; ".join(f"{f}: {w['extracted'].get(f)!s}" + (f" -> {w['correction'][f]}" if f in w["correction"]
                                                                 else "") for f in w["fields"])
            out.print(Text.assemble((f"  #{w['pos'] + 1} ", "dim"), (what, "red"),
                                    (f"  {w['outlet'] or ''} {w['article_id'][:10]} (dateline show "
                                     f"{w['article_id'][:10]}, {w['link']})", "dim")))
            out.print(Text("      " + w["sentence"][:240], style="italic"))


def print_comparison(out, c: dict) -> None:
    t = Table(title=f"audit {c['a']} ({c['kind_a']}) against audit {c['b']} ({c['kind_b']})")
    for col in ("", f"audit {c['a']}", f"audit {c['b']}", "difference [Newcombe 95%]"):
        t.add_column(col)
    for r in c["rows"]:
        d = r["a_minus_b"]
        diff = "-" if not d else (f"{d['difference']:+.1%}  [{d['low']:+.1%}, {d['high']:+.1%}]"
                                  + ("  clear" if d["clear"] else ""))
        t.add_row(r["what"], _pct(r["a"]), _pct(r["b"]), diff)
    out.print(t)


# ---------------------------------------------------------------------------
class Keys:
    """Keys from the keyboard: one key a press on a terminal (no Enter), one
    line a key when the input is a file or a pipe (scripted judging).

    On a terminal the whole session runs in cbreak mode (``session()``) and
    corrections are read there too, echoed here: switching the terminal's
    mode between keys would lose a key typed at that moment."""

    def __init__(self, stream=None, echo=None):
        self.stream = stream or sys.stdin
        self.echo = echo or sys.stderr
        try:
            self.tty = self.stream.isatty()
        except (AttributeError, ValueError):
            self.tty = False
        self.fd = self.stream.fileno() if self.tty else None

    @contextmanager
    def session(self):
        if not self.tty:
            yield
            return
        import termios
        import tty

        old = termios.tcgetattr(self.fd)
        try:
            tty.setcbreak(self.fd)
            yield
        finally:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, old)

    def key(self) -> str:
        """One key, lower-cased; 'q' at the end of the input."""
        if self.tty:
            b = os.read(self.fd, 1)
            if not b:
                return "q"
            ch = b.decode("ascii", "replace")
            return "q" if ch in ("\x03", "\x04") else ch.lower()
        line = self.stream.readline()
        if not line:
            return "q"
        return (line.strip()[:1] or "\n").lower()

    def line(self, prompt: str) -> str | None:
        """A line of text (a correction) after ``prompt``; None at the end
        of the input or on Escape."""
        self.echo.write(prompt)
        self.echo.flush()
        if not self.tty:
            line = self.stream.readline()
            self.echo.write("\n")
            return line.rstrip("\r\n") if line else None
        buf = bytearray()
        while True:
            b = os.read(self.fd, 1)
            if not b or b in (b"\x03", b"\x04", b"\x1b"):
                self.echo.write("\n")
                return None
            if b in (b"\r", b"\n"):
                self.echo.write("\n")
                self.echo.flush()
                return buf.decode("utf-8", "replace")
            if b in (b"\x7f", b"\x08"):
                text = buf.decode("utf-8", "ignore")[:-1]
                buf = bytearray(text.encode("utf-8"))
                self.echo.write("\b \b")
            else:
                buf += b
                try:
                    self.echo.write(b.decode("utf-8"))
                except UnicodeDecodeError:  # part of a character: shown when it is whole
                    pass
            self.echo.flush()


class Judge:
    """The terminal judging loop over one audit."""

    def __init__(self, audits: Audits, audit: dict, out, err, keys: Keys | None = None):
        self.audits, self.audit, self.out, self.err = audits, audit, out, err
        self.keys = keys or Keys()
        self.kind = audit["kind"]
        self.fields = KINDS[self.kind]

    def run(self, start: int | None = None) -> None:
        with self.keys.session():
            try:
                self._loop(start)
            except KeyboardInterrupt:
                pass
        aid = self.audit["id"]
        items = self.audits.items(aid)
        left = sum(1 for j in items if j.verdict is None)
        self.err.print(f"Saved. {len(items) - left} of {len(items)} judged"
                       + (f"; resume: dateline audit judge {aid}" if left else f"; report: dateline audit report {aid}"))

    def _loop(self, start: int | None) -> None:
        aid = self.audit["id"]
        items = self.audits.items(aid)
        total = len(items)
        pos = start if start is not None and 0 <= start < total else self.audits.first_pending(aid)
        if pos is None:
            self.err.print(f"Audit {aid} is fully judged. Report: dateline audit report {aid}")
            return
        while pos is not None:
            j = self.audits.item(aid, pos)
            self.show(j, total)
            k = self.keys.key()
            if k in ("y", "r"):
                self.audits.judge(aid, pos, "right")
            elif k in ("n", "w", "x"):
                got = self.ask_wrong()
                if got is None:
                    continue
                self.audits.judge(aid, pos, "wrong", *got)
            elif k == "s":
                self.audits.judge(aid, pos, "skip")
            elif k in ("b", "k"):
                pos = max(0, pos - 1)
                continue
            elif k == "j":
                pos = min(total - 1, pos + 1)
                continue
            elif k == "q":
                break
            else:
                self.err.print(f"keys: {KEYS_HELP}")
                continue
            pos = self.audits.first_pending(aid, after=pos)

    def ask_wrong(self) -> tuple[list[str], dict[str, str]] | None:
        if len(self.fields) > 1:
            menu = "  ".join(f"{i}={f}" for i, f in enumerate(self.fields, 1))
            line = self.keys.line(f"Which is wrong? {menu} (digits, Enter = all; Esc back): ")
            if line is None:
                return None
            picks = [self.fields[int(c) - 1] for c in line if c.isdigit() and 1 <= int(c) <= len(self.fields)]
            wrong = list(dict.fromkeys(picks)) or list(self.fields)
        else:
            wrong = [self.fields[0]]
        correction = {}
        for f in wrong:
            hint = " ('none' for none)" if f in ("speaker", "claimant", "role") else ""
            line = self.keys.line(f"Right {f}{hint} (Enter to give none): ")
            if line is None:
                return None
            if line.strip():
                correction[f] = line.strip()
        return wrong, correction

    def show(self, j: Judged, total: int) -> None:
        item, c = j.item, j.item["context"]
        a = item["article"]
        o = self.out
        o.print()
        o.rule(Text(f"audit {self.audit['id']} · {self.kind} · item {j.pos + 1} of {total}"), style="dim")
        if j.verdict:
            o.print(Text(f"(judged {j.verdict}" + (f": {', '.join(j.wrong_fields)}" if j.wrong_fields else "") + ")",
                         style="yellow"))
        o.print(Text(KIND_HELP[self.kind], style="dim"))
        o.print(Text.assemble((a["title"] or "(no headline)", "bold"),
                              (f"  {a['outlet'] or ''} {a['day'] or ''} · {a['id'][:10]}", "dim")))
        o.print(paragraph_text(c["paragraph"], c["sentence"], c["marks"]))
        if c.get("last_paragraph"):
            o.print(Text("…", style="dim"))
            o.print(Text(c["last_paragraph"]))
        for f in self.fields:
            o.print(Text.assemble((f"{f}: ", "bold"), (str(item["fields"].get(f)), "black on yellow")))
        o.print(Text(KEYS_HELP, style="dim"))


STYLES = {"sentence": "bold", "value": "black on yellow", "context": "underline"}


def paragraph_text(par: str, sentence: list[int], marks: list[list]) -> Text:
    """The paragraph with the sentence in bold and the extracted value
    highlighted; never parsed as markup (news has brackets of its own)."""
    t = Text()
    for run, styles in styled_runs(par, sentence, marks):
        t.append(run, style=" ".join(STYLES[s] for s in sorted(styles)) or None)
    return t

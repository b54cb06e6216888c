"""Ingest: input files -> the archive, one transaction per file.

A bad file is reported with its reason and skipped; the batch goes on and
nothing already stored is touched.  Ingesting the same input twice adds
nothing: ids come from content, and unchanged files are skipped outright.
"""
from __future__ import annotations

import gc
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain

from .core import extract, extract_lines
from .furniture import RepeatCounter
from .model import Article, RawDocument
from .read import InputFile, ReadError, ReadNotes, detect_encoding, expand, head_bytes, iter_batches, sniff_format
from .store import Store


@dataclass(slots=True)
class FileResult:
    path: str
    status: str  # "ok" | "skipped" | "failed"
    format: str = "text"
    articles: int = 0  # articles found in the file
    new: int = 0  # articles the archive did not have
    bytes: int = 0
    message: str | None = None
    warnings: list[str] = field(default_factory=list)
    # progress within the file, for a display (on_progress): input read so
    # far and its total (decompressed bytes of a .gz; None when not known,
    # as for HTML, WARC and JSONL), and what is being done
    done: int | None = None
    total: int | None = None
    phase: str = "reading"


def text_size(path: str) -> int | None:
    """The bytes of text a dump holds: its size, or for a gzip file the size
    its trailer gives (modulo 4 GiB, so None when that cannot be right)."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            if f.read(2) != b"\x1f\x8b":
                return size
            f.seek(-4, os.SEEK_END)
            isize = int.from_bytes(f.read(4), "little")
    except OSError:
        return None
    return isize if isize >= size // 2 else None


def _counted(batches: Iterable[list[str]], result: FileResult,
             tick: Callable[[], None]) -> Iterator[list[str]]:
    """The batches of lines of ``batches``, noting in ``result.done`` the
    characters read so far (bytes, for the mostly single-byte text of news)
    and calling ``tick`` per batch."""
    result.done = 0
    for batch in batches:
        result.done += sum(map(len, batch))
        tick()
        yield batch


def documents(f: InputFile, fmt: str, sample: bytes) -> Iterator[RawDocument]:
    """The raw documents in one non-dump file (HTML, WARC, JSONL)."""
    if fmt == "html":
        from .read.html import read_html

        yield from read_html(f.real_path, f.path)
    elif fmt == "warc":
        from .read.warc import read_warc

        yield from read_warc(f.real_path, f.path)
    elif fmt == "jsonl":
        from .read.jsonl import read_jsonl

        yield from read_jsonl(f.real_path, f.path)
    else:  # pragma: no cover - guarded by the caller
        raise ReadError(f"unknown format {fmt}")


def articles_of(f: InputFile, store: Store, result: FileResult, annotate: bool,
                learned: set[str], tick: Callable[[], None] | None = None, learn: bool = True) -> Iterator[Article]:
    """The articles of one file.  ``learn``: count the file's repeated lines
    into the archive's learned furniture (not when a file already ingested
    is read again with --force).  ``tick`` reports progress within the file."""
    sample = head_bytes(f.real_path)
    fmt = result.format = sniff_format(f.path, sample)
    if fmt == "text":
        encoding = detect_encoding(sample)

        def lines(notes: ReadNotes | None = None) -> Iterator[str]:  # read twice: repeats are counted first
            return chain.from_iterable(iter_batches(f.real_path, encoding, notes))

        result.phase = "scanning"
        if tick:
            tick()
        repeated = RepeatCounter().add_lines(lines()).repeated()
        if learn:
            store.learn_furniture(repeated)
        notes = ReadNotes()
        result.phase, result.total = "reading", text_size(f.real_path)
        batches = iter_batches(f.real_path, encoding, notes)
        if tick:  # progress within the file is shown: count what is read
            batches = _counted(batches, result, tick)
        yield from extract_lines(chain.from_iterable(batches), f.path, learned | repeated, annotate=annotate)
        result.warnings.extend(notes.warnings())
        return
    if not sample.strip():
        raise ReadError("empty file")
    for raw in documents(f, fmt, sample):
        if isinstance(raw, ReadError):
            result.warnings.append(str(raw))
            continue
        if isinstance(raw, str):  # a reader's closing tally (records taken, skipped, bad)
            result.message = raw
            continue
        try:
            found = extract(raw, learned, annotate)
        except Exception as e:  # noqa: BLE001 - one bad page must not sink the other records
            where = f"record {raw.meta['record']}" if "record" in raw.meta else "page"
            result.warnings.append(f"{where}: cannot extract ({type(e).__name__}: {e})"[:300])
            continue
        yield from found


def ingest_file(f: InputFile, store: Store, annotate: bool = True, learned: set[str] | None = None,
                force: bool = False, regroup_claims: bool = True,
                on_progress: Callable[[FileResult], None] | None = None) -> FileResult:
    """One file into the archive, in one transaction, then linked.  Claim
    groups are made again for the categories the file touched unless
    ``regroup_claims`` is off (a batch regroups once, at its end).
    ``on_progress`` is called with the result so far as the file is read
    (each MB of a dump, every few articles of other formats) and linked."""
    result = FileResult(f.path, "ok")
    tick = (lambda: on_progress(result)) if on_progress else None  # noqa: E731
    try:
        st = os.stat(f.real_path)
        result.bytes = st.st_size
    except OSError:
        st = None
    if st and not force and f.path != "<stdin>" and store.source_done(f.path, st.st_size, st.st_mtime):
        result.status, result.message = "skipped", "unchanged since last ingest"
        return result
    learned = learned if learned is not None else store.learned_furniture()
    seen_before = bool(st) and force and store.source_done(f.path, st.st_size, st.st_mtime)
    try:
        with store.transaction():
            titled = 0
            for a in articles_of(f, store, result, annotate, learned, tick, learn=not seen_before):
                result.articles += 1
                titled += a.title is not None
                result.new += store.add_article(a)
                if tick and result.done is None and result.articles % 20 == 0:
                    tick()
            if result.articles == 0:
                raise ReadError("no article text found")
            if result.new and annotate:  # --no-annotate: segment and store only; `dateline link` catches up
                result.phase = "linking"
                if tick:
                    tick()
                from .link.dedupe import link_new

                linked = len(link_new(store))
                if linked:
                    note = f"{linked} near-duplicate(s) linked"
                    result.message = f"{result.message}; {note}" if result.message else note
                from .link.run import update_links

                update_links(store, claims=regroup_claims)
            if titled == 0 and result.format == "text":
                result.warnings.append(f"no headline recognised: stored as {result.articles} untitled article(s)")
            if st:
                store.note_source(f.path, st.st_size, st.st_mtime, "ok", None, result.articles)
    except Exception as e:  # noqa: BLE001 - one file that breaks a rule must not sink the batch
        result.status, result.message = "failed", failure_message(e)
    if result.status == "failed":
        try:
            store.note_source(f.path, st.st_size if st else None, st.st_mtime if st else None, "failed",
                              result.message, 0)
        except sqlite3.DatabaseError:  # (a full disk refuses the note too)
            pass
    return result


DISK_FULL = "disk full"


def failure_message(e: Exception) -> str:
    """Why one file failed, as ingest and the Spark job report it."""
    if isinstance(e, ReadError):
        return str(e)
    if isinstance(e, sqlite3.DatabaseError):
        return database_problem(e)
    if isinstance(e, MemoryError):
        return "out of memory reading this file; nothing of it was stored"
    if isinstance(e, OSError):
        return f"cannot read ({e.strerror or e}); nothing of it was stored"
    return f"cannot extract ({type(e).__name__}: {e})"[:300]


def database_problem(e: sqlite3.DatabaseError) -> str:
    """A clear message for an SQLite error met while writing one file."""
    text = str(e)
    if "full" in text or getattr(e, "sqlite_errorname", "") == "SQLITE_FULL":
        return f"{DISK_FULL}: the archive could not grow ({text}); nothing of this file was stored"
    return f"archive error ({text}); nothing of this file was stored"


@contextmanager
def batch_gc() -> Iterator[None]:
    """Garbage collection for a long batch: what is loaded so far (modules,
    lexicons, compiled patterns) is frozen out of the collector's scans, and
    young objects are collected less often.  Ingest makes millions of
    short-lived objects and no reference cycles worth chasing; left at its
    defaults the collector costs about a tenth of the ingest time."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def ingest(inputs: Iterable[str], store: Store, annotate: bool = True, force: bool = False,
           on_file: Callable[[FileResult], None] | None = None,
           on_progress: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Ingest every file named by ``inputs``; one result per file
    (``on_file`` when a file is done, ``on_progress`` while it is read)."""
    with batch_gc():
        return _ingest(inputs, store, annotate, force, on_file, on_progress)


def _ingest(inputs: Iterable[str], store: Store, annotate: bool, force: bool,
            on_file: Callable[[FileResult], None] | None,
            on_progress: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    learned = store.learned_furniture()
    results = []
    full = False  # a full disk stops the batch: the files after it are named, not read
    own = {os.path.realpath(store.path + suffix) for suffix in ("", "-wal", "-shm", "-journal")}
    for f in expand(inputs):
        if os.path.realpath(f.real_path) in own:
            continue  # never ingest the archive into itself
        if full:
            r = FileResult(f.path, "failed", message=f"not read: {DISK_FULL} (free some space and run again)")
        else:
            r = ingest_file(f, store, annotate, learned, force, regroup_claims=False, on_progress=on_progress)
            full = bool(r.message and r.message.startswith(DISK_FULL))
        results.append(r)
        if f.path == "<stdin>":
            os.unlink(f.real_path)
        if on_file:
            on_file(r)
    if annotate and any(r.new for r in results) and not full:
        # claim groups once for the batch: a category is grouped whole (seconds on a large archive)
        try:
            with store.transaction():
                store.refresh_claim_groups()
        except sqlite3.DatabaseError as e:  # the articles are stored; `dateline link` regroups later
            results.append(FileResult("(claim groups)", "failed", message=database_problem(e)))
    return results

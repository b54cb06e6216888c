"""WARC / WARC.gz archives (Common Crawl CC-NEWS and the like), streamed.

Every record is looked at once: HTML responses (and resources) become pages
with the target URL and capture time as provenance; requests, metadata,
revisits, redirects, images and the rest are counted and skipped.  A bad
record is reported and the rest goes on; a cut-off archive keeps what came
before the cut.
"""
from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import RawDocument
from . import ReadError, _why, head_bytes
from .html import MAX_PAGE_BYTES, charset_of, decode_html

HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml+xhtml")
# Only the first few bad records are reported one by one; the rest are counted.
MAX_RECORD_WARNINGS = 20


@dataclass(slots=True)
class Tally:
    """What a reader did with the records of one file."""

    taken: int = 0
    skipped: int = 0
    failed: int = 0
    what: str = "record"

    def fail(self, where: str, reason: str) -> ReadError | None:
        self.failed += 1
        if self.failed <= MAX_RECORD_WARNINGS:
            return ReadError(f"{where}: {reason}")
        return None

    def summary(self, taken_as: str) -> str:
        more = self.failed - MAX_RECORD_WARNINGS
        out = f"{self.taken} {taken_as} taken"
        if self.skipped:
            out += f", {self.skipped} other {self.what}s skipped"
        if self.failed:
            out += f", {self.failed} bad {self.what}s" + (f" ({more} not listed)" if more > 0 else "")
        return out


def _is_html(content_type: str | None, head: bytes) -> bool:
    ct = (content_type or "").split(";")[0].strip().lower()
    if ct in HTML_TYPES:
        return True
    if ct and not ct.startswith(("text/plain", "application/octet-stream", "unk")):
        return False
    low = head[:1024].lstrip().lower()
    return low.startswith((b"<!doctype html", b"<html")) or b"<html" in low


def _page(record, n: int, display_path: str) -> RawDocument | str | None:
    """One record -> a page, or None to skip it, or a reason it is bad."""
    rtype = record.rec_type
    if rtype not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    date = record.rec_headers.get_header("WARC-Date")
    content_type = record.rec_headers.get_header("Content-Type")
    if rtype == "response":
        http = record.http_headers
        if http is None:
            return None  # a DNS or other non-HTTP response
        status = http.get_statuscode()
        if not status or not str(status).startswith("2"):
            return None  # redirects, errors
        content_type = http.get_header("Content-Type")
    if content_type and not _is_html(content_type, b""):
        return None
    stream = record.content_stream()
    data = stream.read(MAX_PAGE_BYTES)
    if len(data) >= MAX_PAGE_BYTES and stream.read(1):
        return f"page larger than {MAX_PAGE_BYTES >> 20} MB (not a news page; a decompression bomb?): skipped"
    if len(data) < MAX_PAGE_BYTES and getattr(record.raw_stream, "limit", 0) > 0:
        # the file ends inside this record: half a page is not an article
        return f"record cut short ({record.raw_stream.limit:,} of its {record.length:,} bytes missing); not stored"
    if not _is_html(content_type, data):
        return None
    if not data.strip():
        return "empty HTML response"
    meta = {"url": url, "captured_at": _iso(date), "record": n}
    return RawDocument(source=display_path, text=decode_html(data, charset_of(content_type)), kind="html",
                       meta={k: v for k, v in meta.items() if v})


def _iso(date: str | None) -> str | None:
    if not date:
        return None
    return date[:19] + "Z" if len(date) >= 19 and date.endswith("Z") else date


def _tail_problem(f, offset: int) -> str | None:
    """warcio ends quietly when a .warc.gz is cut inside a gzip member: check
    the members from the last record read to the end of the file."""
    f.seek(0)
    if f.read(2) != b"\x1f\x8b":
        return None
    f.seek(offset)
    tail = f.read(MAX_PAGE_BYTES * 2)
    if len(tail) >= MAX_PAGE_BYTES * 2:
        return None  # a last record this big is not checked
    problem = _members_end(tail)
    return f"archive cut or corrupt at the end ({problem})" if problem else None


def _members_end(data: bytes) -> str | None:
    """Whether gzip members run whole to the end of ``data``: what is wrong,
    or None.  The output is counted, not kept (a bomb costs no memory)."""
    while data:
        d = zlib.decompressobj(wbits=31)
        pending = data
        try:
            while pending and not d.eof:
                d.decompress(pending, 1 << 20)
                pending = d.unconsumed_tail
        except zlib.error as e:
            return f"corrupt compressed data ({e})"
        if not d.eof:
            return "truncated compressed data"
        data = d.unused_data
    return None


def read_warc(real_path: str, display_path: str) -> Iterator[RawDocument | ReadError | str]:
    """Pages of a WARC file; bad records as ReadError (first few), and at the
    end one line that says what was taken, skipped and failed."""
    from warcio.archiveiterator import ArchiveIterator

    tally = Tally()
    head = head_bytes(real_path, 64).lstrip()
    if not head.startswith((b"WARC/", b"filedesc://")):
        raise ReadError("not a WARC file (it does not start with a WARC/ record header)")
    try:
        f = open(real_path, "rb")
    except OSError as e:
        raise ReadError(f"cannot read ({_why(e)})") from e
    with f:
        it = ArchiveIterator(f, arc2warc=True)
        records = iter(it)
        n = last_offset = 0
        while True:
            n += 1
            try:
                record = next(records)
            except StopIteration:
                problem = _tail_problem(f, last_offset)
                if problem:
                    err = tally.fail(f"record {n}", f"{problem}; the records before it are kept")
                    if err:
                        yield err
                break
            except Exception as e:  # noqa: BLE001 - warcio raises many kinds on corrupt data
                if n == 1:
                    raise ReadError(f"not a readable WARC file ({_why(e).splitlines()[0][:200]})") from e
                err = tally.fail(f"record {n}", f"archive cut or corrupt here ({_why(e).splitlines()[0][:120]}); "
                                 "stopped, the records before it are kept")
                if err:
                    yield err
                break
            try:
                page = _page(record, n, display_path)
                last_offset = it.get_record_offset()  # (reads the record to its end)
            except (EOFError, zlib.error, gzip.BadGzipFile, OSError, ValueError, LookupError) as e:
                err = tally.fail(f"record {n}", f"unreadable ({_why(e)[:120]})")
                if err:
                    yield err
                # a record cut inside its body ends the readable archive
                if isinstance(e, (EOFError, zlib.error, gzip.BadGzipFile)):
                    break
                continue
            if page is None:
                tally.skipped += 1
            elif isinstance(page, str):
                err = tally.fail(f"record {n}", page)
                if err:
                    yield err
            else:
                tally.taken += 1
                yield page
    yield "WARC: " + tally.summary("HTML pages")

"""JSON Lines from scrapers (news-please, trafilatura, or plain
{title, text, url, date, author}): one article per line, streamed.

A broken line (bad JSON, not an object, no text) is reported and skipped;
the rest goes in.  The field names are mapped by ``pages.map_record``.
"""
from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator

from ..model import RawDocument
from . import PIECE_CHARS, ReadError, _bomb_check, _pieces, _raw_stream, _why
from .pages import map_record
from .warc import Tally

# A line longer than this is not one article (a whole site in one line).
MAX_LINE_CHARS = 20_000_000
# A record's text is cut here (dumps are flushed at the same length: segment.MAX_SECTION_CHARS).
MAX_RECORD_CHARS = 2_000_000


def read_jsonl(real_path: str, display_path: str) -> Iterator[RawDocument | ReadError | str]:
    tally = Tally(what="line")
    try:
        raw = _raw_stream(real_path)
    except OSError as e:
        raise ReadError(f"cannot read ({_why(e)})") from e
    with raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline=None)
        n = out_chars = 0
        while True:
            try:
                line = text.readline(MAX_LINE_CHARS)
            except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as e:
                err = tally.fail(f"line {n + 1}", f"file cut or corrupt here ({_why(e)}); the lines before it are kept")
                if err:
                    yield err
                break
            if not line:
                break
            n += 1
            out_chars += len(line)
            if n % 256 == 0:
                _bomb_check(raw, out_chars)
            if len(line) >= MAX_LINE_CHARS and not line.endswith("\n"):
                err = tally.fail(f"line {n}", f"longer than {MAX_LINE_CHARS} characters")
                if err:
                    yield err
                while line and not line.endswith("\n"):  # skip the rest of it
                    line = text.readline(MAX_LINE_CHARS)
                continue
            s = line.strip()
            if not s:
                continue
            try:
                obj = json.loads(s)
            except json.JSONDecodeError as e:
                err = tally.fail(f"line {n}", f"invalid JSON ({e.msg} at column {e.colno})")
                if err:
                    yield err
                continue
            if not isinstance(obj, dict):
                err = tally.fail(f"line {n}", f"a JSON {type(obj).__name__}, not an object")
                if err:
                    yield err
                continue
            mapped = map_record(obj)
            if mapped is None:
                err = tally.fail(f"line {n}", "no article text field (text, maintext, body, content...)")
                if err:
                    yield err
                continue
            kind, body, meta = mapped
            if "\x00" in body:  # (a JSON "\u0000" is no part of an article)
                body = body.replace("\x00", "")
            if kind == "record" and len(body) > MAX_RECORD_CHARS:
                cut = body.rfind("\n", MAX_RECORD_CHARS // 2, MAX_RECORD_CHARS)
                body = body[: cut if cut > 0 else MAX_RECORD_CHARS]
                yield ReadError(f"line {n}: text longer than {MAX_RECORD_CHARS:,} characters, cut there "
                                "(no article is that long)")
            if kind == "record" and len(body) > PIECE_CHARS:
                body = _paragraphs(body)
            meta["record"] = n
            tally.taken += 1
            yield RawDocument(source=display_path, text=body, kind=kind, meta=meta)
    yield "JSONL: " + tally.summary("records")


def _paragraphs(body: str) -> str:
    """A record's text with any paragraph longer than PIECE_CHARS broken at
    spaces into pieces (as the text reader does): cost and memory stay
    linear in the record's length."""
    lines = io.StringIO(body + "\n", newline="\n").readlines()
    if max(map(len, lines)) <= PIECE_CHARS + 1:
        return body
    return "".join(_pieces(lines))[:-1]

"""Readers: paths, globs, directories and stdin in; input files out.

Readers know formats (plain text, gzip, HTML, WARC, JSONL) and nothing about
news language.  ``expand`` turns what the user typed into files;
``sniff_format`` tells which reader a file needs; ``open_text`` decodes a
file's lines safely (gzip, charset detection, binary refusal).
"""
from __future__ import annotations

import glob
import gzip
import io
import os
import shutil
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SAMPLE_BYTES = 1 << 20  # what encoding detection looks at
MAX_BAD_CHAR_RATIO = 0.01  # replacement characters tolerated after decoding


class ReadError(Exception):
    """A file that cannot be read; the message names the reason."""


@dataclass(frozen=True, slots=True)
class InputFile:
    path: str  # as stored in provenance ("-" spooled from stdin keeps "<stdin>")
    real_path: str  # where the bytes are

    @property
    def name(self) -> str:
        return self.path


def expand(inputs: Iterable[str]) -> Iterator[InputFile]:
    """Files named by paths, directories (recursive, sorted, hidden skipped),
    globs, and "-" for standard input."""
    for item in inputs:
        if item == "-":
            yield _spool_stdin()
            continue
        p = Path(item)
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in sorted(names):
                    if not n.startswith("."):
                        f = os.path.join(root, n)
                        yield InputFile(f, f)
        elif p.exists():
            yield InputFile(str(p), str(p))
        else:
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield InputFile(item, item)  # reported as missing by open_text
            for m in matches:
                if os.path.isfile(m):
                    yield InputFile(m, m)


def _spool_stdin() -> InputFile:
    """Standard input is read twice (furniture learning, then segmenting), so
    it is spooled to a temporary file first."""
    fd, tmp = tempfile.mkstemp(prefix="dateline-stdin-")
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(sys.stdin.buffer, out)
    return InputFile("<stdin>", tmp)


def _raw_stream(path: str) -> io.BufferedIOBase:
    if not os.path.exists(path):
        raise ReadError("no such file")
    if not os.path.isfile(path):
        raise ReadError("not a regular file")
    f = open(path, "rb")
    magic = f.read(2)
    f.seek(0)
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=f)  # type: ignore[return-value]
    return f


def head_bytes(path: str, n: int = SAMPLE_BYTES) -> bytes:
    """The first ``n`` bytes (gunzipped).  A compressed file cut short gives
    what could be read: the readers report the cut themselves."""
    if not os.path.exists(path):
        raise ReadError("no such file")
    if not os.path.isfile(path):
        raise ReadError("not a regular file")
    out = bytearray()
    try:
        with open(path, "rb") as f:
            if f.read(2) != b"\x1f\x8b":
                f.seek(0)
                return f.read(n)
            f.seek(0)
            out = bytearray()
            d = zlib.decompressobj(wbits=31)
            pending = b""
            fed = False
            while len(out) < n:
                if not pending:
                    pending = f.read(1 << 16)
                    if not pending:
                        break
                out += d.decompress(pending, n - len(out))
                fed = True
                if d.eof:  # the next gzip member
                    pending = d.unused_data
                    d = zlib.decompressobj(wbits=31)
                    fed = False
                else:
                    pending = d.unconsumed_tail
            if not out and fed and not d.eof and f.read(1) == b"":
                raise EOFError  # cut before any text came out
    except EOFError as e:
        raise ReadError(f"cannot read ({_why(e)})") from e
    except zlib.error as e:
        if not out:
            raise ReadError(f"cannot read (corrupt compressed data: {e})") from e
    except OSError as e:
        raise ReadError(f"cannot read ({_why(e)})") from e
    return bytes(out[:n])


def sniff_format(path: str, sample: bytes | None = None) -> str:
    """"warc", "html", "jsonl" or "text" from the name, then the bytes."""
    name = path.lower()
    for suffix in (".gz", ".gzip"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    if name.endswith((".warc", ".arc")):
        return "warc"
    if name.endswith((".html", ".htm", ".xhtml", ".shtml")):
        return "html"
    if name.endswith((".jsonl", ".ndjson", ".jl")):
        return "jsonl"
    head = (sample if sample is not None else head_bytes(path, 4096))[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"WARC/"):
        return "warc"
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in low[:256]:
        return "html"
    if head.startswith(b"{") and b"\n" in head and head.split(b"\n", 1)[0].rstrip().endswith(b"}"):
        return "jsonl"
    return "text"


def detect_encoding(sample: bytes) -> str:
    """UTF-8 when the sample is UTF-8, else charset-normalizer's best guess.
    Raises ReadError for binary data or an undetectable encoding."""
    if not sample.strip():
        raise ReadError("empty file")
    if b"\x00" in sample[:8192] and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("binary file (NUL bytes), not text")
    try:
        sample.decode("utf-8")
        return "utf-8-sig" if sample.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError as e:
        if e.start >= len(sample) - 4:  # a character cut by the sample's end
            return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        raise ReadError("cannot determine the text encoding (binary or corrupt data?)")
    text = str(best)
    control = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if control > 0.01 * min(len(text), 20000):
        raise ReadError("binary file (control bytes), not text")
    return best.encoding


def iter_batches(path: str, encoding: str) -> Iterator[list[str]]:
    """Decoded lines, streamed a batch (about 1 MB) at a time, each line with
    its "\\n".  Too many undecodable bytes stop the file."""
    bad = total = 0
    try:
        with _raw_stream(path) as raw:
            text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=None)
            while True:
                batch = text.readlines(1 << 20)
                if not batch:
                    break
                chunk = "".join(batch)
                total += len(chunk)
                if "\ufffd" in chunk:
                    bad += chunk.count("\ufffd")
                    if bad > 1000 and bad > MAX_BAD_CHAR_RATIO * total:
                        raise ReadError(f"undecodable bytes as {encoding} ({bad} bad characters)")
                yield batch
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        raise ReadError(f"cannot read ({_why(e)})") from e


def _why(e: BaseException) -> str:
    if isinstance(e, EOFError):
        return "truncated compressed data"
    return str(e) or type(e).__name__

"""Saved web pages: one .html / .htm / .html.gz file is one page.

The reader only finds and decodes the bytes; extraction (trafilatura) and
furniture cleaning happen in ``read.pages`` when the core reads the page.
"""
from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Iterator

from ..model import RawDocument
from . import ReadError, _why

# Pages above this size are cut (no news page is 32 MB of HTML).
MAX_PAGE_BYTES = 32 << 20

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{2,40})", re.IGNORECASE)


def charset_of(content_type: str | None) -> str | None:
    """The charset of an HTTP Content-Type header value."""
    m = _HEADER_CHARSET.search(content_type or "")
    return m[1] if m else None


def _known(enc: str | None) -> str | None:
    if not enc:
        return None
    try:
        name = codecs.lookup(enc.strip().strip("\"'")).name
    except LookupError:
        return None
    # browsers read "latin-1" and "ascii" pages as windows-1252
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Page bytes -> text: BOM, then UTF-8 when the bytes are UTF-8, then the
    HTTP header's charset, the <meta charset>, charset detection; never fails
    (undecodable bytes become U+FFFD)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start >= len(data) - 3:  # a character cut at the end (truncated page)
            return data.decode("utf-8", "replace")
    m = _META_CHARSET.search(data[:4096])
    enc = _known(declared) or _known(m[1].decode("ascii", "ignore") if m else None)
    if enc is None or enc == "utf-8":
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        enc = _known(best.encoding) if best else None
    return data.decode(enc or "cp1252", "replace")


def gunzip(data: bytes, limit: int = MAX_PAGE_BYTES) -> tuple[bytes, str | None]:
    """Decompress gzip data (one or several members) as far as it goes: a cut
    or corrupt file gives what came before the damage, and the reason."""
    out = bytearray()
    while data and len(out) < limit:
        d = zlib.decompressobj(wbits=31)
        try:
            out += d.decompress(data, limit - len(out))
        except zlib.error as e:
            return bytes(out), f"corrupt compressed data ({e}): kept the {len(out)} bytes read"
        if d.unconsumed_tail:
            return bytes(out), f"page larger than {limit >> 20} MB: cut"
        if not d.eof:
            return bytes(out), f"truncated compressed data: kept the {len(out)} bytes read"
        data = d.unused_data
    return bytes(out), None


def read_bytes(real_path: str, limit: int = MAX_PAGE_BYTES) -> tuple[bytes, str | None]:
    """A file's bytes (gunzipped) up to ``limit``, and a problem, if any, met
    on the way (a truncated .gz keeps what could be read)."""
    try:
        with open(real_path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise ReadError(f"cannot read ({_why(e)})") from e
    if data[:2] == b"\x1f\x8b":
        return gunzip(data, limit)
    if len(data) > limit:
        return data[:limit], f"page larger than {limit >> 20} MB: cut"
    return data, None


def read_html(real_path: str, display_path: str) -> Iterator[RawDocument | ReadError]:
    """One saved page.  A truncated .html.gz yields a warning and the part
    that could be read."""
    data, problem = read_bytes(real_path)
    if problem and problem.startswith("page larger"):
        raise ReadError(f"{problem.removesuffix(': cut')}: not a news page (a decompression bomb?); skipped")
    if problem:
        yield ReadError(problem)
    if not data.strip():
        raise ReadError("empty file")
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReadError("binary file (NUL bytes), not HTML")
    yield RawDocument(source=display_path, text=decode_html(data), kind="html", meta={})

"""Readers: paths, globs, directories and stdin in; input files out.

Readers know formats (plain text, gzip, HTML, WARC, JSONL) and nothing about
news language.  ``expand`` turns what the user typed into files;
``sniff_format`` tells which reader a file needs; ``iter_batches`` decodes a
file's lines safely (gzip, charset detection, binary refusal) in bounded
memory: a line is never longer than ``MAX_LINE_BYTES``, a gzip that expands
like a bomb is refused, and what was mended on the way is counted in
``ReadNotes`` for the warning.
"""
from __future__ import annotations

import codecs
import fnmatch
import glob
import gzip
import io
import os
import re
import shutil
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from dataclasses import dataclass

SAMPLE_BYTES = 1 << 20  # what encoding detection looks at
MAX_BAD_CHAR_RATIO = 0.01  # replacement characters tolerated after decoding
BLOCK_BYTES = 1 << 20  # read this much at a time
# A line longer than this is not a paragraph: its first MAX_LINE_BYTES are
# kept (broken into pieces) and the rest is skipped, with a warning.  Memory
# stays bounded however long the line.
MAX_LINE_BYTES = 16 << 20
# Lines longer than this are broken at a space into pieces this long (a whole
# dump run together on one line reads as paragraphs, not one giant one).
PIECE_CHARS = 1 << 16
# A gzip file that has expanded more than this many times, beyond
# BOMB_AFTER_BYTES of output, is refused as a decompression bomb (news text
# compresses three to ten times).
MAX_GZIP_RATIO = 100
BOMB_AFTER_BYTES = 16 << 20
_UTF8 = ("utf-8", "utf-8-sig", "utf_8")


class ReadError(Exception):
    """A file that cannot be read; the message names the reason."""


@dataclass(frozen=True, slots=True)
class InputFile:
    path: str  # as stored in provenance ("-" spooled from stdin keeps "<stdin>")
    real_path: str  # where the bytes are

    @property
    def name(self) -> str:
        return self.path


@dataclass(slots=True)
class ReadNotes:
    """What reading a text file mended, for one warning naming the counts."""

    encoding: str = "utf-8"
    bad_bytes: int = 0  # not valid in the encoding: replaced by U+FFFD
    fallback_lines: int = 0  # lines of a UTF-8 file that were cp1252 (mixed encodings)
    fallback_bytes: int = 0  # the bytes of those lines that are not UTF-8
    nul_bytes: int = 0  # NUL characters removed
    long_lines: int = 0  # lines cut at MAX_LINE_BYTES
    cut_bytes: int = 0  # bytes skipped beyond the cut

    def warnings(self) -> list[str]:
        out = []
        if self.bad_bytes or self.fallback_lines:
            how = []
            if self.bad_bytes:
                how.append(f"{self.bad_bytes:,} replaced by \ufffd")
            if self.fallback_lines:
                how.append(f"{self.fallback_bytes:,} in {self.fallback_lines:,} line(s) with no UTF-8 in them, "
                           "read as cp1252")
            out.append(f"{self.bad_bytes + self.fallback_bytes:,} byte(s) not valid {self.encoding} "
                       f"({'; '.join(how)})")
        if self.nul_bytes:
            out.append(f"{self.nul_bytes:,} NUL byte(s) removed")
        if self.long_lines:
            out.append(f"{self.long_lines:,} line(s) longer than {MAX_LINE_BYTES >> 20} MB without a line break: "
                       f"kept the first {MAX_LINE_BYTES >> 20} MB of each, skipped {self.cut_bytes:,} bytes")
        return out


# -- paths ---------------------------------------------------------------------
_MAGIC = re.compile(r"[*?[]")


def expand(inputs: Iterable[str]) -> Iterator[InputFile]:
    """Files named by paths, directories (recursive, sorted, hidden skipped,
    symbolic links to directories not followed), globs (``**`` too, without
    following links), and "-" for standard input.  A file reached twice (two
    names, a link) is given once."""
    seen: set[str] = set()
    for item in inputs:
        if item == "-":
            yield _spool_stdin()
            continue
        for f in _expand_one(item):
            key = os.path.realpath(f.real_path)
            if key not in seen:
                seen.add(key)
                yield f


def _input(path: str) -> InputFile:
    """A file; its name as shown and stored is valid text even when the
    file system name is not UTF-8 (the undecodable bytes become U+FFFD)."""
    shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if _SURROGATE.search(path) else path
    return InputFile(shown, path)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _expand_one(item: str) -> Iterator[InputFile]:
    if os.path.isdir(item):
        for f in _walk(item):
            yield _input(f)
    elif os.path.lexists(item) or not _MAGIC.search(item):
        yield _input(item)  # a missing or dangling one is reported by the reader
    else:
        matches = _glob(item)
        if not matches:
            yield _input(item)  # reported as missing
        for m in matches:
            if os.path.isfile(m):
                yield _input(m)


def _walk(top: str) -> Iterator[str]:
    for root, dirs, names in os.walk(top):  # (os.walk does not follow links to directories)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for n in sorted(names):
            if not n.startswith("."):
                yield os.path.join(root, n)


def _glob(pattern: str) -> list[str]:
    """glob.glob, except that ``**`` walks real directories only: the
    standard one follows links to directories, so a link loop gives one file
    under dozens of names, and two loops never end."""
    if "**" not in pattern:
        return sorted(glob.glob(pattern))
    parts = pattern.split(os.sep)
    i = next(k for k, p in enumerate(parts) if _MAGIC.search(p))
    base = os.sep.join(parts[:i]) or ("." if not pattern.startswith(os.sep) else os.sep)
    rest = parts[i:]
    out = []
    if not os.path.isdir(base):
        return out
    for f in _walk(base):
        rel = os.path.relpath(f, base).split(os.sep)
        if _match(rel, rest):
            out.append(f if parts[:i] else os.path.relpath(f))
    return sorted(out)


def _match(names: list[str], pats: list[str]) -> bool:
    if not pats:
        return not names
    if pats[0] == "**":
        return any(_match(names[k:], pats[1:]) for k in range(len(names) + 1))
    return bool(names) and fnmatch.fnmatchcase(names[0], pats[0]) and _match(names[1:], pats[1:])


def _spool_stdin() -> InputFile:
    """Standard input is read twice (furniture learning, then segmenting), so
    it is spooled to a temporary file first."""
    fd, tmp = tempfile.mkstemp(prefix="dateline-stdin-")
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(sys.stdin.buffer, out)
    return InputFile("<stdin>", tmp)


def _check_file(path: str) -> None:
    if not os.path.exists(path):
        if os.path.islink(path):
            raise ReadError(f"broken symbolic link (to {os.readlink(path)!r}, which does not exist)")
        raise ReadError("no such file")
    if not os.path.isfile(path):
        raise ReadError("a directory, not a file" if os.path.isdir(path) else "not a regular file")


def _raw_stream(path: str) -> io.BufferedIOBase:
    _check_file(path)
    f = open(path, "rb")
    magic = f.read(2)
    f.seek(0)
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=f)  # type: ignore[return-value]
    return f


def head_bytes(path: str, n: int = SAMPLE_BYTES) -> bytes:
    """The first ``n`` bytes (gunzipped).  A compressed file cut short gives
    what could be read: the readers report the cut themselves."""
    _check_file(path)
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


# -- encodings -----------------------------------------------------------------
def utf16_without_bom(sample: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes look like UTF-16 text with
    no byte order mark: mostly Latin text, so one byte of each pair is NUL."""
    head = sample[:4096]
    if len(head) < 16:
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.6 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.6 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def utf8_damage(sample: bytes) -> tuple[int, int]:
    """(valid non-ASCII characters, bytes that are not UTF-8) in ``sample``."""
    text = sample.decode("utf-8", "replace")
    replaced = text.count("\ufffd") - sample.count(b"\xef\xbf\xbd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return non_ascii - text.count("\ufffd"), replaced


def detect_encoding(sample: bytes) -> str:
    """The text encoding of a sample.  UTF-8 when the sample is UTF-8, or
    nearly all UTF-8 (a stray byte must not turn the whole file into
    mac_iceland: the stray bytes are mended line by line, see iter_batches);
    UTF-16 with or without a byte order mark; cp1252 when its bytes could
    be cp1252; else charset-normalizer's best guess.  Raises ReadError for
    binary data or an undetectable encoding."""
    if not sample.strip():
        raise ReadError("empty file")
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = utf16_without_bom(sample)
    if utf16:
        return utf16
    if b"\x00" in sample[:8192]:
        raise ReadError("binary file (NUL bytes), not text")
    try:
        sample.decode("utf-8")
        return "utf-8-sig" if sample.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError as e:
        if e.start >= len(sample) - 4:  # a character cut by the sample's end
            return "utf-8"
    valid, bad = utf8_damage(sample)
    if valid >= 2 and valid * 50 >= bad:  # UTF-8 with damage: decoded as UTF-8, line by line
        return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        raise ReadError("cannot determine the text encoding (binary or corrupt data?)")
    text = str(best)
    control = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if control > 0.01 * min(len(text), 20000):
        raise ReadError("binary file (control bytes), not text")
    if "cp1252" in best.could_be_from_charset:  # (charset-normalizer may name cp1250 or cp1125 first)
        return "cp1252"
    return best.encoding


# -- lines ---------------------------------------------------------------------
def iter_batches(path: str, encoding: str, notes: ReadNotes | None = None) -> Iterator[list[str]]:
    """Decoded lines, streamed a batch (about 1 MB) at a time, each line with
    its "\\n" (universal newlines).  Too many undecodable bytes stop the
    file; NUL bytes are removed; an overlong line is cut and broken into
    pieces; a gzip bomb stops the file.  ``notes`` counts what was mended."""
    notes = notes if notes is not None else ReadNotes()
    notes.encoding = encoding
    try:
        with _raw_stream(path) as raw:
            if encoding.replace("_", "-").lower().startswith(("utf-16", "utf-32")):
                chunks = _wide_chunks(raw, encoding, notes)
            else:
                chunks = _byte_chunks(raw, encoding, notes)
            total = 0
            for lines in _split(chunks, notes):
                total += sum(map(len, lines))
                bad = notes.bad_bytes
                if bad > 1000 and bad > MAX_BAD_CHAR_RATIO * total:
                    raise ReadError(f"undecodable bytes as {encoding} ({bad} bad characters)")
                yield lines
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as e:
        raise ReadError(f"cannot read ({_why(e)})") from e


def _bomb_check(raw, out_bytes: int) -> None:
    inner = getattr(raw, "fileobj", None)
    if inner is None or out_bytes < BOMB_AFTER_BYTES:
        return
    read = max(inner.tell(), 1)
    if out_bytes > MAX_GZIP_RATIO * read:
        raise ReadError(f"refused: compressed data expands more than {MAX_GZIP_RATIO} times "
                        f"({read:,} bytes gave {out_bytes:,}); a decompression bomb, not a news dump")


def _byte_chunks(raw, encoding: str, notes: ReadNotes) -> Iterator[str]:
    """Text of an ASCII-compatible encoding, one chunk of whole lines at a
    time: lines are found as bytes, so a line that runs past MAX_LINE_BYTES
    is cut before it is ever held whole."""
    carry: list[bytes] = []
    carried = 0
    skipping = False
    out_bytes = 0
    first = True
    while True:
        block = raw.read(BLOCK_BYTES)
        if not block:
            break
        out_bytes += len(block)
        _bomb_check(raw, out_bytes)
        if skipping:  # the rest of a cut line
            i = block.find(b"\n")
            if i < 0:
                notes.cut_bytes += len(block)
                continue
            notes.cut_bytes += i
            block = block[i + 1:]
            skipping = False
        i = block.rfind(b"\n")
        if i < 0:
            carry.append(block)
            carried += len(block)
            if carried > MAX_LINE_BYTES:
                line = b"".join(carry)
                cut = line.rfind(b" ", 0, MAX_LINE_BYTES)
                cut = cut if cut > MAX_LINE_BYTES // 2 else MAX_LINE_BYTES
                notes.long_lines += 1
                notes.cut_bytes += len(line) - cut
                carry, carried, skipping = [], 0, True
                yield _decode(line[:cut] + b"\n", encoding, notes, first)
                first = False
            continue
        data = b"".join([*carry, block[: i + 1]]) if carry else block[: i + 1]
        carry = [block[i + 1:]] if i + 1 < len(block) else []
        carried = len(block) - i - 1
        yield _decode(data, encoding, notes, first)
        first = False
    if carry:
        yield _decode(b"".join(carry), encoding, notes, first)


def _decode(data: bytes, encoding: str, notes: ReadNotes, first: bool) -> str:
    if encoding not in _UTF8:
        text = data.decode(encoding, "replace")
        if "\ufffd" in text:
            notes.bad_bytes += text.count("\ufffd")
        return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = "".join(_mend_line(line, notes) for line in data.splitlines(keepends=True))
    return text[1:] if first and text.startswith("\ufeff") else text


def _mend_line(line: bytes, notes: ReadNotes) -> str:
    """One line of a UTF-8 file that is not UTF-8: a UTF-8 line with stray
    bytes keeps its UTF-8 (the stray bytes become U+FFFD); a line with no
    UTF-8 in it at all is a cp1252 line (files pasted together)."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    valid, bad = utf8_damage(line)
    if valid == 0 and bad:
        notes.fallback_lines += 1
        notes.fallback_bytes += bad
        return line.decode("cp1252", "replace")
    notes.bad_bytes += bad
    return line.decode("utf-8", "replace")


def _wide_chunks(raw, encoding: str, notes: ReadNotes) -> Iterator[str]:
    """UTF-16/32 text in chunks (lines are split after decoding)."""
    text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
    first = True
    out_chars = 0
    while chunk := text.read(BLOCK_BYTES // 2):
        out_chars += len(chunk)
        _bomb_check(raw, out_chars * 2)
        if "\ufffd" in chunk:
            notes.bad_bytes += chunk.count("\ufffd")
        yield chunk[1:] if first and chunk.startswith("\ufeff") else chunk
        first = False


def _split(chunks: Iterable[str], notes: ReadNotes) -> Iterator[list[str]]:
    """Text chunks -> batches of lines, each ending in "\\n": universal
    newlines, NULs removed, overlong lines cut, long ones broken into
    pieces."""
    carry = ""
    skipping = False  # the rest of a line that was cut
    for chunk in chunks:
        if skipping:
            i = chunk.find("\n")
            if i < 0:
                notes.cut_bytes += len(chunk)
                continue
            notes.cut_bytes += i
            chunk, skipping = chunk[i + 1:], False
        if carry:
            chunk = carry + chunk
        if "\r" in chunk:
            if chunk.endswith("\r"):  # a "\r\n" may be split across chunks
                chunk, carry = chunk[:-1], "\r"
            else:
                carry = ""
            chunk = chunk.replace("\r\n", "\n").replace("\r", "\n")
        else:
            carry = ""
        if "\x00" in chunk:
            notes.nul_bytes += chunk.count("\x00")
            chunk = chunk.replace("\x00", "")
        lines = io.StringIO(chunk, newline="\n").readlines()  # (split at "\n" only, ends kept)
        rest = lines.pop() if lines and not lines[-1].endswith("\n") else ""
        if len(rest) > MAX_LINE_BYTES:  # (only wide encodings reach here with a long line)
            notes.long_lines += 1
            notes.cut_bytes += len(rest) - MAX_LINE_BYTES
            lines.append(rest[:MAX_LINE_BYTES] + "\n")
            rest, skipping = "", True
        carry = rest + carry
        if lines:
            yield _pieces(lines) if max(map(len, lines)) > PIECE_CHARS + 1 else lines
    if carry.strip("\r"):
        yield _pieces([carry.replace("\r", "\n").rstrip("\n") + "\n"])


def _pieces(lines: list[str]) -> list[str]:
    """Lines (each with its "\\n"); one longer than PIECE_CHARS is broken
    at spaces into pieces, each given a "\\n"."""
    out = []
    for line in lines:
        if len(line) <= PIECE_CHARS + 1:
            out.append(line)
            continue
        line = line[:-1]
        start = 0
        while start < len(line):
            end = start + PIECE_CHARS
            if end < len(line):
                sp = line.rfind(" ", start + PIECE_CHARS // 2, end)
                end = sp + 1 if sp > 0 else end
            out.append(line[start:end] + "\n")
            start = end
    return out


def _why(e: BaseException) -> str:
    if isinstance(e, EOFError):
        return "truncated compressed data"
    return str(e) or type(e).__name__


# Hard-wrapped text (a PDF's or an e-mail's text export) breaks each paragraph
# into lines of about one width.  The first WRAP_SAMPLE_LINES lines tell: the
# width is the 95th percentile of the non-blank lines' lengths, between
# MIN_WRAP_WIDTH and MAX_WRAP_WIDTH, at least MIN_FULL_SHARE of the lines come
# within FULL_LINE of it, and hardly any line is longer (MAX_OVER_SHARE).
WRAP_SAMPLE_LINES = 400
MIN_WRAP_LINES = 40
MIN_WRAP_WIDTH, MAX_WRAP_WIDTH = 40, 100
FULL_LINE = 0.75
MIN_FULL_SHARE = 0.5
MAX_OVER_SHARE = 0.02
# A paragraph put back together is never longer than this (a wrapped file
# with no short line must not become one line held in memory)
MAX_UNWRAPPED_CHARS = 100_000
_WORD_BREAK = re.compile(r"[^\W\d_]-$")


def wrap_width(sample: list[str]) -> int | None:
    """The width the lines of ``sample`` were wrapped at, or None when they
    were not (one line per paragraph, as most dumps are)."""
    lengths = sorted(len(s) for s in map(str.strip, sample) if s)
    if len(lengths) < MIN_WRAP_LINES:
        return None
    width = lengths[int(0.95 * (len(lengths) - 1))]
    if not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH:
        return None
    full = sum(1 for n in lengths if n >= FULL_LINE * width)
    over = sum(1 for n in lengths if n > width + 10)
    return width if full >= MIN_FULL_SHARE * len(lengths) and over <= MAX_OVER_SHARE * len(lengths) else None


def unwrapped(lines: Iterable[str]) -> Iterable[str]:
    """Lines with hard-wrapped paragraphs put back on one line each: a line
    that fills the width runs on into the next non-blank one ("spil-" +
    "ling" -> "spilling"); a short line (a headline, a field, a paragraph's
    last line) and a blank line end one.  Unwrapped text is passed through
    as it is (no step per line)."""
    it = iter(lines)
    head: list[str] = []
    long = 0  # (a few lines longer than a wrap width say "not wrapped": the sample held stays small)
    for x in islice(it, WRAP_SAMPLE_LINES):
        head.append(x)
        if len(x) > MAX_WRAP_WIDTH + 12:
            long += 1
            if long > MAX_OVER_SHARE * WRAP_SAMPLE_LINES:
                return chain(head, it)
    width = wrap_width(head)
    if width is None:
        return chain(head, it)
    return _joined(chain(head, it), FULL_LINE * width)


def _joined(lines: Iterable[str], full: float) -> Iterator[str]:
    """unwrapped() of wrapped text (a paragraph cut by a page break comes out
    as two)."""
    held = ""
    for raw in lines:
        s = raw.strip()
        if not s:
            if held:
                yield held + "\n"
                held = ""
            yield raw
            continue
        if held:
            held = held[:-1] + s if _WORD_BREAK.search(held) and s[0].islower() else held + " " + s
        else:
            held = s
        if len(s) < full or len(held) > MAX_UNWRAPPED_CHARS:
            yield held + "\n"
            held = ""
    if held:
        yield held + "\n"

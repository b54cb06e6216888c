"""The archive-scale path: the same core, mapped by Apache Spark.

    python -m dateline.spark 'dumps/**/*.txt.gz' out/ --master local[2]
    spark-submit dateline_job.py INPUT... OUTPUT_DIR          # (README: "Running on a cluster")
    dateline load out/                                        # into the archive, linked

Inputs are read in bounded tasks (``plan``): a small file is one task
(never many files in one); a JSONL file larger than a chunk is cut into
byte ranges at lines, a WARC into runs of whole records (a first pass finds
where records start); a text dump larger than a chunk is cut at capture
headers into ranges segmented and annotated in parallel (a first pass counts
its repeated lines over the whole file, as ingest does, and finds the cuts;
the ranges are checked against each other, see ``check_ranges``), or, when
it cannot be cut (gzipped, no capture headers, hard-wrapped), read and
segmented by one task, exactly as ingest reads it, and its articles
annotated by tasks of about a chunk of text each, after a shuffle.  Every
task reads with the code ``dateline ingest`` runs (``ingest.articles_of``,
or its parts: ``segment`` and ``core.from_draft``), so the output equals
single-machine ingest; nothing here knows news language.  Each task writes its own Parquet
part files with pyarrow (named by file and part: a task run again writes
the same files):

    OUTPUT_DIR/articles/  one row per article, its annotations nested (people,
                          entities, quotes, counts, each with character spans);
                          ``seq`` (file order), ``part`` and ``pos`` (order in
                          the file) keep ingest's order for ``dateline load``
    OUTPUT_DIR/files/     one row per file, or per part of a cut JSONL or WARC:
                          size, mtime, status, reason, warnings, the furniture
                          keys it taught, its numbers of rows, its tasks and
                          their CPU seconds
    OUTPUT_DIR/quotes/    flat views for analysis: one row per quote,
    OUTPUT_DIR/counts/    per count and per person in an article, each with
    OUTPUT_DIR/people/    its article id and index
    OUTPUT_DIR/errors/    one row per file that could not be read, with the reason

``dateline load OUTPUT_DIR`` stores the articles through the archive's own
``Store.add_article`` (same content ids, so loading twice adds nothing) and
links them file by file as ingest does (near-duplicates, people, stories),
then makes the claim groups, so the CLI and the web serve the result.

Requires the ``spark`` extra (``pip install -e ".[spark]"``: pyspark and
pyarrow) and Java 17.  Inputs on HDFS/S3 (``scheme://`` paths) are listed
through Spark's Hadoop filesystem and copied to each task's local disk
through pyarrow's filesystems before reading; the output may be remote too.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import asdict
from typing import Any, NamedTuple

from .model import Annotations, Article, Contributor, Count, Entity, Person, Quote, Span

DATASETS = ("articles", "files", "quotes", "counts", "people", "errors")


# --------------------------------------------------------------------------
# Tasks: one per input file
# --------------------------------------------------------------------------

def list_inputs(inputs: Iterable[str], spark=None) -> list[tuple[str, str]]:
    """(path as stored in provenance, where its bytes are) per input file, in
    ingest's order: local paths, directories and globs as ``dateline ingest``
    expands them; ``scheme://`` globs through Spark's Hadoop filesystem."""
    from .read import expand

    out: list[tuple[str, str]] = []
    for item in inputs:
        if "://" in item:
            if spark is None:
                raise ValueError(f"{item}: a remote path needs a Spark session to list it")
            out.extend((u, u) for u in _hadoop_glob(spark, item))
        else:
            out.extend((f.path, f.real_path) for f in expand([item]))
    return out


def _hadoop_glob(spark, pattern: str) -> list[str]:
    sc = spark.sparkContext
    jvm, conf = sc._jvm, sc._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(pattern)
    fs = path.getFileSystem(conf)
    found: list[str] = []
    for st in fs.globStatus(path) or []:
        if st.isDirectory():
            it = fs.listFiles(st.getPath(), True)
            while it.hasNext():
                found.append(it.next().getPath().toString())
        else:
            found.append(st.getPath().toString())
    return sorted(u for u in found if not os.path.basename(u).startswith("."))


@contextmanager
def _local(location: str) -> Iterator[str]:
    """A local path holding the file's bytes: the file itself when local, a
    copy on the task's disk otherwise (streamed, never held in memory)."""
    if "://" not in location:
        yield location
        return
    from pyarrow import fs as pafs

    filesystem, path = pafs.FileSystem.from_uri(location)
    fd, tmp = tempfile.mkstemp(prefix="dateline-spark-", suffix=os.path.basename(path))
    try:
        with os.fdopen(fd, "wb") as out, filesystem.open_input_stream(path) as src:
            shutil.copyfileobj(src, out, 1 << 20)
        yield tmp
    finally:
        os.unlink(tmp)


CHUNK_BYTES = 16 << 20  # at most this much input per task (a large JSONL's ranges, a large dump's parts)


class Task(NamedTuple):
    """One unit of the job.  ``stage``: "whole" (a file read by one task),
    "lines" (the lines of a JSONL file whose first byte is in ``span``), or
    "dump" (a text dump larger than a chunk: made "range" tasks, the bytes
    in ``span`` from one capture header to the next cut, once a first pass
    has found the cuts; or, when it cannot be cut, read and segmented by one
    task, its articles annotated by ``chunks`` tasks), or "warc" (a WARC
    larger than a chunk, made "records" tasks, runs of whole records, once a
    first pass has found where its records start)."""

    seq: int
    part: int
    path: str
    location: str
    span: tuple[int, int] | None = None
    stage: str = "whole"
    bytes: int | None = None
    chunks: int = 1
    skip: int = 0  # records before a "records" task's span
    part_bytes: int = 0  # a "dump" task's text per part (its text over its chunks: parts of one size)
    encoding: str = ""  # a "range" task's (its dump's)


def plan(tasks: list[tuple[str, str]], chunk_bytes: int = CHUNK_BYTES) -> list[Task]:
    """The tasks for (path, location) input files, in input order: one per
    file; an uncompressed local JSONL file larger than ``chunk_bytes`` cut
    into ranges of about that size (a line belongs to the range its first
    byte is in); a text dump (.gz too) whose text is larger than
    ``chunk_bytes`` made a "dump" task whose articles are annotated in
    parts of about that much text."""
    from .ingest import text_size
    from .read import head_bytes, sniff_format

    out: list[Task] = []
    for seq, (path, loc) in enumerate(tasks):
        size = _size(loc)
        if size is not None and (size > chunk_bytes or path.endswith(".gz") and size > chunk_bytes // 100):
            try:
                sample = head_bytes(loc)
                with open(loc, "rb") as f:
                    gz = f.read(2) == b"\x1f\x8b"
                fmt = sniff_format(path, sample)
            except Exception:  # noqa: BLE001 - the task reports what is wrong with the file
                fmt, gz = None, True
            if fmt == "jsonl" and not gz:
                starts = range(0, size, chunk_bytes)
                out.extend(Task(seq, part, path, loc, (a, min(a + chunk_bytes, size)), "lines", size // len(starts))
                           for part, a in enumerate(starts))
                continue
            if fmt == "warc":
                out.append(Task(seq, 0, path, loc, None, "warc", size))
                continue
            text = (text_size(loc) or size * 4) if fmt == "text" else 0  # (a .gz's text: its trailer, or a guess)
            if text > chunk_bytes:
                chunks = -(-text // chunk_bytes)
                out.append(Task(seq, 0, path, loc, None, "dump", size, chunks, part_bytes=-(-text // chunks)))
                continue
        out.append(Task(seq, 0, path, loc, None, "whole", size))
    return out


def _size(loc: str) -> int | None:
    if "://" in loc:
        return None
    try:
        return os.path.getsize(loc)
    except OSError:
        return None


@contextmanager
def _lines_in(location: str, span: tuple[int, int], suffix: str) -> Iterator[tuple[str, int]]:
    """The lines whose first byte is in ``span``, copied to a temporary
    file; also how many lines come before them in the whole file."""
    start, end = span
    fd, tmp = tempfile.mkstemp(prefix="dateline-spark-", suffix=suffix)
    try:
        with open(location, "rb") as src, os.fdopen(fd, "wb") as out:
            before = 0
            if start:
                while src.tell() < start - 1:  # count the lines before (a byte scan)
                    block = src.read(min(1 << 20, start - 1 - src.tell()))
                    if not block:
                        break
                    before += block.count(b"\n")
                if src.read(1) != b"\n":  # mid-line: that line is the previous range's
                    src.readline()
                    before += 1
            while src.tell() < end:
                line = src.readline()
                if not line:
                    break
                out.write(line)
        yield tmp, before
    finally:
        os.unlink(tmp)


_TALLY = re.compile(r"^(?P<fmt>[A-Z]+): (?P<taken>\d+) (?P<taken_as>.+?) taken"
                    r"(?:, (?P<skipped>\d+) other (?P<what>\w+?)s skipped)?"
                    r"(?:, (?P<failed>\d+) bad (?P<what2>\w+?)s(?: \(\d+ not listed\))?)?$")
_READER_NOTE = re.compile(r"^(?:line|record) \d+: ")


def _merge_files_rows(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The parts of one cut file -> the one files row ingest would have
    made: counts summed, the reader's tally made again from the parts'
    (and only as many bad lines or records named one by one as it names)."""
    if len(rows) == 1:
        return rows[0]
    from .read.warc import MAX_RECORD_WARNINGS, Tally

    first = dict(rows[0])
    failed = [r for r in rows if r["status"] == "failed" and r["message"] != "no article text found"]
    for name in ("articles", "quotes", "counts", "people", "tasks", "cpu", "cpu_read", "wall"):
        first[name] = sum(r.get(name) or 0 for r in rows)
    first["cpu_max"] = max(r.get("cpu_max") or 0 for r in rows)
    named, warnings = 0, []
    for w in (w for r in rows for w in r["warnings"] or []):
        if _READER_NOTE.match(w):
            named += 1
            if named > MAX_RECORD_WARNINGS:
                continue
        warnings.append(w)
    first["warnings"] = warnings
    first["furniture"] = [k for r in rows for k in r["furniture"] or []]
    if failed:
        first["status"], first["message"] = "failed", failed[0]["message"]
    elif first["articles"] == 0:
        first["status"], first["message"] = "failed", "no article text found"
    elif first.get("format") == "text":  # the ranges of a dump
        first["status"], first["message"] = "ok", None
    else:
        tally, fmt, taken_as = Tally(), "JSONL", "records"
        for r in rows:
            m = _TALLY.match(r["message"] or "")
            if m:
                fmt, taken_as = m["fmt"], m["taken_as"]
                tally.what = m["what"] or m["what2"] or ("line" if fmt == "JSONL" else "record")
                tally.taken += int(m["taken"])
                tally.skipped += int(m["skipped"] or 0)
                tally.failed += int(m["failed"] or 0)
        first["status"], first["message"] = "ok", f"{fmt}: " + tally.summary(taken_as)
    return first


def record_offsets(location: str) -> list[int]:
    """Where each record of a WARC file starts (a first pass: warcio reads
    the headers and skips the bodies); a corrupt record ends the list, the
    rest of the file then being the last range's."""
    from warcio.archiveiterator import ArchiveIterator

    offsets: list[int] = []
    with _local(location) as real, open(real, "rb") as f:
        it = ArchiveIterator(f, arc2warc=True)
        try:
            for _ in it:
                offsets.append(it.get_record_offset())
        except Exception:  # noqa: BLE001 - the task that reads that range reports it
            pass
    return offsets


def record_tasks(t: Task, offsets: list[int], chunk_bytes: int) -> list[Task]:
    """A large WARC's tasks: runs of whole records of about ``chunk_bytes``
    (``skip``: the records before the run, for the reader's numbering)."""
    size = _size(t.location)
    if len(offsets) < 2 or size is None:
        return [t._replace(stage="whole")]
    out, start, first = [], offsets[0], 0
    for i, off in enumerate(offsets[1:], 1):
        if off - start >= chunk_bytes:
            out.append(Task(t.seq, len(out), t.path, t.location, (start, off), "records", off - start, 1, first))
            start, first = off, i
    out.append(Task(t.seq, len(out), t.path, t.location, (start, size), "records", size - start, 1, first))
    return out


def _copy(src, start: int, end: int, out) -> None:
    """Bytes ``start`` to ``end`` of ``src`` written to ``out``, a megabyte at a time."""
    src.seek(start)
    left = end - start
    while left > 0:
        block = src.read(min(1 << 20, left))
        if not block:
            break
        out.write(block)
        left -= len(block)


@contextmanager
def _bytes_in(location: str, span: tuple[int, int], suffix: str) -> Iterator[str]:
    """The bytes in ``span`` (whole WARC records: a WARC of their own),
    copied to a temporary file."""
    start, end = span
    fd, tmp = tempfile.mkstemp(prefix="dateline-spark-", suffix=suffix)
    try:
        with open(location, "rb") as src, os.fdopen(fd, "wb") as out:
            _copy(src, start, end, out)
        yield tmp
    finally:
        os.unlink(tmp)


# --------------------------------------------------------------------------
# A large text dump in ranges, segmented in parallel
# --------------------------------------------------------------------------
#
# Segmentation carries state down a dump: the capture header's outlet and
# time, the input's template (what its furniture lines do, counted section by
# section), jumps waiting for their rest, a record's fields just above a
# header, whether the export's own top was passed.  A full capture header
# ("Outlet 2031-04-02 10:00") after a blank line resets the header's fields,
# the line classes and the section: a large uncompressed dump is cut into
# ranges there.  A first pass (one task a dump) counts its repeated lines as
# ingest does (the furniture it teaches, broadcast to its ranges) and finds
# the cuts.  A range's template counts do not depend on the template, so a
# second pass counts them range by range, in parallel (no drafts made), and
# each range starts from the sum of the ranges before it.  Each range task
# then reads its range and the header after it (what that header ends is the
# range's), segments, annotates and writes it.  What a range cannot know (a
# jump held over a cut, fields above a header, bytes mended, a failure) is
# checked at the end and sends the dump down the one-task path.

_CUT_CANDIDATE = re.compile(rb"\n[ \t\r\f\v]*\n(?P<line>[ \t\f\v]*[^\s][^\n]{0,319})(?=\n)")


def is_cut_line(raw: bytes, encoding: str) -> bool:
    """A line a dump may be cut above: a full capture header (outlet and
    time) that segmentation reads as one line, as it stands."""
    from .segment import parse_header

    try:
        s = raw.decode(encoding).strip()
    except (UnicodeDecodeError, LookupError):
        return False
    if not s or not s.isprintable() or "\u00a0" in s or "By " in s or "by " in s or ": " in s:
        return False  # (what segmentation would split or read otherwise)
    h = parse_header(s)
    return bool(h and h.get("outlet") and h.get("captured_at") and "url" in h)


def find_cuts(location: str, size: int, encoding: str, chunk_bytes: int, window: int = 1 << 20) -> list[int]:
    """Where a dump's ranges start: 0, then the first cut line after each
    chunk boundary (one read of the file at most)."""
    cuts, pos = [0], 0
    with open(location, "rb") as f:
        for boundary in range(chunk_bytes, size, chunk_bytes):
            pos, found = max(pos, boundary - 1), None
            while found is None and pos < size:
                f.seek(pos)
                block = f.read(window + 4096)
                for m in _CUT_CANDIDATE.finditer(block):
                    if m.start() >= window:
                        break
                    if is_cut_line(m["line"], encoding):
                        found = pos + m.start("line")
                        break
                else:
                    if len(block) <= window:
                        pos = size
                if found is None:
                    pos += window
            if found is None:
                break
            if found > cuts[-1]:
                cuts.append(found)
            pos = found
    return cuts


def dump_scan(t: Task, chunk_bytes: int) -> dict[str, Any]:
    """The first pass over a large dump: its repeated lines (counted over the
    whole file, as ingest counts them), its encoding and the ranges it is cut
    into ([] when it cannot be: compressed, remote, a wide encoding, hard-
    wrapped, unreadable, no cut line)."""
    import time
    from itertools import chain, islice

    from .furniture import RepeatCounter
    from .read import WRAP_SAMPLE_LINES, detect_encoding, head_bytes, iter_batches, wrap_width

    cpu = time.process_time()
    out: dict[str, Any] = {"seq": t.seq, "cuts": [], "repeated": frozenset(), "encoding": None}
    try:
        size = _size(t.location)
        with open(t.location, "rb") as f:
            gz = f.read(2) == b"\x1f\x8b"
        if size is None or gz:
            return out
        encoding = detect_encoding(head_bytes(t.location))
        if encoding.replace("_", "-").lower().startswith(("utf-16", "utf-32")):
            return out
        lines = chain.from_iterable(iter_batches(t.location, encoding))
        if wrap_width(list(islice(lines, WRAP_SAMPLE_LINES))) is not None:
            return out
        repeated = RepeatCounter().add_lines(chain.from_iterable(iter_batches(t.location, encoding))).repeated()
        cuts = find_cuts(t.location, size, encoding, chunk_bytes)
        if len(cuts) > 1:
            out.update(cuts=cuts + [size], repeated=frozenset(repeated), encoding=encoding)
    except Exception:  # noqa: BLE001 - the one-task path reads the file and reports what is wrong with it
        pass
    finally:
        out["cpu"] = time.process_time() - cpu
    return out


def range_tasks(t: Task, scan: dict[str, Any]) -> list[Task]:
    cuts = scan["cuts"]
    return [Task(t.seq, k, t.path, t.location, (a, b), "range", b - a, encoding=scan["encoding"])
            for k, (a, b) in enumerate(zip(cuts, cuts[1:]))]


@contextmanager
def _range_file(location: str, span: tuple[int, int], suffix: str) -> Iterator[tuple[str, bool]]:
    """A range's bytes and, when a cut line ends it, that line, copied to a
    temporary file; also whether that line is there."""
    start, end = span
    fd, tmp = tempfile.mkstemp(prefix="dateline-spark-", suffix=suffix)
    try:
        with open(location, "rb") as src, os.fdopen(fd, "wb") as out:
            _copy(src, start, end, out)
            ahead = src.readline()
            out.write(ahead)
        yield tmp, bool(ahead)
    finally:
        os.unlink(tmp)


def template_counts(t: Task, learned: frozenset[str], repeated: frozenset[str]) -> dict[str, Any]:
    """A range's own counts of the input's template (segmentation's second
    look at a range, drafts not made): what its furniture lines did, which
    does not depend on the template itself."""
    import time
    from itertools import chain

    from .read import iter_batches
    from .segment import Template, segment

    cpu = time.process_time()
    start = {"template": Template(), "opened": True, "observe": True}
    try:
        with _range_file(t.location, t.span, os.path.basename(t.path)) as (tmp, _):
            for _ in segment(chain.from_iterable(iter_batches(tmp, t.encoding)), learned | repeated, start=start):
                pass
    except Exception:  # noqa: BLE001 - the range's own task meets it again and reports it
        pass
    tpl = start["template"]
    return {"seq": t.seq, "part": t.part, "seen": tpl.seen, "counters": tpl.counters, "blocks": tpl.blocks,
            "cpu": time.process_time() - cpu}


def template_before(counts: list[dict[str, Any]], part: int):
    """The input's template where range ``part`` starts: the counts of the
    ranges before it, added up (as segmentation would have counted them
    reading the dump from its start)."""
    from .segment import Template

    tpl = Template()
    for c in counts[:part]:
        for key, (places, tops) in c["seen"].items():
            p = tpl.seen.setdefault(key, [0, 0])
            p[0] += places
            p[1] += tops
        tpl.counters |= c["counters"]
        tpl.blocks |= c["blocks"]
    return tpl


def range_rows(t: Task, learned: frozenset[str], repeated: frozenset[str], annotate: bool = True,
               counts: list[dict[str, Any]] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """One range of a large dump -> ("articles", row)... then ("files", row)
    whose ``check`` says what the range met at its ends (see check_ranges).
    ``counts``: the template counts of the dump's ranges before this one."""
    import time
    from itertools import chain

    from .core import from_draft
    from .ingest import failure_message
    from .read import ReadNotes, iter_batches
    from .segment import segment

    cpu, wall = time.process_time(), time.perf_counter()
    start = {"template": template_before(counts or [], t.part), "opened": t.part > 0}
    notes, status, message = ReadNotes(), "ok", None
    n, tally, ahead = 0, {"quotes": 0, "counts": 0, "people": 0}, False
    try:
        with _range_file(t.location, t.span, os.path.basename(t.path)) as (tmp, ahead):
            lines = chain.from_iterable(iter_batches(tmp, t.encoding, notes))
            for d in segment(lines, learned | repeated, start=start):
                a = from_draft(d, t.path, None, annotate)
                yield "articles", article_row(a, t.seq, n) | {"part": t.part}
                n += 1
                for name in tally:
                    tally[name] += len(getattr(a.annotations, name))
    except Exception as e:  # noqa: BLE001 - the dump then goes down the one-task path, which reports it
        status, message = "failed", failure_message(e)
    check = {"failed": status == "failed", "mended": bool(notes.warnings()),
             "at_header": start.get("at_header") if ahead else None}
    st = os.stat(t.location)
    yield "files", {"seq": t.seq, "part": t.part, "source": t.path, "format": "text", "size": st.st_size,
                    "mtime": st.st_mtime, "status": status, "message": message, "articles": n, "warnings": [],
                    "furniture": sorted(repeated) if t.part == 0 else [], **tally, "tasks": 1,
                    "cpu": time.process_time() - cpu, "cpu_max": time.process_time() - cpu,
                    "cpu_read": time.process_time() - cpu, "wall": time.perf_counter() - wall, "check": check}


def check_ranges(checks: list[dict[str, Any]]) -> bool:
    """Whether a dump's ranges (their checks, in order) give what one pass
    gives: every header that ends a range left nothing held (no jump
    waiting for its rest, no record's fields above it), the export's top
    was passed before the range after it (as that range assumed), and
    nothing was mended or failed."""
    for k, c in enumerate(checks):
        if c["failed"] or c["mended"]:
            return False
        if k + 1 < len(checks):
            h = c["at_header"]
            if not h or h["held"] or h["resume"] or h["tail"] or not h["opened"]:
                return False
    return True


def range_task(t: Task, output: str, annotate: bool, learned: frozenset[str], repeated: frozenset[str],
               counts: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One range of a large dump, its articles written as Parquet parts;
    returns its files row (with its check)."""
    return _write_parts(range_rows(t, learned, repeated, annotate, counts), output)


def _write_parts(rows: Iterable[tuple[str, dict[str, Any]]], output: str) -> list[dict[str, Any]]:
    """A task's rows: articles written as Parquet parts under ``output``,
    files rows returned."""
    parts, files = Parts(output), []
    try:
        for kind, row in rows:
            if kind == "articles":
                parts.add(row)
            else:
                files.append(row)
    finally:
        parts.close()
    return files


def drop_parts(output: str, seq: int, part: int | None = None) -> None:
    """The part files one input file's tasks wrote, or one of its parts
    (before it is read again)."""
    from pyarrow import fs as pafs

    filesystem, root = _fs(output)
    prefix = f"part-{seq:06d}-" + ("" if part is None else f"{part:05d}.")
    for name in ("articles", "quotes", "counts", "people"):
        for info in filesystem.get_file_info(pafs.FileSelector(f"{root}/{name}")):
            if info.base_name.startswith(prefix):
                filesystem.delete_file(info.path)


class _Learned:
    """Stands in for the store in ``articles_of``: keeps the furniture keys a
    dump teaches, for ``dateline load`` to store as ingest would."""

    def __init__(self) -> None:
        self.keys: list[str] = []

    def learn_furniture(self, keys: Iterable[str]) -> None:
        self.keys.extend(sorted(keys))


def file_rows(seq: int, path: str, location: str, annotate: bool = True,
              learned: frozenset[str] | set[str] = frozenset(), part: int = 0,
              span: tuple[int, int] | None = None, records_before: int | None = None
              ) -> Iterator[tuple[str, dict[str, Any]]]:
    """One input file -> ("articles", row)... then ("files", row).  The
    articles come from ``ingest.articles_of``, the code ingest runs; a file
    that fails is marked failed in its files row, and ``load`` then skips
    its articles, as ingest's transaction would roll them back."""
    from .ingest import FileResult, articles_of, failure_message
    from .read import InputFile, ReadError

    result = FileResult(path, "ok")
    sink = _Learned()
    size = mtime = None
    tally = {"quotes": 0, "counts": 0, "people": 0}
    try:
        with _local(location) as real:
            try:
                st = os.stat(real)
                size, mtime = st.st_size, (st.st_mtime if real == location else None)
            except OSError:
                pass
            name = os.path.basename(path)
            if span is None:
                within = nullcontext((real, 0))
            elif records_before is None:  # the lines of a JSONL range
                within = _lines_in(real, span, name)
            else:  # whole WARC records
                within = _with(_bytes_in(real, span, name), records_before)
            with within as (part_of, skip):
                for a in articles_of(InputFile(path, part_of), sink, result, annotate, set(learned)):
                    yield "articles", article_row(a, seq, result.articles) | {"part": part}
                    result.articles += 1
                    for name in tally:
                        tally[name] += len(getattr(a.annotations, name))
            if skip:  # the reader counted lines from the range's start
                result.warnings = [_shift_line(w, skip) for w in result.warnings]
        if result.articles == 0 and span is None:  # a part of a file may hold none; load adds the parts up
            raise ReadError("no article text found")
    except Exception as e:  # noqa: BLE001 - one file that breaks a rule must not sink the job
        result.status, result.message = "failed", failure_message(e)  # the reasons ingest_file gives
    yield "files", {"seq": seq, "part": part, "source": path, "format": result.format, "size": size, "mtime": mtime,
                    "status": result.status, "message": result.message, "articles": result.articles,
                    "warnings": list(result.warnings), "furniture": sink.keys, **tally}


@contextmanager
def _with(inner, extra: Any) -> Iterator[tuple[Any, Any]]:
    with inner as value:
        yield value, extra


def _shift_line(warning: str, lines_before: int) -> str:
    return re.sub(r"^(line|record) (\d+)", lambda m: f"{m[1]} {int(m[2]) + lines_before}", warning)


def rows_of(path: str, data: bytes, annotate: bool = True) -> Iterator[tuple[str, dict[str, Any]]]:
    """(dataset, row) pairs for one file's bytes (written to a temporary
    file first); for use without Spark."""
    with tempfile.TemporaryDirectory(prefix="dateline-spark-") as d:
        real = os.path.join(d, os.path.basename(path) or "input")
        with open(real, "wb") as f:
            f.write(data)
        for kind, row in file_rows(0, path, real, annotate):
            if kind == "files" and row["status"] == "failed":
                yield "errors", {"source": path, "reason": row["message"]}
            yield kind, row


# --------------------------------------------------------------------------
# Rows <-> articles
# --------------------------------------------------------------------------

def _spans(mentions: list[Span]) -> list[dict]:
    return [{"text": m.text, "start": m.start, "end": m.end} for m in mentions]


def article_row(a: Article, seq: int = 0, pos: int = 0) -> dict[str, Any]:
    ann = a.annotations
    return {
        "seq": seq, "part": 0, "pos": pos, "id": a.id, "source": a.source, "outlet": a.outlet,
        "captured_at": a.captured_at, "published": a.published, "url": a.url, "language": a.language,
        "title": a.title, "byline": list(a.byline), "contributors": [asdict(c) for c in a.contributors],
        "datelines": list(a.datelines), "truncated": a.truncated, "text": a.text,
        "people": [{"name": p.name, "role": p.role, "mentions": _spans(p.mentions)} for p in ann.people],
        "entities": [{"kind": e.kind, "name": e.name, "mentions": _spans(e.mentions)}
                     for e in [*ann.organisations, *ann.places]],
        "quotes": [asdict(q) for q in ann.quotes],
        "counts": [asdict(c) for c in ann.counts],
    }


def article_from_row(r: dict[str, Any]) -> Article:
    def spans(ms) -> list[Span]:
        return [Span(m["text"], m["start"], m["end"]) for m in ms or []]

    ents = [Entity(e["name"], e["kind"], spans(e["mentions"])) for e in r.get("entities") or []]
    ann = Annotations(
        people=[Person(p["name"], spans(p["mentions"]), p["role"]) for p in r.get("people") or []],
        organisations=[e for e in ents if e.kind == "org"],
        places=[e for e in ents if e.kind != "org"],
        quotes=[Quote(**q) for q in r.get("quotes") or []],
        counts=[Count(**c) for c in r.get("counts") or []],
    )
    return Article(
        id=r["id"], source=r["source"], text=r["text"], title=r.get("title"), outlet=r.get("outlet"),
        captured_at=r.get("captured_at"), published=r.get("published"), url=r.get("url"),
        language=r.get("language"), byline=list(r.get("byline") or []),
        contributors=[Contributor(c["name"], c.get("place")) for c in r.get("contributors") or []],
        datelines=list(r.get("datelines") or []), truncated=bool(r.get("truncated")), annotations=ann,
    )


def arrow_schemas():
    """The Parquet schemas of the datasets (pyarrow: tasks write their own
    part files, so no row goes through Spark SQL's converters)."""
    import pyarrow as pa

    s, i, b, d, L = pa.string(), pa.int32(), pa.bool_(), pa.float64(), pa.int64()
    arr, st = pa.list_, lambda *fs: pa.struct([pa.field(n, t) for n, t in fs])  # noqa: E731
    span = st(("text", s), ("start", i), ("end", i))
    quote = [("quote", s), ("start", i), ("end", i), ("speaker", s), ("speaker_desc", s), ("anonymous", b),
             ("partial", b), ("kind", s), ("cue", s)]
    count = [("text", s), ("start", i), ("end", i), ("value", d), ("low", d), ("high", d), ("qualifier", s),
             ("category", s), ("what", s), ("claimant", s), ("as_of", s), ("as_of_date", s)]
    person = [("name", s), ("role", s), ("mentions", arr(span))]
    flat = [("article_id", s), ("idx", i)]
    return {
        "articles": pa.schema([
            ("seq", i), ("part", i), ("pos", i), ("id", s), ("source", s), ("outlet", s), ("captured_at", s),
            ("published", s), ("url", s), ("language", s), ("title", s), ("byline", arr(s)),
            ("contributors", arr(st(("name", s), ("place", s)))), ("datelines", arr(s)), ("truncated", b),
            ("text", s), ("people", arr(st(*person))),
            ("entities", arr(st(("kind", s), ("name", s), ("mentions", arr(span))))),
            ("quotes", arr(st(*quote))), ("counts", arr(st(*count)))]),
        "files": pa.schema([  # cpu: seconds of all the file's tasks; cpu_read: of the task(s) that read it
            ("seq", i), ("part", i), ("source", s), ("format", s), ("size", L), ("mtime", d), ("status", s),
            ("message", s), ("articles", i), ("warnings", arr(s)), ("furniture", arr(s)),
            ("quotes", i), ("counts", i), ("people", i), ("tasks", i), ("cpu", d), ("cpu_max", d), ("cpu_read", d), ("wall", d)]),
        "quotes": pa.schema(flat + quote),
        "counts": pa.schema(flat + count),
        "people": pa.schema(flat + person),
        "errors": pa.schema([("source", s), ("reason", s)]),
    }


def _float(v: Any) -> float | None:
    """A count's number as Parquet stores it: a double, or null when too
    large for one (its text keeps it)."""
    if v is None:
        return None
    try:
        return float(v)
    except OverflowError:
        return None


def _fs(output: str):
    """(pyarrow filesystem, root path) of an output directory, local or
    ``scheme://``."""
    from pyarrow import fs as pafs

    if "://" in output:
        return pafs.FileSystem.from_uri(output)
    return pafs.LocalFileSystem(), os.path.abspath(output)


class Parts:
    """The Parquet part files one task writes: ``articles`` and its flat
    ``quotes``/``counts``/``people``, named by (file seq, part) so that a
    task run again writes the same files and name order is input order.
    Rows are written in row groups of ``batch`` articles: a task's memory
    does not grow with its input."""

    def __init__(self, output: str, batch: int = 256) -> None:
        self.output, self.batch = output, batch
        self.fs, self.root = _fs(output)
        self.schemas = arrow_schemas()
        self.writers: dict[tuple, dict] = {}
        self.pending: dict[tuple, list] = {}

    def add(self, row: dict[str, Any]) -> None:
        key = (row["seq"], row["part"])
        buf = self.pending.setdefault(key, [])
        buf.append(row)
        if len(buf) >= self.batch:
            self._flush(key)

    def _flush(self, key: tuple) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows, self.pending[key] = self.pending[key], []
        if not rows:
            return
        for r in rows:
            r["counts"] = [c | {"value": _float(c["value"]), "low": _float(c["low"]), "high": _float(c["high"])}
                           for c in r["counts"]]
        tables = {"articles": rows}
        for name in ("quotes", "counts", "people"):
            tables[name] = [{"article_id": r["id"], "idx": i, **x} for r in rows for i, x in enumerate(r[name])]
        writers = self.writers.get(key)
        if writers is None:
            writers = self.writers[key] = {}
        for name, table in tables.items():
            if not table:
                continue
            w = writers.get(name)
            if w is None:
                where = f"{self.root}/{name}/part-{key[0]:06d}-{key[1]:05d}.parquet"
                w = writers[name] = pq.ParquetWriter(where, self.schemas[name], filesystem=self.fs)
            w.write_table(pa.Table.from_pylist(table, self.schemas[name]))

    def close(self) -> None:
        for key in list(self.pending):
            self._flush(key)
        for writers in self.writers.values():
            for w in writers.values():
                w.close()
        self.writers.clear()


def prepare_output(output: str) -> None:
    """Empty dataset directories under ``output`` (what was there is replaced)."""
    from pyarrow import fs as pafs

    filesystem, root = _fs(output)
    for name in DATASETS:
        d = f"{root}/{name}"
        if filesystem.get_file_info(d).type != pafs.FileType.NotFound:
            filesystem.delete_dir(d)
        filesystem.create_dir(d)


def _finish_output(output: str, files: list[dict[str, Any]]) -> None:
    """The files and errors tables, and an empty part in any dataset no task
    wrote to (so that every dataset can be read, by Spark too)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from pyarrow import fs as pafs

    filesystem, root = _fs(output)
    sch = arrow_schemas()
    errors = [{"source": r["source"], "reason": r["message"]} for r in files if r["status"] == "failed"]
    for name, rows in (("files", files), ("errors", errors)):
        pq.write_table(pa.Table.from_pylist(rows, sch[name]), f"{root}/{name}/part-000000-00000.parquet",
                       filesystem=filesystem)
    for name in ("articles", "quotes", "counts", "people"):
        if not filesystem.get_file_info(pafs.FileSelector(f"{root}/{name}")):
            pq.write_table(sch[name].empty_table(), f"{root}/{name}/part-empty.parquet", filesystem=filesystem)


# --------------------------------------------------------------------------
# The job
# --------------------------------------------------------------------------

def _timed(rows: Iterator[tuple[str, dict[str, Any]]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``file_rows`` with the task's CPU and wall seconds in its files row."""
    import time

    cpu, wall = time.process_time(), time.perf_counter()
    for kind, row in rows:
        if kind == "files":
            row["cpu"] = row["cpu_max"] = row["cpu_read"] = time.process_time() - cpu
            row["wall"], row["tasks"] = time.perf_counter() - wall, 1
        yield kind, row


def whole_task(t: Task, output: str, annotate: bool, learned: frozenset[str]) -> list[dict[str, Any]]:
    """One task of whole files or line ranges: its articles written as
    Parquet parts; returns its files rows."""
    before = t.skip if t.stage == "records" else None
    return _write_parts(_timed(file_rows(t.seq, t.path, t.location, annotate, learned, t.part, t.span, before)), output)


def dump_drafts(t: Task, learned: frozenset[str], chunk_bytes: int) -> Iterator[tuple[int, tuple]]:
    """The first stage of a large text dump: ingest's own reading of it (its
    repeated lines counted over the whole file, then segmented, streamed),
    without annotation: (part, ("a", pos, article)) per article, the part
    advancing every ``chunk_bytes`` of article text, then (0, ("f", files
    row)).  Cheap next to annotation (about a twentieth of its time), which
    the second stage does in bounded tasks."""
    import time

    from .ingest import FileResult, articles_of, failure_message
    from .read import InputFile, ReadError

    cpu, wall = time.process_time(), time.perf_counter()
    result, sink = FileResult(t.path, "ok"), _Learned()
    size = mtime = None
    done = 0
    try:
        with _local(t.location) as real:
            try:
                st = os.stat(real)
                size, mtime = st.st_size, (st.st_mtime if real == t.location else None)
            except OSError:
                pass
            for a in articles_of(InputFile(t.path, real), sink, result, False, set(learned)):
                yield min(done // (t.part_bytes or chunk_bytes), t.chunks - 1), ("a", result.articles, a)
                result.articles += 1
                done += len(a.text) + 1
        if result.articles == 0:
            raise ReadError("no article text found")
    except Exception as e:  # noqa: BLE001 - one file that breaks a rule must not sink the job
        result.status, result.message = "failed", failure_message(e)
    yield 0, ("f", {"seq": t.seq, "part": 0, "source": t.path, "format": result.format, "size": size,
                    "mtime": mtime, "status": result.status, "message": result.message,
                    "articles": result.articles, "warnings": list(result.warnings), "furniture": sink.keys,
                    "quotes": 0, "counts": 0, "people": 0, "tasks": 1, "cpu": time.process_time() - cpu,
                    "cpu_max": time.process_time() - cpu, "cpu_read": time.process_time() - cpu,
                    "wall": time.perf_counter() - wall})


def annotate_part(t: Task, part: int, records: Iterable[tuple], output: str, annotate: bool) -> list[dict]:
    """The second stage of a large dump: one part of its articles annotated
    (what ``core.from_draft`` does) and written.  Returns the dump's files
    row when this part carries it, and this part's tally."""
    import time

    from .core import reference_date
    from .ingest import failure_message

    cpu, wall = time.process_time(), time.perf_counter()
    tally = {"seq": t.seq, "part": part, "quotes": 0, "counts": 0, "people": 0, "failed": None}
    out: list[dict] = []
    parts = Parts(output)
    try:
        if annotate:
            from .annotate import annotate as annotate_body
        for rec in records:
            if rec[0] == "f":
                out.append(rec[1])
                continue
            _, pos, a = rec
            if tally["failed"]:
                continue
            try:
                if annotate:
                    a.annotations = annotate_body(a.text, reference_date(a))
            except Exception as e:  # noqa: BLE001 - as ingest: the file fails, nothing of it is stored
                tally["failed"] = failure_message(e)
                continue
            parts.add(article_row(a, t.seq, pos) | {"part": part})
            for name in ("quotes", "counts", "people"):
                tally[name] += len(getattr(a.annotations, name))
    finally:
        parts.close()
    tally["cpu"], tally["wall"] = time.process_time() - cpu, time.perf_counter() - wall
    return out + [tally | {"tally": True}]


def _merge_tallies(files: list[dict], tallies: list[dict]) -> None:
    by_seq = {(r["seq"], r["part"]): r for r in files}
    for t in tallies:
        f = by_seq[(t["seq"], 0)]
        for name in ("quotes", "counts", "people", "cpu", "wall"):
            f[name] = (f[name] or 0) + t[name]
        f["tasks"] += 1
        f["cpu_max"] = max(f["cpu_max"], t["cpu"])
        if t["failed"] and f["status"] == "ok":
            f["status"], f["message"] = "failed", t["failed"]


def default_chunk(total_bytes: int, parallelism: int) -> int:
    """Bytes of input per task when not given: at most ``CHUNK_BYTES``, and
    small enough that a small input still gives every core about three
    tasks (at least 1 MB)."""
    return max(1 << 20, min(CHUNK_BYTES, total_bytes // max(1, 3 * parallelism)))


def run(spark, inputs: str | list[str], output: str, annotate: bool = True, partitions: int | None = None,
        learned: Iterable[str] = (), chunk_bytes: int | None = None) -> dict[str, int]:
    """Read every input file (paths, directories, globs; ``scheme://`` globs
    through Hadoop) in bounded tasks (``plan``: one per file, a large JSONL
    cut at lines, a large WARC at records, a large text dump cut at capture
    headers into ranges of about ``chunk_bytes`` segmented in parallel, or,
    when it cannot be cut, segmented by one task and annotated in parts of
    about ``chunk_bytes`` of text), and write the Parquet datasets under
    ``output``; returns row counts.  ``learned``: furniture keys an archive
    already knows, broadcast to every task as ingest would use them.
    ``partitions``: at least this many tasks for the whole files."""
    sc = spark.sparkContext if hasattr(spark, "sparkContext") else spark
    found = list_inputs([inputs] if isinstance(inputs, str) else inputs, spark)
    if not found:
        raise ValueError(f"no input files in {inputs}")
    if chunk_bytes is None:
        chunk_bytes = default_chunk(sum(_size(loc) or 0 for _, loc in found), sc.defaultParallelism)
    tasks = plan(found, chunk_bytes)
    warcs = [t for t in tasks if t.stage == "warc"]
    if warcs:  # a first pass over the large WARCs: where their records start
        starts = dict(sc.parallelize(warcs, len(warcs)).map(lambda t: (t.seq, record_offsets(t.location))).collect())
        tasks = [n for t in tasks for n in (record_tasks(t, starts[t.seq], chunk_bytes) if t.stage == "warc" else [t])]
    dumps = [t for t in tasks if t.stage == "dump"]
    scans: dict[int, dict] = {}
    if dumps:  # a first pass over the large dumps: their repeated lines, where they can be cut
        scans = {r["seq"]: r for r in sc.parallelize(dumps, len(dumps)).map(
            lambda t: dump_scan(t, chunk_bytes)).collect()}
        tasks = [n for t in tasks for n in (
            range_tasks(t, scans[t.seq]) if t.stage == "dump" and scans[t.seq]["cuts"] else [t])]
    prepare_output(output)
    known = sc.broadcast(frozenset(learned))
    repeated = sc.broadcast({seq: r["repeated"] for seq, r in scans.items() if r["cuts"]})
    ranged = [t for t in tasks if t.stage == "range" and t.span[1] < (scans[t.seq]["cuts"][-1])]
    tcounts: dict[int, list] = {}
    if ranged:  # the second pass: each range's own template counts (the last range's are no one's)
        for c in sorted(sc.parallelize(ranged, len(ranged)).map(
                lambda t: template_counts(t, known.value, repeated.value[t.seq])).collect(),
                key=lambda c: (c["seq"], c["part"])):
            tcounts.setdefault(c["seq"], []).append(c)
    tpl = sc.broadcast(tcounts)
    got = _job(sc, [t for t in tasks if t.stage != "dump"], [t for t in tasks if t.stage == "dump"],
               output, annotate, known, repeated, tpl, chunk_bytes, partitions)
    ranges: dict[int, list[dict]] = {}
    for r in got:
        if "check" in r:
            ranges.setdefault(r["seq"], []).append(r)
    again = []  # dumps whose ranges do not stand: read by one task
    for seq, rows in ranges.items():
        if not check_ranges([r["check"] for r in sorted(rows, key=lambda r: r["part"])]):
            drop_parts(output, seq)
            again.append(next(t for t in dumps if t.seq == seq))
    if again:
        gone = {t.seq for t in again}
        got = [r for r in got if r["seq"] not in gone]
        got += _job(sc, [], again, output, annotate, known, repeated, tpl, chunk_bytes, None)
    for r in got:
        if r.pop("check", None) is not None:
            r["cpu_read"] = 0.0  # (a range's reading is its own: no part of the dump waits for it)
            if r["part"] < len(tcounts.get(r["seq"], [])):
                r["cpu"] += tcounts[r["seq"]][r["part"]]["cpu"]  # (its second pass)
        if r.get("part") == 0 and r["seq"] in scans and "tally" not in r:  # the first pass is the dump's reading
            r["cpu"] += scans[r["seq"]]["cpu"]
            r["cpu_read"] = scans[r["seq"]]["cpu"]
    files = sorted((r for r in got if not r.get("tally")), key=lambda r: (r["seq"], r["part"]))
    _merge_tallies(files, [r for r in got if r.get("tally")])
    _finish_output(output, files)
    counts = {"articles": sum(r["articles"] for r in files), "files": len(files)}
    for name in ("quotes", "counts", "people"):
        counts[name] = sum(r[name] for r in files)
    counts["errors"] = sum(r["status"] == "failed" for r in files)
    return counts


def _job(sc, whole: list[Task], dumps: list[Task], output: str, annotate: bool, known, repeated, counts,
         chunk_bytes: int, partitions: int | None) -> list[dict]:
    """One Spark job: ``whole`` tasks (whole files, line ranges, WARC records,
    dump ranges) and the one-task path of ``dumps``; their files rows (and
    parts' tallies).  Broadcast: ``known`` furniture, the ``repeated`` lines
    of cut dumps and their ranges' template ``counts``."""
    rdds = []
    if whole:
        def one(t: Task) -> list[dict]:
            if t.stage == "range":
                return range_task(t, output, annotate, known.value, repeated.value[t.seq],
                                  counts.value.get(t.seq, []))
            return whole_task(t, output, annotate, known.value)

        whole = sorted(whole, key=lambda t: -(t.bytes or 0))  # the largest first
        rdds.append(sc.parallelize(whole, max(len(whole), partitions or 0)).flatMap(one))
    if dumps:
        base, n = {}, 0
        for t in dumps:
            base[t.seq], n = n, n + t.chunks
        owner = {base[t.seq] + k: t for t in dumps for k in range(t.chunks)}

        def second(index: int, records: Iterator) -> Iterator[dict]:
            t = owner[index]
            return iter(annotate_part(t, index - base[t.seq], (r for _, r in records), output, annotate))

        rdds.append(sc.parallelize(dumps, len(dumps))
                    .flatMap(lambda t: ((base[t.seq] + k, r) for k, r in dump_drafts(t, known.value, chunk_bytes)))
                    .partitionBy(n, lambda k: k)
                    .mapPartitionsWithIndex(second))
    if not rdds:
        return []
    return (rdds[0] if len(rdds) == 1 else sc.union(rdds)).collect()


# --------------------------------------------------------------------------
# Loading into the archive
# --------------------------------------------------------------------------

def _parquet_rows(directory: str, batch_rows: int = 512) -> Iterator[dict[str, Any]]:
    """The rows of one dataset, part file by part file in name order (the
    job's task order), each part sorted by (seq, pos)."""
    import pyarrow.parquet as pq

    parts = sorted(n for n in os.listdir(directory) if n.endswith(".parquet") and not n.startswith((".", "_")))
    for name in parts:
        table = pq.read_table(os.path.join(directory, name))
        keys = [k for k in ("seq", "part", "pos") if k in table.column_names]
        if keys:
            table = table.sort_by([(k, "ascending") for k in keys])
        for batch in table.to_batches(batch_rows):
            yield from batch.to_pylist()


def load(store, output: str, link: bool = True, on_file=None) -> dict[str, int]:
    """A Spark job's output -> the archive, file by file in the job's input
    order as ``dateline ingest`` would: each file one transaction (its
    furniture keys learned, its articles added, linked, its source noted),
    then the claim groups once.  Failed files are noted and their articles
    left out; a file the archive already has unchanged (same path, size and
    mtime) is skipped, as ingest skips it.  Returns totals."""
    for name in ("articles", "files"):
        if not os.path.isdir(os.path.join(output, name)):
            raise FileNotFoundError(f"{output}: no {name}/ dataset (is it a dateline.spark output?)")
    parts: dict[int, list[dict[str, Any]]] = {}
    for r in _parquet_rows(os.path.join(output, "files")):
        parts.setdefault(r["seq"], []).append(r)
    files = {seq: _merge_files_rows(sorted(rows, key=lambda r: r["part"])) for seq, rows in parts.items()}
    totals = {"files": len(files), "skipped": 0, "failed": 0, "articles": 0, "new": 0}
    articles = _parquet_rows(os.path.join(output, "articles"))
    pending = next(articles, None)
    for seq in sorted(files):
        f = files[seq]
        new = 0
        if f["size"] is not None and f["mtime"] is not None and store.source_done(f["source"], f["size"], f["mtime"]):
            while pending is not None and pending["seq"] <= seq:  # unchanged since it was stored, as ingest skips it
                pending = next(articles, None)
            totals["skipped"] += 1
            if on_file:
                on_file(f | {"status": "skipped"}, 0)
            continue
        with store.transaction():
            if f["status"] == "ok":
                store.learn_furniture(f["furniture"] or [])
            while pending is not None and pending["seq"] < seq:  # rows of a file not listed: skipped
                pending = next(articles, None)
            while pending is not None and pending["seq"] == seq:
                if f["status"] == "ok":
                    new += store.add_article(article_from_row(pending))
                    totals["articles"] += 1
                pending = next(articles, None)
            if f["status"] == "ok" and new and link:
                from .link.dedupe import link_new
                from .link.run import update_links

                link_new(store)
                update_links(store, claims=False)
            ok = f["status"] == "ok"  # as ingest notes it: a reason only for a failure
            store.note_source(f["source"], f["size"], f["mtime"], f["status"], None if ok else f["message"],
                              f["articles"])
        totals["new"] += new
        totals["failed"] += f["status"] == "failed"
        if on_file:
            on_file(f, new)
    if link and totals["new"]:
        with store.transaction():
            store.refresh_claim_groups()
    return totals


# A local master's JVM does little but schedule: the quick compiler alone and
# one garbage-collection thread halve its start (about 15 -> 8 s of CPU
# measured on a busy 2-core machine) without slowing the job.
LOCAL_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def session(master: str | None = None, app: str = "dateline", **conf: str):
    """A Spark session for the job.  A ``local`` master started here gets
    ``LOCAL_JVM_OPTIONS`` unless the driver's Java options are given, and its
    Python workers run this interpreter (not whatever ``python3`` is first on
    PATH, which may import another copy of dateline); under spark-submit the
    JVM is already running and its settings stand."""
    import os
    import sys

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
        if master.startswith("local") and "spark.driver.extraJavaOptions" not in conf:
            conf["spark.driver.extraJavaOptions"] = LOCAL_JVM_OPTIONS
        if master.startswith("local"):
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # read when the context starts
    for k, v in conf.items():
        builder = builder.config(k, v)
    return builder.getOrCreate()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m dateline.spark", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+", help="input files, directories or globs (text dumps, .gz, HTML, WARC, "
                                              "JSONL); hdfs:// or s3a:// globs too")
    ap.add_argument("output", help="output directory for the Parquet datasets")
    ap.add_argument("--master", default=None, help="Spark master, e.g. local[2] (default: spark-submit's)")
    ap.add_argument("--partitions", type=int, default=None,
                    help="at least this many tasks (default and minimum: one per input file)")
    ap.add_argument("--no-annotate", action="store_true")
    ap.add_argument("--archive", default=None,
                    help="an archive whose learned furniture every task uses, as `dateline ingest` into it would")
    ap.add_argument("--chunk-mb", type=float, default=None,
                    help="input per task: a JSONL file or a text dump larger than this is cut into tasks of about "
                         f"this size (default: the input over three tasks per core, between 1 and {CHUNK_BYTES >> 20})")
    args = ap.parse_args(argv)
    learned: set[str] = set()
    if args.archive:
        from .store import Store

        with Store(args.archive, readonly=True) as store:
            learned = store.learned_furniture()
    spark = session(args.master)
    try:
        chunk = None if args.chunk_mb is None else max(1 << 16, int(args.chunk_mb * (1 << 20)))
        counts = run(spark, args.inputs, args.output, not args.no_annotate, args.partitions, learned, chunk)
    finally:
        spark.stop()
    for k, v in counts.items():
        print(f"{k:9s} {v}")


if __name__ == "__main__":
    main()

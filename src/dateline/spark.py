"""The archive-scale path: the same core, mapped by Apache Spark.

    spark-submit -m dateline.spark INPUT... OUTPUT_DIR        # or:
    python -m dateline.spark 'dumps/**/*.txt.gz' out/ --master local[2]
    dateline load out/                                        # into the archive, linked

Each input file is its own task (at least one partition per file, never many
files in one task), read by exactly the code ``dateline ingest`` runs on one
file (``ingest.articles_of``), so the output equals single-machine ingest.
A JSONL file larger than ``--chunk-mb`` is cut into several tasks at line
boundaries.  (A text dump or WARC is still one task however large: it is
read as a stream, so its memory stays bounded, but it is not parallel.)
Nothing here knows news language.  Output is Parquet:

    OUTPUT_DIR/articles/  one row per article, its annotations nested (people,
                          entities, quotes, counts, each with character spans);
                          ``seq`` (file order) and ``pos`` (order in the file)
                          keep ingest's order for ``dateline load``
    OUTPUT_DIR/files/     one row per task (an input file, or a part of a cut
                          one): size, mtime, status, reason, warnings, the
                          furniture keys it taught, its numbers of rows
    OUTPUT_DIR/quotes/    flat views for analysis: one row per quote,
    OUTPUT_DIR/counts/    per count and per person in an article, each with
    OUTPUT_DIR/people/    its article id and index
    OUTPUT_DIR/errors/    one row per file that could not be read, with the reason

``dateline load OUTPUT_DIR`` stores the articles through the archive's own
``Store.add_article`` (same content ids, so loading twice adds nothing) and
links them file by file as ingest does (near-duplicates, people, stories),
then makes the claim groups, so the CLI and the web serve the result.

Requires the ``spark`` extra (``pip install -e ".[spark]"``: pyspark, and
pyarrow to load) and Java 17.  Inputs on HDFS/S3 (``scheme://`` paths) are
listed through Spark's Hadoop filesystem and copied to each task's local
disk through pyarrow's filesystems before reading.
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
from typing import Any

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


CHUNK_BYTES = 64 << 20  # a JSONL file larger than this is read by several tasks


def plan(tasks: list[tuple[str, str]], chunk_bytes: int = CHUNK_BYTES) -> list[tuple]:
    """(seq, part, path, location, byte range) per task, in input order: one
    per file, and an uncompressed local JSONL file larger than ``chunk_bytes``
    cut into ranges of about that size (a line belongs to the range its
    first byte is in), so one large file is many tasks."""
    from .read import head_bytes, sniff_format

    out: list[tuple] = []
    for seq, (path, loc) in enumerate(tasks):
        size = _size(loc)
        if size is not None and size > chunk_bytes:
            try:
                sample = head_bytes(loc)
                with open(loc, "rb") as f:
                    gz = f.read(2) == b"\x1f\x8b"
                cut = not gz and sniff_format(path, sample) == "jsonl"
            except Exception:  # noqa: BLE001 - the task reports what is wrong with the file
                cut = False
            if cut:
                starts = range(0, size, chunk_bytes)
                out.extend((seq, part, path, loc, (a, min(a + chunk_bytes, size))) for part, a in enumerate(starts))
                continue
        out.append((seq, 0, path, loc, None))
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


_TALLY = re.compile(r"^JSONL: (\d+) records taken(?:, (\d+) other lines skipped)?(?:, (\d+) bad lines)?")


def _merge_files_rows(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The parts of one cut file -> the one files row ingest would have
    made: counts summed, the reader's tally made again from the parts'."""
    if len(rows) == 1:
        return rows[0]
    from .read.warc import Tally

    first = dict(rows[0])
    failed = [r for r in rows if r["status"] == "failed" and r["message"] != "no article text found"]
    for name in ("articles", "quotes", "counts", "people"):
        first[name] = sum(r.get(name) or 0 for r in rows)
    first["warnings"] = [w for r in rows for w in r["warnings"] or []]
    first["furniture"] = [k for r in rows for k in r["furniture"] or []]
    if failed:
        first["status"], first["message"] = "failed", failed[0]["message"]
    elif first["articles"] == 0:
        first["status"], first["message"] = "failed", "no article text found"
    else:
        tally = Tally(what="line")
        for r in rows:
            m = _TALLY.match(r["message"] or "")
            if m:
                tally.taken += int(m[1])
                tally.skipped += int(m[2] or 0)
                tally.failed += int(m[3] or 0)
        first["status"], first["message"] = "ok", "JSONL: " + tally.summary("records")
    return first


class _Learned:
    """Stands in for the store in ``articles_of``: keeps the furniture keys a
    dump teaches, for ``dateline load`` to store as ingest would."""

    def __init__(self) -> None:
        self.keys: list[str] = []

    def learn_furniture(self, keys: Iterable[str]) -> None:
        self.keys.extend(sorted(keys))


def file_rows(seq: int, path: str, location: str, annotate: bool = True,
              learned: frozenset[str] | set[str] = frozenset(), part: int = 0,
              span: tuple[int, int] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
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
            with (_lines_in(real, span, os.path.basename(path)) if span else nullcontext((real, 0))) as (part_of, skip):
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


def schemas():
    from pyspark.sql import types as T

    s, i, b, d, L = T.StringType(), T.IntegerType(), T.BooleanType(), T.DoubleType(), T.LongType()
    arr = T.ArrayType
    f = lambda name, t: T.StructField(name, t, True)  # noqa: E731
    span = T.StructType([f("text", s), f("start", i), f("end", i)])
    quote = T.StructType([f("quote", s), f("start", i), f("end", i), f("speaker", s), f("speaker_desc", s),
                          f("anonymous", b), f("partial", b), f("kind", s), f("cue", s)])
    count = T.StructType([f("text", s), f("start", i), f("end", i), f("value", d), f("low", d), f("high", d),
                          f("qualifier", s), f("category", s), f("what", s), f("claimant", s), f("as_of", s),
                          f("as_of_date", s)])
    return {
        "articles": T.StructType([
            f("seq", i), f("part", i), f("pos", i), f("id", s), f("source", s), f("outlet", s), f("captured_at", s),
            f("published", s), f("url", s), f("language", s), f("title", s), f("byline", arr(s)),
            f("contributors", arr(T.StructType([f("name", s), f("place", s)]))), f("datelines", arr(s)),
            f("truncated", b), f("text", s),
            f("people", arr(T.StructType([f("name", s), f("role", s), f("mentions", arr(span))]))),
            f("entities", arr(T.StructType([f("kind", s), f("name", s), f("mentions", arr(span))]))),
            f("quotes", arr(quote)), f("counts", arr(count))]),
        "files": T.StructType([
            f("seq", i), f("part", i), f("source", s), f("format", s), f("size", L), f("mtime", d), f("status", s),
            f("message", s), f("articles", i), f("warnings", arr(s)), f("furniture", arr(s)),
            f("quotes", i), f("counts", i), f("people", i)]),
    }


def _conform(v: Any, t) -> Any:
    """A Python row -> the tuple shape of its Spark type (numbers made float
    where the schema says double; a count too large for one is dropped to
    null rather than failing the job)."""
    from pyspark.sql import types as T

    if v is None:
        return None
    if isinstance(t, T.StructType):
        return tuple(_conform(v.get(fl.name), fl.dataType) for fl in t.fields)
    if isinstance(t, T.ArrayType):
        return [_conform(x, t.elementType) for x in v]
    if isinstance(t, T.DoubleType):
        try:
            return float(v)
        except OverflowError:
            return None
    return v


# --------------------------------------------------------------------------
# The job
# --------------------------------------------------------------------------

def task_rdd(sc, tasks: list[tuple[str, str]], partitions: int | None = None, chunk_bytes: int = CHUNK_BYTES):
    """The tasks of ``plan``, one partition each (more when ``partitions``
    asks): a task never holds many files."""
    planned = plan(tasks, chunk_bytes)
    return sc.parallelize(planned, max(len(planned), partitions or 0, 1))


def run(spark, inputs: str | list[str], output: str, annotate: bool = True, partitions: int | None = None,
        learned: Iterable[str] = (), chunk_bytes: int = CHUNK_BYTES) -> dict[str, int]:
    """Read every input file (paths, directories, globs; ``scheme://`` globs
    through Hadoop), one task per file (``partitions`` may only raise that),
    and write the Parquet datasets under ``output``; returns row counts.
    ``learned``: furniture keys an archive already knows, broadcast to every
    task as ingest would use them."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    tasks = list_inputs([inputs] if isinstance(inputs, str) else inputs, spark)
    if not tasks:
        raise ValueError(f"no input files in {inputs}")
    known = sc.broadcast(frozenset(learned))
    rows = (task_rdd(sc, tasks, partitions, chunk_bytes)
            .flatMap(lambda t: file_rows(t[0], t[2], t[3], annotate, known.value, t[1], t[4]))
            .persist(StorageLevel.MEMORY_AND_DISK))
    sch = schemas()
    try:  # the articles written (one pass over the inputs), the files rows (small) read back from the cache
        arts = rows.filter(lambda r: r[0] == "articles").map(lambda r, t=sch["articles"]: _conform(r[1], t))
        spark.createDataFrame(arts, sch["articles"]).write.mode("overwrite").parquet(os.path.join(output, "articles"))
        files = rows.filter(lambda r: r[0] == "files").map(lambda r: r[1]).collect()
    finally:
        rows.unpersist()
    files.sort(key=lambda r: (r["seq"], r["part"]))
    (spark.createDataFrame([_conform(r, sch["files"]) for r in files], sch["files"]).coalesce(1)
     .write.mode("overwrite").parquet(os.path.join(output, "files")))
    errors = [(r["source"], r["message"]) for r in files if r["status"] == "failed"]
    (spark.createDataFrame(errors, "source string, reason string").coalesce(1)
     .write.mode("overwrite").parquet(os.path.join(output, "errors")))
    written = spark.read.parquet(os.path.join(output, "articles"))
    for name in ("quotes", "counts", "people"):  # flat views, from the articles just written
        flat = (written.select(F.col("id").alias("article_id"), F.posexplode(name).alias("idx", "r"))
                .select("article_id", "idx", "r.*"))
        flat.write.mode("overwrite").parquet(os.path.join(output, name))
    counts = {"articles": sum(r["articles"] for r in files), "files": len(files)}
    for name in ("quotes", "counts", "people"):
        counts[name] = sum(r[name] for r in files)
    counts["errors"] = len(errors)
    return counts


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
    ap.add_argument("--chunk-mb", type=int, default=CHUNK_BYTES >> 20,
                    help="a JSONL file larger than this is read by several tasks (default %(default)s)")
    args = ap.parse_args(argv)
    from pyspark.sql import SparkSession

    learned: set[str] = set()
    if args.archive:
        from .store import Store

        with Store(args.archive, readonly=True) as store:
            learned = store.learned_furniture()
    builder = SparkSession.builder.appName("dateline")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        counts = run(spark, args.inputs, args.output, not args.no_annotate, args.partitions, learned,
                     max(1, args.chunk_mb) << 20)
    finally:
        spark.stop()
    for k, v in counts.items():
        print(f"{k:9s} {v}")


if __name__ == "__main__":
    main()

"""The archive-scale path: the same core, mapped by Apache Spark.

    spark-submit -m dateline.spark INPUT_GLOB OUTPUT_DIR        # or:
    python -m dateline.spark 'dumps/**/*.txt.gz' out/ --master local[2]

Spark only maps ``core.extract`` over input files; nothing here knows news
language.  Output is Parquet, one dataset per record type, each row carrying
its article id (and character span) for provenance:

    OUTPUT_DIR/articles/  one row per article (the export format's scalar fields)
    OUTPUT_DIR/quotes/    one row per quote
    OUTPUT_DIR/counts/    one row per count
    OUTPUT_DIR/people/    one row per person in an article
    OUTPUT_DIR/errors/    one row per file that could not be read, with the reason

Requires the ``spark`` extra (``pip install -e ".[spark]"``) and Java 17.
Near-duplicate linking and cross-article linking run on the SQLite archive;
load Parquet back with ``dateline ingest`` of the original files when needed.
"""
from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Iterator
from typing import Any

from .core import extract
from .model import Article, RawDocument
from .read import ReadError, detect_encoding, sniff_format

ARTICLE_FIELDS = ["id", "source", "outlet", "captured_at", "published", "url", "title", "byline",
                  "contributors", "truncated", "text"]


def articles_from_bytes(path: str, data: bytes, annotate: bool = True) -> Iterator[Article | ReadError]:
    """One input file's bytes -> its articles (or one ReadError).  Runs on
    Spark executors; also usable on its own."""
    import gzip

    try:
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        fmt = sniff_format(path, data[:4096])
        if fmt == "text":
            text = data.decode(detect_encoding(data[: 1 << 20]), errors="replace")
            yield from extract(RawDocument(path, text), annotate=annotate)
            return
        # other formats: their readers take a file path
        with tempfile.NamedTemporaryFile(suffix=os.path.basename(path)) as tmp:
            tmp.write(data)
            tmp.flush()
            from .ingest import documents

            for raw in documents(_Input(path, tmp.name), fmt, data[:4096]):
                if isinstance(raw, ReadError):
                    continue
                yield from extract(raw, annotate=annotate)
    except (ReadError, EOFError, OSError, UnicodeError, ValueError) as e:
        yield ReadError(f"{path}: {e}")


class _Input:
    def __init__(self, path: str, real_path: str):
        self.path, self.real_path = path, real_path


def rows_of(path: str, data: bytes, annotate: bool = True) -> Iterator[tuple[str, dict[str, Any]]]:
    """(dataset, row) pairs for one file."""
    for a in articles_from_bytes(path, data, annotate):
        if isinstance(a, ReadError):
            yield "errors", {"source": path, "reason": str(a)}
            continue
        rec = a.to_export()
        yield "articles", {k: rec[k] for k in ARTICLE_FIELDS} | {
            "byline": list(a.byline), "contributors": [c.name for c in a.contributors]}
        for i, q in enumerate(rec["quotes"]):
            yield "quotes", {"article_id": a.id, "idx": i, **q}
        for i, c in enumerate(rec["counts"]):
            yield "counts", {"article_id": a.id, "idx": i, **c}
        for i, p in enumerate(a.annotations.people):
            yield "people", {"article_id": a.id, "idx": i, "name": p.name, "role": p.role,
                             "mentions": [m.text for m in p.mentions]}


def schemas():
    from pyspark.sql import types as T

    s, i, b, d = T.StringType(), T.IntegerType(), T.BooleanType(), T.DoubleType()
    arr = T.ArrayType(T.StringType())
    f = lambda name, t: T.StructField(name, t, True)  # noqa: E731
    return {
        "articles": T.StructType([f("id", s), f("source", s), f("outlet", s), f("captured_at", s),
                                  f("published", s), f("url", s), f("title", s), f("byline", arr),
                                  f("contributors", arr), f("truncated", b), f("text", s)]),
        "quotes": T.StructType([f("article_id", s), f("idx", i), f("quote", s), f("start", i), f("end", i),
                                f("speaker", s), f("speaker_desc", s), f("anonymous", b), f("partial", b),
                                f("kind", s), f("cue", s)]),
        "counts": T.StructType([f("article_id", s), f("idx", i), f("text", s), f("start", i), f("end", i),
                                f("value", d), f("low", d), f("high", d), f("qualifier", s), f("category", s),
                                f("what", s), f("claimant", s), f("as_of", s), f("as_of_date", s)]),
        "people": T.StructType([f("article_id", s), f("idx", i), f("name", s), f("role", s), f("mentions", arr)]),
        "errors": T.StructType([f("source", s), f("reason", s)]),
    }


def _conform(row: dict, schema) -> tuple:
    from pyspark.sql import types as T

    out = []
    for field in schema.fields:
        v = row.get(field.name)
        if v is not None and isinstance(field.dataType, T.DoubleType):
            v = float(v)
        out.append(v)
    return tuple(out)


def run(spark, inputs: str, output: str, annotate: bool = True, partitions: int | None = None) -> dict[str, int]:
    """Read every file matching ``inputs`` (a path or glob Spark understands),
    write Parquet datasets under ``output``; returns row counts."""
    files = spark.sparkContext.binaryFiles(inputs, minPartitions=partitions)
    rows = files.flatMap(lambda kv: list(rows_of(kv[0], kv[1], annotate))).cache()
    counts = {}
    for name, schema in schemas().items():
        part = rows.filter(lambda r, n=name: r[0] == n).map(lambda r, sc=schema: _conform(r[1], sc))
        df = spark.createDataFrame(part, schema)
        df.write.mode("overwrite").parquet(os.path.join(output, name))
        counts[name] = df.count()
    rows.unpersist()
    return counts


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m dateline.spark", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", help="path or glob of input files (text dumps, .gz, HTML, WARC, JSONL)")
    ap.add_argument("output", help="output directory for the Parquet datasets")
    ap.add_argument("--master", default=None, help="Spark master, e.g. local[2] (default: spark-submit's)")
    ap.add_argument("--partitions", type=int, default=None)
    ap.add_argument("--no-annotate", action="store_true")
    args = ap.parse_args(argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("dateline")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        counts = run(spark, args.inputs, args.output, not args.no_annotate, args.partitions)
    finally:
        spark.stop()
    for k, v in counts.items():
        print(f"{k:9s} {v}")


if __name__ == "__main__":
    main()

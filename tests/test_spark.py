"""The Spark batch path maps the same core; checked on a local Spark."""
import shutil

import pytest

from conftest import EXAMPLES
from dateline.spark import rows_of


def test_rows_of_one_file_pure():
    data = (EXAMPLES / "harbor-courier-dump.txt").read_bytes()
    rows = list(rows_of("harbor-courier-dump.txt", data))
    kinds = {k for k, _ in rows}
    assert {"articles", "quotes", "counts"} <= kinds
    arts = [r for k, r in rows if k == "articles"]
    assert len(arts) == 4 and all(r["source"] == "harbor-courier-dump.txt" for r in arts)
    assert all(r["article_id"] in {a["id"] for a in arts} for k, r in rows if k in ("quotes", "counts"))


def test_rows_of_bad_file_is_an_error_row():
    rows = list(rows_of("junk.bin", bytes(range(256)) * 10))
    assert rows == [("errors", {"source": "junk.bin", "reason": "junk.bin: binary file (NUL bytes), not text"})]


def test_spark_job_writes_parquet(tmp_path):
    pyspark = pytest.importorskip("pyspark")
    if not shutil.which("java"):
        pytest.skip("no Java for Spark")
    from pyspark.sql import SparkSession

    from dateline.spark import run

    inputs = tmp_path / "in"
    inputs.mkdir()
    for f in EXAMPLES.glob("*.txt"):
        shutil.copy(f, inputs / f.name)
    (inputs / "broken.bin").write_bytes(bytes(range(256)) * 10)
    spark = (SparkSession.builder.master("local[1]").appName("dateline-test")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1").getOrCreate())
    try:
        counts = run(spark, str(inputs / "*"), str(tmp_path / "out"))
        assert counts["articles"] == 6 and counts["errors"] == 1 and counts["quotes"] > 0
        back = spark.read.parquet(str(tmp_path / "out" / "articles"))
        assert back.count() == 6
        assert {r.title for r in back.select("title").collect()} >= {"Saltmere port clears backlog after strike"}
    finally:
        spark.stop()

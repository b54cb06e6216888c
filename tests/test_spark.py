"""The Spark batch path: one task per input file, read by ingest's own code;
``dateline load`` of its output gives the archive ``dateline ingest`` gives.
The Spark tests share one local[2] session and skip without pyspark or Java."""
import shutil
import sqlite3

import pytest

from conftest import EXAMPLES, _shared_dir, run_cli
from dateline.spark import article_from_row, article_row, list_inputs, rows_of


def test_rows_of_one_file_pure():
    data = (EXAMPLES / "harbor-courier-dump.txt").read_bytes()
    rows = list(rows_of("harbor-courier-dump.txt", data))
    arts = [r for k, r in rows if k == "articles"]
    assert len(arts) == 4 and all(r["source"] == "harbor-courier-dump.txt" for r in arts)
    assert [r["pos"] for r in arts] == [0, 1, 2, 3]
    assert any(r["quotes"] for r in arts) and any(r["counts"] for r in arts)
    (files,) = [r for k, r in rows if k == "files"]
    assert files["status"] == "ok" and files["articles"] == 4 and files["format"] == "text"


def test_rows_of_bad_file_is_an_error_row():
    rows = list(rows_of("junk.bin", bytes(range(256)) * 10))
    assert [k for k, _ in rows] == ["errors", "files"]
    assert rows[0][1] == {"source": "junk.bin", "reason": "binary file (NUL bytes), not text"}
    assert rows[1][1]["status"] == "failed" and rows[1][1]["articles"] == 0


def test_article_row_round_trips():
    from dateline.core import extract
    from dateline.model import RawDocument

    for a in extract(RawDocument("x.txt", (EXAMPLES / "northgate-post-dump.txt").read_text())):
        assert article_from_row(article_row(a)) == a


def test_inputs_listed_as_ingest_expands_them(tmp_path):
    for name in ("b.txt", "a.txt", ".hidden.txt"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("x")
    assert [p for p, _ in list_inputs([str(tmp_path)])] == [
        str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), str(tmp_path / "sub" / "c.txt")]


def _jsonl(path, tmp_path=None) -> None:
    """A JSONL file of invented records (the example articles, each told
    apart by a closing line), a blank line and a bad line among them."""
    import json

    from dateline.core import extract
    from dateline.model import RawDocument

    lines = []
    for f in sorted(EXAMPLES.glob("*.txt")):
        for i, a in enumerate(extract(RawDocument(f.name, f.read_text()), annotate=False)):
            text = a.text + f"\n\nThis copy was filed as record {len(lines) + 1}."
            lines.append(json.dumps({"title": a.title, "text": text, "url": f"https://example.org/{f.stem}/{i}"}))
    lines[2:2] = ["", "{not json"]
    path.write_text("\n".join(lines) + "\n")


def test_a_large_jsonl_is_cut_at_lines(tmp_path):
    from dateline.spark import _lines_in, plan

    f = tmp_path / "big.jsonl"
    _jsonl(f)
    whole = f.read_bytes()
    tasks = plan([(str(f), str(f)), ("small.txt", str(EXAMPLES / "harbor-courier-dump.txt"))], chunk_bytes=1500)
    cut = [t for t in tasks if t.seq == 0]
    assert len(cut) == -(-len(whole) // 1500) > 2 and {t.stage for t in cut} == {"lines"}
    assert [t.part for t in cut] == list(range(len(cut))) and tasks[-1][:3] == (1, 0, "small.txt")
    got, before = b"", []
    for t in cut:
        with _lines_in(t.location, t.span, ".jsonl") as (part, n):
            before.append(n)
            got += open(part, "rb").read()
    assert got == whole  # every line once, in order
    starts, at = [], 0
    for line in whole.splitlines(keepends=True):
        starts.append(at)
        at += len(line)
    # a line is read by the range its first byte is in
    assert before == [sum(1 for a in starts if a < t.span[0]) for t in cut]


def test_tasks_are_bounded(tmp_path):
    """One task per small file, never many files in one; a dump larger than
    a chunk read by one task and annotated in parts of about a chunk."""
    import gzip

    from dateline.spark import default_chunk, plan

    small = [(f"f{i}.txt", str(EXAMPLES / "harbor-courier-dump.txt")) for i in range(5)]
    tasks = plan(small, chunk_bytes=1 << 20)
    assert [(t.seq, t.stage, t.chunks) for t in tasks] == [(i, "whole", 1) for i in range(5)]
    dump = tmp_path / "big.txt"
    dump.write_bytes((EXAMPLES / "harbor-courier-dump.txt").read_bytes() * 40)
    size = dump.stat().st_size
    (t,) = plan([("big.txt", str(dump))], chunk_bytes=size // 7)
    assert t.stage == "dump" and t.chunks == 8
    assert t.part_bytes * 8 >= size > t.part_bytes * 7  # parts of one size, none a small remainder
    gz = tmp_path / "big.txt.gz"
    gz.write_bytes(gzip.compress(dump.read_bytes()))
    (t,) = plan([("big.txt.gz", str(gz))], chunk_bytes=size // 7)
    assert t.stage == "dump" and t.chunks == 8  # the text's size, from the gzip trailer
    assert default_chunk(10 << 30, 2) == 16 << 20 and default_chunk(20 << 20, 2) == (20 << 20) // 6
    assert default_chunk(1000, 2) == 1 << 20


def test_parts_of_a_cut_file_add_up_to_its_files_row():
    from dateline.spark import _merge_files_rows

    def part(n, articles, message, status="ok"):
        return {"seq": 3, "part": n, "source": "r.jsonl", "status": status, "message": message,
                "articles": articles, "warnings": [f"w{n}"], "furniture": []}

    row = _merge_files_rows([part(0, 4, "JSONL: 4 records taken, 1 bad lines"), part(1, 0, "JSONL: 0 records taken"),
                             part(2, 2, "JSONL: 2 records taken, 2 bad lines")])
    assert (row["status"], row["articles"], row["message"]) == ("ok", 6, "JSONL: 6 records taken, 3 bad lines")
    assert row["warnings"] == ["w0", "w1", "w2"]
    row = _merge_files_rows([part(0, 0, "JSONL: 0 records taken"), part(1, 0, "JSONL: 0 records taken")])
    assert (row["status"], row["message"]) == ("failed", "no article text found")
    row = _merge_files_rows([part(0, 2, "JSONL: 2 records taken"), part(1, 0, "cannot read", "failed")])
    assert (row["status"], row["message"]) == ("failed", "cannot read")


def test_a_large_warc_is_cut_at_records(tmp_path):
    """Runs of whole records, each a WARC of its own: read one after the
    other they give ingest's pages, numbering and tally."""
    pytest.importorskip("warcio")
    from test_readers import warc_pages, write_warc

    from dateline.spark import _merge_files_rows, file_rows, plan, record_offsets, record_tasks

    f = tmp_path / "crawl.warc.gz"
    write_warc(f, warc_pages(9), other=3)
    (t,) = plan([(str(f), str(f))], chunk_bytes=4000)
    assert t.stage == "warc"
    offsets = record_offsets(str(f))
    assert len(offsets) == 1 + 2 * 9 + 3 + 3 and offsets[0] == 0
    cut = record_tasks(t, offsets, 4000)
    assert len(cut) > 2 and cut[0].span[0] == 0 and cut[-1].span[1] == f.stat().st_size
    assert all(a.span[1] == b.span[0] for a, b in zip(cut, cut[1:])) and [c.part for c in cut] == list(range(len(cut)))
    rows = [list(file_rows(0, str(f), str(f), False, part=c.part, span=c.span, records_before=c.skip)) for c in cut]
    whole = list(file_rows(0, str(f), str(f), False))
    assert [r["url"] for rs in rows for k, r in rs if k == "articles"] == [r["url"] for k, r in whole
                                                                             if k == "articles"]
    merged = _merge_files_rows([r for rs in rows for k, r in rs if k == "files"])
    (single,) = [r for k, r in whole if k == "files"]
    assert (merged["message"], merged["articles"], merged["status"]) == (single["message"], 9, "ok")
    assert "HTML pages taken" in merged["message"] and "skipped" in merged["message"]


FIXTURES = EXAMPLES.parent / "tests" / "fixtures" / "outlets"


def _dumps(where, shared=None, first: int | None = None) -> list:
    """Large dumps made of many inputs run together: as they are (one
    input's template and furniture running into the next's), reversed, and
    each under a capture header of its own (invented fixtures, and the seed
    and development dumps when ``shared`` is there)."""
    files = (sorted(FIXTURES.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt")))[:first]
    if shared is not None:
        files += sorted((shared / "seeds").glob("*.txt")) + sorted((shared / "dev/news/dumps").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8").strip() for f in files]
    out = []
    for name, body in (("run", "\n\n".join(texts)), ("reversed", "\n\n".join(texts[::-1])),
                       ("headed", "".join(f"Valley Wire 2031-0{1 + i % 9}-1{i % 10} 10:00:00\n\n{t}\n\n"
                                          for i, t in enumerate(texts)))):
        out.append(where / f"{name}.txt")
        out[-1].write_text(body + "\n", encoding="utf-8")
    return out


def _serially(path) -> list[tuple]:
    from dateline.ingest import FileResult, articles_of
    from dateline.read import InputFile
    from dateline.spark import _Learned

    return [(a.id, a.title, a.outlet, a.captured_at, a.url, a.byline, a.truncated, a.text)
            for a in articles_of(InputFile(str(path), str(path)), _Learned(), FileResult(str(path), "ok"), False, set())]


def _in_ranges(path, chunk_bytes, counted: bool = True) -> tuple:
    """A dump segmented as the Spark job does it, range by range (no Spark):
    (articles, or None when it goes to the one-task path; ranges).
    ``counted``: each range starts from the template counts of the ranges
    before it (the job's second pass)."""
    from dateline.spark import Task, check_ranges, dump_scan, range_rows, range_tasks, template_counts

    t = Task(0, 0, str(path), str(path), None, "dump", path.stat().st_size)
    scan = dump_scan(t, chunk_bytes)
    tasks = range_tasks(t, scan)
    counts = [template_counts(r, frozenset(), scan["repeated"]) for r in tasks[:-1]] if counted else []
    ranges = [list(range_rows(r, frozenset(), scan["repeated"], False, counts)) for r in tasks]
    if not check_ranges([rows[-1][1]["check"] for rows in ranges]):
        return None, len(ranges)
    return [(x["id"], x["title"], x["outlet"], x["captured_at"], x["url"], x["byline"], x["truncated"], x["text"])
            for rows in ranges for k, x in rows if k == "articles"], len(ranges)


def test_a_dump_cut_at_capture_headers_gives_the_articles_of_one_task(tmp_path):
    """Ranges segmented apart, each from the template the ranges before it
    counted, give what ingest's one pass gives, on dumps of many styles run
    together; from an empty template they would not."""
    wrong = 0
    for dump in _dumps(tmp_path, _shared_dir()):
        whole = _serially(dump)
        for chunk in (700, 5000):
            got, ranges = _in_ranges(dump, chunk)
            assert ranges > 3 and got == whole, (dump.name, chunk, ranges)
            wrong += _in_ranges(dump, chunk, counted=False)[0] != whole
    assert wrong  # (the test meets inputs whose template a range alone gets wrong)


def _jump_dump(path):
    """An article "continued on page 5" whose rest stands under the next capture header."""
    para = "The dockworkers' union said on Tuesday that talks with the port authority had stalled again. " * 12
    path.write_text(f"Valley Wire 2031-04-02 10:00:00\n\nCranes stand idle at Saltmere as the port strike enters "
                    f"a third week\n\nBy Mara Quell\n\n{para}\n\nContinued on page 5\n\n"
                    f"Valley Wire 2031-04-02 10:05:00\n\nCranes, from page 1\n\n{para[:300]}\n", encoding="utf-8")
    return path


def test_cut_lines_and_what_sends_a_dump_to_one_task(tmp_path):
    from dateline.spark import find_cuts, is_cut_line

    assert is_cut_line(b"Valley Wire 2031-04-02 10:00:00", "utf-8")
    assert is_cut_line("  The Lantern Daily — 2031-04-02T10:00:00Z\r".encode(), "utf-8")
    for line in ("Captured: 2031-04-02T10:00:00Z", "URL: https://example.org/a", "Talks resume in Saltmere",
                 "By Mara Quell 2031-04-02"):
        assert not is_cut_line(line.encode(), "utf-8"), line
    dump = _jump_dump(tmp_path / "jump.txt")
    cuts = find_cuts(str(dump), dump.stat().st_size, "utf-8", 100)
    assert len(cuts) == 2 and dump.read_bytes()[cuts[1]:].startswith(b"Valley Wire 2031-04-02 10:05")
    got, ranges = _in_ranges(dump, 100)
    assert ranges == 2 and got is None  # a jump held over the cut: the dump is read by one task
    assert len(_serially(dump)) == 1


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")
    if not shutil.which("java"):
        pytest.skip("no Java for Spark")
    from dateline.spark import session

    s = session("local[2]", "dateline-test", **{"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "2"})
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def _tables(path) -> dict[str, list]:
    """Every table of an archive but full-text internals, rows sorted, with
    the times a row was written left out."""
    db = sqlite3.connect(path)
    out = {}
    for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                           "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite%'"):
        cols = [r[1] for r in db.execute(f"PRAGMA table_info({t})") if not r[1].endswith("ed_at")]
        out[t] = sorted(map(repr, db.execute(f"SELECT {', '.join(cols)} FROM {t}")))
    db.close()
    return out


def test_spark_then_load_equals_ingest(spark, tmp_path):
    from dateline.spark import run

    inputs = [str(EXAMPLES)]
    shared = _shared_dir()
    if shared is not None:
        inputs.append(str(shared / "seeds"))
    big = tmp_path / "records.jsonl"
    _jsonl(big)
    inputs.append(str(big))
    if pytest.importorskip("warcio"):
        from test_readers import warc_pages, write_warc

        write_warc(tmp_path / "crawl.warc.gz", warc_pages(6), other=2)  # read by several tasks, at records
        inputs.append(str(tmp_path / "crawl.warc.gz"))
    inputs.append(str(_dumps(tmp_path, first=8)[2]))  # cut into ranges at its headers
    inputs.append(str(_jump_dump(tmp_path / "jump.txt")))  # cut, then read by one task
    broken = tmp_path / "broken.bin"
    broken.write_bytes(bytes(range(256)) * 10)
    inputs.append(str(broken))

    out = tmp_path / "out"
    # records.jsonl and the WARC are read by several tasks, the dumps annotated in several
    counts = run(spark, inputs, str(out), chunk_bytes=1500)
    files = spark.read.parquet(str(out / "files"))
    parts = files.where(f"source = '{big}'").count()
    assert parts > 2 and files.where("tasks > 1").count() >= 2  # (the dumps' files rows sum their tasks)
    assert counts["errors"] == 1 and counts["files"] == files.count() > len(list_inputs(inputs)) + parts - 1
    assert counts["articles"] >= 6 and counts["quotes"] > 0 and counts["counts"] > 0 and counts["people"] > 0
    titles = {r.title for r in spark.read.parquet(str(out / "articles")).select("title").collect()}
    assert "Saltmere port clears backlog after strike" in titles
    ranged = files.where("source LIKE '%headed.txt'").collect()
    assert len(ranged) > 3 and sum(r.articles for r in ranged) > 10
    (jump,) = files.where("source LIKE '%jump.txt'").collect()
    assert jump.articles == 1 and jump.tasks >= 1

    loaded, ingested = tmp_path / "loaded.db", tmp_path / "ingested.db"
    r = run_cli("--db", str(loaded), "load", str(out), check=False)
    # the broken file is reported and noted as ingest notes it
    assert r.returncode == 1 and "1 failed" in r.stderr.decode(), r.stderr.decode()[-3000:]
    run_cli("--db", str(ingested), "ingest", "-q", *inputs, check=False)
    a, b = _tables(loaded), _tables(ingested)
    assert set(a) == set(b) and "articles" in a, (sorted(a), sorted(b), loaded, ingested)
    for table in ("articles", "quotes", "counts", "people", "entities", "persons", "person_mentions",
                  "stories", "story_articles", "claim_groups", "claim_group_rows", "near_duplicates",
                  "furniture_keys", "sources"):
        assert a[table] == b[table], table
    assert a == b
    ids = spark.read.parquet(str(out / "articles")).select("id").distinct().count()
    assert len(a["articles"]) == ids and a["claim_groups"]

    run_cli("--db", str(loaded), "load", "-q", str(out), check=False)  # the same ids: nothing added
    assert _tables(loaded) == a
    r = run_cli("--db", str(loaded), "search", "Saltmere")
    assert "Saltmere port clears backlog" in r.stdout.decode()

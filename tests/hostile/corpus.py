"""The hostile corpus: bad inputs built on the fly (nothing binary is
committed), each with the outcome the ingest must give.

Every case is a file (or link, or directory) written under a folder, and an
``Expect``: the file's status, a piece of its reason or warning, and what
its stored text must or must not hold.  The text is invented.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PARAS = [
    "The harbour authority said on Tuesday that 14 ferries had been held in port after the storm damaged the "
    "northern pier, and that repairs would take at least three weeks.",
    "\u201cWe are not going to reopen the crossing until the engineers are satisfied,\u201d said Marta Lindqvist, "
    "the authority\u2019s director of operations, at a news conference in the town hall.",
    "About 2,300 passengers were stranded overnight, according to the regional transport office, which opened "
    "two school gyms as shelters.",
    "Local business owners said the closure came at the worst possible time for the caf\u00e9s and shops along "
    "the waterfront, which depend on weekend visitors.",
    "\u201cEvery day the pier is shut costs us money we will not get back,\u201d said Tomas Brenner, who runs a "
    "bakery near the terminal.",
]


def article(title: str = "Storm Damage Closes Northern Pier as Ferries Stay in Port", n: int = 5) -> str:
    """An invented article; its paragraphs carry a word of the headline, so
    that articles of one dump do not share lines (shared lines are furniture)."""
    desk = title.split()[0].strip("[]\x1b") or "news"
    return title + "\n\n" + "\n\n".join(f"{PARAS[i % len(PARAS)]} ({desk} desk, note {i}.)"
                                         for i in range(n)) + "\n"


def dump(k: int = 2) -> str:
    titles = ["Storm Damage Closes Northern Pier as Ferries Stay in Port",
              "Town Council Approves Plan to Rebuild Harbour Wall Before Winter",
              "Rail Strike Called Off After Late Talks Between Union and Operator"]
    return "\n\n".join(f"Harbour Gazette 2026-03-0{i % 9 + 1} 09:1{i % 10}:00\n\n" + article(titles[i % 3])
                       for i in range(k))


def html(title: str = "Storm Damage Closes Northern Pier", paras: list[str] | None = None, charset="utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in (paras or PARAS))
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='{charset}'><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
            f"<footer>Contact us</footer></body></html>")


def warc_bytes(n: int = 3, gz: bool = False) -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    titles = ["Storm Damage Closes Northern Pier", "Council Approves Harbour Wall Plan", "Rail Strike Called Off"]
    for i in range(n):
        body = html(titles[i % 3], [f"{p} (report {i})" for p in PARAS]).encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(f"http://news.example.org/{i}", "response", payload=io.BytesIO(body),
                                            http_headers=http))
    return buf.getvalue()


def jsonl_bytes(n: int = 3) -> bytes:
    rows = [{"title": f"Harbour report number {i}", "text": "\n\n".join(f"{p} (item {i})" for p in PARAS),
             "url": f"http://news.example.org/r{i}", "date": "2026-03-0{}".format(i + 1)} for i in range(n)]
    return "".join(json.dumps(r) + "\n" for r in rows).encode()


def stray(data: bytes, k: int, seed: int = 7) -> bytes:
    """``k`` bytes of ``data`` replaced by bytes that are never UTF-8 on their own."""
    rng = random.Random(seed)
    b = bytearray(data)
    ascii_at = [i for i, c in enumerate(b) if 97 <= c <= 122]
    for i in rng.sample(ascii_at, k):
        b[i] = rng.choice(b"\xe9\xe8\xfc\xf1\xe0")
    return bytes(b)


@dataclass
class Expect:
    status: str  # ok | failed | skipped | absent (never reaches the batch, e.g. a second name for one file)
    reason: str | None = None  # in the message (failed) or in a warning (ok)
    has: tuple[str, ...] = ()  # stored text of the file's articles holds each
    lacks: tuple[str, ...] = ()  # and none of these


@dataclass
class Case:
    name: str
    make: Callable[[Path], list[str]]  # writes the input under a folder, returns the paths to name on the command line
    expect: Expect
    tags: set[str] = field(default_factory=set)


def _file(rel: str, data: bytes | str) -> Callable[[Path], list[str]]:
    def make(root: Path) -> list[str]:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return [str(p)]
    return make


def _cut(data: bytes, frac: float) -> bytes:
    return data[: int(len(data) * frac)]


def _flip(data: bytes, at: float) -> bytes:
    b = bytearray(data)
    i = int(len(b) * at)
    for k in range(i, min(i + 64, len(b))):
        b[k] ^= 0x5A
    return bytes(b)


def _rand(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _symlink_loop(root: Path, loops: int) -> list[str]:
    d = root / f"loops{loops}"
    (d / "inner").mkdir(parents=True, exist_ok=True)
    (d / "inner" / "story.txt").write_text(dump(1).replace("Storm", f"Squall {loops}"), encoding="utf-8")
    os.symlink("..", d / "inner" / "up")
    if loops > 1:
        os.symlink("../inner", d / "inner" / "again")
    return [str(d) + "/**/*.txt"]


def _dangling(root: Path) -> list[str]:
    p = root / "dangling.txt"
    os.symlink(root / "nowhere" / "gone.txt", p)
    return [str(p)]


def _fifo(root: Path) -> list[str]:
    p = root / "pipe.txt"
    os.mkfifo(p)
    return [str(p)]


def _unreadable(root: Path) -> list[str]:
    p = root / "locked.txt"
    p.write_text(dump(1), encoding="utf-8")
    p.chmod(0)
    return [str(p)]


def _twice(root: Path) -> list[str]:
    p = root / "twice.txt"
    p.write_text(dump(1).replace("Storm", "Gale"), encoding="utf-8")
    os.symlink(p, root / "twice-link.txt")
    return [str(p), str(root / "twice-link.txt")]


def _dir_named_txt(root: Path) -> list[str]:
    d = root / "folder.txt"
    d.mkdir()
    (d / "inside.txt").write_text(dump(1).replace("Storm", "Hail"), encoding="utf-8")
    return [str(d)]


def _odd_bytes_name(root: Path) -> list[str]:
    name = os.fsdecode(b"caf\xe9-latin1-name.txt")
    p = root / name
    p.write_text(dump(1).replace("Storm", "Sleet"), encoding="utf-8")
    return [str(p)]


def _gzip_bomb(root: Path) -> list[str]:
    p = root / "bomb.txt.gz"
    line = b"the same line of text again and again\n"
    with gzip.open(p, "wb", compresslevel=9) as f:
        chunk = line * (1 << 16)
        for _ in range(80):  # about 200 MB out of 200 KB: refused after the (lowered) threshold
            f.write(chunk)
    return [str(p)]


def _jsonl_bomb(root: Path) -> list[str]:
    p = root / "bomb.jsonl.gz"
    rec = (json.dumps({"title": "Same", "text": "same text " * 50}) + "\n").encode()
    with gzip.open(p, "wb", compresslevel=9) as f:
        chunk = rec * 4000
        for _ in range(120):
            f.write(chunk)
    return [str(p)]


def _warc_bomb(root: Path) -> list[str]:
    """A WARC whose second record expands to far more than a page (the
    test lowers the page limit to 1 MB)."""
    p = root / "bomb.warc.gz"
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    page = html("Harbour Bomb Record One", [f"{x} (bomb desk)" for x in PARAS]).encode()
    w.write_record(w.create_warc_record("http://news.example.org/b1", "response", payload=io.BytesIO(page),
                                        http_headers=http))
    huge = b"<html><body><p>" + b"a" * (6 << 20) + b"</p></body></html>"
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("http://news.example.org/b2", "response", payload=io.BytesIO(huge),
                                        http_headers=http))
    p.write_bytes(buf.getvalue())
    return [str(p)]


ESC_TITLE = "\x1b]0;owned\x07Harbour Wall Plan Approved \x1b[31mIn Red\x1b[0m"
MARKUP_TITLE = "Pier Collapse Caught on Camera as Storm Hits the Harbour [/VIDEO]"


def cases() -> list[Case]:
    A, D = article(), dump(2)
    good = D.encode()
    curly = ("Port Officials Say Repairs Will Take Weeks\n\n" + "\n\n".join(PARAS) + "\n")
    out: list[Case] = []

    def add(name, make, expect, *tags):
        out.append(Case(name, make, expect, set(tags)))

    # -- encodings -------------------------------------------------------------
    add("utf8-one-stray-byte", _file("enc/one-stray.txt", stray(curly.encode(), 1)),
        Expect("ok", "1 byte(s) not valid utf-8", has=("\u2019s director", "\u201cWe are")), "enc")
    add("utf8-half-percent-bad", _file("enc/half-percent.txt", stray((curly * 2).encode(), 6)),
        Expect("ok", "not valid utf-8", has=("\u201cWe are",)), "enc")
    add("utf8-five-percent-bad", _file("enc/five-percent.txt", stray((curly * 2).encode(), 60)),
        Expect("ok", "not valid utf-8", has=("\u201c",)), "enc")
    add("cp1252-quotes", _file("enc/cp1252.txt", curly.encode("cp1252")),
        Expect("ok", None, has=("\u201cWe are", "\u2019s director", "caf\u00e9s")), "enc")
    add("latin1-accents", _file("enc/latin1.txt", curly.replace("\u201c", '"').replace("\u201d", '"')
                                .replace("\u2019", "'").encode("latin-1")),
        Expect("ok", None, has=("caf\u00e9s",)), "enc")
    add("mixed-utf8-then-cp1252", _file("enc/mixed.txt", dump(1).encode() + b"\n\n" +
                                        article("Council Approves Harbour Wall Plan Before Winter").encode("cp1252")),
        Expect("ok", "read as cp1252", has=("\u201cWe are", "caf\u00e9s")), "enc")
    add("utf16le-no-bom", _file("enc/utf16le.txt", curly.encode("utf-16-le")),
        Expect("ok", None, has=("\u201cWe are", "caf\u00e9s")), "enc")
    add("utf16be-no-bom", _file("enc/utf16be.txt", curly.encode("utf-16-be")),
        Expect("ok", None, has=("\u201cWe are",)), "enc")
    add("utf16-bom", _file("enc/utf16bom.txt", curly.encode("utf-16")), Expect("ok", None, has=("caf\u00e9s",)), "enc")
    add("utf8-bom", _file("enc/utf8bom.txt", b"\xef\xbb\xbf" + curly.encode()),
        Expect("ok", None, has=("\u201cWe are",), lacks=("\ufeff",)), "enc")
    add("utf16le-no-bom-gz", _file("enc/utf16le.txt.gz", gzip.compress(curly.encode("utf-16-le"))),
        Expect("ok", None, has=("caf\u00e9s",)), "enc")
    add("cp1251-cyrillic", _file("enc/cp1251.txt", ("\u041f\u043e\u0440\u0442 \u0437\u0430\u043a\u0440\u044b\u0442 "
                                                    "\u043f\u043e\u0441\u043b\u0435 \u0448\u0442\u043e\u0440\u043c\u0430\n\n"
                                                    + "\u041c\u044d\u0440 \u0433\u043e\u0440\u043e\u0434\u0430 "
                                                    "\u0437\u0430\u044f\u0432\u0438\u043b, \u0447\u0442\u043e "
                                                    "\u043f\u0430\u0440\u043e\u043c\u044b \u043e\u0441\u0442\u0430\u043d\u0443\u0442\u0441\u044f "
                                                    "\u0432 \u043f\u043e\u0440\u0442\u0443. " * 20 + "\n").encode("cp1251")),
        Expect("ok", None, has=("\u043f\u0430\u0440\u043e\u043c\u044b",)), "enc")
    add("crlf-line-ends", _file("enc/crlf.txt", D.replace("\n", "\r\n").encode()),
        Expect("ok", None, lacks=("\r",)), "enc")
    add("cr-only-line-ends", _file("enc/cr.txt", D.replace("\n", "\r").encode()), Expect("ok", None, lacks=("\r",)), "enc")
    add("html-cp1252-declared-utf8", _file("enc/liar.html", html(paras=PARAS).encode("cp1252")),
        Expect("ok", None, has=("caf\u00e9s",)), "enc")
    add("jsonl-with-bom", _file("enc/bom.jsonl", b"\xef\xbb\xbf" + jsonl_bytes(2)), Expect("ok", None), "enc")

    # -- binary, empty -----------------------------------------------------------
    add("random-bytes", _file("bin/random.txt", _rand(50_000, 1)), Expect("failed", "binary"), "bin")
    add("random-bytes-no-suffix", _file("bin/random", _rand(50_000, 2)), Expect("failed", "binary"), "bin")
    add("png-named-txt", _file("bin/photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _rand(20_000, 3)),
        Expect("failed", "binary"), "bin")
    add("zip-named-txt", _file("bin/archive.txt", b"PK\x03\x04\x14\x00\x00\x00" + _rand(20_000, 4)),
        Expect("failed", "binary"), "bin")
    add("all-nul", _file("bin/zeros.txt", b"\x00" * 100_000), Expect("failed", "binary"), "bin")
    # distinct articles before the NULs: one dump repeated twenty times is all repeated lines (furniture)
    towns = ["Northport", "Eastfield", "Westbury", "Southam", "Kingsway", "Riverton", "Lakeside", "Hillcrest"]
    filler = "\n\n".join(article(f"{t} Council Reviews Harbour Budget After Storm", n=8) for t in towns)
    add("nul-after-8k", _file("bin/late-nul.txt", filler.encode()[:9000] + b"\x00\x00\x00" + good),
        Expect("ok", "NUL byte(s) removed", lacks=("\x00",)), "bin")
    add("empty", _file("bin/empty.txt", b""), Expect("failed", "empty"), "bin")
    add("whitespace-only", _file("bin/spaces.txt", b" \n\t\n   \n" * 100), Expect("failed", "empty"), "bin")
    add("empty-gz", _file("bin/empty.txt.gz", gzip.compress(b"")), Expect("failed", "empty"), "bin")
    add("empty-html", _file("bin/empty.html", b""), Expect("failed", "empty"), "bin")
    add("empty-jsonl", _file("bin/empty.jsonl", b""), Expect("failed", "empty"), "bin")
    add("empty-warc", _file("bin/empty.warc", b""), Expect("failed", "empty"), "bin")
    add("gzip-of-random", _file("bin/noise.txt.gz", gzip.compress(_rand(40_000, 5))), Expect("failed", "binary"), "bin")
    add("html-with-nuls", _file("bin/nul.html", html().encode().replace(b"<p>", b"<p>\x00", 3)),
        Expect("failed", "binary"), "bin")
    add("jsonl-nul-in-text", _file("bin/nul.jsonl", (json.dumps({"title": "Harbour report", "text":
                                                                  "\n\n".join(PARAS).replace("storm", "st\x00orm")})
                                                      + "\n").encode()),
        Expect("ok", None, lacks=("\x00",)), "bin")

    # -- truncation of every format -----------------------------------------------
    gz = gzip.compress((D * 30).encode())
    add("gz-cut-half", _file("cut/half.txt.gz", _cut(gz, 0.5)), Expect("failed", "truncated"), "cut")
    add("gz-header-only", _file("cut/header.txt.gz", gz[:10]), Expect("failed", "cannot read"), "cut")
    add("gz-corrupt-middle", _file("cut/corrupt.txt.gz", _flip(gz, 0.5)), Expect("failed", "cannot read"), "cut")
    add("gz-trailing-garbage", _file("cut/trailing.txt.gz", gz + b"garbage after the member"),
        Expect("failed", "cannot read"), "cut")
    add("text-cut-mid-word", _file("cut/cut.txt", _cut(good, 0.7)), Expect("ok", None), "cut")
    add("text-cut-mid-utf8-char", _file("cut/cut-char.txt", curly.encode()[: curly.encode().index("\u201d".encode()) + 1]),
        Expect("ok", None), "cut")
    w = warc_bytes(3)
    add("warc-cut-in-record-3", _file("cut/cut.warc", w[: len(w) - 900]),
        Expect("ok", "cut short", lacks=("(report 2)",)), "cut")
    add("warc-cut-in-first-header", _file("cut/head.warc", w[:40]), Expect("failed", "WARC"), "cut")
    add("warc-header-line-only", _file("cut/line.warc", b"WARC/1.0\r\n"), Expect("failed", "no article"), "cut")
    wg = warc_bytes(3, gz=True)
    add("warc-gz-cut", _file("cut/cut.warc.gz", _cut(wg, 0.8)), Expect("ok", "cut"), "cut")
    add("warc-gz-corrupt", _file("cut/corrupt.warc.gz", _flip(wg, 0.6)), Expect("ok", "record"), "cut")
    add("warc-bad-length", _file("cut/length.warc", w.replace(b"Content-Length: ", b"Content-Length: 9", 1)),
        Expect("failed", "cut short"), "cut")
    add("warc-named-but-text", _file("cut/fake.warc", good), Expect("failed", "not a WARC"), "cut")
    j = jsonl_bytes(3)
    add("jsonl-cut-mid-record", _file("cut/cut.jsonl", _cut(j, 0.8)), Expect("ok", "invalid JSON"), "cut")
    add("jsonl-gz-cut", _file("cut/cut.jsonl.gz", _cut(gzip.compress(j * 20), 0.6)), Expect("ok", "cut"), "cut")
    add("jsonl-garbage", _file("cut/garbage.jsonl", b"{not json}\n{\"a\": \n[1,2]\n"), Expect("failed", "no article"), "cut")
    add("jsonl-arrays", _file("cut/arrays.jsonl", b"[1, 2, 3]\n[\"x\"]\n"), Expect("failed", "no article"), "cut")
    add("jsonl-no-text-field", _file("cut/notext.jsonl", b'{"title": "x", "url": "http://a.example"}\n'),
        Expect("failed", "no article"), "cut")
    h = html().encode()
    add("html-cut-half", _file("cut/cut.html", _cut(h, 0.6)), Expect("ok", None), "cut")
    add("html-gz-cut", _file("cut/cut.html.gz", _cut(gzip.compress(h), 0.7)), Expect("ok", "truncated"), "cut")
    add("html-no-body", _file("cut/nobody.html", b"<html><head><title>x</title></head></html>"),
        Expect("failed", "no article"), "cut")

    # -- bombs, huge and endless lines -----------------------------------------------
    add("gzip-bomb-text", _gzip_bomb, Expect("failed", "decompression bomb"), "bomb", "slow")
    add("gzip-bomb-jsonl", _jsonl_bomb, Expect("failed", "decompression bomb"), "bomb", "slow")
    add("warc-gz-bomb-record", _warc_bomb, Expect("ok", "page larger than", has=("bomb desk",)), "bomb")
    add("one-3mb-line", _file("long/three-mb.txt", ("Endless Scrape Without Line Breaks\n\n" +
                                                    " ".join(PARAS) * 12_000).encode()), Expect("ok", None), "long")
    add("line-over-cap", _file("long/over-cap.txt", ("Endless Line Cut at the Cap\n\n" +
                                                     "word " * 700_000 + "\nTail paragraph after it.\n").encode()),
        Expect("ok", "without a line break", has=("Tail paragraph",)), "long")
    add("utf16-line-over-cap", _file("long/utf16-long.txt", ("Endless Wide Line Cut at the Cap\n\n" + "mot " * 700_000
                                                              + "\nTail paragraph after it.\n").encode("utf-16")),
        Expect("ok", "without a line break", has=("Tail paragraph",)), "long")
    add("line-no-spaces", _file("long/nospace.txt", ("Unbroken Run of Letters\n\n" + "a" * 300_000 + "\n").encode()),
        Expect("failed", "no article text found"), "long")  # read in bounded time; no paragraph of words
    add("many-short-lines", _file("long/short-lines.txt", ("Many Tiny Lines in One File\n\n" +
                                                           "ok.\n" * 100_000).encode()),
        Expect("failed", "no article text found"), "long")
    add("blank-lines-only", _file("long/blank.txt", b"\n" * 500_000), Expect("failed", "empty"), "long")
    add("deep-html", _file("long/deep.html", ("<html><body>" + "<div>" * 5000 + "<p>" + PARAS[0] + "</p>" +
                                              "</div>" * 5000 + "</body></html>").encode()), Expect(None), "long")
    add("html-huge-attribute", _file("long/attr.html", html().replace("<article>", "<article data-x='" + "x" * 2_000_000
                                                                     + "'>").encode()), Expect("ok", None), "long")

    # -- markup and escapes in text and names ----------------------------------------------
    add("escape-sequences-in-text", _file("text/escapes.txt", article(ESC_TITLE)), Expect("ok", None), "markup")
    add("rich-markup-in-headline", _file("text/markup.txt", article(MARKUP_TITLE).replace(
        "\n\n", "\n\nThe clip [/VIDEO] was shared [bold]widely[/] online, [link=x]officials[/link] said.\n\n", 1) + "\n\n" +
                                         article("Harbour [red]Wall[/red] Plan Approved [link=http://x]x[/link]")),
        Expect("ok", None, has=("[/VIDEO]",)), "markup")
    add("html-script-and-markup", _file("text/script.html", html("Pier [/] Collapse <script>alert(1)</script>")),
        Expect("ok", None), "markup")
    add("name-with-closing-tag", _file("names/[/].txt", dump(1).replace("Storm", "Fog")), Expect("ok", None), "names")
    add("name-with-style-tags", _file("names/[bold red]x[/bold red].txt", dump(1).replace("Storm", "Mist")),
        Expect("ok", None), "names")
    add("name-with-escape", _file("names/\x1b]0;title\x07.txt", dump(1).replace("Storm", "Haze")), Expect("ok", None),
        "names")
    add("name-with-newline", _file("names/two\nlines.txt", dump(1).replace("Storm", "Drizzle")), Expect("ok", None),
        "names")
    add("name-not-utf8", _odd_bytes_name, Expect("ok", None), "names")
    add("name-unicode-spaces", _file("names/\u00e9t\u00e9 \u2014 r\u00e9sum\u00e9 \u65b0\u95fb.txt",
                                     dump(1).replace("Storm", "Frost")), Expect("ok", None), "names")
    add("dir-named-like-file", _dir_named_txt, Expect("ok", None), "names")

    # -- paths: links, loops, missing, special files ----------------------------------------
    add("symlink-loop-glob", lambda r: _symlink_loop(r, 1), Expect("ok", None), "paths")
    add("two-symlink-loops-glob", lambda r: _symlink_loop(r, 2), Expect("ok", None), "paths")
    add("dangling-symlink", _dangling, Expect("failed", "broken symbolic link"), "paths")
    add("missing-file", lambda r: [str(r / "not-there.txt")], Expect("failed", "no such file"), "paths")
    add("missing-glob", lambda r: [str(r / "nothing-*.txt")], Expect("failed", "no such file"), "paths")
    add("fifo", _fifo, Expect("failed", "not a regular file"), "paths")
    add("same-file-two-names", _twice, Expect("ok", None), "paths")
    if os.geteuid() != 0:
        add("unreadable", _unreadable, Expect("failed", "ermission denied"), "paths")
    return out

"""Word lists and tables: data files in ``lexicons/``, read once.

Every annotator and linker loads its vocabulary through here, so a lexicon is
a file a newsroom can edit, never an if-chain in code.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any


def text(name: str) -> str:
    """The raw text of ``lexicons/<name>``."""
    return files("dateline").joinpath("lexicons", name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def entries(name: str) -> tuple[str, ...]:
    """One entry a line; ``#`` starts a comment; blank lines skipped."""
    out = []
    for line in text(name).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def table(name: str) -> Any:
    """A JSON lexicon (do not mutate the result: it is shared)."""
    return json.loads(text(name))

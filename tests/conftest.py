"""Shared fixtures.  Data from ../shared (the seed dumps, gold and scorer)
comes through one fixture, ``shared``; tests that need it skip without it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def _shared_dir() -> Path | None:
    env = os.environ.get("DATELINE_SHARED")
    for p in ([Path(env)] if env else []) + [REPO.parent / "shared", REPO / ".." / "shared"]:
        if (p / "seeds").is_dir() and (p / "eval" / "score.py").is_file():
            return p.resolve()
    return None


@pytest.fixture(scope="session")
def shared() -> Path:
    p = _shared_dir()
    if p is None:
        pytest.skip("../shared (seeds, gold, scorer) not present")
    return p


@pytest.fixture(scope="session")
def seed_scores(shared, tmp_path_factory) -> dict:
    """Ingest the seed dumps with the real CLI, export, and score against gold."""
    tmp = tmp_path_factory.mktemp("seeds")
    db, out = tmp / "seeds.db", tmp / "seeds.jsonl"
    run_cli("--db", str(db), "ingest", "-q", str(shared / "seeds"))
    with open(out, "w", encoding="utf-8") as f:
        subprocess.run([sys.executable, "-m", "dateline.cli", "--db", str(db), "export", "--format", "jsonl"],
                       check=True, stdout=f)
    gold = sorted(str(g) for g in (shared / "gold").glob("*.json"))
    res = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(out), *gold, "--json"],
                         check=True, capture_output=True, text=True)
    return json.loads(res.stdout)


def run_cli(*args: str, input: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dateline.cli", *args], input=input, capture_output=True,
                          check=check)


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "archive.db")
